"""What the reader works with, built once by `make_app` and handed to the reader screen."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tui.core.config import Config
from tui.core.workers.analysis import AnalysisService
from tui.core.workers.scanner import Scanner, StoreFiles
from tui.ui.controllers.marks import Marks
from tui.ui.controllers.search import Search


@dataclass
class Services:
    paths: list[str | Path]
    config: Config
    analysis: AnalysisService
    scanner: Scanner
    store_files: StoreFiles
    marks: Marks
    search: Search
    log_file: Path | None = None
    # Notices sent before the reader's notice strip is mounted (settings problems at
    # start): (message, title, severity, timeout), shown by the strip when it mounts.
    early_notices: list[tuple[str, str, str, float]] = field(default_factory=list)

    def close(self) -> None:
        """Stop the analysis process and save every change (waits for the state writer)."""
        self.analysis.close()
        self.search.index.close()
        self.marks.close()
