"""NLP: one article's text in, its summary and its people & organisations out.

`pipeline` loads spaCy and splits sentences and mentions; `summarize` runs the
sumy summarisers; `entities` turns mentions into names; `analyzer` is the one
entry point the worker process and the CLI call. No storage here: callers
cache results.
"""
