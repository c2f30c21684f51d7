"""The full text of one article, with summary sentences and chosen mentions highlighted."""

from __future__ import annotations

from bisect import bisect_right
from typing import ClassVar

from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.style import Style
from textual.widgets import Static

from tui.core.export import web_url
from tui.core.model import Analysis, Article
from tui.core.sanitize import clean_line
from tui.ui.keys import SCROLL_KEYS
from tui.ui.text import shown, shown_text

DISPLAY_LIMIT = 200_000
PIECE_CHARS = 2_000
SUMMARY_STYLE = "on $primary 30%"
CURRENT_STYLE = "bold on $primary 60%"
MENTION_STYLE = "bold $text-warning on $warning 25%"


def display_pieces(text: str) -> list[tuple[int, str]]:
    """`(offset, text)` of each paragraph to show, long ones cut at spaces.

    Wrapping one huge paragraph (a 4 MB line) would stall the UI for seconds,
    and so would thousands of widgets: pieces stay under `PIECE_CHARS` and the
    view stops at `DISPLAY_LIMIT` characters, with a notice.
    """
    pieces = []
    start = 0
    for whole in text[:DISPLAY_LIMIT].split("\n"):
        offset, line = start, whole
        while len(line) > PIECE_CHARS:
            cut = line.rfind(" ", 0, PIECE_CHARS) + 1 or PIECE_CHARS
            pieces.append((offset, line[:cut]))
            offset, line = offset + cut, line[cut:]
        if line.strip():
            pieces.append((offset, line))
        start += len(whole) + 1
    return pieces


class Paragraph(Static):
    """One paragraph; `start` is its offset in the article text."""

    def __init__(self, text: str, start: int) -> None:
        super().__init__(shown_text(text), markup=False)
        self.text = text
        self.start = start


class ArticleView(VerticalScroll, can_focus=True):
    """Scrollable article body. Highlights come from `Analysis` spans, in text offsets."""

    BINDINGS: ClassVar[list[BindingType]] = SCROLL_KEYS

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Article"
        self.article: Article | None = None
        self.summary_spans: list[tuple[int, int]] = []
        self.mention_spans: list[tuple[int, int]] = []
        self.current_summary: int | None = None
        self.current_mention: int | None = None

    async def show_article(self, article: Article | None, message: str = "") -> None:
        """Replace the body; highlights are cleared until the analysis arrives."""
        self.article = article
        self.summary_spans, self.mention_spans, self.current_summary = [], [], None
        self.border_subtitle = shown(article.meta_line) if article else Content("")
        await self.remove_children()
        # The full title heads the text (the list may have cut it to fit), unless
        # the text itself starts with it.
        widgets: list[Static] = []
        if article and not article.text.lstrip().startswith(article.title.rstrip("…")):
            widgets.append(Static(shown(article.title), classes="title", markup=False))
        if article and (url := web_url(article)):
            # A real OSC 8 link (click or Ctrl+click in most terminals); o opens, u copies.
            link = shown(url).stylize(Style(link=clean_line(url), underline=True))
            widgets.append(Static(link, classes="url", markup=False))
        if article is None or article.error:
            reason = article.error if article else message
            widgets.append(
                Static(shown(reason or "").stylize("$text-error"), classes="error", markup=False)
            )
            await self.mount_all(widgets)
        else:
            widgets.extend(Paragraph(text, start) for start, text in display_pieces(article.text))
            if len(article.text) > DISPLAY_LIMIT:
                notice = (
                    f"Showing the first {DISPLAY_LIMIT:,} of {len(article.text):,} characters; "
                    "the summary and the names cover the whole text."
                )
                widgets.append(Static(shown(notice), classes="notice", markup=False))
            await self.mount_all(widgets)
        self.scroll_home(animate=False)

    @property
    def paragraphs(self) -> list[Paragraph]:
        return list(self.query_children(Paragraph))

    def apply_analysis(self, analysis: Analysis | None) -> None:
        self.summary_spans = analysis.summary_spans() if analysis else []
        self.current_summary = None
        self._restyle()

    def show_mentions(self, spans: list[tuple[int, int]]) -> None:
        """Highlight a name's mentions or a search's matches, and scroll to the first."""
        self.mention_spans = sorted(spans)
        self.current_mention = 0 if self.mention_spans else None
        self._restyle()
        if self.mention_spans:
            self._scroll_to_offset(self.mention_spans[0][0])

    def jump_mention(self, step: int) -> bool:
        """Scroll to the next (`step` 1) or previous (-1) highlighted mention or match."""
        if not self.mention_spans:
            return False
        start = self.current_mention if self.current_mention is not None else -step
        self.current_mention = (start + step) % len(self.mention_spans)
        self._scroll_to_offset(self.mention_spans[self.current_mention][0])
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
        self._restyle()
        self._scroll_to_offset(self.summary_spans[index][0])

    def _restyle(self) -> None:
        current = (
            self.summary_spans[self.current_summary] if self.current_summary is not None else None
        )
        for paragraph in self.paragraphs:
            end = paragraph.start + len(paragraph.text)
            content = shown_text(paragraph.text)
            for spans, style in (
                (self.summary_spans, SUMMARY_STYLE),
                ([current] if current else [], CURRENT_STYLE),
                (self.mention_spans, MENTION_STYLE),
            ):
                for a, b in spans:
                    if a < end and b > paragraph.start:
                        content = content.stylize(style, a - paragraph.start, b - paragraph.start)
            paragraph.update(content)

    def _scroll_to_offset(self, offset: int) -> None:
        """Bring the line holding text offset `offset` to the top of the view."""
        paragraphs = self.paragraphs
        index = bisect_right([p.start for p in paragraphs], offset) - 1
        if index < 0:
            return
        paragraph = paragraphs[index]
        width = max(1, paragraph.content_region.width)
        line = self._line_of(paragraph.text, offset - paragraph.start, width)
        self.scroll_to(y=paragraph.virtual_region.y + line, animate=False)

    @staticmethod
    def _line_of(text: str, offset: int, width: int) -> int:
        """The wrapped line that `offset` falls on, wrapping at spaces like the renderer."""
        line, column = 0, 0
        for word in text[:offset].split(" "):
            needed = len(word) if column == 0 else column + 1 + len(word)
            if needed > width and column:
                line, column = line + 1, len(word)
            else:
                column = needed
        return line
