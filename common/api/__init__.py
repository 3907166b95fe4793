"""Plumbing every app's API shares: keyset pagination, strict filtering, CSV, conditional GET,
problem details, throttling.

It imports no app: what is app knowledge (the data watermark behind Last-Modified) is named
by a setting (`API_WATERMARK`) and looked up when first needed.
"""
