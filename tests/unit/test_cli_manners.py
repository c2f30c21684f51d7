"""Issue 12, command-line manners: a closed pipe and Ctrl+C end quietly, with the right status."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

from tui.core.model import Subscription
from tui.core.storage.feeds import FeedStore


def test_a_closed_pipe_ends_the_output_quietly(tmp_path: Path):
    """`nutgraf feeds | head -1`: more output than a pipe holds, the reader gone after a line."""
    store = FeedStore()
    store.subscribe([Subscription(f"http://127.0.0.1:9/{n:05d}/{'x' * 80}") for n in range(3000)])
    store.close()
    result = subprocess.run(
        ["bash", "-c", f"{sys.executable} -m tui feeds | head -1; echo ${{PIPESTATUS[0]}} >&2"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.count("\n") == 1
    assert result.stderr.strip() == "0"  # no traceback, and nutgraf's own status


def test_ctrl_c_ends_a_command_with_status_130_and_no_traceback():
    """A refresh waiting on a server that never answers, interrupted."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    waiting = threading.Event()
    held: list[socket.socket] = []

    def accept() -> None:
        connection, _ = listener.accept()
        held.append(connection)  # hold it open, say nothing
        waiting.set()

    threading.Thread(target=accept, daemon=True).start()
    store = FeedStore()
    store.subscribe([Subscription(f"http://127.0.0.1:{port}/feed")])
    store.close()
    refresh = subprocess.Popen(
        [sys.executable, "-m", "tui", "refresh"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ},
    )
    try:
        assert waiting.wait(timeout=60), "the refresh never connected"
        refresh.send_signal(signal.SIGINT)
        _, err = refresh.communicate(timeout=60)
    finally:
        refresh.kill()
        listener.close()
        for connection in held:
            connection.close()
    assert refresh.returncode == 130
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
