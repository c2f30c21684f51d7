"""The feed store's history: an older file brought up to date, losing nothing."""

from __future__ import annotations

import sqlite3

from tui.core.model import item_identity, text_basis
from tui.core.storage.sqlite import log


def migrate_feeds(connection: sqlite3.Connection, items_table: str) -> None:
    """Bring a store written by an earlier version up to date, losing nothing.

    Columns added since: `feeds.skipped`, `feeds.custom_title`, `.folder`, `.tags`,
    `.pruned`, `.repeated`, `.warning`, `feed_items.note`, `.version`. Items stored
    before identities were scoped to their feed are re-keyed; a `feed_items` table that
    refused two items of a feed with the same content (UNIQUE (feed, hash)) is rebuilt
    without it, items with neither GUID nor link re-keyed by title, text and date.

    The old `items` table keyed an item by its GUID (else link, else text) alone; each
    row moves to `feed_items` under item_identity(feed, same basis), in one transaction.
    """
    added = {
        "feeds": (
            "skipped INTEGER NOT NULL DEFAULT 0",
            "custom_title TEXT NOT NULL DEFAULT ''",
            "folder TEXT NOT NULL DEFAULT ''",
            "tags TEXT NOT NULL DEFAULT '[]'",
            "pruned INTEGER NOT NULL DEFAULT 0",
            "repeated INTEGER NOT NULL DEFAULT 0",
            "warning TEXT",
        ),
        "feed_items": ("note TEXT NOT NULL DEFAULT ''", "version TEXT"),
    }
    for table, columns in added.items():
        have = {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}
        missing = [column for column in columns if column.split()[0] not in have]
        if have and missing:
            with connection:
                for column in missing:
                    connection.execute(f"ALTER TABLE {table} ADD COLUMN {column}")
            log.info("%s: added %s", table, ", ".join(c.split()[0] for c in missing))
    connection.create_function("feed_identity", 2, item_identity, deterministic=True)
    connection.create_function("text_basis", 3, text_basis, deterministic=True)
    _unique_content_dropped(connection, items_table)
    old = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'items'"
    ).fetchone()
    if not old:
        return
    with connection:
        connection.execute(
            "INSERT OR IGNORE INTO feed_items (identity, feed, guid, link, title, published,"
            " text, hash, added) SELECT feed_identity(feed, COALESCE(NULLIF(guid, ''),"
            " NULLIF(link, ''), text_basis(COALESCE(title, ''), COALESCE(text, ''),"
            " COALESCE(published, '')))),"
            " feed, guid, link, title, published, text, hash, added FROM items ORDER BY rowid"
        )
        connection.execute("DROP TABLE items")
    log.info("feed items re-keyed by feed")


def _unique_content_dropped(connection: sqlite3.Connection, items_table: str) -> None:
    """Rebuild a `feed_items` with UNIQUE (feed, hash) without it, in one transaction.

    Rows keep their order (rowid: the list's order within a refresh) and columns; those
    with neither GUID nor link were keyed by their text alone and are re-keyed by
    `Item.basis`. Read marks are keyed by the text: untouched.
    """
    row = connection.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'feed_items'"
    ).fetchone()
    if not row or "UNIQUE" not in row[0].upper():
        return
    columns = "guid, link, title, published, text, hash, added, note, version"
    with connection:
        connection.execute("ALTER TABLE feed_items RENAME TO feed_items_unique")
        connection.execute(items_table)
        connection.execute(
            f"INSERT OR IGNORE INTO feed_items (identity, feed, {columns})"
            " SELECT CASE WHEN COALESCE(guid, '') = '' AND COALESCE(link, '') = ''"
            " THEN feed_identity(feed, text_basis(COALESCE(title, ''), COALESCE(text, ''),"
            " COALESCE(published, ''))) ELSE identity END,"
            f" feed, {columns} FROM feed_items_unique ORDER BY rowid"
        )
        connection.execute("DROP TABLE feed_items_unique")
        connection.execute("CREATE INDEX IF NOT EXISTS feed_items_feed ON feed_items (feed)")
    log.info("feed items: two items of a feed may now share their text")
