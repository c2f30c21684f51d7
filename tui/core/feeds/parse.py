"""Feeds to items: feedparser on bytes (never a string, which it may open as a path or
URL), every text through the sanitising boundary, links made absolute.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import feedparser

from tui.core.ingest.html_text import html_to_text
from tui.core.model import Item
from tui.core.sanitize import clean_line, clean_text


@dataclass(frozen=True)
class Feed:
    title: str
    items: list[Item]
    # Set when the feed is malformed but usable ("bozo"), or when it is unusable.
    warning: str | None = None
    error: str | None = None


def parse_feed(data: bytes, url: str) -> Feed:
    """Parse `data` fetched from `url`; a broken feed gives `error`, never an exception."""
    try:
        parsed = feedparser.parse(
            data,
            response_headers={"content-location": url},
            sanitize_html=False,
            resolve_relative_uris=False,
        )
    except Exception as error:  # feedparser is meant not to raise; a bad byte still might
        return Feed("", [], error=f"unreadable feed: {type(error).__name__}")
    problem = None
    if parsed.get("bozo"):
        problem = clean_line(str(parsed.get("bozo_exception", "malformed")))[:200]
    items = [item for entry in parsed.entries if (item := _item(entry, url)) is not None]
    title = clean_line(parsed.feed.get("title", "")) or urlsplit(url).netloc
    if not items and problem:
        return Feed(title, [], error=f"not a usable feed: {problem}")
    return Feed(
        title, items, warning=f"malformed, shown as far as readable: {problem}" if problem else None
    )


def _item(entry: feedparser.FeedParserDict, base: str) -> Item | None:
    html = ""
    if entry.get("content"):
        html = max((c.get("value", "") for c in entry.content), key=len)
    html = html if len(html) >= len(entry.get("summary", "")) else entry.get("summary", "")
    _, text = html_to_text(html) if "<" in html else ("", html)
    text = clean_text(text).strip()
    title = clean_line(entry.get("title", ""))
    link = entry.get("link", "")
    link = clean_line(urljoin(base, link)) if link else ""
    if link and urlsplit(link).scheme not in ("http", "https"):
        link = ""  # javascript:, data:, file: links are dropped
    if not (text or title):
        return None
    return Item(
        guid=clean_line(entry.get("id", "")),
        link=link,
        title=title,
        published=_date(entry),
        text=text or title,
    )


def _date(entry: feedparser.FeedParserDict) -> str:
    """The item's date as ISO 8601 (the list shows its first 10 characters), else as given.

    Not `updated` unless needed: feedparser warns when it maps it from `published`.
    """
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", parsed)
    return clean_line(entry.get("published") or entry.get("updated", ""))
