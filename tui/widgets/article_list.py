"""The list of articles: an `OptionList` (one widget for all entries), filterable."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import BindingType
from textual.content import Content
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from tui.core.articles import Article
from tui.keys import LIST_KEYS


def article_prompt(article: Article, detailed: bool) -> Content:
    """Title, then (where room allows) a dim line with source, date and reading time."""
    title = Content(article.title).stylize("$error" if article.error else "bold")
    meta = article.meta_line
    if not meta:
        return title
    if detailed:
        return Content.assemble(title, "\n", Content(meta).stylize("dim"))
    return Content.assemble(title, Content(f"  {meta}").stylize("dim"))


class ArticleList(OptionList):
    """Every loaded article, or those whose title matches the filter."""

    BINDINGS: ClassVar[list[BindingType]] = LIST_KEYS

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.articles: list[Article] = []
        self.shown: list[Article] = []
        self.query_text = ""
        self.detailed = True
        self.typing_target: Input | None = None
        self._typing = False

    async def on_key(self, event: events.Key) -> None:
        """ "/" opens the filter here, at once, and keys typed in the same burst follow it.

        Keys typed in one burst after "/" (a paste, tmux send-keys) are queued for
        the list before an app binding could move the focus; they would move the
        list or run bindings ("n": next article) instead of filtering.
        """
        target = self.typing_target
        if target is None:
            return
        if event.key == "slash" and not target.display:
            self._typing = True
            await self.app.run_action("filter")
        elif not (self._typing and event.is_printable and event.character):
            return
        else:
            target.insert_text_at_cursor(event.character)
        event.stop()
        event.prevent_default()

    def on_focus(self) -> None:
        self._typing = False

    def set_articles(self, articles: list[Article]) -> None:
        self.articles = articles
        self.refilter()

    def filter(self, query: str) -> None:
        self.query_text = query
        self.refilter()

    def set_detailed(self, detailed: bool) -> None:
        if detailed != self.detailed:
            self.detailed = detailed
            self.refilter()

    def refilter(self) -> None:
        """Rebuild the options, keeping the highlighted article where it is still shown."""
        current = self.current
        folded = self.query_text.casefold()
        self.shown = [
            article
            for article in self.articles
            if not folded or folded in article.title.casefold() or folded in article.path.casefold()
        ]
        self.set_options(Option(article_prompt(a, self.detailed)) for a in self.shown)
        if self.shown:
            # By identity: equality would compare whole article texts.
            self.highlighted = next((i for i, a in enumerate(self.shown) if a is current), 0)
        self.border_subtitle = (
            f"{len(self.shown)}/{len(self.articles)}" if folded else str(len(self.articles))
        )

    @property
    def current(self) -> Article | None:
        index = self.highlighted
        return self.shown[index] if index is not None and index < len(self.shown) else None

    def move(self, step: int) -> None:
        """Highlight the next (`step` 1) or previous (-1) article, wrapping at neither end."""
        if not self.shown:
            return
        index = 0 if self.highlighted is None else self.highlighted + step
        self.highlighted = max(0, min(len(self.shown) - 1, index))
