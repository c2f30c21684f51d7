"""The app: start-up, services, themes and screens. Build it with `make_app`.

Everything the reader does happens on `ReaderScreen` (tui/ui/screens/reader.py).
"""

from __future__ import annotations

import asyncio
import logging
import os
import select
import signal
import sys
import termios
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor
from contextlib import suppress
from functools import partial
from pathlib import Path

from textual import work
from textual.app import App, SystemCommand
from textual.notifications import SeverityLevel
from textual.screen import Screen

from tui.core.config import Config
from tui.core.logs import log_path, setup_logging
from tui.core.sanitize import clean_line, clean_text
from tui.core.storage.cache import AnalysisCache
from tui.core.storage.search import SearchIndex, search_path
from tui.core.storage.state import ReadingState
from tui.core.workers.analysis import AnalysisService, process_executor
from tui.core.workers.scanner import ProcessScanner, Scanner, StoreFiles
from tui.ui.controllers.marks import Marks
from tui.ui.controllers.search import Search
from tui.ui.keys import APP_KEYS, checked_keymap, describe, help_rows, key_display
from tui.ui.screens.help import HelpScreen
from tui.ui.screens.reader import ReaderScreen
from tui.ui.services import Services
from tui.ui.themes import THEMES

# After SIGTERM, how long a normal exit may take before the reader leaves without it.
LEAVE_SECONDS = 5.0
RESTORE_SECONDS = 0.5
# Textual's exit, as bytes: mouse reports, bracketed paste and the Kitty keyboard protocol
# off, line wrap on, the main screen back, the cursor shown, focus reports off.
LEAVE_SCREEN = (
    "\x1b[?1000l\x1b[?1003l\x1b[?1015l\x1b[?1006l\x1b[?2004l\x1b[?7h"
    "\x1b[<u\x1b[?1049l\x1b[?25h\x1b[?1004l"
)
log = logging.getLogger("nutgraf.app")


def input_is_gone() -> bool:
    """Whether standard input has hung up (POLLHUP/POLLERR), without reading from it."""
    stdin = sys.__stdin__
    if stdin is None:
        return True
    try:
        watcher = select.poll()
        watcher.register(stdin.fileno(), 0)  # no events asked: only errors and hang-ups
        return bool(watcher.poll(0))
    except (OSError, ValueError):
        return True


class NutgrafApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "nutgraf"

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.config = services.config
        for theme in THEMES.values():
            self.register_theme(theme)
        self.theme = self.config.theme
        for name in list(self.available_themes):  # only ours: each is checked for contrast
            if name not in THEMES:
                self.unregister_theme(name)
        self.set_keymap(self.config.keys)

    def get_default_screen(self) -> Screen[None]:
        return ReaderScreen(self.services)

    @property
    def reader(self) -> ReaderScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, ReaderScreen)
        return screen

    def on_mount(self) -> None:
        # A dropped SSH session (SIGHUP) or a `kill` (SIGTERM) exits as `q` does: every
        # change saved, the helper processes ended.
        loop = asyncio.get_running_loop()
        for number, handler in ((signal.SIGTERM, self._terminated), (signal.SIGHUP, self._hung_up)):
            with suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(number, handler)
        if not self.is_headless:
            self.set_interval(1.0, self._exit_if_input_is_gone)
        if self.services.log_file is None:
            self.notify(
                f"Logging is off: cannot write to {log_path().parent}",
                severity="warning",
            )
        self.open_cache()
        for problem in self.config.problems:  # shown when the reader's notice strip mounts
            self.notify(problem, title="Settings", severity="warning", timeout=12)
        # The analysis process starts after the first paint, not before it.
        self.call_after_refresh(self.services.analysis.start)

    def _exit_if_input_is_gone(self) -> None:
        """The terminal hung up without a SIGHUP reaching us (no controlling terminal), or the
        browser session's pipe closed: Textual's input thread would spin on end-of-file."""
        if input_is_gone():
            self._hung_up()

    def _terminated(self) -> None:
        """SIGTERM: leave as `q` does; if the terminal is gone too and that stalls, leave hard."""
        self.exit()
        stalled = threading.Timer(LEAVE_SECONDS, self._hung_up)
        stalled.daemon = True
        stalled.start()

    def _hung_up(self) -> None:
        """The terminal is gone: nothing can be drawn (Textual's exit would block on a
        writer that cannot write). Save every change, end the helpers, leave now; the
        terminal is put back if it is still there (`kill -HUP`), within `RESTORE_SECONDS`."""
        log.info("the terminal went away; saving and exiting")
        self.services.close()
        if not self.is_headless and sys.__stderr__ is not None and sys.__stderr__.isatty():
            restore = threading.Thread(target=self._restore_terminal, daemon=True)
            restore.start()
            restore.join(RESTORE_SECONDS)  # a write to a terminal that is gone may block
        os._exit(0)

    def _restore_terminal(self) -> None:
        """What Textual's exit does to the terminal, done directly (best effort)."""
        with suppress(Exception):
            settings = getattr(self._driver, "attrs_before", None)
            if settings is not None and sys.__stdin__ is not None:
                termios.tcsetattr(sys.__stdin__.fileno(), termios.TCSANOW, settings)
            assert sys.__stderr__ is not None
            os.write(sys.__stderr__.fileno(), LEAVE_SCREEN.encode())

    def on_unmount(self) -> None:
        self.services.close()

    @work(group="cache", exit_on_error=False)
    async def open_cache(self) -> None:
        """Open the analysis cache off the UI thread; say so if it is damaged or unwritable."""
        store = self.services.analysis.store
        if store is not None:
            await asyncio.to_thread(store.open)
            if store.notice:
                self.notify(store.notice, severity="warning")

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notice, from any screen or worker: sanitised, and never parsed as markup.

        Notices carry strings made at run time (paths, server replies, exception
        text, settings keys); `markup` is accepted for Textual's signature only.
        """
        message, title = clean_text(str(message)), clean_line(str(title))
        timeout = self.NOTIFICATION_TIMEOUT if timeout is None else timeout
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)
        # Shown under the panes, not as a toast over the text (app.tcss hides the toasts).
        reader = self.screen_stack[0] if self.screen_stack else None
        if isinstance(reader, ReaderScreen) and reader.is_mounted:
            reader.notices.add(message, title, severity, timeout)
        else:  # before the reader is mounted: it shows them when it is
            self.services.early_notices.append((message, title, severity, timeout))

    def action_cycle_theme(self) -> None:
        names = list(THEMES)
        current = names.index(self.theme) if self.theme in names else -1
        self.theme = names[(current + 1) % len(names)]
        self.notify(f"Theme: {self.theme}", timeout=1.5)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(help_rows(self.config.keys)))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Each action once: ours by what they do, with their key; Textual's own only
        where no key of ours does the same (z maximizes, ? lists the keys)."""
        for command in super().get_system_commands(screen):
            if command.title in {"Keys", "Maximize", "Minimize"}:
                continue
            if command.title == "Theme":  # the one theme command (T cycles them)
                keys = key_display("cycle_theme", self.config.keys)
                yield SystemCommand(
                    "Theme: choose one by name",
                    f"dark, light, ansi (the terminal's colours); key: {keys} cycles them",
                    command.callback,
                )
            else:
                yield command
        for key in APP_KEYS:
            if key.action not in {"quit", "leave", "next_pane", "previous_pane", "cycle_theme"}:
                yield SystemCommand(
                    describe(key, self.config.keys),
                    f"key: {key_display(key.action, self.config.keys)}",
                    partial(self.reader.run_action, key.target),
                )


def make_app(
    paths: Sequence[str | Path],
    model: str | None = None,
    executor_factory: Callable[[str | None], Executor] = process_executor,
    scanner: Scanner | None = None,
    config: Config | None = None,
    feeds: bool = True,
    store_files: StoreFiles | None = None,
) -> NutgrafApp:
    """The one way to build the reader, for the command line and for the tests.

    `config` comes from `tui.core.config.load_config` (the CLI reads the file);
    without one, every setting has its default. `feeds`: list the stored feed items
    too (plain `nutgraf`), or only `paths` (`nutgraf PATH`). `store_files`: where
    listings keep their indexes (the reader's own files unless given).
    """
    config = config or Config()
    config.keys, problems = checked_keymap(config.keys)
    config.problems.extend(problems)
    log_file = setup_logging()
    services = Services(
        paths=list(paths),
        config=config,
        analysis=AnalysisService(model or config.model, executor_factory, AnalysisCache()),
        scanner=scanner or ProcessScanner(),
        store_files=store_files or StoreFiles.of_reader(feeds),
        marks=Marks(ReadingState()),
        search=Search(SearchIndex(search_path())),
        log_file=log_file,
    )
    return NutgrafApp(services)
