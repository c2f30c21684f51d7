"""Full text for teaser items: fetch the page, extract the article with trafilatura.

Limits: pages go through the same fetcher (size cap, deadline, per-host
politeness); trafilatura gets at most `MAX_TREE` elements and `EXTRACT_SECONDS`
(it runs in a thread; one that overruns is abandoned). When anything fails the
feed's own text is kept.
"""

from __future__ import annotations

import asyncio
import logging
from configparser import ConfigParser
from dataclasses import replace
from functools import lru_cache

from tui.core.feeds.fetch import Limits, fetch_all
from tui.core.model import Item
from tui.core.sanitize import clean_text

MODES = ("auto", "always", "never")
PAGE_LIMITS = Limits(timeout=15, deadline=30, max_bytes=3 * 1024 * 1024)
MAX_TREE = 20_000  # HTML elements trafilatura will look at
EXTRACT_SECONDS = 5.0
log = logging.getLogger("nutgraf.feeds")


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


async def with_full_text(items: list[Item], limits: Limits = PAGE_LIMITS) -> list[Item]:
    """`items` with each page's article text, where it is longer than the feed's."""
    if not items:
        return items
    pages = await fetch_all([(item.link, None, None) for item in items], limits)
    result = []
    for item, page in zip(items, pages, strict=True):
        text = ""
        if page.error is None and page.body:
            try:
                text = await asyncio.wait_for(
                    asyncio.to_thread(extract, page.body, page.final_url), EXTRACT_SECONDS
                )
            except TimeoutError:
                log.warning("extraction took over %s s: %s", EXTRACT_SECONDS, item.link)
            except Exception:  # a page trafilatura cannot handle keeps the feed's text
                log.warning("extraction failed: %s", item.link, exc_info=True)
        result.append(replace(item, text=text) if len(text) > len(item.text) else item)
    return result
