"""Shared fixtures: one spaCy pipeline per test session, apps built by the real factory."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from pathlib import Path

import pytest

from tui.app import NutgrafApp, make_app
from tui.core import service
from tui.core.analysis import Analyzer
from tui.core.config import Config
from tui.core.paths import default_seeds
from tui.core.scanning import ThreadScanner

SEEDS = default_seeds()

SHORT_ARTICLE = """Harbour council approves new ferry timetable

The Harbour Council voted on Tuesday to approve a new ferry timetable for the summer.
Mayor Ana Lopes said the change would cut waiting times for commuters.
Lopes added that the Port Authority had agreed to fund two extra crossings.
Critics argued the plan ignores the needs of island residents.
The timetable takes effect in June.
"""


@pytest.fixture(autouse=True)
def private_state(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Logs, caches and reading state go to temporary XDG directories, not the user's."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("state")))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("data")))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    return Analyzer()


@pytest.fixture
def thread_executor(analyzer: Analyzer) -> Callable[[str | None], Executor]:
    """Runs the worker's code in a thread with the session's pipeline: fast Pilot tests.

    The process executor itself is covered by tests/test_service.py.
    """

    def factory(model: str | None) -> Executor:
        return ThreadPoolExecutor(1, initializer=setattr, initargs=(service, "_analyzer", analyzer))

    return factory


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The seed article and two small ones, in a folder of their own."""
    folder = tmp_path / "news"
    folder.mkdir()
    for seed in SEEDS.iterdir():
        (folder / seed.name).write_bytes(seed.read_bytes())
    (folder / "ferry.txt").write_text(SHORT_ARTICLE, encoding="utf-8")
    (folder / "markets.md").write_text(
        "# Markets steady as rates hold\n\nStocks were flat on Monday. "
        "The central bank kept rates unchanged. Analysts expect a cut in the autumn.\n",
        encoding="utf-8",
    )
    return folder


@pytest.fixture
def build_app(thread_executor: Callable[[str | None], Executor]) -> Callable[..., NutgrafApp]:
    def build(*paths: Path | str, config: Config | None = None) -> NutgrafApp:
        app = make_app(
            list(paths), executor_factory=thread_executor, scanner=ThreadScanner(), config=config
        )
        if config is None:
            app.read_after = 3600  # no article turns read on its own mid-test (tests set it)
        return app

    return build


async def settle(pilot: object) -> None:
    """Wait until loading and analysis have finished and the screen is repainted."""
    app = pilot.app  # type: ignore[attr-defined]
    for _ in range(3):
        await pilot.pause()  # type: ignore[attr-defined]
        await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]


def shows_current(app: NutgrafApp) -> bool:
    """The article text on screen is the one highlighted in the list."""
    from tui.widgets.article_list import ArticleList
    from tui.widgets.article_view import ArticleView

    article = app.query_one(ArticleView).article
    entry = app.query_one(ArticleList).current
    if article is None or entry is None:
        return False
    return (article.path, article.index) == (entry.path, entry.index)
