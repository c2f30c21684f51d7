"""Refreshing every subscription: each feed fetched, parsed, completed and stored on its own.

All feeds are fetched at once (politely: `fetch.Gate`); each one is parsed as soon as it
arrives, gets the pages of its new teaser items, and is saved before the refresh moves on
with it, so an interrupted refresh (Ctrl+C, a kill, the deadline) keeps every feed it
finished. A feed that fails, for whatever reason, is that feed's error; the others go on.

What one refresh may do is bounded (`RefreshBudget`, `[feeds]` in the settings): pages per
feed, pages overall, and a deadline after which no feed or page is waited for. What is kept
is bounded too (`Retention`, the same section): each feed's oldest items beyond it are
deleted as that feed is saved, starred ones never.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable
from concurrent.futures import BrokenExecutor, Executor
from dataclasses import dataclass, replace

import httpx

from tui.core.feeds.addresses import Reach, address_problem, shown
from tui.core.feeds.fetch import DEFAULT_LIMITS, Fetched, Gate, Limits, client, fetch
from tui.core.feeds.fulltext import PAGE_LIMITS, wants_page, with_full_text
from tui.core.feeds.parse import Feed, parse_feed
from tui.core.model import FeedState, Item, RefreshBudget, Retention
from tui.core.pipes import PipeExecutor
from tui.core.storage.feeds import FeedStore, StoreError

log = logging.getLogger("nutgraf.feeds")
PARALLEL_FROM = 8  # feeds in a refresh from which they are parsed in another process


@dataclass(frozen=True)
class Outcome:
    url: str
    new_items: int = 0
    unchanged: bool = False
    warning: str | None = None
    error: str | None = None
    pruned: int = 0  # old items deleted (`Retention`)
    updated: int = 0  # stored items whose title, text or date the feed changed
    repeated: int = 0  # entries that repeated an earlier entry's GUID (else link): skipped


async def refresh(
    store: FeedStore,
    limits: Limits = DEFAULT_LIMITS,
    progress: Callable[[int, int, Outcome], None] | None = None,
    budget: RefreshBudget | None = None,
    page_limits: Limits = PAGE_LIMITS,
    keep: Retention | None = None,
) -> list[Outcome]:
    """One refresh of every feed; outcomes in the order the feeds finished."""
    budget = budget or RefreshBudget()
    states = store.states()
    outcomes: list[Outcome] = []

    def finished(outcome: Outcome) -> None:
        outcomes.append(outcome)
        if progress is not None:
            progress(len(outcomes), len(states), outcome)

    if store.in_memory:  # the file could not be opened: nothing fetched would be kept
        reason = store.notice or "the feed store cannot be written"
        for state in states:
            finished(Outcome(state.url, error=f"could not save: {reason}"))
        return outcomes
    parsers = parse_pool(len(states))
    run = _Run(store, limits, page_limits, budget, asyncio.get_running_loop().time(), parsers)
    run.keep = keep or Retention()

    async def one(http: httpx.AsyncClient, state: FeedState) -> None:
        try:
            outcome = await run.feed(http, state)
        except Exception as error:  # a bug or a library's surprise: this feed's error only
            log.exception("refreshing %s failed", shown(state.url))
            outcome = run.failed(state.url, f"could not read it ({type(error).__name__})")
        finished(outcome)

    try:
        async with client(limits) as http:
            await asyncio.gather(*(one(http, state) for state in states))
    finally:
        if parsers is not None:
            parsers.shutdown(wait=False, cancel_futures=True)
    return outcomes


def parse_pool(feeds: int) -> Executor | None:
    """A process to parse feeds beside the one that fetches them, for a refresh of many
    feeds; None: a thread.

    Parsing is CPU work (feedparser is pure Python, ~1 ms an item; `plain_rss` a tenth of
    that), and a thread of this process holds the GIL that fetching needs too. One process
    parses each feed as it arrives: with the fast reading of plain RSS, a second one cost
    30 MB and time (200 feeds, `python -m tui.bench --only feeds`: 6.4 s and 91 MB peak with
    one, 6.9 s and 120 MB with two, 10.3 s and 51 MB in a thread). For a few feeds the
    process's start (~0.4 s) is not worth it.
    """
    if feeds < PARALLEL_FROM or (os.cpu_count() or 1) < 2:
        return None
    return PipeExecutor()


class _Run:
    """What one refresh shares between its feeds: the store, the gates, the page budget."""

    def __init__(
        self,
        store: FeedStore,
        limits: Limits,
        page_limits: Limits,
        budget: RefreshBudget,
        started: float,
        parsers: Executor | None = None,
    ) -> None:
        self.store = store
        self.parsers = parsers
        self.limits = limits
        self.page_limits = page_limits
        self.budget = budget
        self.deadline = started + budget.seconds
        self.gate = Gate(limits)
        self.page_gate = Gate(page_limits)
        self.pages_left = budget.pages_per_refresh
        self.keep = Retention()

    async def feed(self, http: httpx.AsyncClient, state: FeedState) -> Outcome:
        url = state.url
        problem = address_problem(url)
        if problem:
            return self.failed(url, problem)
        try:
            async with asyncio.timeout_at(self.deadline):
                async with self.gate.slot(url):
                    result = await fetch(http, url, state.etag, state.last_modified, self.limits)
        except TimeoutError:
            return self.failed(
                url, f"not fetched: the refresh stops after {self.budget.seconds:g} s"
            )
        if result.error:
            return self.failed(url, result.error)
        if result.not_modified:
            return self.save(Outcome(url, unchanged=True))
        feed = await self.parse(result.body, result.final_url or url, result.headers)
        if feed.error:
            return self.failed(url, feed.error)
        items, note = await self.full_texts(url, result, feed.items)
        warning = "; ".join(text for text in (feed.warning, note) if text) or None
        return self.save(
            Outcome(url, warning=warning, repeated=feed.repeated),
            title=feed.title,
            etag=result.etag,
            last_modified=result.last_modified,
            items=items,
            skipped=feed.skipped,
        )

    async def parse(self, body: bytes, url: str, headers: dict[str, str]) -> Feed:
        """`parse_feed` in the parser process; in a thread without one, or once it has
        ended (killed, say: the feeds not parsed yet are parsed here, not lost)."""
        loop = asyncio.get_running_loop()
        if self.parsers is not None:
            try:
                return await loop.run_in_executor(self.parsers, parse_feed, body, url, headers)
            except BrokenExecutor:
                if self.parsers is not None:
                    log.warning("the feed parser process ended; parsing in this one")
                self.parsers = None
        return await loop.run_in_executor(None, parse_feed, body, url, headers)

    async def full_texts(
        self, url: str, result: Fetched, items: list[Item]
    ) -> tuple[list[Item], str | None]:
        """`items` with the pages of new teasers (per the feed's mode), within the budget."""
        mode = self.store.full_text_mode(url)
        known = self.store.known(url, items)
        wanted = [
            number
            for number, item in enumerate(items)
            if wants_page(item, mode) and item.identity_in(url) not in known
        ]
        allowed = max(0, min(len(wanted), self.budget.pages_per_feed, self.pages_left))
        self.pages_left -= allowed
        note = None
        if len(wanted) > allowed:
            note = (
                f"{len(wanted) - allowed} pages not fetched for full text (at most"
                f" {self.budget.pages_per_feed} a feed and {self.budget.pages_per_refresh}"
                " a refresh)"
            )
        chosen = wanted[:allowed]
        items = list(items)
        skipped = (
            f"full text not fetched (at most {self.budget.pages_per_feed} pages a feed,"
            f" {self.budget.pages_per_refresh} a refresh)"
        )
        for number in wanted[allowed:]:  # stored now, never fetched later: say so
            items[number] = replace(items[number], note=skipped)
        fuller = await with_full_text(
            [items[number] for number in chosen],
            self.page_limits,
            Reach.of_feed([url]),  # the address subscribed to, not where it redirected
            self.page_gate,
            self.deadline,
        )
        for number, item in zip(chosen, fuller, strict=True):
            items[number] = item
        return items, note

    def failed(self, url: str, error: str) -> Outcome:
        """Record `error` as the feed's state (best effort: the error is reported anyway)."""
        try:
            saved = self.store.record(url, error=error, keep=self.keep)
        except StoreError as problem:
            log.warning("could not record the error of %s: %s", url, problem)
            return Outcome(url, error=error)
        return Outcome(url, error=error, pruned=saved.pruned)

    def save(
        self,
        outcome: Outcome,
        title: str = "",
        etag: str | None = None,
        last_modified: str | None = None,
        items: list[Item] | None = None,
        skipped: int | None = None,
    ) -> Outcome:
        """Save the feed's state and new items, then apply the retention settings; a failed
        write is the feed's error."""
        try:
            saved = self.store.record(
                outcome.url,
                title=title,
                etag=etag,
                last_modified=last_modified,
                error=None,
                items=items,
                skipped=skipped,
                keep=self.keep,
                repeated=outcome.repeated if items is not None else None,
                warning=(outcome.warning or "") if items is not None else None,
            )
        except StoreError as error:
            return replace(outcome, error=f"could not save: {error}")
        return replace(outcome, new_items=saved.new, pruned=saved.pruned, updated=saved.updated)
