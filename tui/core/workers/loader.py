"""A second core for a first listing: a helper process that reads part of each batch.

A first start on a big folder is Python work per file (decode, clean, hash, title, words)
that one process does at ~4 times the cost of reading the bytes (issue 15). The scanner
gives this helper part of each batch of files it has never seen and reads the rest
itself; the helper reads a batch while the scanner finishes the one before (dates, the
index, sending the rows), so that both cores stay busy. Its part is what makes both
finish together, by the costs measured on the last batch.

The helper (`tui.core.pipes.Helper`) is started on the first batch that is worth it and
told to end by the end of its input. At most one request is out: the scanner takes its
answer before it sends another, so neither end ever waits on a full pipe.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable

from tui.core.corpus import Found, rows_of
from tui.core.pipes import Helper, helper_ends

log = logging.getLogger("nutgraf.scan")
WORTH_IT = 256  # files never seen in a batch, from which a part goes to the helper


class _Request:
    """Files sent to the helper; `answer` (their rows) once it has been taken."""

    def __init__(self, files: list[Found]) -> None:
        self.files = files
        self.answer: list[list[str]] | None = None


class Loader:
    """The scanner's end: `start` a list of files, then call what it returns for their
    entries, in order (the `corpus.Load` protocol)."""

    def __init__(self, size_cap: int) -> None:
        self.size_cap = size_cap
        self._helper: Helper | None = None
        self._broken = False
        self._out: _Request | None = None  # sent, answer not taken yet
        # Seconds a file: read here, read by the helper; and the seconds this process
        # spent on other work between two requests (finishing and sending batches).
        self._ours = self._theirs = 0.0
        self._other = 0.0
        self._sent_at: float | None = None
        # Since the last request: seconds spent reading here or waiting for the helper.
        self._reading_or_waiting = 0.0

    def start(self, files: list[Found]) -> Callable[[], list[list[str]]]:
        """Send the helper its part of `files` now; the call returned reads the rest here
        and gives every file's rows, as `rows_of` gives them, in order."""
        self._take_answer()
        theirs = self._share(files)
        ours = files[: len(files) - theirs]
        request = _Request(files[len(ours) :])
        if request.files and not self._send(request):
            ours, request = files, _Request([])

        def result() -> list[list[str]]:
            began = time.perf_counter()
            read = [rows_of(path, signature, self.size_cap) for path, signature in ours]
            spent = time.perf_counter() - began
            self._reading_or_waiting += spent
            if ours:
                self._ours = spent / len(ours)
            if request.files and request.answer is None and request is self._out:
                self._take_answer()
            if request.files and request.answer is None:  # the helper failed: read here
                request.answer = [rows_of(*found, self.size_cap) for found in request.files]
            return read + (request.answer or [])

        return result

    def _share(self, files: list[Found]) -> int:
        if len(files) < WORTH_IT or not self._ready():
            return 0
        return helper_share(len(files), self._ours, self._theirs, self._other)

    def _send(self, request: _Request) -> bool:
        assert self._helper is not None
        now = time.perf_counter()
        if self._sent_at is not None:
            self._other = max(0.0, now - self._sent_at - self._reading_or_waiting)
        try:
            self._helper.send(request.files)
        except OSError:
            self._failed()
            return False
        self._out, self._sent_at, self._reading_or_waiting = request, now, 0.0
        return True

    def _take_answer(self) -> None:
        """Receive the answer to the request that is out (waiting for it if need be)."""
        request, self._out = self._out, None
        if request is None or self._helper is None:
            return
        began = time.perf_counter()
        try:
            answer, seconds = self._helper.recv()
        except (OSError, EOFError):
            self._failed()
            return
        self._reading_or_waiting += time.perf_counter() - began
        request.answer = answer
        self._theirs = seconds / len(request.files)

    def _failed(self) -> None:
        log.warning("the listing helper stopped; reading on in one process")
        self.close()
        self._broken = True

    def _ready(self) -> bool:
        if self._helper is not None or self._broken:
            return not self._broken
        try:
            self._helper = Helper(__name__, str(self.size_cap))
        except OSError:
            log.warning("could not start the listing helper", exc_info=True)
            self._broken = True
            return False
        return True

    def close(self) -> None:
        """End the helper (its input ends: it exits) and reap it."""
        self._out = None
        if self._helper is not None:
            self._helper.close()
            self._helper = None


def helper_share(files: int, ours: float, theirs: float, other: float) -> int:
    """How many of `files` the helper reads: as many as it reads (`theirs` seconds a file)
    in the time this process takes to read the rest (`ours` a file) and do its `other`
    work (seconds); half, until both costs are measured."""
    if not (ours > 0 and theirs > 0):
        return files // 2
    share = (files * ours + other) / (ours + theirs)
    return max(0, min(files, round(share)))


def serve(size_cap: int) -> None:
    """The helper's end: answer each list of files with their rows (and the seconds they
    took) until input ends."""
    requests, answers = helper_ends()
    while True:
        try:
            files: list[Found] = requests.recv()
        except EOFError:
            return
        began = time.perf_counter()
        rows = [rows_of(path, signature, size_cap) for path, signature in files]
        answers.send((rows, time.perf_counter() - began))


if __name__ == "__main__":
    serve(int(sys.argv[1]))
