"""What tests share besides fixtures: the sample articles and waiting for the app to settle."""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import suppress

from textual.worker import WorkerCancelled

from tui.core.paths import default_seeds
from tui.ui.app import NutgrafApp

SEEDS = default_seeds()

SHORT_ARTICLE = """Harbour council approves new ferry timetable

The Harbour Council voted on Tuesday to approve a new ferry timetable for the summer.
Mayor Ana Lopes said the change would cut waiting times for commuters.
Lopes added that the Port Authority had agreed to fund two extra crossings.
Critics argued the plan ignores the needs of island residents.
The timetable takes effect in June.
"""


async def settle(pilot: object) -> None:
    """Wait until loading and analysis have finished and the screen is repainted.

    A worker replaced by a newer one while we wait (an exclusive analysis when the
    highlight moves on) is cancelled: that is the app working, not a failure.
    """
    app = pilot.app  # type: ignore[attr-defined]
    for _ in range(3):
        await pilot.pause()  # type: ignore[attr-defined]
        for worker in list(app.workers):
            with suppress(WorkerCancelled):
                await worker.wait()
    await pilot.pause()  # type: ignore[attr-defined]


def shows_current(app: NutgrafApp) -> bool:
    """The article text on screen is the one highlighted in the list."""
    from tui.ui.widgets.article_list import ArticleList
    from tui.ui.widgets.article_view import ArticleView

    article = app.query_one(ArticleView).article
    entry = app.query_one(ArticleList).current
    if article is None or entry is None:
        return False
    return (article.path, article.index) == (entry.path, entry.index)


async def wait_for(pilot: object, condition: Callable[[], object], seconds: float = 60) -> None:
    """Pause the app until `condition()` holds; fail after a generous deadline."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting after {seconds} s")
        await pilot.pause(0.05)  # type: ignore[attr-defined]
