"""S: the sources the list can be narrowed to, with unread counts and each feed's last error,
and what the reader may do to a feed there (remove it, rename it)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from tui.core.model import FeedState
from tui.core.storage.feeds import FeedStore
from tui.core.workers.refresh import Refresh

FILES = ""  # the origin of entries read from files


@dataclass(frozen=True)
class Source:
    name: str  # FILES, or the name the feed is shown under (its items' source)
    unread: int
    total: int
    error: str | None = None
    url: str = ""  # a feed's address ("" for files)
    folder: str = ""
    tags: tuple[str, ...] = ()
    own_title: str = ""  # the feed's own title, what a rename to "" goes back to

    @property
    def label(self) -> str:
        return self.name or "Files and folders"

    @property
    def is_feed(self) -> bool:
        return bool(self.url)


def feed_states() -> list[FeedState]:
    """Every subscription's state (blocking: call it in a thread)."""
    store = FeedStore()
    try:
        return store.states()
    finally:
        store.close()


def remove_feed(url: str) -> int | None:
    """Unsubscribe from `url`; how many items went (None: it was not subscribed). Blocking;
    raises `StoreError` when the store cannot be written."""
    store = FeedStore()
    try:
        return store.remove(url)
    finally:
        store.close()


def rename_feed(url: str, title: str) -> bool:
    """Call the feed `title` from now on ("": its own title). Blocking; `StoreError`."""
    store = FeedStore()
    try:
        return store.rename(url, title)
    finally:
        store.close()


def sources(counts: dict[str, tuple[int, int]], states: list[FeedState]) -> list[Source]:
    """Files first (when any are listed), then each feed, with (unread, total) from `counts`
    (by the feed's address, "" for files); feeds in no folder, then each folder's
    (`states` come by folder, then by name)."""
    found = [Source(FILES, *counts[FILES])] if FILES in counts else []
    loose = [state for state in states if not state.folder]
    filed = [state for state in states if state.folder]
    for state in loose + filed:  # counted by address: two feeds may share a name
        unread, total = counts.get(state.url, (0, 0))
        found.append(
            Source(
                state.name,
                unread,
                total,
                state.error,
                state.url,
                state.folder,
                state.tags,
                state.title,
            )
        )
    return found


def renamed(source: Source, title: str) -> Source:
    """`source` under its new name (`title`, or the feed's own when empty)."""
    return replace(source, name=title or source.own_title or source.url)


def refresh_notice(refresh: Refresh, before: dict[str, FeedState], auto: bool) -> str:
    """What a finished refresh tells the reader ("3 new items, 15 old removed"). After `r`:
    always, what arrived, what retention removed and what failed. After the `auto_refresh`
    timer: only what arrived or was removed, and the feeds that failed this time and had
    not before ("" when there is none of these)."""
    new = refresh.new_items
    arrived = f"{new:,} new item{'s' * (new != 1)}"
    # Retention deleted items during the refresh: said, as the list loses them.
    removed = f", {refresh.pruned:,} old removed" if refresh.pruned else ""
    if not auto:
        failed = refresh.failed
        errors = f", {failed} feed{'s' * (failed != 1)} with errors (nutgraf feeds)"
        updated = f", {refresh.updated:,} updated" if refresh.updated else ""
        return f"{arrived}{updated}{removed}{errors if failed else ''}"
    newly = [
        f"{before[url].name if url in before else url} ({error})"
        for url, error in refresh.errors.items()
        if url not in before or not before[url].error
    ]
    parts = [arrived + removed] if new or refresh.pruned else []
    if newly:
        parts.append(f"{'a feed' if len(newly) == 1 else f'{len(newly)} feeds'} failed: ")
        parts[-1] += "; ".join(newly)
    return ", ".join(parts)
