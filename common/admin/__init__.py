"""Admin plumbing every app's admin shares: changelists that stay fast on large tables."""
