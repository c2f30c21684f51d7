"""Main text of an HTML page with the standard library: no tags, no scripts, no chrome."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_SKIP = frozenset(
    {"script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside", "form"}
)
_BLOCK = frozenset(
    {
        "p", "div", "section", "article", "main", "br", "li", "ul", "ol", "blockquote",
        "h1", "h2", "h3", "h4", "h5", "h6", "pre", "table", "tr", "figure", "figcaption",
    }
)  # fmt: skip
_VOID = frozenset({"br", "img", "hr", "meta", "link", "input", "source", "wbr"})
_SPACES = re.compile(r"[ \t\f\v]+")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.heading: list[str] = []
        self._skip_depth = 0
        self._in_title = False
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip_depth += 1
        elif tag == "title":
            self._in_title = True
        elif tag == "h1":
            self._in_h1 = True
        if tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and self._skip_depth:
            self._skip_depth -= 1
        elif tag == "title":
            self._in_title = False
        elif tag == "h1":
            self._in_h1 = False
        if tag in _BLOCK and tag not in _VOID:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._skip_depth:
            self.parts.append(data)
            if self._in_h1:
                self.heading.append(data)


def html_to_text(html: str) -> tuple[str, str]:
    """Return `(title, text)`: the first `<h1>` (else `<title>`) and the visible text.

    Paragraphs are separated by blank lines; the heading is kept out of the body.
    """
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    title = " ".join("".join(collector.heading or collector.title).split())
    paragraphs = [
        " ".join(_SPACES.sub(" ", block).split())
        for block in "".join(collector.parts).split("\n\n")
    ]
    body = "\n\n".join(p for p in paragraphs if p and p != title)
    return title, body
