"""Which files are articles: files as given, folders walked in name order.

The walk keeps its own stack (a tree 1,200 folders deep must not reach Python's
recursion limit, as `os.walk` did in 3.11), follows no symbolic link to a folder
(so no link can make it loop) and never stops for one folder it cannot read.
Anything with an article suffix is yielded whatever it is (a FIFO, a socket, a
link to a device): `formats.load_path` says why it is not read.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from tui.core.model import FEED_SCHEME

SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl"})

log = logging.getLogger("nutgraf.ingest")


def discover(paths: Iterable[str | Path]) -> Iterator[str]:
    """Yield article files: files as given, folders recursively in name order.

    A path that does not exist is yielded as is, so that it shows as a broken entry;
    so is a folder inside the tree that cannot be listed. Paths are strings: 100,000
    `Path` objects cost a listing about 2.5 s.
    """
    for raw in paths:
        path = str(Path(raw))  # normalised once, as `Path` wrote it ("./a/" is "a")
        if path.startswith(FEED_SCHEME):  # a file so named, not a stored feed item
            path = os.path.join(os.curdir, path)
        if _is_dir(path):
            yield from _walk(path)
        else:
            yield path


def _walk(top: str) -> Iterator[str]:
    """Files of `top` and its folders, depth first in name order, without recursion."""
    seen: set[tuple[int, int]] = set()
    # Each stack item is a folder still to list; its subfolders are pushed in
    # reverse name order, so they are popped (and listed) in name order.
    stack: list[str] = [top]
    while stack:
        folder = stack.pop()
        try:
            status = os.stat(folder)
            identity = (status.st_dev, status.st_ino)
            if identity in seen:  # a bind mount inside itself, say
                continue
            seen.add(identity)
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            log.warning("cannot list the folder %r", str(folder), exc_info=True)
            if folder != top:
                yield folder  # shown as an entry that says why
            continue
        subfolders: list[str] = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if _is_real_dir(entry):
                subfolders.append(entry.path)
            elif entry.name[entry.name.rfind(".") :].lower() in SUFFIXES:
                # The suffix, where `splitext` took 2 µs a file; no dot: the last letter.
                yield entry.path
        stack.extend(reversed(subfolders))


def _is_dir(path: str) -> bool:
    try:
        return os.path.isdir(path)
    except (OSError, ValueError):
        return False


def _is_real_dir(entry: os.DirEntry[str]) -> bool:
    """A folder, not a link to one (links to folders are not followed, as `os.walk` did)."""
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False
