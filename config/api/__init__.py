"""Plumbing every app's API shares: keyset pagination, strict filtering, CSV, conditional GET.

The per-app `api/` packages are presentation over the selectors; `config` wires them, so
this package sits with it on top of the apps.
"""
