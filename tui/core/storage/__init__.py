"""Storage: nutgraf's own SQLite files, each opened so that it never takes the app down.

`sqlite` is the shared base (WAL, damaged files moved aside, memory when the
disk refuses); `cache` (analyses), `index` (list entries), `search` (FTS5),
`state` (read and starred) and `feeds` (subscriptions and items) are the tables.
"""
