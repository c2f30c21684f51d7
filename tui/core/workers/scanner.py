"""Listing and search indexing off the UI process: a helper process streams batches.

Reading 100,000 files is Python work that holds the GIL; in a thread of the UI
process it would stall key presses, as spaCy did. The scanner process reads
the files and the index and sends the list back in batches through a pipe; the
UI only waits on them (off its thread) and appends. `ThreadScanner` runs
the same code in a thread, for tests.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from tui.core.corpus import feed_entries, load_entry, scan
from tui.core.model import Article, Entry, numbered, pack, row_place
from tui.core.pipes import Helper, helper_ends
from tui.core.storage.feeds import feeds_path
from tui.core.storage.index import CorpusIndex, index_path
from tui.core.storage.search import SearchIndex, search_path
from tui.core.storage.sqlite import SqliteStore
from tui.core.workers.loader import Loader
from tui.core.workers.messages import Done, Entries, Indexing, Listed, Notice, ScanMessage

log = logging.getLogger("nutgraf.scan")


# Rows are put at most this often (the first batch at once): the UI sorts its whole list
# and repaints for each put, which cost a third of its time when 100,000 files came in
# batches of 2,000 (issue 15).
PACE_SECONDS = 0.5


class Paced:
    """Entries put together: at once for the first rows, then when `PACE_SECONDS` have
    passed since the last put; `flush` puts what is left. Each row is put numbered in
    listing order (`model.numbered`): the list sorts them as they come, with no copy."""

    def __init__(
        self, put: Callable[[ScanMessage], None], clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._put = put
        self._clock = clock
        self._rows: list[str] = []
        self._last: float | None = None
        self._numbered = 0

    def add(self, rows: list[str]) -> None:
        self._rows.extend(rows)
        if self._last is None or self._clock() - self._last >= PACE_SECONDS:
            self.flush()

    def flush(self) -> None:
        if rows := self._rows:
            first = self._numbered
            self._put(Entries(numbered(rows, first)))
            self._numbered = first + len(rows)
            self._rows = []
            self._last = self._clock()


def produce(
    paths: Sequence[str], files: StoreFiles, size_cap: int, put: Callable[[ScanMessage], None]
) -> None:
    """List `paths`, then index what search lacks; `put` each step, then `Done`.

    Never raises: a failure is put as an error `Notice` and the UI keeps what it has.
    """
    listed: list[str] = []  # rows, for the search index once all are listed
    loader = Loader(size_cap)
    rows = Paced(put)
    try:
        index = CorpusIndex(Path(files.index)) if files.index else None
        if index is not None and (notice := _opened(index)):
            put(Notice(notice))
        feeds, notice = feed_entries(Path(files.feeds)) if files.feeds else ([], None)
        if notice:  # the feed store shares the reading state's file: whoever opens it first
            put(Notice(notice))
        if feeds:
            rows.add(packed := [pack(entry) for entry in feeds])
            listed.extend(packed)
        for batch in scan(paths, index, size_cap, loader.start):
            listed.extend(batch)
            rows.add(batch)
        rows.flush()
        loader.close()  # now, not after the search indexing below (the finally: on errors)
        if index is not None:
            index.close()
        put(Listed())
        if files.search:
            search = SearchIndex(Path(files.search))
            if notice := _opened(search):
                put(Notice(notice))
            for done, total in index_missing(search, [row_place(row) for row in listed]):
                put(Indexing(done, total))
            search.close()
    except Exception as error:
        log.exception("scanning failed")
        rows.flush()  # what was read is listed
        put(Notice(f"listing stopped: {type(error).__name__}: {error}", error=True))
        put(Listed())
    finally:
        loader.close()
    put(Done())


def index_missing(
    index: SearchIndex, entries: list[tuple[str, str, int]]
) -> Iterator[tuple[int, int]]:
    """Index the bodies of `entries` (key, file, index) not indexed yet; yield (done, total)."""
    missing = set(index.missing(key for key, _, _ in entries if key))
    todo = [(key, file, number) for key, file, number in entries if key in missing]
    batch: list[Article] = []
    seen: set[str] = set()
    for done, (key, file, number) in enumerate(todo, 1):
        if key in seen:
            continue
        seen.add(key)
        article = load_entry(Entry(file, number, ""))
        if article.key == key:  # the file may have changed since it was listed
            batch.append(article)
        if len(batch) >= 200 or done == len(todo):
            index.add(batch)
            batch = []
            yield done, len(todo)
    if batch:
        index.add(batch)


def _opened(store: SqliteStore) -> str | None:
    store.open()
    return store.notice


@dataclass(frozen=True)
class StoreFiles:
    """Where the scanner keeps the title index and the search index (None: nowhere)."""

    index: str | None
    search: str | None = None
    feeds: str | None = None  # the feed store: its items are listed first

    @classmethod
    def of_reader(cls, feeds: bool) -> StoreFiles:
        """The reader's own files; `feeds`: its stored feed items are listed too."""
        return cls(str(index_path()), str(search_path()), str(feeds_path()) if feeds else None)


POLL_SECONDS = 0.25


class Listing:
    """One running scan: iterate `messages()`; `stop()` abandons it."""

    def __init__(
        self, inbox: Any, stop: Callable[[], None], alive: Callable[[], bool] = lambda: True
    ) -> None:
        self._inbox = inbox
        self._stop = stop
        self._alive = alive
        self._stopped = threading.Event()

    def _next(self) -> ScanMessage:
        """Wait for a message in a thread that notices `stop()` (exit must not hang on it),
        and a scanner that died without saying so."""
        while not self._stopped.is_set():
            try:
                message: ScanMessage = self._inbox.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if self._alive():
                    continue
                try:  # it may have put its last messages just before it ended
                    message = self._inbox.get(timeout=POLL_SECONDS)
                except queue.Empty:
                    self._stopped.set()
                    log.error("the listing process ended without finishing")
                    return Notice("The listing stopped unexpectedly; see the log", error=True)
            return message
        return Done()

    async def messages(self) -> AsyncIterator[ScanMessage]:
        while not isinstance(message := await asyncio.to_thread(self._next), Done):
            yield message

    def stop(self) -> None:
        self._stopped.set()
        self._stop()


class Scanner(Protocol):
    def start(self, paths: Sequence[str], files: StoreFiles, size_cap: int) -> Listing: ...


class ProcessScanner:
    """The app's scanner: one helper process per scan (`tui.core.pipes`)."""

    def start(self, paths: Sequence[str], files: StoreFiles, size_cap: int) -> Listing:
        helper = Helper(__name__)
        inbox: queue.SimpleQueue[ScanMessage] = queue.SimpleQueue()
        ended = threading.Event()

        def take() -> None:
            """Send the job, then move each message to the inbox until the helper ends;
            reap it (in this thread: the event loop never waits for a process)."""
            try:
                helper.send((list(paths), files, size_cap))
                helper.end_input()
                while True:
                    inbox.put(helper.recv())
            except (EOFError, OSError):
                pass
            finally:
                helper.close()
                ended.set()

        threading.Thread(target=take, daemon=True).start()
        return Listing(inbox, helper.process.kill, lambda: not ended.is_set())


class StartedScanner:
    """A scanner whose first listing starts now, before the reader is built: importing
    the app and building it took 0.4 s of every start, while the second core waited
    (issue 15). The reader's first `start` takes that listing if it asks for the same
    one (else it is stopped); any other asks `scanner`."""

    def __init__(
        self, scanner: Scanner, paths: Sequence[str], files: StoreFiles, size_cap: int
    ) -> None:
        self._scanner = scanner
        self._started: tuple[tuple[list[str], StoreFiles, int], Listing] | None = (
            (list(paths), files, size_cap),
            scanner.start(paths, files, size_cap),
        )

    def start(self, paths: Sequence[str], files: StoreFiles, size_cap: int) -> Listing:
        started, self._started = self._started, None
        if started is not None:
            asked, listing = started
            if asked == (list(paths), files, size_cap):
                return listing
            listing.stop()
        return self._scanner.start(paths, files, size_cap)


class ThreadScanner:
    """The same scan in a thread of this process (tests; no process start-up)."""

    def start(self, paths: Sequence[str], files: StoreFiles, size_cap: int) -> Listing:
        inbox: queue.SimpleQueue[ScanMessage] = queue.SimpleQueue()
        threading.Thread(
            target=produce, args=(list(paths), files, size_cap, inbox.put), daemon=True
        ).start()
        return Listing(inbox, lambda: None)


def _serve() -> None:
    requests, answers = helper_ends()
    paths, files, size_cap = requests.recv()
    produce(paths, files, size_cap, answers.send)


if __name__ == "__main__":
    _serve()
