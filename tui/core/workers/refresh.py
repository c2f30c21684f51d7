"""`r` in the reader: `nutgraf refresh --json` in a process of its own, read step by step.

Fetching is I/O and parsing is CPU work (feedparser); in another process
neither touches the UI's event loop or its GIL.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator
from contextlib import suppress
from pathlib import Path

from tui.core.logs import log_path
from tui.core.processes import DIE_WITH_PARENT, log_output, nutgraf_command, parent_pid
from tui.core.workers.messages import RefreshStep

log = logging.getLogger("nutgraf.refresh")

FEEDS_FAILED = 1  # the exit status of `nutgraf refresh` when some feeds failed


class Refresh:
    """One refresh; `returncode` is set once `steps()` is exhausted.

    `config`: the settings file the reader was started with, whose `[feeds]` the refresh
    follows (None: the default file).
    """

    def __init__(self, config: Path | None = None) -> None:
        self.config = config
        self.returncode: int | None = None
        self.new_items = 0
        self.pruned = 0
        self.updated = 0
        self.failed = 0
        self.errors: dict[str, str] = {}  # feed URL -> its error, for the feeds that failed

    @property
    def crashed(self) -> bool:
        """The process failed as a whole (not: some feeds failed, exit 1, each reported)."""
        if self.returncode in (None, 0):
            return False
        return not (self.returncode == FEEDS_FAILED and self.failed)

    async def steps(self) -> AsyncIterator[RefreshStep]:
        settings = ["--config", str(self.config)] if self.config is not None else []
        # What it says on stderr (a warning, a traceback) goes to the log: "The refresh
        # failed; see the log" found nothing there when it went to /dev/null.
        errors = log_output(log_path())
        try:
            process = await asyncio.create_subprocess_exec(
                *nutgraf_command("refresh", "--json", *settings),
                stdout=asyncio.subprocess.PIPE,
                stderr=errors,
                env={**os.environ, DIE_WITH_PARENT: parent_pid()},
            )
        finally:
            os.close(errors)
        assert process.stdout is not None
        try:
            async for line in process.stdout:
                if (step := RefreshStep.from_json(line)) is not None:
                    self.new_items += step.new_items
                    self.pruned += step.pruned
                    self.updated += step.updated
                    self.failed += bool(step.error)
                    if step.error:
                        self.errors[step.url] = step.error
                    yield step
            self.returncode = await process.wait()
            if self.crashed:
                log.error("nutgraf refresh ended with status %s", self.returncode)
        finally:
            if process.returncode is None:  # the reader stopped waiting: so does the refresh
                with suppress(ProcessLookupError):
                    process.kill()
                await process.wait()
