"""Feeds to items: feedparser on bytes (never a string, which it may open as a path or
URL) with the response's headers, every title and text made plain and sanitised once.

feedparser is given the headers the server sent (Content-Type and its charset,
Content-Location, Content-Language, Last-Modified, ETag), so it decodes legacy charsets
as declared and judges the document as its own tests do. Its HTML sanitising and its
resolving of links inside HTML are switched off: every title and text is turned into
plain text here (tags dropped, scripts and styles with their content, block elements
as line breaks, entities decoded once, whitespace normalised) and then passes the
sanitising boundary, and no link inside an item's HTML is used. A value feedparser calls
plain loses the tags of known HTML element names too (`<img src="x.png"/>`, `<br>`), but
nothing else between "<" and ">" ("x<y and y>z" is text). Item links are made absolute
and only http(s) ones are kept. Two entries with one identity (GUID, else link, else
title, text and date) are one item: the first is kept, the others counted.
"""

from __future__ import annotations

import re
import time
import xml.sax
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
from feedparser.exceptions import (
    CharacterEncodingUnknown,
    ThingsNobodyCaresAboutButMe,
    UndeclaredNamespace,
)

from tui.core.feeds import plain_rss
from tui.core.ingest.html_text import fragment_text
from tui.core.ingest.titles import derive_title, trim
from tui.core.model import Item
from tui.core.sanitize import clean_line, clean_text

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "html", "xhtml"})


@dataclass(frozen=True)
class Feed:
    title: str
    items: list[Item]
    # Set when the feed is malformed but usable, or when it is unusable.
    warning: str | None = None
    error: str | None = None
    # Entries with neither a title nor a text: not stored, counted.
    skipped: int = 0
    # Entries whose identity (GUID, else link) an earlier entry had: not stored, counted.
    repeated: int = 0


def parse_feed(data: bytes, url: str, headers: dict[str, str] | None = None) -> Feed:
    """Parse `data` fetched from `url` with the response's `headers`.

    A broken feed gives `error`, never an exception.
    """
    received = {name.lower(): value for name, value in (headers or {}).items()}
    received.setdefault("content-location", url)
    parsed = plain_rss.read(data, received, received["content-location"])
    try:
        parsed = parsed or feedparser.parse(
            data, response_headers=received, sanitize_html=False, resolve_relative_uris=False
        )
    except Exception as error:  # feedparser is meant not to raise; a bad byte still might
        return Feed("", [], error=f"unreadable feed: {type(error).__name__}")
    problem = verdict(parsed)
    atom = _atom(parsed)
    items = [item for entry in parsed.entries if (item := _item(entry, url, atom)) is not None]
    skipped = len(parsed.entries) - len(items)
    items, repeated = _first_of_each(items)
    title = feed_title(parsed) or urlsplit(url).netloc
    if not parsed.entries and not parsed.get("version"):
        if _html_page(data, received):
            return Feed(title, [], error="not a feed (an HTML page)")
        if not parsed.feed:
            reason = problem or "no feed, channel or entry in it"
            return Feed(title, [], error=f"not a feed: {reason}")
    warning = f"{problem}; read as far as possible" if problem else None
    return Feed(title, items, warning=warning, skipped=skipped, repeated=repeated)


_HTML_START = re.compile(rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.I | re.S)


def _html_page(data: bytes, headers: dict[str, str]) -> bool:
    """Whether a document feedparser found no feed in is a web page: served as HTML, or
    starting as one (a BOM, spaces and comments aside)."""
    kind = headers.get("content-type", "").split(";")[0].strip().lower()
    return kind in ("text/html", "application/xhtml+xml") or bool(
        _HTML_START.match(data[:4096].removeprefix(b"\xef\xbb\xbf"))
    )


def _first_of_each(items: list[Item]) -> tuple[list[Item], int]:
    """The first item of each identity, and how many repeated an earlier one's."""
    seen: set[str] = set()
    first: list[Item] = []
    for item in items:
        if item.basis not in seen:
            seen.add(item.basis)
            first.append(item)
    return first, len(items) - len(first)


def feed_title(parsed: Any) -> str:
    title = parsed.feed.get("title") or ""
    return plain_line(title, _guess(title, _type(parsed.feed, "title"), _atom(parsed)))


def _atom(parsed: Any) -> bool:
    return str(parsed.get("version") or "").startswith("atom")


def verdict(parsed: Any) -> str | None:
    """What feedparser found wrong with the document, in words; None when it read cleanly.

    What feedparser itself files under "things nobody cares about" (a Content-Type that
    is not XML, a charset the document overrides) is about the server, not the document.
    """
    if not parsed.get("bozo"):
        return None
    error = parsed.get("bozo_exception")
    if isinstance(error, CharacterEncodingUnknown):
        return "the feed's character encoding is unknown, so some characters may be wrong"
    if isinstance(error, ThingsNobodyCaresAboutButMe):
        return None
    if isinstance(error, UndeclaredNamespace):
        return "the feed uses an XML namespace prefix it never declares"
    if isinstance(error, xml.sax.SAXParseException):
        message = clean_line(str(error.getMessage()))[:120]
        return f"the feed is not well-formed XML ({message} on line {error.getLineNumber()})"
    return f"the feed is malformed ({clean_line(str(error) or type(error).__name__)[:160]})"


def _type(holder: Any, key: str, default: str = "text/plain") -> str:
    """The type feedparser gives `key`'s value: text/plain, text/html, ..."""
    detail = holder.get(f"{key}_detail") or {}
    return str(detail.get("type") or default)


def entry_texts(entry: Any, atom: bool = False) -> tuple[str, str]:
    """An entry's title and its longest text (content or summary), as plain text.

    `atom`: the feed is Atom, whose types are explicit; elsewhere a "plain" value with a
    closing tag is HTML (feedparser calls it plain when a tag is not on its allowed list).
    """
    contents = [
        (c.get("value") or "", c.get("type") or "text/html") for c in entry.get("content") or []
    ]
    summary = entry.get("summary") or ""
    if summary:
        # feedparser copies a content into `summary` without a `summary_detail`
        same = [kind for value, kind in contents if value == summary]
        contents.append((summary, _type(entry, "summary", same[0] if same else "text/html")))
    texts = [plain_text(value, _guess(value, kind, atom)) for value, kind in contents if value]
    title = entry.get("title") or ""
    return plain_line(title, _guess(title, _type(entry, "title"), atom)), max(
        texts, key=len, default=""
    )


def _guess(value: str, kind: str, atom: bool) -> str:
    if not atom and kind == "text/plain" and _CLOSING_TAG.search(value):
        return "text/html"
    return kind


def has_content(entry: Any) -> bool:
    """Whether feedparser found a title or a text (markup counts) in `entry`."""
    values = [entry.get("title"), entry.get("summary")]
    values += [c.get("value") for c in entry.get("content") or []]
    return any(isinstance(value, str) and value.strip() for value in values)


def _item(entry: Any, base: str, atom: bool) -> Item | None:
    """The entry as an item; None for one with neither title nor text (dates, links only)."""
    if not has_content(entry):
        return None
    title, text = entry_texts(entry, atom)
    link = entry.get("link", "")
    link = clean_line(urljoin(base, link)) if link and isinstance(link, str) else ""
    if link and urlsplit(link).scheme not in ("http", "https"):
        link = ""  # javascript:, data:, file: links are dropped
    published = _date(entry)
    if not title:  # none, or only markup: from the text, else the link, else the date
        title = derive_title(text, link) if text else trim(link) or published or "(no title)"
    item = Item(
        guid=clean_line(str(entry.get("id", ""))),
        link=link,
        title=title,
        published=published,
        text=text or title,
    )
    return replace(item, version=item.feed_version)  # before any page replaces the text


def _date(entry: Any) -> str:
    """The item's date as ISO 8601 (the list shows its first 10 characters), else as given.

    Not `updated` unless needed: feedparser warns when it maps it from `published`.
    """
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", parsed)
    return clean_line(entry.get("published") or entry.get("updated", ""))


# Plain text from what feedparser gives: HTML or text, as its type says.

# Plain text from what feedparser gives: HTML or text, as its type says (the HTML by our own
# linear tokenizer, `tui.core.ingest.html_text`, as for HTML files).
_BREAKS = re.compile(r"\n{2,}")  # the lines are stripped first: blank lines are empty
_CLOSING_TAG = re.compile(r"</[A-Za-z][\w:.-]*\s*>")


# The elements of the HTML standard (obsolete ones such as <blink> are not): their tags
# are dropped from a value called plain; anything else between "<" and ">" is text.
HTML_ELEMENTS = frozenset(
    """a abbr address area article aside audio b base bdi bdo blockquote body br button
    canvas caption cite code col colgroup data datalist dd del details dfn dialog div dl dt
    em embed fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hgroup hr
    html i iframe img input ins kbd label legend li link main map mark menu meta meter nav
    noscript object ol optgroup option output p param picture pre progress q rp rt ruby s
    samp script search section select slot small source span strong style sub summary sup
    table tbody td template textarea tfoot th thead time title tr track u ul var video
    wbr""".split()
)
_BREAKING = frozenset({"br", "p", "div", "li", "tr", "hr", "h1", "h2", "h3", "h4", "h5", "h6"})
# A tag: "<" or "</", a name, then attributes up to ">" (never across another "<").
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*+)((?:[\t\n\f\r /][^<>]*+)?)>")
_CDATA_MARKS = re.compile(r"<!\[CDATA\[|\]\]>")


def without_tags(value: str) -> str:
    """`value` (called plain) without the tags of HTML elements and CDATA markers; a tag
    that breaks a line is a space."""

    def tag(match: re.Match[str]) -> str:
        name = match.group(2).lower()
        if name not in HTML_ELEMENTS:
            return match.group()
        return " " if name in _BREAKING else ""

    return _TAG.sub(tag, _CDATA_MARKS.sub("", value))


def plain_text(value: str, kind: str = "text/html") -> str:
    """`value` as plain, sanitised text: paragraphs split by a blank line, lines by one."""
    if kind.lower() in HTML_TYPES:
        value, alts = fragment_text(value)
        if not value.strip():
            value = "\n".join(alts)
    elif "<" in value or "]]>" in value:
        value = without_tags(value)
    lines = (" ".join(line.split()) for line in clean_text(value).split("\n"))  # runs: a space
    return _BREAKS.sub("\n\n", "\n".join(lines)).strip()


def plain_line(value: str, kind: str = "text/plain") -> str:
    """`value` as one plain, sanitised line (titles)."""
    return clean_line(plain_text(value, kind))
