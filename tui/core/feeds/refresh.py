"""Refreshing every subscription: fetch all at once (politely), parse, store, report per feed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tui.core.feeds.fetch import DEFAULT_LIMITS, Limits, fetch_all
from tui.core.feeds.fulltext import wants_page, with_full_text
from tui.core.feeds.parse import Feed, parse_feed
from tui.core.storage.feeds import FeedStore


@dataclass(frozen=True)
class Outcome:
    url: str
    new_items: int = 0
    unchanged: bool = False
    warning: str | None = None
    error: str | None = None


async def refresh(
    store: FeedStore,
    limits: Limits = DEFAULT_LIMITS,
    progress: Callable[[int, int, Outcome], None] | None = None,
) -> list[Outcome]:
    """One refresh of every feed; a failing feed records its error and the rest go on."""
    states = store.states()
    fetched = await fetch_all([(s.url, s.etag, s.last_modified) for s in states], limits)
    feeds = {
        state.url: parse_feed(result.body, result.final_url or state.url)
        for state, result in zip(states, fetched, strict=True)
        if not (result.error or result.not_modified)
    }
    await _add_full_texts(store, feeds)
    outcomes = []
    for done, (state, result) in enumerate(zip(states, fetched, strict=True), 1):
        if result.error:
            store.record(state.url, error=result.error)
            outcome = Outcome(state.url, error=result.error)
        elif result.not_modified:
            store.record(state.url)
            outcome = Outcome(state.url, unchanged=True)
        else:
            feed = feeds[state.url]
            if feed.error:
                store.record(state.url, error=feed.error)
                outcome = Outcome(state.url, error=feed.error)
            else:
                new = store.record(
                    state.url,
                    title=feed.title,
                    etag=result.etag,
                    last_modified=result.last_modified,
                    error=None,
                    items=feed.items,
                )
                outcome = Outcome(state.url, new_items=new, warning=feed.warning)
        outcomes.append(outcome)
        if progress is not None:
            progress(done, len(states), outcome)
    return outcomes


async def _add_full_texts(store: FeedStore, feeds: dict[str, Feed]) -> None:
    """Fetch the pages of new teaser items (per each feed's mode), all at once, in place."""
    wanted: list[tuple[str, int]] = []
    for url, feed in feeds.items():
        mode = store.full_text_mode(url)
        known = store.known([item.identity for item in feed.items])
        wanted += [
            (url, number)
            for number, item in enumerate(feed.items)
            if item.identity not in known and wants_page(item, mode)
        ]
    fuller = await with_full_text([feeds[url].items[number] for url, number in wanted])
    for (url, number), item in zip(wanted, fuller, strict=True):
        feeds[url].items[number] = item
