"""The full text of one article in one widget, with summary sentences and mentions highlighted.

The text is one `ScrollView` that draws only the lines on screen (`render_line`), like
the article list: no widget per paragraph, so a new article costs no mounting or CSS,
and a paragraph of any length flows without breaks. Each paragraph is wrapped at
spaces to the width once (`wrap`, kept per width); highlights are offsets into the
text, applied to the lines drawn. Drawn lines are cached until the article, the
highlights, the width or the theme change.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, get_character_cell_size
from textual.binding import BindingType
from textual.content import Content
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

from tui.core.export import web_url
from tui.core.model import Analysis, Article
from tui.core.sanitize import clean_line
from tui.ui.keys import SCROLL_KEYS
from tui.ui.text import shown, shown_text
from tui.ui.widgets.scrolling import ScrollKeys

# Wrapping is linear but it is Python: past this many characters the view stops, with
# a notice (the summary and the names still cover the whole text).
DISPLAY_LIMIT = 200_000
# Lines drawn and kept (a few screens' worth).
KEEP_LINES = 400
# `after_paint` callbacks run at the latest this long after they were asked for.
PAINT_DEADLINE = 0.25
_CHUNK = re.compile(r"\S+\s*|\s+")


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """`(start, end)` of each line of `text` wrapped at spaces to `width` cells.

    Spaces after a word stay on its line (they are not drawn past the edge); a word
    wider than the line is cut where the line ends. One pass over the text.
    """
    width = max(1, width)
    if text.isascii() and len(text) <= width:
        return [(0, len(text))]
    lines: list[tuple[int, int]] = []
    start = column = 0
    measure = len if text.isascii() else cell_len
    for match in _CHUNK.finditer(text):
        begin, end = match.span()
        chunk = match.group()
        word = measure(chunk.rstrip())
        if column + word <= width:
            column += measure(chunk)
            continue
        if column:
            lines.append((start, begin))
            start, column = begin, 0
        if word <= width:
            column = measure(chunk)
            continue
        for position in range(begin, end):  # a word longer than the line: cut it
            cells = get_character_cell_size(text[position])
            if column + cells > width and column:
                if text[position].isspace():
                    break  # the rest is the word's trailing spaces: they hang
                lines.append((start, position))
                start, column = position, 0
            column += cells
    lines.append((start, len(text)))
    return lines


@dataclass(frozen=True)
class Block:
    """A run of text shown together: the title, the link, a paragraph, a notice."""

    kind: str  # "title", "url", "text", "notice" or "error"
    text: str
    start: int = -1  # where a paragraph starts in the article's text


# A drawn line: which block (-1: the blank line between blocks), and its part of that block.
Line = tuple[int, int, int]


def blocks_of(article: Article | None, message: str = "") -> list[Block]:
    """What the view shows for `article`, in order."""
    blocks: list[Block] = []
    # The full title heads the text (the list may have cut it), unless the text starts with it.
    if article and not article.text.lstrip().startswith(article.title.rstrip("…")):
        blocks.append(Block("title", shown(article.title).plain))
    if article and (url := web_url(article)):
        blocks.append(Block("url", clean_line(url)))
    if article is None or article.error:
        reason = article.error if article else message
        blocks.append(Block("error", shown(reason or "").plain))
        return blocks
    start = 0
    for line in article.text[:DISPLAY_LIMIT].split("\n"):
        if line.strip():
            blocks.append(Block("text", shown_text(line).plain, start))
        start += len(line) + 1
    if len(article.text) > DISPLAY_LIMIT:
        blocks.append(
            Block(
                "notice",
                f"Showing the first {DISPLAY_LIMIT:,} of {len(article.text):,} characters; "
                "the summary and the names cover the whole text.",
            )
        )
    return blocks


MATCHES = ("match", "matches")


class ArticleView(ScrollKeys, ScrollView, can_focus=True):
    """Scrollable article body. Highlights come from `Analysis` spans, in text offsets."""

    BINDINGS: ClassVar[list[BindingType]] = SCROLL_KEYS
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-view--title",
        "article-view--url",
        "article-view--notice",
        "article-view--error",
        "article-view--summary",
        "article-view--current",
        "article-view--mention",
        "article-view--current-mention",
    }
    DEFAULT_CSS = """
    ArticleView {
        overflow-x: hidden;
        scrollbar-gutter: stable;
        & > .article-view--title { text-style: bold; color: $text-accent; }
        & > .article-view--url { color: $text-muted; text-style: underline; }
        & > .article-view--notice { color: $text-muted; text-style: italic; }
        & > .article-view--error { color: $text-error; }
        & > .article-view--summary {
            color: $summary-foreground; background: $summary-background;
        }
        & > .article-view--current {
            color: $current-foreground; background: $current-background; text-style: bold;
        }
        & > .article-view--mention {
            color: $mention-foreground; background: $mention-background; text-style: bold;
        }
        & > .article-view--current-mention {
            color: $current-mention-foreground; background: $current-mention-background;
            text-style: bold underline;
        }
        /* The terminal's own colours cannot be blended, and its blue under its white can
           be 2.6:1: marks that keep the terminal's text colours. */
        &:ansi > .article-view--summary {
            color: initial; background: initial; text-style: underline;
        }
        &:ansi > .article-view--current {
            color: initial; background: initial; text-style: bold reverse;
        }
        &:ansi > .article-view--mention {
            color: initial; background: initial; text-style: bold underline;
        }
        &:ansi > .article-view--current-mention {
            color: initial; background: initial; text-style: bold reverse;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article: Article | None = None
        self.blocks: list[Block] = []
        self.summary_spans: list[tuple[int, int]] = []
        self._summary_sorted: list[tuple[int, int]] = []
        self.mention_spans: list[tuple[int, int]] = []
        self.current_summary: int | None = None
        self.current_mention: int | None = None
        # What the highlights are, one and many: ("match", "matches"), ("related", "related
        # mentions"), (name, "mentions of " + name); the title counts them in those words.
        self.mention_kind = MATCHES
        self.reading = False  # the whole screen is the text (z)
        self._hint = ""
        self._lines: list[Line] = []
        self._lines_width = -1
        self._text_starts: list[int] = []  # offset in the article of each text line
        self._text_rows: list[int] = []  # and its row
        self._strips: OrderedDict[int, Strip] = OrderedDict()
        self._after_paint: list[Callable[[], None]] = []
        self._retitle()

    # Contents

    def show_article(self, article: Article | None, message: str = "") -> None:
        """Show `article` from its top; highlights are cleared until the analysis arrives."""
        self.article = article
        self.summary_spans, self.mention_spans, self._summary_sorted = [], [], []
        self.current_summary = self.current_mention = None
        self.border_subtitle = shown(article.meta_line) if article else Content("")
        self.blocks = blocks_of(article, message)
        self._lines_width = -1
        self._layout()
        self.scroll_to(y=0, animate=False)
        self._changed()

    def apply_analysis(self, analysis: Analysis | None) -> None:
        self.summary_spans = analysis.summary_spans() if analysis else []
        self._summary_sorted = sorted(self.summary_spans)
        self.current_summary = None
        self._changed()

    def show_mentions(
        self, spans: list[tuple[int, int]], jump: bool = True, kind: tuple[str, str] = ("", "")
    ) -> None:
        """Highlight a name's mentions or a search's matches; `jump`: scroll to the first;
        `kind`: what they are, one and many (the title says "match 1/4", "6 matches")."""
        self.mention_kind = kind if kind[0] else MATCHES
        self.mention_spans = sorted(spans)
        self.current_mention = 0 if self.mention_spans and jump else None
        self._changed()
        if self.mention_spans and jump:
            self.scroll_to_offset(self.mention_spans[0][0])

    def jump_mention(self, step: int) -> bool:
        """Scroll to the next (`step` 1) or previous (-1) highlighted mention or match."""
        if not self.mention_spans:
            return False
        start = self.current_mention if self.current_mention is not None else -step
        self.current_mention = (start + step) % len(self.mention_spans)
        self._changed()
        self.scroll_to_offset(self.mention_spans[self.current_mention][0])
        return True

    def jump_summary(self, step: int) -> bool:
        """Scroll to the next (`step` 1) or previous (-1) summary sentence."""
        if not self.summary_spans:
            return False
        if self.current_summary is None:
            index = 0 if step > 0 else len(self.summary_spans) - 1
        else:
            index = (self.current_summary + step) % len(self.summary_spans)
        self.show_summary_sentence(index)
        return True

    def show_summary_sentence(self, index: int) -> None:
        """Mark summary sentence `index` as the current one and scroll it into view."""
        self.current_summary = index
        self._changed()
        self.scroll_to_offset(self.summary_spans[index][0])

    def after_paint(self, callback: Callable[[], None]) -> None:
        """Run `callback` once the text as it is now has been drawn (the summary and the
        names wait for it, so that they never delay the text on screen)."""
        if not self.is_on_screen:  # nothing of it will be drawn: now
            callback()
            return
        self._after_paint.append(callback)
        self.set_timer(PAINT_DEADLINE, self._run_after_paint)

    def _run_after_paint(self) -> None:
        callbacks, self._after_paint = self._after_paint, []
        for callback in callbacks:
            callback()

    def render_lines(self, crop: Region) -> list[Strip]:
        lines = super().render_lines(crop)
        if self._after_paint:
            self.call_later(self._run_after_paint)
        return lines

    def set_reading(self, reading: bool, hint: str = "") -> None:
        """The text has the whole screen (`hint`: how to reach the rest), or shares it."""
        self.reading = reading
        self._hint = hint
        self._retitle()

    # Where things are

    def row_of(self, offset: int) -> int | None:
        """The row that shows article text offset `offset` (None: not shown)."""
        self._layout()
        index = bisect_right(self._text_starts, offset) - 1
        return self._text_rows[index] if index >= 0 else None

    def scroll_to_offset(self, offset: int) -> None:
        """Bring the line holding text offset `offset` to the top of the view."""
        row = self.row_of(offset)
        if row is not None:
            self.scroll_to(y=row, animate=False)

    def top_offset(self) -> int:
        """The article text offset of the first text line on screen (0 before any)."""
        self._layout()
        top = round(self.scroll_y)
        index = bisect_right(self._text_rows, top) - 1
        return self._text_starts[index] if index >= 0 else 0

    @property
    def lines(self) -> list[str]:
        """The text of every line as drawn at the current width (tests, the bench)."""
        self._layout()
        return [self._plain(line) for line in self._lines]

    # Layout and drawing

    def _layout(self) -> None:
        """Wrap every block to the current width (again only when the width changed)."""
        width = self.scrollable_content_region.width
        if width == self._lines_width or (width <= 0 and self._lines_width >= 0):
            return  # the same width, or hidden for now (another pane zoomed): keep it all
        lines: list[Line] = []
        starts: list[int] = []
        rows: list[int] = []
        if width > 0:
            for number, block in enumerate(self.blocks):
                if number:
                    lines.append((-1, 0, 0))
                for start, end in wrap(block.text, width):
                    if block.kind == "text":
                        starts.append(block.start + start)
                        rows.append(len(lines))
                    lines.append((number, start, end))
        self._lines, self._lines_width = lines, width
        self._text_starts, self._text_rows = starts, rows
        self._strips.clear()
        self.virtual_size = Size(width, len(lines))

    def on_resize(self) -> None:
        """Wrap to the new width and keep the same text at the top."""
        width = self.scrollable_content_region.width
        if width == self._lines_width or width <= 0:
            return
        top = self.top_offset() if self._lines else 0
        self._layout()
        if top:
            self.scroll_to_offset(top)
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()
        self.refresh()

    def _changed(self) -> None:
        self._strips.clear()
        self._retitle()
        self.refresh()

    def _retitle(self) -> None:
        parts = ["Article"]
        if self.current_summary is not None and self.summary_spans:
            parts.append(f"sentence {self.current_summary + 1}/{len(self.summary_spans)}")
        if self.mention_spans:
            one, many = self.mention_kind
            count = len(self.mention_spans)
            if self.current_mention is None:
                parts.append(f"{count} {one if count == 1 else many}")
            else:
                parts.append(f"{one} {self.current_mention + 1}/{count}")
        if self.reading and self._hint:
            parts.append(self._hint)
        self.border_title = shown(" · ".join(parts))

    def _plain(self, line: Line) -> str:
        number, start, end = line
        return self.blocks[number].text[start:end].rstrip() if number >= 0 else ""

    def render_line(self, y: int) -> Strip:
        if self._lines_width < 0:
            self._layout()
        row = self.scroll_offset.y + y
        width = self._lines_width
        if (strip := self._strips.get(row)) is not None:
            self._strips.move_to_end(row)
            return strip
        base = self.get_visual_style()
        if row >= len(self._lines) or self._lines[row][0] < 0:
            strip = Strip.blank(width, base.rich_style)
        else:
            content = self._content(self._lines[row])
            content = content.truncate(width, pad=True)
            strip = Strip(content.render_segments(base), width)
        self._strips[row] = strip
        if len(self._strips) > KEEP_LINES:
            self._strips.popitem(last=False)
        return strip

    def _content(self, line: Line) -> Content:
        number, start, end = line
        block = self.blocks[number]
        content = shown(block.text[start:end].rstrip())
        if block.kind == "url":
            link = Style(link=block.text, underline=True)
            return content.stylize(self._style("url")).stylize(link)
        if block.kind != "text":
            return content.stylize(self._style(block.kind))
        first, last = block.start + start, block.start + start + len(content.plain)
        current = (
            [self.summary_spans[self.current_summary]]
            if self.current_summary is not None and self.summary_spans
            else []
        )
        mention = (
            [self.mention_spans[self.current_mention]]
            if self.current_mention is not None and self.mention_spans
            else []
        )
        for spans, kind in (
            (self._summary_sorted, "summary"),
            (current, "current"),
            (self.mention_spans, "mention"),
            (mention, "current-mention"),
        ):
            style = None
            for a, b in _overlapping(spans, first, last):
                style = style or self._style(kind)
                content = content.stylize(style, max(a, first) - first, min(b, last) - first)
        return content

    def _style(self, kind: str) -> Style:
        # Textual drops an opaque background from a partial style (it blends by 1 - alpha):
        # the highlights with theme colours of their own are whole styles.
        whole = kind in ("summary", "current", "mention", "current-mention")
        return self.get_visual_style(f"article-view--{kind}", partial=not whole)


def _overlapping(spans: list[tuple[int, int]], first: int, last: int) -> list[tuple[int, int]]:
    """The spans that overlap `[first, last)`: `spans` sorted and not nested (sentences,
    mentions, matches), so walking back from the last one starting before `last` stops
    at the first one that ends before `first`."""
    found = []
    index = bisect_right(spans, (last, -1))
    while index > 0:
        index -= 1
        a, b = spans[index]
        if b <= first:
            break
        found.append((a, b))
    return found
