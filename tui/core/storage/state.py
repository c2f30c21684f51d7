"""What the reader has read and starred, kept across runs in the XDG data directory.

Keyed by the article's content (`Article.key`), so a file moved or renamed with
the same text keeps its state. Each change is one SQLite transaction in WAL
mode: a `kill -9` loses at most the change being written.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from tui.core.paths import user_file
from tui.core.storage.sqlite import SqliteStore, StoreError, log


def state_path() -> Path:
    return user_file("data", "state.sqlite3")


def starred_keys(connection: sqlite3.Connection) -> set[str]:
    """The starred keys in the database of `connection` (the feed store shares the file);
    none when it holds no reading state."""
    try:
        return {row[0] for row in connection.execute("SELECT key FROM articles WHERE starred")}
    except sqlite3.OperationalError:  # no such table: this file keeps no reading state
        return set()


class ReadingState(SqliteStore):
    """Read and starred articles. Opening never raises (a broken store is moved aside, an
    unwritable one kept in memory); a change that cannot be saved raises `StoreError`."""

    NAME = "reading state"
    SCHEMA_SQL = (
        "CREATE TABLE IF NOT EXISTS articles ("
        " key TEXT PRIMARY KEY, read INTEGER NOT NULL DEFAULT 0,"
        " starred INTEGER NOT NULL DEFAULT 0, changed REAL)"
    )
    # The feed store's tables (storage/feeds.py, which imports this module; a test holds
    # them equal): the two share one file.
    SHARED_FILE_TABLES = {
        "feeds": ("url",),
        "feed_items": ("identity",),
        "feed_gone": ("identity",),
        "items": ("feed", "guid", "link", "text"),
    }

    def __init__(self, path: Path | None = None) -> None:
        super().__init__(path or state_path())

    def load(self) -> tuple[set[str], set[str]]:
        """The keys of read articles and of starred ones."""
        read: set[str] = set()
        starred: set[str] = set()
        try:
            rows = self.connection.execute(
                "SELECT key, read, starred FROM articles WHERE read OR starred"
            )
            for key, is_read, is_starred in rows:
                if is_read:
                    read.add(key)
                if is_starred:
                    starred.add(key)
        except sqlite3.Error:
            log.warning("unreadable reading state", exc_info=True)
        return read, starred

    def set_read(self, key: str, value: bool) -> None:
        self._set("read", key, value)

    def set_read_many(self, keys: list[str], value: bool) -> None:
        """Many at once (mark all read), in one transaction."""
        now = time.time()
        try:
            with self.connection:
                self.connection.executemany(
                    "INSERT INTO articles (key, read, changed) VALUES (?, ?, ?)"
                    " ON CONFLICT(key) DO UPDATE SET read=excluded.read,"
                    " changed=excluded.changed",
                    [(key, int(value), now) for key in keys],
                )
        except sqlite3.Error as error:
            log.warning("could not save the reading state", exc_info=True)
            raise StoreError(f"could not save read and starred marks: {error}") from error

    def set_starred(self, key: str, value: bool) -> None:
        self._set("starred", key, value)

    def _set(self, column: str, key: str, value: bool) -> None:
        try:
            with self.connection:
                self.connection.execute(
                    f"INSERT INTO articles (key, {column}, changed) VALUES (?, ?, ?)"
                    f" ON CONFLICT(key) DO UPDATE SET {column}=excluded.{column},"
                    " changed=excluded.changed",
                    (key, int(value), time.time()),
                )
        except sqlite3.Error as error:
            log.warning("could not save the reading state", exc_info=True)
            raise StoreError(f"could not save read and starred marks: {error}") from error
