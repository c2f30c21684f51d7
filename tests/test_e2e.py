"""The real `nutgraf` command in a real terminal (tmux), read back from the screen."""

import shlex
import shutil
import subprocess
import sys
import time
import uuid

import pytest

from tui.core.paths import default_seeds

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def capture(session: str) -> str:
    return subprocess.run(
        ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
    ).stdout


def wait_for(session: str, text: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = capture(session)
        if text in screen:
            return screen
        time.sleep(0.25)
    raise AssertionError(f"{text!r} not on screen after {timeout}s:\n{screen}")


def test_nutgraf_in_tmux_shows_the_seed_with_summary_and_entities():
    session = f"nutgraf-test-{uuid.uuid4().hex[:8]}"
    command = f"{shlex.quote(sys.executable)} -m tui {shlex.quote(str(default_seeds()))}"
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "80", "-y", "24", command],
        check=True,
    )
    try:
        screen = wait_for(session, "LeadRank · 3")  # the summary has arrived
        sidebar = screen.split("People & organisations", 1)[1]
        assert "Volodymyr Zelensky" in sidebar
        assert "NATO" in sidebar
        subprocess.run(["tmux", "send-keys", "-t", session, "s"], check=True)
        wait_for(session, "LexRank · 3")
        subprocess.run(["tmux", "send-keys", "-t", session, "q"], check=True)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            alive = subprocess.run(["tmux", "has-session", "-t", session], capture_output=True)
            if alive.returncode != 0:
                break
            time.sleep(0.2)
        else:
            raise AssertionError("nutgraf did not quit on q:\n" + capture(session))
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
