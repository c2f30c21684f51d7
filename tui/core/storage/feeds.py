"""Subscriptions and their items, kept for offline reading, in the reading-state store.

Items are de-duplicated within their feed: by identity (the feed's address with
the GUID, else the link, else the text) and by content hash, so a feed that
re-issues an item under a new GUID does not list it twice, and two feeds that
share GUIDs or carry the same story each keep theirs. Each feed keeps its own
state (last error, ETag), so one broken feed never hides the others.

A write that fails (disk full, read-only, locked) raises `StoreError`: the caller
reports it; what was written before stays (each save is one transaction).
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from tui.core.model import FeedState, Item, StoredItem, Subscription, item_identity
from tui.core.sanitize import clean_line
from tui.core.storage.sqlite import SqliteStore, log


def feeds_path() -> Path:
    """The same file as the reading state: one store of what the reader has (other tables)."""
    from tui.core.storage.state import state_path

    return state_path()


class StoreError(Exception):
    """A write to the feed store failed; the message says why, for the reader."""


class FeedStore(SqliteStore):
    NAME = "feed store"
    SCHEMA_SQL = (
        "CREATE TABLE IF NOT EXISTS feeds (url TEXT PRIMARY KEY, title TEXT NOT NULL DEFAULT '',"
        " etag TEXT, last_modified TEXT, error TEXT, checked REAL,"
        " full_text TEXT NOT NULL DEFAULT 'auto', skipped INTEGER NOT NULL DEFAULT 0);"
        # `identity` is item_identity(feed, guid or link or text): unique per feed. Until
        # version 0.x the table was `items`, keyed by the GUID alone (see `_migrate`).
        "CREATE TABLE IF NOT EXISTS feed_items (identity TEXT PRIMARY KEY, feed TEXT NOT NULL,"
        " guid TEXT, link TEXT, title TEXT, published TEXT, text TEXT, hash TEXT, added REAL,"
        " UNIQUE (feed, hash));"
    )

    def __init__(self, path: Path | None = None) -> None:
        super().__init__(path or feeds_path())

    def migrate(self, connection: sqlite3.Connection) -> None:
        _migrate(connection)

    @property
    def in_memory(self) -> bool:
        """True when the file could not be opened: nothing saved here outlives the process."""
        row = self.connection.execute("PRAGMA database_list").fetchone()
        return not row or not row[2]

    def subscribe(self, subscriptions: list[Subscription], full_text: str = "auto") -> int:
        """Add feeds not yet subscribed; how many were new.

        `full_text`: fetch each item's page "always", "never", or "auto" (for teasers).
        """
        with self._writing("subscribe"):
            before = self.connection.total_changes
            self.connection.executemany(
                "INSERT OR IGNORE INTO feeds (url, title, full_text) VALUES (?, ?, ?)",
                [(s.url, s.title, full_text) for s in subscriptions],
            )
            return self.connection.total_changes - before

    def remove(self, url: str) -> int | None:
        """Unsubscribe from `url` and delete its items; how many items went (None: not subscribed).

        Read and starred marks stay: they are kept by content in another table, so the
        same story read again (another feed, a file) is still read.
        """
        with self._writing("remove"):
            gone = self.connection.execute("DELETE FROM feeds WHERE url = ?", (url,)).rowcount
            items = self.connection.execute(
                "DELETE FROM feed_items WHERE feed = ?", (url,)
            ).rowcount
        return items if gone else None

    def full_text_mode(self, url: str) -> str:
        row = self.connection.execute(
            "SELECT full_text FROM feeds WHERE url = ?", (url,)
        ).fetchone()
        return row[0] if row else "auto"

    def known(self, feed: str, items: list[Item]) -> set[str]:
        """The identities of those of `feed`'s `items` stored already (no page to fetch)."""
        identities = [item.identity_in(feed) for item in items]
        found: set[str] = set()
        for start in range(0, len(identities), 900):
            chunk = identities[start : start + 900]
            rows = self.connection.execute(
                f"SELECT identity FROM feed_items WHERE identity IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            found.update(row[0] for row in rows)
        return found

    def subscriptions(self) -> list[Subscription]:
        rows = self.connection.execute("SELECT url, title FROM feeds ORDER BY title, url")
        return [Subscription(url, title) for url, title in rows]

    def states(self) -> list[FeedState]:
        rows = self.connection.execute(
            "SELECT f.url, f.title, f.etag, f.last_modified, f.error, COUNT(i.identity),"
            " f.skipped"
            " FROM feeds f LEFT JOIN feed_items i ON i.feed = f.url"
            " GROUP BY f.url ORDER BY f.title"
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
        skipped: int | None = None,
    ) -> int:
        """Save one refresh of `url`: its state and new items (one transaction); new items count.

        `skipped`: how many entries had neither title nor text (None: as before).

        Raises `StoreError` when the write fails; nothing of this refresh is then saved.
        """
        now = time.time()  # one time for the whole refresh: items keep the feed's order
        with self._writing(f"save the refresh of {url}"):
            self.connection.execute(
                "UPDATE feeds SET title = CASE WHEN ? != '' THEN ? ELSE title END,"
                " etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified),"
                " error = ?, checked = ?, skipped = COALESCE(?, skipped) WHERE url = ?",
                (title, title, etag, last_modified, error, now, skipped, url),
            )
            before = self.connection.total_changes
            self.connection.executemany(
                "INSERT OR IGNORE INTO feed_items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        i.identity_in(url),
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

    @contextmanager
    def _writing(self, what: str) -> Iterator[None]:
        """One write transaction; an SQLite failure (the commit's too) becomes `StoreError`."""
        try:
            with self.connection:
                yield
        except sqlite3.Error as error:
            with suppress(sqlite3.Error):
                self.connection.rollback()  # a failed commit leaves the transaction open
            log.warning("could not %s", what, exc_info=error)
            raise StoreError(clean_line(str(error)) or type(error).__name__) from error

    def items(self) -> list[StoredItem]:
        """Every stored item, newest first."""
        rows = self.connection.execute(
            "SELECT i.identity, f.title, i.link, i.title, i.published, i.text FROM feed_items i"
            " JOIN feeds f ON f.url = i.feed ORDER BY i.added DESC, i.rowid"
        )
        return [StoredItem(*row) for row in rows]

    def item(self, identity: str) -> StoredItem | None:
        row = self.connection.execute(
            "SELECT i.identity, f.title, i.link, i.title, i.published, i.text FROM feed_items i"
            " JOIN feeds f ON f.url = i.feed WHERE i.identity = ?",
            (identity,),
        ).fetchone()
        return StoredItem(*row) if row else None


def _migrate(connection: sqlite3.Connection) -> None:
    """Bring a store written by an earlier version up to date, losing nothing.

    `feeds.skipped` is added. Items stored before identities were scoped to their feed
    are re-keyed.

    The old `items` table keyed an item by its GUID (else link, else text) alone; each
    row moves to `feed_items` under item_identity(feed, same basis), in one transaction.
    """
    columns = {row[1] for row in connection.execute("PRAGMA table_info(feeds)")}
    if "skipped" not in columns:
        with connection:
            connection.execute("ALTER TABLE feeds ADD COLUMN skipped INTEGER NOT NULL DEFAULT 0")
    old = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'items'"
    ).fetchone()
    if not old:
        return
    connection.create_function("feed_identity", 2, item_identity, deterministic=True)
    with connection:
        connection.execute(
            "INSERT OR IGNORE INTO feed_items SELECT feed_identity(feed,"
            " COALESCE(NULLIF(guid, ''), NULLIF(link, ''), text, '')),"
            " feed, guid, link, title, published, text, hash, added FROM items ORDER BY rowid"
        )
        connection.execute("DROP TABLE items")
    log.info("feed items re-keyed by feed")


def _content_hash(item: Item) -> str:
    """Title and text: a feed re-issuing an item under a new GUID is still one item."""
    content = f"{item.title}\n{item.text}".encode()
    return hashlib.blake2b(content, digest_size=12).hexdigest()
