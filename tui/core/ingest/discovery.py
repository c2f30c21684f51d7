"""Which files are articles: files as given, folders walked in name order."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl"})


def discover(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Yield article files: files as given, folders recursively in name order.

    A path that does not exist is yielded as is, so that it shows as a broken entry.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    candidate = Path(root, name)
                    if candidate.suffix.lower() in SUFFIXES and not name.startswith("."):
                        yield candidate
        else:
            yield path
