"""Main text of an HTML page, by a small tokenizer of our own: linear time, never raising.

The standard library's `html.parser` was quadratic on unterminated markup (80 KB
of `<a ` took 148 s, of `<!--` 7 s, in Python 3.11.7) and raised on marked
sections such as `<![foo[`. Text needs much less than a parser: tags by name,
comments and declarations skipped, script and style content skipped, character
references decoded. Like a browser (the HTML5 tokenizer), a comment, tag or
raw-text element left open runs to the end of the input, so every construct
either ends at a terminator found by one forward search or ends the page:
no position is scanned twice.
"""

from __future__ import annotations

import html as html_lib
import re

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
# Elements whose content is text up to their end tag, never markup.
_RAW_TEXT = frozenset({"script", "style", "title", "textarea"})
_TAG_NAME = re.compile(r"[a-zA-Z][^\t\n\f\r />]*+")
_RAW_END = re.compile(r"</(script|style|title|textarea)(?=[\t\n\f\r />])", re.IGNORECASE)
# A numeric character reference with many digits: `html.unescape` gives them all to
# `int()`, which refuses over 4,300 (and is quadratic below that).
_LONG_CHARREF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{9,}+)|([0-9]{9,}+));?")
_SPACE = " \t\n\r\f"
# What may follow "<!" in a declaration or marked section (else the "<!" is text).
_DECLARATION = re.compile(r"[A-Za-z\[]")


# A feed item's HTML is a fragment, not a page: only what feedparser's sanitiser drops
# with its content is skipped, and more elements break lines.
_FRAGMENT_SKIP = frozenset({"script", "style", "applet", "noscript", "template"})
_FRAGMENT_BLOCK = (_BLOCK - {"br"}) | frozenset(
    {
        "address", "aside", "dd", "details", "dl", "dt", "fieldset", "footer", "form",
        "header", "hr", "nav", "summary",
    }
)  # fmt: skip
_ALT = re.compile(r"""\balt[ \t\n\r\f]*+=[ \t\n\r\f]*+(?:"([^"]*+)"|'([^']*+)'|([^\s>]++))""")


class _TextCollector:
    def __init__(self, skip: frozenset[str] = _SKIP, block: frozenset[str] = _BLOCK) -> None:
        self.parts: list[str] = []
        self.title: list[str] = []
        self.heading: list[str] = []
        self.alts: list[str] = []  # images' descriptions: the text of an image-only item
        self._skip = skip
        self._block = block
        self._skip_depth = 0
        self._in_h1 = False
        self.cdata_close: int | None = None  # where the next "]]>" is (-1: none is)

    def start(self, tag: str, attributes: str = "") -> None:
        if tag in self._skip:
            self._skip_depth += 1
        elif tag == "h1":
            self._in_h1 = True
        elif tag == "img" and not self._skip_depth:
            for quoted, single, bare in _ALT.findall(attributes):
                if alt := quoted or single or bare:
                    self.alts.append(unescape(alt))
        if tag in self._block:
            self.parts.append("\n\n")
        elif tag == "br":
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def end(self, tag: str) -> None:
        if tag in self._skip and self._skip_depth:
            self._skip_depth -= 1
        elif tag == "h1":
            self._in_h1 = False
        if tag in self._block and tag not in _VOID:
            self.parts.append("\n\n")

    def data(self, text: str) -> None:
        if text and not self._skip_depth:
            text = unescape(text)
            self.parts.append(text)
            if self._in_h1:
                self.heading.append(text)

    def raw(self, tag: str, text: str) -> None:
        """The content of a raw-text element (`_RAW_TEXT`)."""
        if tag == "title":
            self.title.append(unescape(text))
        elif tag not in self._skip:
            self.data(text)


def unescape(text: str) -> str:
    """Character references decoded (`&amp;`, `&#233;`), whatever their length."""
    if "&" not in text:
        return text
    return html_lib.unescape(_LONG_CHARREF.sub(_long_charref, text))


def _long_charref(match: re.Match[str]) -> str:
    hexadecimal = match.group(1)
    digits = (hexadecimal or match.group(2)).lstrip("0") or "0"
    if len(digits) > 8:  # far beyond Unicode: a replacement character, as in a browser
        return "\ufffd"
    return html_lib.unescape(f"&#{'x' if hexadecimal else ''}{digits};")


def html_to_text(html: str) -> tuple[str, str]:
    """Return `(title, text)`: the first `<h1>` (else `<title>`) and the visible text.

    Paragraphs are separated by blank lines; the heading is kept out of the body.
    """
    collector = _TextCollector()
    _tokenize(html, collector)
    title = " ".join("".join(collector.heading or collector.title).split())
    paragraphs = [" ".join(block.split()) for block in "".join(collector.parts).split("\n\n")]
    body = "\n\n".join(p for p in paragraphs if p and p != title)
    return title, body


def fragment_text(html: str) -> tuple[str, list[str]]:
    """The text of an HTML fragment (a feed item): blocks as blank lines, `<br>` as a line
    break, script and style dropped with their content; and its images' descriptions."""
    collector = _TextCollector(_FRAGMENT_SKIP, _FRAGMENT_BLOCK)
    _tokenize(html, collector)
    return "".join(collector.parts), collector.alts


def _tokenize(html: str, out: _TextCollector) -> None:
    """Feed `out` the tags, text and raw text of `html`, left to right, in one pass."""
    end = len(html)
    position = 0
    while position < end:
        less = html.find("<", position)
        if less < 0:
            out.data(html[position:])
            return
        out.data(html[position:less])
        position = _markup(html, less, out)


def _markup(html: str, less: int, out: _TextCollector) -> int:
    """Handle the markup starting with the `<` at `less`; return where the text resumes."""
    end = len(html)
    following = html[less + 1 : less + 2]
    if following == "!":
        if html.startswith("<!--", less):
            if html.startswith(">", less + 4):  # <!--> is an empty comment
                return less + 5
            if html.startswith("->", less + 4):
                return less + 6
            close = html.find("-->", less + 4)
            return end if close < 0 else close + 3
        if html.startswith("<![CDATA[", less):  # skipped to its end (not text in HTML)
            known = out.cdata_close
            if known is None or 0 <= known < less + 9:  # the next "]]>", searched once
                known = out.cdata_close = html.find("]]>", less + 9)
            return _after(html, ">", less + 9) if known < 0 else known + 3
        if not _DECLARATION.match(html, less + 2):  # "<!'" and the like: text
            out.data("<!")
            return less + 2
        return _after(html, ">", less + 2)  # <!DOCTYPE>, <![foo[: skipped
    if following == "?":
        return _after(html, ">", less + 2)
    if following == "/":
        name = _TAG_NAME.match(html, less + 2)
        if name is None:  # </ 3> and the like: a bogus comment; "</" at the end is text
            if less + 2 >= end:
                out.data("</")
                return end
            return _after(html, ">", less + 2)
        stop = _tag_end(html, name.end())
        if stop < 0:
            return end
        out.end(name.group().lower())
        return stop
    name = _TAG_NAME.match(html, less + 1)
    if name is None:  # "a < b": text
        out.data("<")
        return less + 1
    stop = _tag_end(html, name.end())
    if stop < 0:
        return end  # a tag left open runs to the end of the input
    tag = name.group().lower()
    out.start(tag, html[name.end() : stop - 1])
    if html.startswith("/>", stop - 2):
        out.end(tag)
        return stop
    if tag in _RAW_TEXT:
        return _raw_text(html, tag, stop, out)
    return stop


def _raw_text(html: str, tag: str, start: int, out: _TextCollector) -> int:
    """The content of `<script>` and the like, up to its own end tag (or the end)."""
    search = start
    while True:
        found = _RAW_END.search(html, search)
        if found is None:
            out.raw(tag, html[start:])
            out.end(tag)
            return len(html)
        if found.group(1).lower() == tag:
            out.raw(tag, html[start : found.start()])
            return found.start()  # the end tag itself is read as markup
        search = found.end()


def _after(html: str, terminator: str, start: int) -> int:
    found = html.find(terminator, start)
    return len(html) if found < 0 else found + len(terminator)


def _tag_end(html: str, start: int) -> int:
    """Where the tag whose attributes begin at `start` ends (after its `>`); -1: never.

    A `>` inside a quoted attribute value does not end the tag. Each character is
    looked at once: the searches only move forward.
    """
    end = len(html)
    position = start
    greater = html.find(">", position)
    while greater >= 0:
        equals = html.find("=", position, greater)
        if equals < 0:
            return greater + 1
        value = equals + 1
        while value < end and html[value] in _SPACE:
            value += 1
        if value < end and html[value] in "\"'":
            close = html.find(html[value], value + 1)
            if close < 0:
                return -1
            position = close + 1
            if position > greater:
                greater = html.find(">", position)
        else:
            position = value
    return -1
