"""S: the sources the list can be narrowed to, with unread counts and each feed's last error."""

from __future__ import annotations

from dataclasses import dataclass

from tui.core.model import FeedState
from tui.core.storage.feeds import FeedStore

FILES = ""  # the origin of entries read from files


@dataclass(frozen=True)
class Source:
    name: str  # FILES, or the feed's title
    unread: int
    total: int
    error: str | None = None

    @property
    def label(self) -> str:
        return self.name or "Files and folders"


def feed_states() -> list[FeedState]:
    """Every subscription's state (blocking: call it in a thread)."""
    store = FeedStore()
    try:
        return store.states()
    finally:
        store.close()


def sources(counts: dict[str, tuple[int, int]], states: list[FeedState]) -> list[Source]:
    """Files first (when any are listed), then each feed, with (unread, total) from `counts`."""
    found = [Source(FILES, *counts[FILES])] if FILES in counts else []
    for state in states:
        name = state.title or state.url
        unread, total = counts.get(name, (0, 0))
        found.append(Source(name, unread, total, state.error))
    return found
