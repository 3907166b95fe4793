"""The editorial desk: the admin site with the review queue, merges, conflicts, the article
reader and the dashboard; its selectors, presenters, views, forms and templates; the roles.

No models. It reads and writes facts of every app, through their services, so it sits on top
of them: `common <- articles <- relations <- agreements <- curated <- desk <- config`.
"""
