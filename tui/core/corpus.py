"""The article list without the articles: one small `Entry` per article, bodies on demand.

`scan` walks the given paths and yields entries in batches, the first one
small so the list can be painted at once. A file's entries are kept in the
`CorpusIndex` (SQLite in the cache directory) keyed by path, size, mtime and
ctime, so a folder seen before is listed again without reading any file.
`load_entry` reads one article's body when it is about to be shown. The list
keeps entries `pack`ed, one string each, and unpacks the rows it draws.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tui.core.articles import KEY_LENGTH, Article, meta_line
from tui.core.feeds.store import FEED_SCHEME
from tui.core.loader import DEFAULT_SIZE_CAP, discover, load_path
from tui.core.paths import user_file
from tui.core.sanitize import clean_line
from tui.core.store import SqliteStore, log

FIRST_BATCH = 64
BATCH = 2_000
SCHEMA = 2
# SQLite's default limit on the number of ? in one statement is 999.
_LOOKUP_CHUNK = 900
Signature = tuple[int, int, int]  # size, mtime_ns, ctime_ns: a change in any means re-read


@dataclass(frozen=True, slots=True)
class Entry:
    """What the list shows of one article; `file` is the real path, never shown raw."""

    file: str
    index: int
    title: str
    source: str = ""
    published: str = ""
    words: int = 0
    error: str | None = None
    key: str = ""  # Article.key: read state and stars follow the text

    @property
    def path(self) -> str:
        return clean_line(self.file)

    @property
    def meta_line(self) -> str:
        return meta_line(self.source, self.published, self.error, self.words)

    @classmethod
    def of(cls, file: str, article: Article) -> Entry:
        return cls(
            file,
            article.index,
            article.title,
            article.source,
            article.published,
            article.words,
            article.error,
            article.key,
        )


# Fields of a packed entry, joined by the unit separator: sanitised text never
# contains it (C0 controls are removed at ingestion). The real path comes last,
# and may contain anything.
# The key comes first, padded to a fixed width, so `row_key` is a slice.
_SEP = "\x1f"


def pack(entry: Entry) -> str:
    """One string per entry: 100,000 of them take 12 MB where `Entry` objects took 29 MB."""
    fields = (entry.title, entry.source, entry.published, str(entry.words), entry.error or "")
    return _SEP.join((f"{entry.key:<{KEY_LENGTH}}", *fields, str(entry.index), entry.file))


NO_KEY = " " * KEY_LENGTH  # a broken entry's: it has no state


def row_key(row: str) -> str:
    return row[:KEY_LENGTH]


def row_origin(row: str) -> str:
    """Which source a packed entry belongs to: its feed's name, or "" for files."""
    fields = row.split(_SEP, 3)
    return fields[2] if row.rsplit(_SEP, 1)[1].startswith(FEED_SCHEME) else ""


def unpack(row: str) -> Entry:
    key, title, source, published, words, error, index, file = row.split(_SEP, 7)
    return Entry(file, int(index), title, source, published, int(words), error or None, key.strip())


def entries_of(path: Path, size_cap: int = DEFAULT_SIZE_CAP) -> list[Entry]:
    return [Entry.of(str(path), article) for article in load_path(path, size_cap)]


def load_entry(entry: Entry, size_cap: int = DEFAULT_SIZE_CAP) -> Article:
    """The article behind `entry`, read now; a file that changed meanwhile says so."""
    if entry.file.startswith(FEED_SCHEME):
        return _feed_article(entry)
    articles = load_path(Path(entry.file), size_cap)
    if entry.index < len(articles):
        return articles[entry.index]
    return Article(
        path=entry.path, title=entry.title, error="changed since listed", index=entry.index
    )


def _feed_article(entry: Entry) -> Article:
    """A stored feed item (`feed:<identity>`), read from the feed store."""
    from tui.core.feeds.refresh import item_article
    from tui.core.feeds.store import FeedStore

    store = FeedStore()
    try:
        item = store.item(entry.file.removeprefix(FEED_SCHEME))
    finally:
        store.close()
    if item is None:
        return Article(path=entry.path, title=entry.title, error="no longer stored")
    return item_article(item)


def feed_entries(path: Path) -> list[Entry]:
    """An entry for every stored feed item, newest first (none without a store)."""
    from tui.core.feeds.refresh import item_article
    from tui.core.feeds.store import FeedStore

    if not path.exists():
        return []
    store = FeedStore(path)
    try:
        articles = [item_article(item) for item in store.items()]
    finally:
        store.close()
    return [Entry.of(article.path, article) for article in articles]


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

    def lookup(self, files: list[tuple[str, Signature]]) -> dict[str, list[Entry]]:
        """Entries of the `files` whose signature is unchanged since they were stored."""
        wanted = dict(files)
        found: dict[str, list[Entry]] = {}
        try:
            for start in range(0, len(files), _LOOKUP_CHUNK):
                names = [name for name, _ in files[start : start + _LOOKUP_CHUNK]]
                rows = self.connection.execute(
                    "SELECT path, size, mtime, ctime, entries FROM files"
                    f" WHERE schema=? AND path IN ({','.join('?' * len(names))})",
                    (SCHEMA, *names),
                )
                for name, size, mtime, ctime, entries in rows:
                    if wanted.get(name) == (size, mtime, ctime):
                        found[name] = [Entry(name, *fields) for fields in json.loads(entries)]
        except (sqlite3.Error, ValueError, TypeError):
            log.warning("unreadable article index rows", exc_info=True)
        return found

    def store(self, rows: Iterable[tuple[str, Signature, list[Entry]]]) -> None:
        records = [
            (name, *signature, SCHEMA, json.dumps([_fields(e) for e in entries]))
            for name, signature, entries in rows
        ]
        try:
            with self.connection:
                self.connection.executemany(
                    "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)", records
                )
        except sqlite3.Error:
            log.warning("could not update the article index", exc_info=True)


def _fields(entry: Entry) -> list[object]:
    return [
        entry.index,
        entry.title,
        entry.source,
        entry.published,
        entry.words,
        entry.error,
        entry.key,
    ]


def scan(
    paths: Iterable[str | Path],
    index: CorpusIndex | None = None,
    size_cap: int = DEFAULT_SIZE_CAP,
) -> Iterator[list[Entry]]:
    """Entries of every article under `paths`, in list order, in growing batches."""
    pending: list[tuple[Path, Signature | None]] = []
    batch = FIRST_BATCH
    for path in discover(paths):
        pending.append((path, _signature(path)))
        if len(pending) >= batch:
            yield _resolve(pending, index, size_cap)
            pending, batch = [], BATCH
    if pending:
        yield _resolve(pending, index, size_cap)


def _signature(path: Path) -> Signature | None:
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return (status.st_size, status.st_mtime_ns, status.st_ctime_ns)


def _resolve(
    pending: list[tuple[Path, Signature | None]], index: CorpusIndex | None, size_cap: int
) -> list[Entry]:
    known = index.lookup([(str(p), s) for p, s in pending if s]) if index else {}
    entries: list[Entry] = []
    fresh: list[tuple[str, Signature, list[Entry]]] = []
    for path, signature in pending:
        found = known.get(str(path))
        if found is None:
            found = entries_of(path, size_cap)
            if signature is not None:
                fresh.append((str(path), signature, found))
        entries.extend(found)
    if index is not None and fresh:
        index.store(fresh)
    return entries
