"""The article list without the articles: one small `Entry` per article, bodies on demand.

`scan` walks the given paths and yields their rows in batches, the first one
small so the list can be painted at once. A file's rows are kept in the
`CorpusIndex` (SQLite in the cache directory) keyed by path, size, mtime and
ctime, so a folder seen before is listed again without reading any file.
`load_entry` reads one article's body when it is about to be shown. Entries
travel and are kept `pack`ed, one string (row) each: the scanner, its helper
and the index pass rows, and the list unpacks only the rows it draws.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from tui.core.ingest.discovery import discover
from tui.core.ingest.formats import DEFAULT_SIZE_CAP, PlainText, load_listed, load_path
from tui.core.model import (
    FEED_SCHEME,
    Article,
    Entry,
    file_date,
    pack_article,
    plain_row,
    sort_date,
)
from tui.core.storage.index import CorpusIndex, Signature

FIRST_BATCH = 64
# A file found, with its signature (None: it could not even be stat'ed).
Found = tuple[str, Signature | None]
# Starts reading files into their rows and returns the call that gives them, in order
# (`rows_of` each, then; or shared with a helper process, which reads meanwhile).
Load = Callable[[list[Found]], Callable[[], list[list[str]]]]
BATCH = 2_000


def rows_of(path: str, signature: Signature | None, size_cap: int = DEFAULT_SIZE_CAP) -> list[str]:
    """The list's rows of the file at `path`: its entries, `pack`ed, each dated by its
    `published` date, else by the file's modification time (from `signature`)."""
    modified = file_date(signature[1] / 1e9) if signature is not None else ""
    found = load_listed(path, size_cap)
    if isinstance(found, PlainText):
        return [plain_row(path, found.title, found.text, modified)]
    return [
        pack_article(path, article, sort_date(article.published) or modified) for article in found
    ]


def load_entry(entry: Entry, size_cap: int = DEFAULT_SIZE_CAP) -> Article:
    """The article behind `entry`, read now; a file that changed meanwhile says so."""
    if entry.file.startswith(FEED_SCHEME):
        return _feed_article(entry)
    articles = load_path(entry.file, size_cap)
    found = next((article for article in articles if article.index == entry.index), None)
    if found is not None:
        return found
    return Article(
        path=entry.path, title=entry.title, error="changed since listed", index=entry.index
    )


def _feed_article(entry: Entry) -> Article:
    """A stored feed item (`feed:<identity>`), read from the feed store."""
    from tui.core.storage.feeds import FeedStore

    store = FeedStore()
    try:
        item = store.item(entry.file.removeprefix(FEED_SCHEME))
    finally:
        store.close()
    if item is None:
        return Article(path=entry.path, title=entry.title, error="no longer stored")
    return item.article()


def feed_entries(path: Path) -> tuple[list[Entry], str | None]:
    """An entry for every stored feed item, newest first (none without a store); an item
    without a date has none to be ordered by (it goes after the dated ones). With them,
    what opening the store had to say (the reader must hear of a file moved aside)."""
    from tui.core.storage.feeds import FeedStore

    if not path.exists():
        return [], None
    store = FeedStore(path)
    try:
        stored = [(item.feed, item.article()) for item in store.items()]
    finally:
        store.close()
    entries = [
        replace(Entry.of(article.path, article), date=sort_date(article.published), feed=feed)
        for feed, article in stored
    ]
    return entries, store.notice


def subscribed(path: Path) -> tuple[bool, str | None]:
    """Whether the feed store at `path` has any subscription (False without a store), and
    what opening it had to say."""
    from tui.core.storage.feeds import FeedStore

    if not path.exists():
        return False, None
    store = FeedStore(path)
    try:
        return bool(store.subscriptions()), store.notice
    finally:
        store.close()


def scan(
    paths: Iterable[str | Path],
    index: CorpusIndex | None = None,
    size_cap: int = DEFAULT_SIZE_CAP,
    load: Load | None = None,
) -> Iterator[list[str]]:
    """The rows (`rows_of`) of every article under `paths`, in name order, in growing
    batches. `load`: how the files the index does not know are read (default: `rows_of`,
    one by one).

    After the first, a batch's reading is started before the batch before it is
    finished and yielded, so that a helper process reads while this one finishes.
    """
    load = load or (lambda files: lambda: [rows_of(path, sig, size_cap) for path, sig in files])
    started: _Started | None = None
    for number, pending in enumerate(_batches(paths)):
        following = _start(pending, index, load)
        if started is not None:
            yield _finish(started, index)
        started = following
        if number == 0:  # at once: the first paint waits for no other batch
            yield _finish(started, index)
            started = None
    if started is not None:
        yield _finish(started, index)


def _batches(paths: Iterable[str | Path]) -> Iterator[list[Found]]:
    pending: list[Found] = []
    batch = FIRST_BATCH
    for path in discover(paths):
        pending.append((path, _signature(path)))
        if len(pending) >= batch:
            yield pending
            pending, batch = [], BATCH
    if pending:
        yield pending


def _signature(path: str) -> Signature | None:
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return (status.st_size, status.st_mtime_ns, status.st_ctime_ns)


@dataclass(frozen=True)
class _Started:
    """A batch whose reading has started: its files, the rows of those the index knew,
    and the call that gives the rows of the others (`unknown`, in their order)."""

    pending: list[Found]
    known: dict[str, list[str]]
    unknown: list[str]
    result: Callable[[], list[list[str]]]


def _start(pending: list[Found], index: CorpusIndex | None, load: Load) -> _Started:
    known = index.lookup([(p, s) for p, s in pending if s]) if index else {}
    unknown = [(path, signature) for path, signature in pending if path not in known]
    return _Started(pending, known, [path for path, _ in unknown], load(unknown))


def _finish(started: _Started, index: CorpusIndex | None) -> list[str]:
    known = started.known
    read = dict(zip(started.unknown, started.result(), strict=True))
    rows: list[str] = []
    fresh: list[tuple[str, Signature, list[str]]] = []
    for path, signature in started.pending:
        found = known.get(path)
        if found is None:
            found = read[path]
            if signature is not None:
                fresh.append((path, signature, found))
        rows.extend(found)
    if index is not None and fresh:
        index.store(fresh)
    return rows
