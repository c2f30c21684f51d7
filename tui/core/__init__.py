"""Everything that is not drawing, by pipeline stage: ingest → nlp → storage, feeds, workers.

`model` holds the data the stages share; `sanitize` is the text boundary used
at ingestion and at output; `corpus` lists files and feed items as entries and
reads an article on demand; `config`, `paths`, `logs` and `export` serve all.
No module here imports Textual, Rich, the UI or the CLI: import-linter
contracts in `pyproject.toml` check it.
"""
