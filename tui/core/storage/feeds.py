"""Subscriptions and their items, kept for offline reading, in the reading-state store.

Items are known within their feed by identity (the feed's address with the GUID, else
the link, else the title, text and date together): every entry with its own identity
is stored, even one whose text another shares, and two feeds that share GUIDs or carry
the same story each keep theirs. An item whose feed version (title, text, date) changes
is updated in place; its read mark follows unless the text changed substantially
(`carry_marks`). Each feed keeps its own
state (last error, ETag), so one broken feed never hides the others.

What is the reader's is kept apart from what the feed says: a title given on import or
by a rename (`custom_title`; the feed's own `title` is updated by each refresh), the
folder and the tags. The retention settings (`Retention`) delete a feed's oldest items
after each refresh, never starred ones, and remember what they deleted while the feed
still carries it, so it does not come back as new.

A write that fails (disk full, read-only, locked) raises `StoreError`: the caller
reports it; what was written before stays (each save is one transaction).
"""

from __future__ import annotations

import calendar
import hashlib
import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from tui.core.model import (
    FeedState,
    Item,
    Retention,
    StoredItem,
    Subscription,
    content_key,
    item_key,
    item_title,
)
from tui.core.sanitize import clean_line
from tui.core.storage.feed_migrations import migrate_feeds
from tui.core.storage.feed_versions import Change, carry_marks
from tui.core.storage.sqlite import SqliteStore, log
from tui.core.storage.state import starred_keys, state_path


def feeds_path() -> Path:
    """The same file as the reading state: one store of what the reader has (other tables)."""
    return state_path()


class StoreError(Exception):
    """A write to the feed store failed; the message says why, for the reader."""


# The name a feed is shown under: the reader's own title, else the feed's, else its address.
SHOWN_TITLE = "COALESCE(NULLIF(f.custom_title, ''), NULLIF(f.title, ''), f.url)"
DAY_SECONDS = 86_400.0


ITEMS_TABLE = (
    "CREATE TABLE IF NOT EXISTS feed_items (identity TEXT PRIMARY KEY, feed TEXT NOT NULL,"
    " guid TEXT, link TEXT, title TEXT, published TEXT, text TEXT, hash TEXT, added REAL,"
    " note TEXT NOT NULL DEFAULT '', version TEXT)"
)


@dataclass(frozen=True)
class Saved:
    """What one saved refresh of a feed changed: new items kept, old items deleted."""

    new: int = 0
    pruned: int = 0
    updated: int = 0  # stored items whose title, text or date the feed changed


class FeedStore(SqliteStore):
    NAME = "feed store"
    LEGACY_TABLES = {"items": ("feed", "guid", "link", "text")}  # before items were per feed
    SHARED_FILE_TABLES = {"articles": ("key",)}  # the reading state's: the two share one file
    SCHEMA_SQL = (
        # `title` is the feed's own (each refresh updates it); `custom_title` the reader's
        # (from an OPML or urls file, or a rename), never touched by a refresh. `folder`:
        # nested folders as "News/Local"; `tags`: a JSON list; `pruned`: items the last
        # refresh deleted (`Retention`).
        "CREATE TABLE IF NOT EXISTS feeds (url TEXT PRIMARY KEY, title TEXT NOT NULL DEFAULT '',"
        " etag TEXT, last_modified TEXT, error TEXT, checked REAL,"
        " full_text TEXT NOT NULL DEFAULT 'auto', skipped INTEGER NOT NULL DEFAULT 0,"
        " custom_title TEXT NOT NULL DEFAULT '', folder TEXT NOT NULL DEFAULT '',"
        " tags TEXT NOT NULL DEFAULT '[]', pruned INTEGER NOT NULL DEFAULT 0,"
        " repeated INTEGER NOT NULL DEFAULT 0, warning TEXT);"
        # `identity` is item_identity(feed, Item.basis): unique per feed. Until version 0.x
        # the table was `items`, keyed by the GUID alone; until feeds2 two items of a feed
        # could not share a content hash (see `feed_migrations`). `hash`: of the stored title and
        # text; `version`: of the feed's own title, text and date (NULL: stored before it
        # was kept), what a refresh compares. `note`: why a wanted page's text is missing.
        f"{ITEMS_TABLE};"
        "CREATE INDEX IF NOT EXISTS feed_items_feed ON feed_items (feed);"
        # Items deleted by the retention settings, remembered while their feed still
        # carries them, so that the next refresh does not bring them back as new.
        "CREATE TABLE IF NOT EXISTS feed_gone (identity TEXT PRIMARY KEY, feed TEXT NOT NULL,"
        " hash TEXT, gone REAL);"
        "CREATE INDEX IF NOT EXISTS feed_gone_hash ON feed_gone (feed, hash);"
    )

    def __init__(self, path: Path | None = None) -> None:
        super().__init__(path or feeds_path())

    def migrate(self, connection: sqlite3.Connection) -> None:
        migrate_feeds(connection, ITEMS_TABLE)

    @property
    def in_memory(self) -> bool:
        """True when the file could not be opened: nothing saved here outlives the process."""
        row = self.connection.execute("PRAGMA database_list").fetchone()
        return not row or not row[2]

    def subscribe(self, subscriptions: list[Subscription], full_text: str = "auto") -> int:
        """Add feeds not yet subscribed; how many were new.

        A subscription's title, folder and tags are the reader's: they fill in what a feed
        already subscribed lacks, and never replace what it has (a rename, a folder).
        `full_text`: fetch each item's page "always", "never", or "auto" (for teasers).
        """
        with self._writing("subscribe"):
            known = self._subscribed([s.url for s in subscriptions])
            self.connection.executemany(
                "INSERT INTO feeds (url, custom_title, folder, tags, full_text)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET"
                " custom_title = CASE WHEN custom_title = '' THEN excluded.custom_title"
                " ELSE custom_title END,"
                " folder = CASE WHEN folder = '' THEN excluded.folder ELSE folder END,"
                " tags = CASE WHEN tags = '[]' THEN excluded.tags ELSE tags END",
                [
                    (s.url, s.title, s.folder, json.dumps(list(s.tags)), full_text)
                    for s in subscriptions
                ],
            )
        return len({s.url for s in subscriptions} - known)

    def _subscribed(self, urls: list[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(urls), 900):
            chunk = urls[start : start + 900]
            rows = self.connection.execute(
                f"SELECT url FROM feeds WHERE url IN ({','.join('?' * len(chunk))})", chunk
            )
            found.update(row[0] for row in rows)
        return found

    def rename(self, url: str, title: str) -> bool:
        """Call the feed `title` from now on ("": by its own title again); False: not subscribed.

        Kept across refreshes: the feed's own title is stored apart.
        """
        with self._writing("rename"):
            changed = self.connection.execute(
                "UPDATE feeds SET custom_title = ? WHERE url = ?", (clean_line(title).strip(), url)
            ).rowcount
        return bool(changed)

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
            self.connection.execute("DELETE FROM feed_gone WHERE feed = ?", (url,))
        return items if gone else None

    def full_text_mode(self, url: str) -> str:
        row = self.connection.execute(
            "SELECT full_text FROM feeds WHERE url = ?", (url,)
        ).fetchone()
        return row[0] if row else "auto"

    def known(self, feed: str, items: list[Item]) -> set[str]:
        """The identities of those of `feed`'s `items` stored already in the same version
        (a changed one is updated, and may want its page again), or deleted by the
        retention settings (no page to fetch for either)."""
        identities = [item.identity_in(feed) for item in items]
        versions = {item.identity_in(feed): item.feed_version for item in items}
        found: set[str] = set()
        for start in range(0, len(identities), 900):
            chunk = identities[start : start + 900]
            marks = ",".join("?" * len(chunk))
            rows = self.connection.execute(
                f"SELECT identity, version FROM feed_items WHERE identity IN ({marks})"
                f" UNION SELECT identity, NULL FROM feed_gone WHERE identity IN ({marks})",
                chunk + chunk,
            )
            found.update(i for i, version in rows if version in (None, versions[i]))
        return found

    def subscriptions(self) -> list[Subscription]:
        """Every subscription under the name it is shown by, by folder, then by name."""
        rows = self.connection.execute(
            f"SELECT f.url, {SHOWN_TITLE}, f.folder, f.tags FROM feeds f"
            f" ORDER BY f.folder, {SHOWN_TITLE} COLLATE NOCASE, f.url"
        )
        return [Subscription(url, title, folder, _tags(tags)) for url, title, folder, tags in rows]

    def states(self) -> list[FeedState]:
        """Every feed's state, by folder, then by the name it is shown by."""
        rows = self.connection.execute(
            "SELECT f.url, f.title, f.etag, f.last_modified, f.error,"
            " (SELECT COUNT(*) FROM feed_items i WHERE i.feed = f.url), f.skipped,"
            " f.custom_title, f.folder, f.tags, f.pruned, f.repeated, f.warning"
            f" FROM feeds f ORDER BY f.folder, {SHOWN_TITLE} COLLATE NOCASE, f.url"
        )
        return [
            replace(
                FeedState(*row[:9]),
                tags=_tags(row[9]),
                pruned=row[10],
                repeated=row[11],
                warning=row[12],
            )
            for row in rows
        ]

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
        keep: Retention | None = None,
        repeated: int | None = None,
        warning: str | None = None,
    ) -> Saved:
        """Save one refresh of `url` (one transaction): its state and new items, then what
        `keep` allows of its items (starred ones always stay).

        `title` is the feed's own: a title the reader gave it is kept apart, untouched.
        `items`: what the feed carries now (None: not fetched); items deleted earlier by
        `keep` are not stored again while the feed carries them; a stored item whose feed
        version changed is updated in place (`Saved.updated`). `skipped`: how many
        entries had neither title nor text, `repeated`: how many repeated an earlier
        entry's identity (None: as before). `warning`: what the refresh read only as far
        as possible ("": nothing; None: as before, for a feed not fetched or unchanged).

        Raises `StoreError` when the write fails; nothing of this refresh is then saved.
        """
        now = time.time()  # one time for the whole refresh: items keep the feed's order
        keep = keep or Retention()
        with self._writing(f"save the refresh of {url}"):
            if keep.limited and not self.connection.in_transaction:
                # The starred marks are read inside this write transaction: a star
                # given meanwhile by the reader waits for it, or is seen by it.
                self.connection.execute("BEGIN IMMEDIATE")
            self.connection.execute(
                "UPDATE feeds SET title = CASE WHEN ? != '' THEN ? ELSE title END,"
                " etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified),"
                " error = ?, checked = ?, skipped = COALESCE(?, skipped),"
                " repeated = COALESCE(?, repeated),"
                " warning = CASE WHEN ?9 IS NULL THEN warning ELSE NULLIF(?9, '') END"
                " WHERE url = ?10",
                (title, title, etag, last_modified, error, now, skipped, repeated, warning, url),
            )
            rows = [
                (
                    i.identity_in(url),
                    url,
                    i.guid,
                    i.link,
                    i.title,
                    i.published,
                    i.text,
                    *(_content_hash(i), now, i.note, i.feed_version, int(not (i.guid or i.link))),
                )
                for i in items or []
            ]
            updated = self._update_changed(url, rows)
            before = self.connection.total_changes
            # Deleted by the retention settings: not stored again while carried. An item
            # with neither GUID nor link was known by its text before feeds2: its hash too.
            self.connection.executemany(
                "INSERT OR IGNORE INTO feed_items (identity, feed, guid, link, title,"
                " published, text, hash, added, note, version)"
                " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11 WHERE NOT EXISTS"
                " (SELECT 1 FROM feed_gone WHERE identity = ?1"
                " OR (?12 AND feed = ?2 AND hash = ?8))",
                rows,
            )
            new = self.connection.total_changes - before
            if items is not None:  # what the feed no longer carries cannot come back
                self._forget_gone(url, rows)
            pruned = self._prune(url, keep, now) if keep.limited else 0
            self.connection.execute("UPDATE feeds SET pruned = ? WHERE url = ?", (pruned, url))
            if pruned:  # some of this refresh's items may be gone already
                new = self.connection.execute(
                    "SELECT COUNT(*) FROM feed_items WHERE feed = ? AND added = ?", (url, now)
                ).fetchone()[0]
        return Saved(new, pruned, updated)

    def _update_changed(self, url: str, rows: list[tuple[Any, ...]]) -> int:
        """Update the stored items of `rows` whose feed version changed; how many.

        An item stored before versions were kept takes the feed's version as it is (its
        text may be a page's full text, which the feed's teaser must not replace).
        """
        by_identity = {row[0]: row for row in rows}
        stored: list[tuple[str, str, str | None, str, str]] = []
        identities = list(by_identity)
        for start in range(0, len(identities), 900):
            chunk = identities[start : start + 900]
            stored += self.connection.execute(
                "SELECT identity, text, version, title, link FROM feed_items"
                f" WHERE feed = ? AND identity IN ({','.join('?' * len(chunk))})",
                [url, *chunk],
            ).fetchall()
        self.connection.executemany(
            "UPDATE feed_items SET version = ? WHERE identity = ?",
            [(by_identity[i][10], i) for i, _, version, _, _ in stored if version is None],
        )
        changed = [
            (i, text, title, link)
            for i, text, version, title, link in stored
            if version not in (None, by_identity[i][10])
        ]
        self.connection.executemany(
            "UPDATE feed_items SET title = ?, published = ?, text = ?, hash = ?, note = ?,"
            " version = ? WHERE identity = ?",
            [
                (row[4], row[5], row[6], row[7], row[9], row[10], row[0])
                for row in (by_identity[i] for i, _, _, _ in changed)
            ],
        )
        carry_marks(
            self.connection,
            [
                Change(
                    _marks_key(title, link, text),
                    _marks_key(new[4], new[3], new[6]),
                    text or "",
                    new[6] or "",
                )
                for i, text, title, link in changed
                if (new := by_identity[i])
            ],
        )
        return len(changed)

    def _forget_gone(self, url: str, rows: list[tuple[Any, ...]]) -> None:
        carried = {row[0] for row in rows} | {row[7] for row in rows}
        gone = self.connection.execute(
            "SELECT identity, hash FROM feed_gone WHERE feed = ?", (url,)
        ).fetchall()
        stale = [(identity,) for identity, hashed in gone if not {identity, hashed} & carried]
        self.connection.executemany("DELETE FROM feed_gone WHERE identity = ?", stale)

    def _prune(self, url: str, keep: Retention, now: float) -> int:
        """Delete `url`'s items beyond `keep`, except starred ones; how many went."""
        rows = self.connection.execute(
            "SELECT identity, published, added FROM feed_items WHERE feed = ?"
            " ORDER BY added DESC, rowid",
            (url,),
        ).fetchall()
        cutoff = now - keep.days * DAY_SECONDS if keep.days is not None else None
        doomed = [
            identity
            for position, (identity, published, added) in enumerate(rows)
            if (keep.items is not None and position >= keep.items)
            or (cutoff is not None and _when(published, added) < cutoff)
        ]
        if not doomed:
            return 0
        starred = starred_keys(self.connection)
        gone: list[tuple[str, str]] = []
        for start in range(0, len(doomed), 900):
            chunk = doomed[start : start + 900]
            found = self.connection.execute(
                "SELECT identity, hash, title, link, text FROM feed_items"
                f" WHERE identity IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            gone += [
                (i, h)
                for i, h, title, link, text in found
                # Starred by its key, or by its text alone (how items were keyed before
                # `item_key`): a star given then still keeps the item.
                if _marks_key(title, link, text) not in starred
                and content_key(text or "") not in starred
            ]
        self.connection.executemany(
            "INSERT OR REPLACE INTO feed_gone VALUES (?, ?, ?, ?)",
            [(identity, url, hashed, now) for identity, hashed in gone],
        )
        self.connection.executemany(
            "DELETE FROM feed_items WHERE identity = ?", [(identity,) for identity, _ in gone]
        )
        return len(gone)

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
            f"SELECT i.identity, {SHOWN_TITLE}, i.link, i.title, i.published, i.text, i.note,"
            " i.feed FROM feed_items i JOIN feeds f ON f.url = i.feed"
            " ORDER BY i.added DESC, i.rowid"
        )
        return [StoredItem(*row) for row in rows]

    def item(self, identity: str) -> StoredItem | None:
        row = self.connection.execute(
            f"SELECT i.identity, {SHOWN_TITLE}, i.link, i.title, i.published, i.text, i.note,"
            " i.feed FROM feed_items i JOIN feeds f ON f.url = i.feed WHERE i.identity = ?",
            (identity,),
        ).fetchone()
        return StoredItem(*row) if row else None


def _marks_key(title: str | None, link: str | None, text: str | None) -> str:
    """The key a stored item's read and starred marks have (`Article.key` of a feed item)."""
    return item_key(item_title(title or "", link or ""), text or "")


def _tags(stored: str) -> tuple[str, ...]:
    try:
        tags = json.loads(stored)
    except ValueError:
        return ()
    return tuple(tag for tag in tags if isinstance(tag, str)) if isinstance(tags, list) else ()


def _when(published: str | None, added: float) -> float:
    """When an item appeared: its published date (ISO, as parse.py writes it), else when
    it was stored. A date in the future is the feed's clock, not the item's age."""
    try:
        stamp = calendar.timegm(time.strptime(published or "", "%Y-%m-%dT%H:%M:%SZ"))
    except (ValueError, OverflowError):
        return added
    return min(stamp, added)


def _content_hash(item: Item) -> str:
    """Title and text: a feed re-issuing an item under a new GUID is still one item."""
    content = f"{item.title}\n{item.text}".encode()
    return hashlib.blake2b(content, digest_size=12).hexdigest()
