"""Shared fixtures: one spaCy pipeline per test session, apps built by the real factory."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from pathlib import Path

import pytest
from textual.app import App
from textual.notifications import Notification

from tests.helpers import SEEDS, SHORT_ARTICLE
from tui.core.config import Config
from tui.core.nlp.analyzer import Analyzer
from tui.core.workers import analysis as service
from tui.core.workers.scanner import ThreadScanner
from tui.ui.app import NutgrafApp, make_app


@pytest.fixture(autouse=True)
def private_state(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Logs, caches and reading state go to temporary XDG directories, not the user's."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("state")))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("data")))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))


@pytest.fixture(autouse=True)
def notices_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every notice given during a test stays in `app._notifications` until the test ends.

    Tests read what the reader said from there; on a loaded machine the time between an
    action and the check could outlast a notice's timeout (a flaky failure seen under
    load). The notice strip on screen keeps its own timers and still expires.
    """
    monkeypatch.setattr(Notification, "has_expired", property(lambda self: False))
    monkeypatch.setattr(App, "_unnotify", lambda self, notification, refresh=True: None)


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
    # One date for all three, so the list is in path order: written across a second's
    # turn, the later ones would come first.
    now = int(time.time())
    for path in folder.iterdir():
        os.utime(path, (now, now))
    return folder


@pytest.fixture
def build_app(thread_executor: Callable[[str | None], Executor]) -> Callable[..., NutgrafApp]:
    def build(*paths: Path | str, config: Config | None = None, feeds: bool = True) -> NutgrafApp:
        # No article turns read on its own mid-test unless the test's settings say so.
        config = config or Config(mark_read="manual")
        return make_app(
            list(paths),
            executor_factory=thread_executor,
            scanner=ThreadScanner(),
            config=config,
            feeds=feeds,
        )

    return build
