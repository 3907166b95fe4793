"""The editorial desk in the admin: the review queue, merges, conflicts, the article reader, the dashboard.

Cross-type views live here, in the top app, because they read facts of every app.
"""
