"""Subscription lists in and out: OPML (with defusedxml: no entity tricks) and newsboat's `urls`."""

from __future__ import annotations

from xml.etree.ElementTree import Element, SubElement, tostring

from defusedxml import ElementTree as SafeTree
from defusedxml.common import DefusedXmlException

from tui.core.model import Subscription
from tui.core.sanitize import clean_line


class ListError(ValueError):
    """A subscription list that cannot be read; the message says why."""


def read_subscriptions(data: bytes) -> list[Subscription]:
    """OPML if it looks like XML, else newsboat's `urls` format (a URL a line, then tags)."""
    if data.lstrip().startswith(b"<"):
        return read_opml(data)
    found = []
    for line in data.decode("utf-8", errors="replace").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            url = line.split()[0].strip('"')
            if url.startswith(("http://", "https://")):
                found.append(Subscription(clean_line(url)))
    return _unique(found)


def read_opml(data: bytes) -> list[Subscription]:
    try:
        root = SafeTree.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as error:
        raise ListError(f"refused: the OPML uses {type(error).__name__}") from error
    except SafeTree.ParseError as error:
        raise ListError(f"not valid OPML: {error}") from error
    found = []
    for outline in root.iter("outline"):
        url = outline.get("xmlUrl") or outline.get("xmlurl") or ""
        if url.startswith(("http://", "https://")):
            title = outline.get("title") or outline.get("text") or ""
            found.append(Subscription(clean_line(url), clean_line(title)))
    return _unique(found)


def write_opml(subscriptions: list[Subscription]) -> str:
    root = Element("opml", version="2.0")
    SubElement(SubElement(root, "head"), "title").text = "nutgraf subscriptions"
    body = SubElement(root, "body")
    for subscription in subscriptions:
        title = subscription.title or subscription.url
        SubElement(body, "outline", type="rss", text=title, title=title, xmlUrl=subscription.url)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="unicode") + "\n"


def _unique(subscriptions: list[Subscription]) -> list[Subscription]:
    seen: dict[str, Subscription] = {}
    for subscription in subscriptions:
        seen.setdefault(subscription.url, subscription)
    return list(seen.values())
