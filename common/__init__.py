"""Plumbing every app shares, with no models and no imports of any app: the API's base
viewset and its parts (`common.api`), and fast admin changelists (`common.admin`)."""
