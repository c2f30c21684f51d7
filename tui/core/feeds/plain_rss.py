"""The commonest feed read fast: well-formed UTF-8 RSS 2.0 made only of elements we know.

feedparser is pure Python and spends ~30 ms on a feed of 50 items (issue 15: parsing was
most of a first refresh's CPU). Most feeds are plain RSS 2.0; for those, expat (in C,
through ElementTree) reads the document in under a millisecond and this module gives
what feedparser would give for the fields `parse.py` uses, applying feedparser's own
rules (its URL joining, its date parser, its guess of HTML in a title, its repair of
double-encoded UTF-8 and of cp1252 code points). Anything else, or anything unusual (a
DOCTYPE, another charset, an attribute that changes a value's type, an element that
feedparser maps onto a field we use, a repeated field, markup as child elements), gives
None and feedparser reads the document. `tui.evaluate.plain_rss` checks on feedparser's
own test files that every document read here reads the same through feedparser.
"""

from __future__ import annotations

import contextlib
import re
import xml.etree.ElementTree as ElementTree
from typing import Any

from feedparser.datetimes import _parse_date
from feedparser.html import _cp1252
from feedparser.mixin import _FeedParserMixin
from feedparser.urls import _urljoin
from feedparser.util import FeedParserDict

CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
# An item's children: those `parse.py` reads, and those feedparser keeps apart from them.
USED = frozenset({"title", "link", "guid", "pubDate", "description", CONTENT})
KEPT_APART = frozenset(
    {
        "author",
        "category",
        "comments",
        "enclosure",
        "source",
        "{http://purl.org/dc/elements/1.1/}creator",
        "{http://purl.org/dc/elements/1.1/}subject",
        "{http://wellformedweb.org/CommentAPI/}commentRss",
        "{http://purl.org/rss/1.0/modules/slash/}comments",
    }
)
# The channel's children whose own children stay in their own element (`image`'s title).
CHANNEL_NESTED = frozenset({"image", "textInput", "cloud", "skipHours", "skipDays"})
CHANNEL_LEAVES = frozenset(
    {
        "title",
        "link",
        "description",
        "language",
        "copyright",
        "managingEditor",
        "webMaster",
        "pubDate",
        "lastBuildDate",
        "category",
        "generator",
        "docs",
        "ttl",
        "rating",
        "{http://www.w3.org/2005/Atom}link",
        "{http://purl.org/rss/1.0/modules/syndication/}updatePeriod",
        "{http://purl.org/rss/1.0/modules/syndication/}updateFrequency",
    }
)
XML_TYPES = frozenset({"", "application/rss+xml", "application/xml", "application/rdf+xml"})
_DECLARATION = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)[\"']")
_AMP_REFERENCE = re.compile("&([A-Za-z0-9_]+);")


class _Unusual(Exception):
    """The document is not one this module reads: feedparser will."""


def read(data: bytes, headers: dict[str, str], base: str) -> Any | None:
    """What `feedparser.parse` gives for `data` (fields `parse.py` uses); None: not plain
    RSS 2.0, so feedparser must read it. `headers`: lower-case names; `base`: the URL that
    relative links resolve against (the Content-Location)."""
    if not _utf8(data, headers) or b"<!DOCTYPE" in data or b"<!doctype" in data:
        return None
    try:
        root = ElementTree.fromstring(data)
        return _feed(root, base)
    except (ElementTree.ParseError, _Unusual, ValueError):
        return None


def _utf8(data: bytes, headers: dict[str, str]) -> bool:
    """Whether feedparser would read `data` as UTF-8 without a remark: served as an XML
    type with no charset other than UTF-8, declared UTF-8 (or not at all), no BOM."""
    kind, _, params = headers.get("content-type", "").partition(";")
    charset = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", params, re.I)
    if kind.strip().lower() not in XML_TYPES:
        return False
    if charset and charset.group(1).lower() != "utf-8":
        return False
    if data.startswith(b"\xef\xbb\xbf"):
        return False  # a BOM: feedparser's to judge
    declared = _DECLARATION.match(data[:200])
    if declared and declared.group(1).lower() != b"utf-8":
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _feed(root: ElementTree.Element, base: str) -> Any:
    if root.tag != "rss" or root.attrib != {"version": "2.0"} or len(root) != 1:
        raise _Unusual
    channel = root[0]
    if channel.tag != "channel" or channel.attrib:
        raise _Unusual
    feed: dict[str, Any] = {}
    entries = []
    for child in channel:
        if child.tag == "item":
            entries.append(_entry(child, base))
        elif child.tag == "title":
            if "title" in feed:
                raise _Unusual
            feed.update(_titled(_text(child)))
        elif child.tag in CHANNEL_LEAVES:
            _text(child, attributes=True)
        elif child.tag not in CHANNEL_NESTED or any("}" in part.tag for part in child.iter()):
            raise _Unusual
    return FeedParserDict(
        bozo=0, entries=entries, feed=FeedParserDict(feed), version="rss20", encoding="utf-8"
    )


def _entry(item: ElementTree.Element, base: str) -> dict[str, Any]:
    if item.attrib:
        raise _Unusual
    children: dict[str, ElementTree.Element] = {}
    for child in item:
        if child.tag in KEPT_APART:
            _text(child, attributes=True)
        elif child.tag not in USED or child.tag in children:
            raise _Unusual  # feedparser's choice between two depends on depth and order
        else:
            children[child.tag] = child
    entry: dict[str, Any] = {}
    if (title := children.get("title")) is not None:
        entry.update(_titled(_text(title)))
    if (description := children.get("description")) is not None:
        entry["summary"] = _finished(_text(description))
        entry["summary_detail"] = {"type": "text/html"}
    if (content := children.get(CONTENT)) is not None:
        text = _finished(_text(content))
        entry["content"] = [{"type": "text/html", "value": text}]
        entry.setdefault("summary", text)  # the description wins, in either order
    if (guid := children.get("guid")) is not None:
        if set(guid.attrib) - {"isPermaLink"}:
            raise _Unusual
        permalink = guid.attrib.get("isPermaLink", "true") == "true"
        value = _text(guid, attributes=True)
        entry["id"] = _finished(_urljoin(base, value) if permalink and value else value)
        if permalink:
            entry["link"] = entry["id"]  # unless the item has a link element (below)
    if (link := children.get("link")) is not None:
        value = _text(link)
        value = _finished(_urljoin(base, value) if value else value)
        entry["link"] = _AMP_REFERENCE.sub(r"&\g<1>", value.replace("&amp;", "&"))
    if (date := children.get("pubDate")) is not None:
        entry["published"] = _finished(_text(date))
        entry["published_parsed"] = _parse_date(entry["published"])
    return entry


def _titled(text: str) -> dict[str, Any]:
    """A title and its type as feedparser gives them: plain, unless it looks like HTML."""
    kind = "text/html" if _FeedParserMixin.looks_like_html(text) else "text/plain"
    return {"title": _finished(text), "title_detail": {"type": kind}}


def _text(element: ElementTree.Element, attributes: bool = False) -> str:
    """The element's text, stripped; unusual when it holds elements or (unless
    `attributes`) has attributes, which may change its type or its base."""
    if len(element) or (element.attrib and not attributes):
        raise _Unusual
    return (element.text or "").strip()


def _finished(text: str) -> str:
    """feedparser's last steps on a value: UTF-8 that was read as Latin-1 repaired, cp1252's
    code points mapped."""
    with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
        text = text.encode("iso-8859-1").decode("utf-8")
    return text.translate(_cp1252)
