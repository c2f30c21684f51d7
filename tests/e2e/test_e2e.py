"""The real `nutgraf` command in a real terminal (tmux), read back from the screen."""

import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tui.core.paths import default_seeds

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def tmux(session: str, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
    """A tmux command on the session's own server (`-L`, named after it).

    On a shared server, killing the last session ends the server, and a test that starts a
    new session at that moment meets a dying server ("server exited unexpectedly", seen
    in CI). A server per session has no such moment, and no other session's environment.
    """
    return subprocess.run(
        ["tmux", "-L", session, *args], capture_output=True, text=True, check=check
    )


def capture(session: str) -> str:
    return tmux(session, "capture-pane", "-p", "-t", session).stdout


def wait_for(session: str, text: str, timeout: float = 180) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = capture(session)
        if text in screen:
            return screen
        time.sleep(0.25)
    raise AssertionError(f"{text!r} not on screen after {timeout}s:\n{screen}")


def start(folder: object | None) -> str:
    """`python -m tui FOLDER` (plain `python -m tui` for None) in a new 80x24 tmux session,
    with this test's XDG directories.
    """
    session = f"nutgraf-test-{uuid.uuid4().hex[:8]}"
    dirs = " ".join(
        f"{name}={shlex.quote(os.environ[name])}"
        for name in ("XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME")
    )
    where = shlex.quote(str(folder)) if folder is not None else ""
    command = f"env {dirs} {shlex.quote(sys.executable)} -m tui {where}"
    tmux(session, "new-session", "-d", "-s", session, "-x", "80", "-y", "24", command, check=True)
    return session


def keys(session: str, *names: str) -> None:
    tmux(session, "send-keys", "-t", session, *names, check=True)


def saved_marks() -> tuple[int, int]:
    """(read, starred) rows in this test's state file."""
    path = Path(os.environ["XDG_DATA_HOME"]) / "nutgraf" / "state.sqlite3"
    if not path.exists():
        return (0, 0)
    with sqlite3.connect(path) as state:
        row = state.execute("SELECT SUM(read), SUM(starred) FROM articles").fetchone()
    return (row[0] or 0, row[1] or 0)


def test_nutgraf_in_tmux_shows_the_seed_with_summary_and_entities():
    session = start(default_seeds())
    try:
        screen = wait_for(session, "NewsRank · 3")  # the summary has arrived
        sidebar = screen.split("People & organisations", 1)[1]
        assert "Volodymyr Zelensky" in sidebar
        assert "NATO" in sidebar
        keys(session, "s")
        wait_for(session, "LeadRank · 3")  # s: the next summariser
        keys(session, "q")
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            alive = tmux(session, "has-session", "-t", session)
            if alive.returncode != 0:
                break
            time.sleep(0.2)
        else:
            raise AssertionError("nutgraf did not quit on q:\n" + capture(session))
    finally:
        tmux(session, "kill-server")


def test_read_and_starred_survive_kill_9(corpus):
    """Read the first article, jump to the last (read on opening) and star it, kill -9,
    restart."""
    session = start(corpus)
    try:
        wait_for(session, "NewsRank · 3")
        wait_for(session, "2 unread · 3")  # the first article, opened, is read
        keys(session, "G", "*")
        wait_for(session, "1 unread · 3")
        deadline = time.monotonic() + 60
        while saved_marks() != (2, 1):  # the writer thread has saved both marks
            assert time.monotonic() < deadline, saved_marks()
            time.sleep(0.1)
        pid = tmux(session, "display", "-p", "-t", session, "#{pane_pid}", check=True).stdout
        os.kill(int(pid), 9)
    finally:
        tmux(session, "kill-server")
    session = start(corpus)
    try:
        screen = wait_for(session, "1 unread · 3")
        assert "★" in screen
    finally:
        tmux(session, "kill-server")


def test_import_an_opml_refresh_and_read_a_feed_article(tmp_path):
    """A newcomer's path: import a subscription list, refresh, read offline with a summary."""
    from tests.feed_server import feed_server

    with feed_server() as server:
        opml = tmp_path / "subscriptions.opml"
        opml.write_text(f'<opml version="2.0"><body><outline xmlUrl="{server}/rss"/></body></opml>')
        for command in (["import", str(opml)], ["refresh"]):
            subprocess.run([sys.executable, "-m", "tui", *command], check=True, capture_output=True)
    session = start(None)  # the feeds (no folder configured); the server is gone: offline
    try:
        screen = wait_for(session, "Ferry timetable approved")
        screen = wait_for(session, "Harbour Post")
        wait_for(session, "Ana Lopes")  # the names sidebar: the analysis ran
        assert "Storm closes port" in screen
    finally:
        tmux(session, "kill-server")
