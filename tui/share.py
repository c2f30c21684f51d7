"""c, C, u, o, e: copying (OSC 52), opening and exporting the article on screen."""

from __future__ import annotations

import asyncio
import os

from textual import work
from textual.app import App

from tui.core.analysis import Analysis
from tui.core.articles import Article
from tui.core.export import (
    export_path,
    exports_dir,
    summary_text,
    to_markdown,
    web_url,
    write_atomically,
)
from tui.widgets.article_view import ArticleView


class ShareActions(App[None]):
    """Mixed into `NutgrafApp`; bound in `tui/keys.py`."""

    analysis: Analysis | None

    def _analysed(self) -> tuple[Article, Analysis] | None:
        article, analysis = self.query_one(ArticleView).article, self.analysis
        if article is None or analysis is None:
            self.notify("Nothing to copy yet: the summary is not ready", severity="warning")
            return None
        return article, analysis

    def _copy(self, text: str, what: str) -> None:
        self.copy_to_clipboard(text)
        self.notify(f"Copied {what} ({len(text):,} characters)", timeout=2, markup=False)

    def action_copy_summary(self) -> None:
        if (ready := self._analysed()) is not None:
            self._copy(summary_text(*ready), "the summary")

    def action_copy_text(self) -> None:
        article = self.query_one(ArticleView).article
        if article is not None and article.text:
            self._copy(f"{article.title}\n\n{article.text}", "the article")

    def action_copy_url(self) -> None:
        article = self.query_one(ArticleView).article
        if article is None or not article.url:
            self.notify("This article has no URL", severity="warning")
            return
        self._copy(article.url, "the URL")

    def action_open_url(self) -> None:
        """A browser here when local; over SSH the browser is on the other machine: copy."""
        article = self.query_one(ArticleView).article
        url = web_url(article) if article else None
        if url is None:
            self.notify("This article has no web address", severity="warning")
        elif os.environ.get("SSH_CONNECTION") or os.environ.get("SSH_TTY"):
            self._copy(url, "the URL (over SSH, open it on your side)")
        else:
            self.open_url(url)
            self.notify(f"Opening {url}", timeout=2, markup=False)

    @work(group="export", exit_on_error=False)
    async def action_export(self) -> None:
        if (ready := self._analysed()) is None:
            return
        markdown = to_markdown(*ready)
        path = export_path(exports_dir(), ready[0])
        self.copy_to_clipboard(markdown)
        try:
            await asyncio.to_thread(write_atomically, path, markdown)
        except OSError as error:
            self.notify(
                f"Copied the Markdown; could not save it: {error.strerror}",
                severity="warning",
                markup=False,
            )
            return
        self.notify(f"Saved {path} (and copied it)", timeout=4, markup=False)
