"""What the reader works with, built once by `make_app` and handed to the reader screen."""

from __future__ import annotations

from dataclasses import dataclass
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

    @property
    def size_cap(self) -> int:
        return int(self.config.size_cap_mb * 1024 * 1024)

    def close(self) -> None:
        """Stop the analysis process and save every change (waits for the state writer)."""
        self.analysis.close()
        self.search.index.close()
        self.marks.close()
