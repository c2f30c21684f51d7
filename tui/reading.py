"""Read state and stars: loading them, the read-after-a-moment timer, m, * and v."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from textual import work
from textual.app import App
from textual.timer import Timer

from tui.core.articles import Article
from tui.core.state import ReadingState
from tui.widgets.article_list import ArticleList
from tui.widgets.article_view import ArticleView

VIEWS = ("all", "unread", "starred")


class ReadingActions(App[None]):
    """Mixed into `NutgrafApp`; bound in `tui/keys.py`.

    Changes are saved by one writer thread, in the order they were made.
    """

    state: ReadingState
    _state_writer: ThreadPoolExecutor
    _read_timer: Timer | None

    @work(group="state", exit_on_error=False)
    async def load_state(self) -> None:
        read, starred = await asyncio.get_running_loop().run_in_executor(
            self._state_writer, self.state.load
        )
        if self.state.notice:
            self.notify(self.state.notice, severity="warning", markup=False)
        self.query_one(ArticleList).set_state(read, starred)

    def _save(self, change: Callable[[str, bool], None], key: str, value: bool) -> None:
        self._state_writer.submit(change, key, value)

    def _mark_read_if_shown(self, article: Article) -> None:
        if self.query_one(ArticleView).article is article:
            self._set_read(article.key, True)

    def _set_read(self, key: str, value: bool) -> None:
        (
            self.query_one(ArticleList).read.add
            if value
            else self.query_one(ArticleList).read.discard
        )(key)
        self._save(self.state.set_read, key, value)
        self.query_one(ArticleList).state_changed()

    def action_toggle_read(self) -> None:
        article = self.query_one(ArticleView).article
        if article is None or not article.key:
            return
        if self._read_timer is not None:
            self._read_timer.stop()  # the reader decides now
        self._set_read(article.key, article.key not in self.query_one(ArticleList).read)

    def action_toggle_star(self) -> None:
        article = self.query_one(ArticleView).article
        if article is None or not article.key:
            return
        starred = article.key not in self.query_one(ArticleList).starred
        (
            self.query_one(ArticleList).starred.add
            if starred
            else self.query_one(ArticleList).starred.discard
        )(article.key)
        self._save(self.state.set_starred, article.key, starred)
        self.query_one(ArticleList).state_changed()
        self.notify("Starred" if starred else "Unstarred", timeout=1.5)

    def action_cycle_view(self) -> None:
        view = VIEWS[(VIEWS.index(self.query_one(ArticleList).view) + 1) % len(VIEWS)]
        self.query_one(ArticleList).set_view(view)
        self.notify(f"Showing {view} articles", timeout=1.5)
