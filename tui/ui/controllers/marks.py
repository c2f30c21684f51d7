"""Read and starred articles: the sets the list draws from, saved in order by one thread."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from tui.core.storage.sqlite import StoreError
from tui.core.storage.state import ReadingState


class Marks:
    """Keys of read and starred articles. Changes apply at once in memory and reach
    the store through one writer thread, in the order they were made. A change that
    cannot be saved is reported through `on_error` (from the writer thread), once
    until a save succeeds again."""

    def __init__(self, store: ReadingState) -> None:
        self.store = store
        self.read: set[str] = set()
        self.starred: set[str] = set()
        self.on_error: Callable[[str], None] = lambda message: None
        self._failing = False
        self._closed = False
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="state")

    def load(self) -> Future[tuple[set[str], set[str]]]:
        """Read the saved state in the writer thread; the caller awaits it and calls `loaded`."""
        return self._writer.submit(self.store.load)

    def loaded(self, read: set[str], starred: set[str]) -> None:
        self.read |= read
        self.starred |= starred

    def set_read(self, key: str, value: bool) -> None:
        self._apply(self.read, self.store.set_read, key, value)

    def set_read_many(self, keys: list[str], value: bool) -> list[str]:
        """Mark `keys` read (or unread) in one transaction; returns those that changed."""
        changed = [key for key in keys if (key in self.read) != value]
        if len(changed) == 1:
            self.set_read(changed[0], value)
        elif changed:
            (self.read.update if value else self.read.difference_update)(changed)
            if not self._closed:
                self._writer.submit(self._save_many, changed, value)
        return changed

    def toggle_read(self, key: str) -> bool:
        self.set_read(key, key not in self.read)
        return key in self.read

    def toggle_star(self, key: str) -> bool:
        starred = key not in self.starred
        self._apply(self.starred, self.store.set_starred, key, starred)
        return starred

    def _apply(
        self, keys: set[str], save: Callable[[str, bool], None], key: str, value: bool
    ) -> None:
        (keys.add if value else keys.discard)(key)
        if not self._closed:
            self._writer.submit(self._save, save, key, value)

    def _save(self, save: Callable[[str, bool], None], key: str, value: bool) -> None:
        try:
            save(key, value)
        except StoreError as error:
            if not self._failing:
                self.on_error(f"{error}. They stay marked until you quit.")
            self._failing = True
        else:
            self._failing = False

    def _save_many(self, keys: list[str], value: bool) -> None:
        self._save(lambda _key, _value: self.store.set_read_many(keys, value), "", value)

    def flush(self) -> None:
        """Wait until every change made so far has been saved (or has failed)."""
        self._writer.submit(lambda: None).result()

    def close(self) -> None:
        """Every change is saved before this returns; later changes stay in memory."""
        if not self._closed:
            self._closed = True
            self._writer.submit(self.store.close)
            self._writer.shutdown(wait=True)
