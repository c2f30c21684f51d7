"""The app: start-up, services, themes and screens. Build it with `make_app`.

Everything the reader does happens on `ReaderScreen` (tui/ui/screens/reader.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor
from functools import partial
from pathlib import Path

from textual import work
from textual.app import App, SystemCommand
from textual.screen import Screen

from tui.core.config import THEMES, Config
from tui.core.logs import log_path, setup_logging
from tui.core.storage.cache import AnalysisCache
from tui.core.storage.feeds import feeds_path
from tui.core.storage.index import index_path
from tui.core.storage.search import SearchIndex, search_path
from tui.core.storage.state import ReadingState
from tui.core.workers.analysis import AnalysisService, prepare_processes, process_executor
from tui.core.workers.scanner import ProcessScanner, Scanner, StoreFiles
from tui.ui.controllers.marks import Marks
from tui.ui.controllers.search import Search
from tui.ui.keys import APP_KEYS, help_rows
from tui.ui.screens.help import HelpScreen
from tui.ui.screens.reader import ReaderScreen
from tui.ui.services import Services

WIDE = 110


class NutgrafApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "nutgraf"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.config = services.config
        self.theme = THEMES[self.config.theme]
        self.set_keymap(self.config.keys)

    def get_default_screen(self) -> Screen[None]:
        return ReaderScreen(self.services)

    @property
    def reader(self) -> ReaderScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, ReaderScreen)
        return screen

    def on_mount(self) -> None:
        if self.services.log_file is None:
            self.notify(
                f"Logging is off: cannot write to {log_path().parent}",
                severity="warning",
                markup=False,
            )
        self.open_cache()
        for problem in self.config.problems:
            self.notify(problem, title="Settings", severity="warning", timeout=12, markup=False)
        # The analysis process starts after the first paint, not before it.
        self.call_after_refresh(self.services.analysis.start)

    def on_unmount(self) -> None:
        self.services.close()

    @work(group="cache", exit_on_error=False)
    async def open_cache(self) -> None:
        """Open the analysis cache off the UI thread; say so if it is damaged or unwritable."""
        store = self.services.analysis.store
        if store is not None:
            await asyncio.to_thread(store.open)
            if store.notice:
                self.notify(store.notice, severity="warning", markup=False)

    def action_cycle_theme(self) -> None:
        names = list(THEMES.values())
        current = names.index(self.theme) if self.theme in names else -1
        self.theme = names[(current + 1) % len(names)]
        self.notify(f"Theme: {self.theme}", timeout=1.5)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(help_rows(self.config.keys)))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for key in APP_KEYS:
            if key.action not in {"quit", "leave"}:
                yield SystemCommand(
                    f"{key.description} ({key.display})",
                    key.description,
                    partial(self.reader.run_action, key.target),
                )


def make_app(
    paths: Sequence[str | Path],
    model: str | None = None,
    executor_factory: Callable[[str | None], Executor] = process_executor,
    scanner: Scanner | None = None,
    config: Config | None = None,
) -> NutgrafApp:
    """The one way to build the reader, for the command line and for the tests.

    `config` comes from `tui.core.config.load_config` (the CLI reads the file);
    without one, every setting has its default.
    """
    config = config or Config()
    log_file = setup_logging()
    prepare_processes()
    services = Services(
        paths=list(paths),
        config=config,
        analysis=AnalysisService(model or config.model, executor_factory, AnalysisCache()),
        scanner=scanner or ProcessScanner(),
        store_files=StoreFiles(str(index_path()), str(search_path()), str(feeds_path())),
        marks=Marks(ReadingState()),
        search=Search(SearchIndex(search_path())),
        log_file=log_file,
    )
    return NutgrafApp(services)
