"""Subscriptions and their items, kept for offline reading, in the reading-state store.

Items are de-duplicated by identity (GUID, else link, else text) and, within a
feed, by content hash, so a feed that re-issues an item under a new GUID does
not list it twice. Each feed keeps its own state (last error, ETag), so one
broken feed never hides the others.
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from pathlib import Path

from tui.core.model import FeedState, Item, StoredItem, Subscription
from tui.core.storage.sqlite import SqliteStore, log


def feeds_path() -> Path:
    """The same file as the reading state: one store of what the reader has (other tables)."""
    from tui.core.storage.state import state_path

    return state_path()


class FeedStore(SqliteStore):
    NAME = "feed store"
    SCHEMA_SQL = (
        "CREATE TABLE IF NOT EXISTS feeds (url TEXT PRIMARY KEY, title TEXT NOT NULL DEFAULT '',"
        " etag TEXT, last_modified TEXT, error TEXT, checked REAL,"
        " full_text TEXT NOT NULL DEFAULT 'auto');"
        "CREATE TABLE IF NOT EXISTS items (identity TEXT PRIMARY KEY, feed TEXT NOT NULL,"
        " guid TEXT, link TEXT, title TEXT, published TEXT, text TEXT, hash TEXT, added REAL,"
        " UNIQUE (feed, hash));"
    )

    def __init__(self, path: Path | None = None) -> None:
        super().__init__(path or feeds_path())

    def subscribe(self, subscriptions: list[Subscription], full_text: str = "auto") -> int:
        """Add feeds not yet subscribed; how many were new.

        `full_text`: fetch each item's page "always", "never", or "auto" (for teasers).
        """
        with self.connection:
            before = self.connection.total_changes
            self.connection.executemany(
                "INSERT OR IGNORE INTO feeds (url, title, full_text) VALUES (?, ?, ?)",
                [(s.url, s.title, full_text) for s in subscriptions],
            )
            return self.connection.total_changes - before

    def full_text_mode(self, url: str) -> str:
        row = self.connection.execute(
            "SELECT full_text FROM feeds WHERE url = ?", (url,)
        ).fetchone()
        return row[0] if row else "auto"

    def known(self, identities: list[str]) -> set[str]:
        """Which of these items are stored already (their pages need no fetching)."""
        found: set[str] = set()
        for start in range(0, len(identities), 900):
            chunk = identities[start : start + 900]
            rows = self.connection.execute(
                f"SELECT identity FROM items WHERE identity IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            found.update(row[0] for row in rows)
        return found

    def subscriptions(self) -> list[Subscription]:
        rows = self.connection.execute("SELECT url, title FROM feeds ORDER BY title, url")
        return [Subscription(url, title) for url, title in rows]

    def states(self) -> list[FeedState]:
        rows = self.connection.execute(
            "SELECT f.url, f.title, f.etag, f.last_modified, f.error, COUNT(i.identity)"
            " FROM feeds f LEFT JOIN items i ON i.feed = f.url GROUP BY f.url ORDER BY f.title"
        )
        return [FeedState(*row) for row in rows]

    def record(
        self,
        url: str,
        *,
        title: str = "",
        etag: str | None = None,
        last_modified: str | None = None,
        error: str | None = None,
        items: list[Item] | None = None,
    ) -> int:
        """Save one refresh of `url`: its state and new items (one transaction); new items count."""
        now = time.time()  # one time for the whole refresh: items keep the feed's order
        try:
            with self.connection:
                self.connection.execute(
                    "UPDATE feeds SET title = CASE WHEN ? != '' THEN ? ELSE title END,"
                    " etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified),"
                    " error = ?, checked = ? WHERE url = ?",
                    (title, title, etag, last_modified, error, now, url),
                )
                before = self.connection.total_changes
                self.connection.executemany(
                    "INSERT OR IGNORE INTO items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (
                            i.identity,
                            url,
                            i.guid,
                            i.link,
                            i.title,
                            i.published,
                            i.text,
                            _content_hash(i),
                            now,
                        )
                        for i in items or []
                    ],
                )
                return self.connection.total_changes - before
        except sqlite3.Error:
            log.warning("could not save the refresh of %s", url, exc_info=True)
            return 0

    def items(self) -> list[StoredItem]:
        """Every stored item, newest first."""
        rows = self.connection.execute(
            "SELECT i.identity, f.title, i.link, i.title, i.published, i.text FROM items i"
            " JOIN feeds f ON f.url = i.feed ORDER BY i.added DESC, i.rowid"
        )
        return [StoredItem(*row) for row in rows]

    def item(self, identity: str) -> StoredItem | None:
        row = self.connection.execute(
            "SELECT i.identity, f.title, i.link, i.title, i.published, i.text FROM items i"
            " JOIN feeds f ON f.url = i.feed WHERE i.identity = ?",
            (identity,),
        ).fetchone()
        return StoredItem(*row) if row else None


def _content_hash(item: Item) -> str:
    """Title and text: a feed re-issuing an item under a new GUID is still one item."""
    content = f"{item.title}\n{item.text}".encode()
    return hashlib.blake2b(content, digest_size=12).hexdigest()
