"""Curated has no models. This module exists because Django sends post_migrate only to apps
that have one, and curated installs the changes feed's triggers after every migrate (apps.py)."""
