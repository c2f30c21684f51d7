"""Full text for teaser items: fetch the page, extract the article with trafilatura.

Limits: pages go through the same fetcher (size cap, deadline, per-host
politeness), only from the feed's own origin or public addresses (`addresses.Reach`,
checked on every connection, so on every redirect hop); how many pages a refresh
fetches is capped by the caller (`refresh`). trafilatura gets at most `MAX_TREE`
elements and `EXTRACT_SECONDS` (it runs in a thread; one that overruns is abandoned).
When anything fails the feed's own text is kept, and the item says why in its `note`
("full text unavailable: HTTP 404"), which the reader shows with the article.
"""

from __future__ import annotations

import asyncio
import logging
from configparser import ConfigParser
from dataclasses import replace
from functools import lru_cache

import httpx

from tui.core.feeds.addresses import Reach, shown
from tui.core.feeds.fetch import Gate, Limits, client, fetch
from tui.core.model import Item
from tui.core.sanitize import clean_text

MODES = ("auto", "always", "never")
PAGE_LIMITS = Limits(timeout=15, deadline=30, max_bytes=3 * 1024 * 1024)
MAX_TREE = 20_000  # HTML elements trafilatura will look at
EXTRACT_SECONDS = 5.0
log = logging.getLogger("nutgraf.feeds")
UNAVAILABLE = "full text unavailable"


def unavailable(reason: str) -> str:
    """The note of an item whose page was wanted and not had."""
    return f"{UNAVAILABLE}: {reason}"


def wants_page(item: Item, mode: str) -> bool:
    return bool(item.link) and (mode == "always" or (mode == "auto" and item.teaser))


@lru_cache(maxsize=1)
def _settings() -> ConfigParser:
    from trafilatura.settings import use_config

    config = use_config()
    config["DEFAULT"]["max_tree_size"] = str(MAX_TREE)
    # Its own timeout uses signals, which work only in the main thread; ours is the
    # thread's `wait_for` in `with_full_text`.
    config["DEFAULT"]["extraction_timeout"] = "0"
    return config


def extract(page: bytes, url: str) -> str:
    import trafilatura

    text = trafilatura.extract(
        page,
        url=url,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        config=_settings(),
    )
    return clean_text(text or "").strip()


async def with_full_text(
    items: list[Item],
    limits: Limits = PAGE_LIMITS,
    reach: Reach | None = None,
    gate: Gate | None = None,
    deadline: float | None = None,
) -> list[Item]:
    """`items` with each page's article text, where it is longer than the feed's.

    Pages come only from within `reach` (default: public addresses only). At the loop
    time `deadline` the pages still being fetched are given up: their items keep the
    feed's text, the others keep their page's. An item whose page failed (or had no
    article) keeps the feed's text with a `note` saying why.
    """
    if not items:
        return items
    reach = reach or Reach()
    gate = gate or Gate(limits)
    fuller: dict[int, Item] = {}

    async def one(http: httpx.AsyncClient, number: int, item: Item) -> None:
        async with gate.slot(item.link):
            page = await fetch(http, item.link, limits=limits)
        if page.error is not None:
            log.info("page not fetched (%s): %s", page.error, shown(item.link))
            fuller[number] = replace(item, note=unavailable(page.error))
            return
        text, problem = "", "no article found on the page"
        if page.body:
            try:
                text = await asyncio.wait_for(
                    asyncio.to_thread(extract, page.body, page.final_url), EXTRACT_SECONDS
                )
            except TimeoutError:
                log.warning("extraction took over %s s: %s", EXTRACT_SECONDS, shown(item.link))
                problem = f"reading the page took over {EXTRACT_SECONDS:g} s"
            except Exception:  # a page trafilatura cannot handle keeps the feed's text
                log.warning("extraction failed: %s", shown(item.link), exc_info=True)
                problem = "the page could not be read"
        if len(text) > len(item.text):
            fuller[number] = replace(item, text=text)
        elif not text:
            fuller[number] = replace(item, note=unavailable(problem))

    async with client(limits, reach) as http:
        try:
            async with asyncio.timeout_at(deadline):
                await asyncio.gather(*(one(http, n, item) for n, item in enumerate(items)))
        except TimeoutError:
            log.warning(
                "%d of %d pages not fetched by the deadline", len(items) - len(fuller), len(items)
            )
            late = unavailable("the refresh ran out of time")
            for number, item in enumerate(items):
                fuller.setdefault(number, replace(item, note=late))
    return [fuller.get(number, item) for number, item in enumerate(items)]
