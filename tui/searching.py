"""F, a, R, . and ,: full-text search, articles naming a person, related articles, matches."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial

from textual import on, work
from textual.app import App
from textual.widgets import Input

from tui.core.analysis import Analysis
from tui.core.search import SearchIndex, match_spans, name_spans, rowid
from tui.widgets.article_list import ArticleList
from tui.widgets.article_view import ArticleView
from tui.widgets.side_panels import EntityList


class SearchActions(App[None]):
    """Mixed into `NutgrafApp`; bound in `tui/keys.py`.

    A search replaces the list with what it found, best first, and remembers
    how to find its matches in any article's text (`search_spans`) so the
    article on screen is highlighted; Escape ends it.
    """

    analysis: Analysis | None
    search_index: SearchIndex
    search_spans: Callable[[str], list[tuple[int, int]]] | None

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.input.display = False
        self.query_one(ArticleList).focus()
        if query := event.value.strip():
            self.search(
                f"Search: {query}",
                partial(self.search_index.search, query),
                partial(match_spans, query=query),
            )

    @work(group="search", exclusive=True, exit_on_error=False)
    async def search(
        self,
        label: str,
        find: Callable[[], list[int]],
        spans: Callable[[str], list[tuple[int, int]]],
        leave_out: str = "",
    ) -> None:
        """Found articles, best first, in the list; what matched highlighted in each text."""
        await asyncio.to_thread(self.search_index.open)
        found = await asyncio.to_thread(find)
        if leave_out:
            found = [number for number in found if number != rowid(leave_out)]
        self.search_spans = spans
        self.query_one(ArticleList).set_search(found, label)
        if not self.query_one(ArticleList).shown:
            building = (
                " (the search index is still being built)"
                if self.query_one(ArticleList).listing
                else ""
            )
            self.notify(f"Nothing found: {label}{building}", severity="warning", markup=False)
        elif (article := self.query_one(ArticleView).article) is not None:
            self.query_one(ArticleView).show_mentions(spans(article.text))

    def _clear_search(self) -> None:
        self.search_spans = None
        self.query_one(ArticleList).set_search(None)
        self.query_one(ArticleView).show_mentions([])

    def action_search(self) -> None:
        self._open_input("#search")

    def _open_input(self, selector: str) -> None:
        """Show the list and the input at the bottom (filter or search) and focus it.

        At once, not via a class and `focus()` (both deferred): keys typed straight
        after "/" or "F" land in the input.
        """
        self.query_one("#panes").remove_class("-list-hidden")
        field = self.query_one(selector, Input)
        field.display = True
        self.screen.set_focus(field)

    def action_mentioning(self) -> None:
        """Every article that mentions the name highlighted in the sidebar."""
        entities = self.query_one(EntityList)
        option = entities.highlighted_option
        entity = entities.entities.get(option.id or "") if option else None
        if entity is None:
            self.notify("Choose a name in the sidebar first", severity="warning")
            return
        names = [entity.name, *entity.aliases]
        self.search(
            f"Mentioning: {entity.name}",
            partial(self.search_index.search_names, names),
            partial(name_spans, names=names),
        )

    def action_related(self) -> None:
        """Articles sharing this one's people and organisations, the most shared first."""
        article, analysis = self.query_one(ArticleView).article, self.analysis
        if article is None or analysis is None:
            self.notify("No names yet: the analysis is not ready", severity="warning")
            return
        names = [e.name for e in (*analysis.people, *analysis.organisations)]
        if not names:
            self.notify("This article names no people or organisations", severity="warning")
            return
        self.search(
            f"Related: {article.title}",
            partial(self.search_index.search_names, names),
            partial(name_spans, names=names),
            leave_out=article.key,
        )

    def action_next_match(self) -> None:
        self.query_one(ArticleView).jump_mention(1)

    def action_previous_match(self) -> None:
        self.query_one(ArticleView).jump_mention(-1)
