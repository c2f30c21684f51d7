"""A second core for a first listing: a helper process that reads half of each batch.

A first start on a big folder is Python work per file (decode, clean, hash, title, words)
that one process does at ~8 times the cost of reading the bytes (issue 15). The scanner gives
this helper the second half of each batch of files it has never seen and reads the first
half itself. The helper is a plain subprocess (`python -P -m tui.core.workers.loader`:
the scanner is a daemonic process, which multiprocessing forbids to have children),
started on the first batch that is worth it, told to end by the end of its input, and
ended with its parent (`die_with_parent`). Requests and answers are pickled lists over
its stdin and stdout: the two ends are the same program.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from multiprocessing.connection import Connection

from tui.core.corpus import entries_of
from tui.core.model import Entry
from tui.core.processes import become_helper, parent_pid

log = logging.getLogger("nutgraf.scan")
WORTH_IT = 256  # files never seen in a batch, from which half go to the helper


class Loader:
    """The scanner's end: `split` loads a list of files in two processes, in order."""

    def __init__(self, size_cap: int) -> None:
        self.size_cap = size_cap
        self._process: subprocess.Popen[bytes] | None = None
        self._requests: Connection | None = None
        self._answers: Connection | None = None
        self._broken = False

    def split(self, paths: list[str]) -> list[list[Entry]]:
        """Each path's entries, as `entries_of` gives them; the second half read by the
        helper while this process reads the first (all here when the helper fails)."""
        if len(paths) < WORTH_IT or not self._ready():
            return [entries_of(path, self.size_cap) for path in paths]
        middle = len(paths) // 2
        theirs = paths[middle:]
        assert self._requests is not None and self._answers is not None
        try:
            self._requests.send(theirs)
        except OSError:
            return self._instead([], paths)
        ours = [entries_of(path, self.size_cap) for path in paths[:middle]]
        try:
            answer: list[list[Entry]] = self._answers.recv()
        except (OSError, EOFError):
            return self._instead(ours, theirs)
        return ours + answer

    def _instead(self, ours: list[list[Entry]], theirs: list[str]) -> list[list[Entry]]:
        log.warning("the listing helper stopped; reading on in one process")
        self.close()
        self._broken = True
        return ours + [entries_of(path, self.size_cap) for path in theirs]

    def _ready(self) -> bool:
        if self._process is not None or self._broken:
            return not self._broken
        try:
            self._process = subprocess.Popen(
                [
                    *(sys.executable, "-P", "-m", "tui.core.workers.loader"),
                    *(str(self.size_cap), parent_pid()),
                ],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except OSError:
            log.warning("could not start the listing helper", exc_info=True)
            self._broken = True
            return False
        assert self._process.stdin is not None and self._process.stdout is not None
        self._requests = Connection(os.dup(self._process.stdin.fileno()), readable=False)
        self._answers = Connection(os.dup(self._process.stdout.fileno()), writable=False)
        self._process.stdin.close()
        self._process.stdout.close()
        return True

    def close(self) -> None:
        """End the helper (its input ends: it exits) and reap it."""
        for end in (self._requests, self._answers):
            if end is not None:
                end.close()
        self._requests = self._answers = None
        if self._process is not None:
            try:
                self._process.wait(5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None


def serve(size_cap: int, parent: int) -> None:
    """The helper's end: answer each list of paths with their entries until input ends."""
    requests = Connection(os.dup(0), writable=False)
    answers = Connection(os.dup(1), readable=False)
    become_helper(parent)  # stdin and stdout now point away from the pipes (kept above)
    while True:
        try:
            paths: list[str] = requests.recv()
        except EOFError:
            return
        answers.send([entries_of(path, size_cap) for path in paths])


if __name__ == "__main__":
    serve(int(sys.argv[1]), int(sys.argv[2]))
