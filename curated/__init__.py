"""The curated facts as one whole: the registry of curated kinds everything else derives from,
the recording of an article's extraction into facts of every app, the changes feed, and the
reads and API endpoints that span every app.

No models. It imports the apps whose facts it gathers and is imported only by the desk and
config: `common <- articles <- relations <- agreements <- curated <- desk <- config`.
"""
