"""Refreshing every subscription: fetch all at once (politely), parse, store, report per feed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tui.core.articles import Article
from tui.core.feeds.fetch import DEFAULT_LIMITS, Limits, fetch_all
from tui.core.feeds.parse import parse_feed
from tui.core.feeds.store import FEED_SCHEME, FeedStore, StoredItem


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
    outcomes = []
    for done, (state, result) in enumerate(zip(states, fetched, strict=True), 1):
        if result.error:
            store.record(state.url, error=result.error)
            outcome = Outcome(state.url, error=result.error)
        elif result.not_modified:
            store.record(state.url)
            outcome = Outcome(state.url, unchanged=True)
        else:
            feed = parse_feed(result.body, result.final_url or state.url)
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


def item_article(item: StoredItem) -> Article:
    return Article(
        path=f"{FEED_SCHEME}{item.identity}",
        title=item.title or item.link or "(untitled)",
        text=item.text,
        source=item.feed_title,
        url=item.link,
        published=item.published,
    )
