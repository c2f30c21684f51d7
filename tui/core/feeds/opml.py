"""Subscription lists in and out: OPML (with defusedxml: no entity tricks) and newsboat's `urls`.

What the reader organised is kept both ways. OPML: an `<outline>` holding others is a
folder (nested folders are stored as "News/Local"), a feed's `text` or `title` is the
reader's name for it, its `category` attribute (comma-separated) its tags. newsboat: a
line is a URL and its tags; `"~Name"` is the reader's name for the feed, the first other
tag its folder (newsboat reads OPML folders as tags, and this is the way back), the rest
its tags; `!` (hidden) is dropped. `write_opml` nests the feeds in their folders and
writes the tags as `category`, so import, export, import gives the same list.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element, SubElement, indent, tostring

from defusedxml import ElementTree as SafeTree
from defusedxml.common import DefusedXmlException

from tui.core.model import Subscription
from tui.core.sanitize import clean_line

FOLDER_SEPARATOR = "/"
# A "/" inside one folder's name would read as nesting on the way back.
NAME_SLASH = "\u2215"  # DIVISION SLASH


class ListError(ValueError):
    """A subscription list that cannot be read; the message says why."""


def read_subscriptions(data: bytes) -> list[Subscription]:
    """OPML if it looks like XML, else newsboat's `urls` format (a URL a line, then tags)."""
    if data.lstrip().startswith(b"<"):
        return read_opml(data)
    return read_urls(data.decode("utf-8", errors="replace"))


def read_urls(text: str) -> list[Subscription]:
    found = []
    for line in text.splitlines():
        words = _words(line.strip())
        if not words or words[0].startswith("#"):
            continue
        # As written: a URL that is not a usable address (query: and exec: feeds that
        # newsboat makes itself, control characters) is skipped with a message by the
        # caller, never quietly dropped or cleaned into another address.
        url = words[0]
        title = ""
        tags: list[str] = []
        for word in words[1:]:
            if word.startswith("~"):
                title = title or clean_line(word[1:]).strip()
            elif not word.startswith("!") and (tag := _tag(word)):
                tags.append(tag)
        tags = list(dict.fromkeys(tags))
        folder = _folder(tags[0].split(FOLDER_SEPARATOR)) if tags else ""
        found.append(Subscription(url, title, folder, tuple(tags[1:])))
    return _unique(found)


def _words(line: str) -> list[str]:
    """newsboat's words: separated by spaces, or in double quotes with \\" and \\\\ escapes."""
    words: list[str] = []
    position = 0
    while position < len(line):
        if line[position].isspace():
            position += 1
        elif line[position] == '"':
            word = []
            position += 1
            while position < len(line) and line[position] != '"':
                if line[position] == "\\" and position + 1 < len(line):
                    position += 1
                word.append(line[position])
                position += 1
            words.append("".join(word))
            position += 1
        else:
            end = position
            while end < len(line) and not line[end].isspace():
                end += 1
            words.append(line[position:end])
            position = end
    return words


def _tag(text: str) -> str:
    """A tag as stored: one clean line, no commas (OPML's `category` separates by them)."""
    return clean_line(text).replace(",", " ").strip().strip(FOLDER_SEPARATOR).strip()


def _folder(names: list[str]) -> str:
    """A folder path from the names of its nested folders; empty names are dropped."""
    parts = [clean_line(name).strip() for name in names]
    return FOLDER_SEPARATOR.join(part for part in parts if part)


def read_opml(data: bytes) -> list[Subscription]:
    try:
        root = SafeTree.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as error:
        raise ListError(f"refused: the OPML uses {type(error).__name__}") from error
    except SafeTree.ParseError as error:
        raise ListError(f"not valid OPML: {error}") from error
    found: list[Subscription] = []
    body = root.find("body")
    top = list(body if body is not None else root)
    # An explicit stack of (outline, its folders): nesting as deep as the file goes.
    stack: list[tuple[Element, tuple[str, ...]]] = [(child, ()) for child in reversed(top)]
    while stack:
        outline, folders = stack.pop()
        if outline.tag != "outline":
            continue
        url = outline.get("xmlUrl") or outline.get("xmlurl") or ""
        name = outline.get("title") or outline.get("text") or ""
        if url:  # as written (see `read_urls`)
            categories = (outline.get("category") or "").split(",")
            tags = tuple(dict.fromkeys(t for c in categories if (t := _tag(c))))
            folder = FOLDER_SEPARATOR.join(folders)
            name = "" if name == url else name  # written for a feed of no known title
            found.append(Subscription(url.strip(), clean_line(name), folder, tags))
            continue
        # A folder; one without a name only groups (its feeds are where it is).
        named = _folder([name.replace(FOLDER_SEPARATOR, NAME_SLASH)])
        inner = (*folders, named) if named else folders
        stack.extend((child, inner) for child in reversed(list(outline)))
    return _unique(found)


def write_opml(subscriptions: list[Subscription]) -> str:
    """OPML 2.0: each feed in its folders (nested outlines), its tags as `category`."""
    root = Element("opml", version="2.0")
    SubElement(SubElement(root, "head"), "title").text = "nutgraf subscriptions"
    body = SubElement(root, "body")
    folders: dict[str, Element] = {"": body}

    def folder(path: str) -> Element:
        if path not in folders:
            parent, _, name = path.rpartition(FOLDER_SEPARATOR)
            folders[path] = SubElement(folder(parent), "outline", text=name, title=name)
        return folders[path]

    # By folder (each made when its first feed comes): in each folder its feeds, then the
    # folders inside it; the feeds in the order given.
    for subscription in sorted(subscriptions, key=lambda s: s.folder):
        title = subscription.title or subscription.url
        attributes = {"type": "rss", "text": title, "title": title, "xmlUrl": subscription.url}
        if subscription.tags:
            attributes["category"] = ",".join(subscription.tags)
        SubElement(folder(subscription.folder), "outline", attributes)
    indent(root)  # a file people read and diff: one outline a line, nested by folder
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="unicode") + "\n"


def _unique(subscriptions: list[Subscription]) -> list[Subscription]:
    """The first of each URL (a feed in two folders stays in the first)."""
    seen: dict[str, Subscription] = {}
    for subscription in subscriptions:
        seen.setdefault(subscription.url, subscription)
    return list(seen.values())
