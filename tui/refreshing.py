"""r and S: refreshing the feeds in another process, and choosing a source to list."""

from __future__ import annotations

import asyncio
import json
import sys
from typing import TYPE_CHECKING, cast

from textual import work
from textual.app import App

from tui.core.feeds.store import FeedState, FeedStore
from tui.screens.sources import FILES, Source, SourcesScreen
from tui.widgets.article_list import ArticleList

if TYPE_CHECKING:
    from tui.app import NutgrafApp


class FeedActions(App[None]):
    """Mixed into `NutgrafApp`; bound in `tui/keys.py`.

    Fetching and parsing run in another process (feedparser is CPU work); this
    only reads its progress lines, then lists the articles again, keeping the
    highlighted one.
    """

    _reselect: tuple[str, int] | None

    @work(group="sources", exclusive=True, exit_on_error=False)
    async def action_sources(self) -> None:
        """S: every source with its unread count and each feed's last error; choose one."""
        articles = self.query_one(ArticleList)
        counts = articles.origins()
        states = await asyncio.to_thread(_feed_states)
        sources = [Source(FILES, *counts[FILES])] if FILES in counts else []
        for state in states:
            name = state.title or state.url
            unread, total = counts.get(name, (0, 0))
            sources.append(Source(name, unread, total, state.error))
        chosen = await self.push_screen_wait(SourcesScreen(sources))
        articles.set_origin(chosen)

    @work(group="refresh", exclusive=True, exit_on_error=False)
    async def action_refresh(self) -> None:
        """Refresh every feed in a `nutgraf refresh` process, then list again."""
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tui",
            "refresh",
            "--json",
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
        )
        assert process.stdout is not None
        new = failed = 0
        async for line in process.stdout:
            try:
                step = json.loads(line)
            except ValueError:
                continue
            new += step.get("new_items", 0)
            failed += bool(step.get("error"))
            self.query_one(ArticleList).set_listing(f"refreshing {step['done']}/{step['total']}")
        await process.wait()
        if process.returncode:
            self.notify("The refresh failed; see the log", severity="error")
        else:
            errors = f", {failed} feed{'s' * (failed != 1)} with errors (nutgraf feeds)"
            self.notify(f"{new} new item{'s' * (new != 1)}{errors if failed else ''}", markup=False)
        current = self.query_one(ArticleList).current
        self._reselect = (current.file, current.index) if current else None
        self.query_one(ArticleList).clear()
        cast("NutgrafApp", self).load_articles()


def _feed_states() -> list[FeedState]:
    store = FeedStore()
    try:
        return store.states()
    finally:
        store.close()
