"""The desk has no models. This module exists because Django sends post_migrate only to apps
that have one, and the desk defines the roles after every migrate (desk/apps.py)."""
