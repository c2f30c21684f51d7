"""Listing and search indexing off the UI process: a spawned process streams batches.

Reading 100,000 files is Python work that holds the GIL; in a thread of the UI
process it would stall key presses, as spaCy did. The scanner process reads
the files and the index and sends the list back in batches through a queue; the
UI only waits on the queue (off its thread) and appends. `ThreadScanner` runs
the same code in a thread, for tests.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import queue
import threading
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from tui.core.corpus import CorpusIndex, feed_entries, pack, scan
from tui.core.search import SearchIndex, index_missing
from tui.core.store import SqliteStore

log = logging.getLogger("nutgraf.scan")
# ("entries", [packed Entry, ...]) ... ("listed", None), then ("indexing", (done, total)) ...,
# and ("notice", str) or ("error", str) at any time; ("done", None) last.
Message = tuple[str, Any]


def produce(
    paths: Sequence[str], files: StoreFiles, size_cap: int, put: Callable[[Message], None]
) -> None:
    """List `paths`, then index what search lacks; `put` each step, then ("done", None).

    Never raises: a failure is put as ("error", message) and the UI keeps what it has.
    """
    listed: list[tuple[str, str, int]] = []
    try:
        index = CorpusIndex(Path(files.index)) if files.index else None
        if index is not None and (notice := _opened(index)):
            put(("notice", notice))
        feeds = feed_entries(Path(files.feeds)) if files.feeds else []
        for batch in (
            [feeds, *scan(paths, index, size_cap)] if feeds else scan(paths, index, size_cap)
        ):
            listed.extend((e.key, e.file, e.index) for e in batch if e.key)
            put(("entries", [pack(entry) for entry in batch]))
        if index is not None:
            index.close()
        put(("listed", None))
        if files.search:
            search = SearchIndex(Path(files.search))
            if notice := _opened(search):
                put(("notice", notice))
            for progress in index_missing(search, listed):
                put(("indexing", progress))
            search.close()
    except Exception as error:
        log.exception("scanning failed")
        put(("error", f"listing stopped: {type(error).__name__}: {error}"))
        put(("listed", None))
    put(("done", None))


def _opened(store: SqliteStore) -> str | None:
    store.open()
    return store.notice


@dataclass(frozen=True)
class StoreFiles:
    """Where the scanner keeps the title index and the search index (None: nowhere)."""

    index: str | None
    search: str | None = None
    feeds: str | None = None  # the feed store: its items are listed first


POLL_SECONDS = 0.25


class Listing:
    """One running scan: iterate `messages()`; `stop()` abandons it."""

    def __init__(self, inbox: Any, stop: Callable[[], None]) -> None:
        self._inbox = inbox
        self._stop = stop
        self._stopped = threading.Event()

    def _next(self) -> Message:
        """Wait for a message in a thread that notices `stop()` (exit must not hang on it)."""
        while not self._stopped.is_set():
            try:
                message: Message = self._inbox.get(timeout=POLL_SECONDS)
            except queue.Empty:
                continue
            return message
        return ("done", None)

    async def messages(self) -> AsyncIterator[Message]:
        while (message := await asyncio.to_thread(self._next))[0] != "done":
            yield message

    def stop(self) -> None:
        self._stopped.set()
        self._stop()


class Scanner(Protocol):
    def start(self, paths: Sequence[str], files: StoreFiles, size_cap: int) -> Listing: ...


class ProcessScanner:
    """The app's scanner: one spawned process per scan."""

    def start(self, paths: Sequence[str], files: StoreFiles, size_cap: int) -> Listing:
        context = multiprocessing.get_context("spawn")
        inbox = context.Queue()
        process = context.Process(
            target=produce, args=(list(paths), files, size_cap, inbox.put), daemon=True
        )
        process.start()

        def stop() -> None:
            if process.is_alive():
                process.terminate()
            inbox.cancel_join_thread()

        return Listing(inbox, stop)


class ThreadScanner:
    """The same scan in a thread of this process (tests; no process start-up)."""

    def start(self, paths: Sequence[str], files: StoreFiles, size_cap: int) -> Listing:
        inbox: queue.SimpleQueue[Message] = queue.SimpleQueue()
        threading.Thread(
            target=produce, args=(list(paths), files, size_cap, inbox.put), daemon=True
        ).start()
        return Listing(inbox, lambda: None)
