"""Newsboat's `n`, timed as a user meets it: key press to the next article's text on screen.

Newsboat runs on a pseudo-terminal (80x24) on one local feed it has fetched; the
first article is opened, then each `n` is written to the terminal and timed until
the screen, as a terminal (pyte) draws what Newsboat wrote, shows the next
article's first line ("Story 7 of feed 0"): curses rewrites only the characters
that change, so the bytes alone never hold the whole line. nutgraf's figure
(keys.py) is taken at the frame the app composes, without the terminal, so this
side pays a little more (pyte's parsing, under a millisecond a screen).
"""

from __future__ import annotations

import os
import re
import select
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pyte

from tui.bench.feeds import local_feeds
from tui.bench.memory import on_terminal

_STORY = re.compile(r"Story (\d+) of feed")
PATIENCE = 30.0  # seconds for any one screen to appear


def newsboat_installed() -> bool:
    return shutil.which("newsboat") is not None


def newsboat_next(presses: int, words: int) -> list[float]:
    """Seconds from each `n` to the next article's text (about `words` long) on Newsboat's
    screen."""
    with (
        local_feeds(1, presses + 1, 0.0, 1, paragraphs=max(1, words // 25)) as urls,
        tempfile.TemporaryDirectory() as tmp,
    ):
        folder = Path(tmp)
        (folder / "urls").write_text(urls[0] + "\n")
        (folder / "config").write_text("suppress-first-reload yes\n")
        command = ["newsboat", "-u", "urls", "-c", "cache.db", "-C", "config"]
        env = {**os.environ, "HOME": tmp, "TERM": "xterm-256color"}
        subprocess.run([*command, "-x", "reload"], cwd=tmp, env=env, check=True, timeout=60)
        return _timed_presses(command, tmp, env, presses)


def _timed_presses(command: list[str], cwd: str, env: dict[str, str], presses: int) -> list[float]:
    process, main = on_terminal(command, env, cwd)
    screen = pyte.Screen(80, 24)
    stream = pyte.ByteStream(screen)
    try:
        _until(main, screen, stream, re.compile(r"Feed 0"))  # the feed list
        os.write(main, b"\r")
        _until(main, screen, stream, re.compile(r"story 1"))  # its articles
        os.write(main, b"\r")
        current = int(_until(main, screen, stream, _STORY).group(1))
        times = []
        for _ in range(presses):
            time.sleep(0.2)  # every press from the same rest
            _drain(main, stream)
            started = time.perf_counter()
            os.write(main, b"n")
            found = _until(main, screen, stream, _STORY, other_than=current)
            times.append(time.perf_counter() - started)
            current = int(found.group(1))
        return times
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        os.close(main)


def _until(
    terminal: int,
    screen: pyte.Screen,
    stream: pyte.ByteStream,
    pattern: re.Pattern[str],
    other_than: int | None = None,
) -> re.Match[str]:
    """Read the terminal until its screen shows `pattern` (a number other than `other_than`)."""
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        ready, _, _ = select.select([terminal], [], [], 0.5)
        if not ready:
            continue
        try:
            stream.feed(os.read(terminal, 65536))
        except BlockingIOError:
            continue
        for found in pattern.finditer("\n".join(screen.display)):
            if other_than is None or not found.groups() or int(found.group(1)) != other_than:
                return found
    raise TimeoutError(f"Newsboat did not show {pattern.pattern!r} in {PATIENCE:g} s")


def _drain(terminal: int, stream: pyte.ByteStream) -> None:
    try:
        while chunk := os.read(terminal, 65536):
            stream.feed(chunk)
    except (BlockingIOError, OSError):
        pass
