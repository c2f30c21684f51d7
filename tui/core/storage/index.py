"""The title index: each file's list rows, so a folder seen before lists without reading.

SQLite in the cache directory, keyed by path, size, mtime and ctime: a change
in any of them means the file is read again. A file's rows (`model.pack`) are
stored as they are sent to the list, without the path they end with (the key
has it): a second start lists 100,000 files without making an `Entry`. A file's rows are
joined by the record separator, which sanitised text never holds: JSON cost a third
of the index's time on a first listing (issue 15).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from tui.core.paths import user_file
from tui.core.storage.sqlite import SqliteStore, log

SCHEMA = 5  # 5: rows start with their date; 4 joined by _ROWS_SEP; 3 JSON; 2 fields
# SQLite's default limit on the number of ? in one statement is 999.
_LOOKUP_CHUNK = 900
_ROWS_SEP = "\x1e"
Signature = tuple[int, int, int]  # size, mtime_ns, ctime_ns: a change in any means re-read


def index_path() -> Path:
    return user_file("cache", "index.sqlite3")


class CorpusIndex(SqliteStore):
    """Entries of files seen before; never raises for a broken or unwritable store."""

    NAME = "article index"
    SCHEMA_SQL = (
        "CREATE TABLE IF NOT EXISTS files ("
        " path TEXT PRIMARY KEY, size INTEGER, mtime INTEGER, ctime INTEGER, schema INTEGER,"
        " entries TEXT NOT NULL)"
    )

    def __init__(self, path: Path | None = None) -> None:
        super().__init__(path or index_path())

    def lookup(self, files: list[tuple[str, Signature]]) -> dict[str, list[str]]:
        """Rows of the `files` whose signature is unchanged since they were stored."""
        wanted = {path_key(name): (name, signature) for name, signature in files}
        keys = list(wanted)
        found: dict[str, list[str]] = {}
        try:
            for start in range(0, len(keys), _LOOKUP_CHUNK):
                chunk = keys[start : start + _LOOKUP_CHUNK]
                rows = self.connection.execute(
                    "SELECT path, size, mtime, ctime, entries FROM files"
                    f" WHERE schema=? AND path IN ({','.join('?' * len(chunk))})",
                    (SCHEMA, *chunk),
                )
                for key, size, mtime, ctime, stored in rows:
                    name, signature = wanted.get(key, ("", None))
                    if signature == (size, mtime, ctime):
                        found[name] = [head + name for head in stored.split(_ROWS_SEP)]
        except (sqlite3.Error, AttributeError):
            log.warning("unreadable article index rows", exc_info=True)
        return found

    def store(self, files: Iterable[tuple[str, Signature, list[str]]]) -> None:
        """Keep each file's rows (each ends with its name) under its name and signature."""
        try:
            records = [
                (path_key(name), *signature, SCHEMA, heads)
                for name, signature, rows in files
                if (heads := _heads(rows, name)) is not None
            ]
            with self.connection:
                self.connection.executemany(
                    "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)", records
                )
        except sqlite3.Error:
            log.warning("could not update the article index", exc_info=True)


def path_key(name: str) -> str:
    """How a path is stored: as it is, or, if it is not UTF-8, as the hex of its bytes.

    SQLite text must be UTF-8, and a file name need not be: Python keeps its
    other bytes as lone surrogates, which no encoder takes. A real path never
    holds a NUL, so the marked form cannot be mistaken for one.
    """
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return "\0" + name.encode("utf-8", "surrogatepass").hex()
    return name


def _heads(rows: list[str], name: str) -> str | None:
    """The rows without the file name each ends with (`model.pack` puts the path last),
    joined; None when they cannot be kept (the file is then read again next time)."""
    heads = [row[: len(row) - len(name)] for row in rows if row.endswith(name)]
    joined = _ROWS_SEP.join(heads)
    if not heads or len(heads) < len(rows) or joined.count(_ROWS_SEP) >= len(heads):
        log.warning("rows of %r not kept in the article index", name)
        return None
    return joined
