"""Issue 12, command-line manners: a closed pipe and Ctrl+C end quietly, with the right status."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tui.cli import main
from tui.core.model import Subscription
from tui.core.processes import nutgraf_command
from tui.core.storage.feeds import FeedStore
from tui.core.storage.state import state_path


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


def test_child_commands_run_the_installed_package_not_a_tui_folder_where_started(tmp_path):
    """`r` and `nutgraf serve` start `nutgraf` again: a `tui/` folder in the current
    directory must not stand in for the package (`python -m tui` alone would run it)."""
    marker = tmp_path / "ran"
    fake = tmp_path / "tui"
    fake.mkdir()
    (fake / "__init__.py").write_text(f"open({str(marker)!r}, 'w').write('ran')\n")
    (fake / "__main__.py").write_text("")
    done = subprocess.run(nutgraf_command("feeds"), cwd=tmp_path, capture_output=True, timeout=120)
    assert done.returncode == 0 and not marker.exists()
    # The same without the guard is the hole: the folder's package runs.
    subprocess.run([sys.executable, "-m", "tui", "feeds"], cwd=tmp_path, timeout=120)
    assert marker.exists()


@pytest.mark.parametrize(
    "make",
    [
        ["CREATE TABLE feeds (x)", "CREATE TABLE items (y)"],  # our table names, not ours
        ["CREATE TABLE items (y)", "INSERT INTO items VALUES ('precious')"],  # an old name
        ["CREATE TABLE notes (body TEXT)", "PRAGMA user_version = 99"],  # numbered schema
    ],
    ids=["same-names", "legacy-name", "versioned"],
)
def test_a_database_made_by_another_program_is_moved_aside_unchanged(make, capsys):
    """Never migrated in place: the file is kept as it was, beside a new store, and the
    command says so (not only the log)."""
    path = state_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as foreign:
        for statement in make:
            foreign.execute(statement)
    before = sqlite_dump(path)
    assert main(["feeds"]) == 0
    err = capsys.readouterr().err
    assert "made by something else" in err and "moved it to" in err
    (aside,) = path.parent.glob("state.sqlite3.corrupt-*")
    assert sqlite_dump(aside) == before
    assert main(["add", "http://127.0.0.1:9/feed"]) == 0  # the new store works


def sqlite_dump(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        return [f"version {version}", *connection.iterdump()]


def test_import_names_every_address_it_skips_and_never_rewrites_one(tmp_path, capsys):
    listing = tmp_path / "feeds.opml"
    listing.write_text(
        '<opml version="2.0"><body>'
        '<outline text="ok" xmlUrl="http://127.0.0.1:9/ok"/>'
        '<outline text="c1" xmlUrl="http://127.0.0.1:9/&#x9b;x"/>'
        '<outline text="file" xmlUrl="file:///etc/passwd"/>'
        "</body></opml>"
    )
    assert main(["import", str(listing)]) == 0
    err = capsys.readouterr().err
    assert "skipped" in err and "control characters" in err and "file:///etc/passwd" in err
    assert "\x9b" not in err
    assert [s.url for s in FeedStore().subscriptions()] == ["http://127.0.0.1:9/ok"]


def test_options_before_a_command_go_to_the_command(tmp_path, capsys):
    """`nutgraf --config F refresh` refreshes: it used to open the reader on a file called
    "refresh" (and, without a terminal, wait for keys forever)."""
    settings = tmp_path / "config.toml"
    settings.write_text("[feeds]\n")
    assert main(["--config", str(settings), "refresh"]) == 0
    assert "0 feeds refreshed" in capsys.readouterr().out


@pytest.mark.parametrize("stdin", ["null", "closed"])
def test_the_reader_without_a_terminal_says_so_and_ends(tmp_path, stdin):
    """Under cron or in a pipe the reader has no keys to wait for: a message, exit 2 (with
    standard input closed, `<&-`, it was a traceback)."""
    done = subprocess.run(
        nutgraf_command(str(tmp_path)),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=(lambda: os.close(0)) if stdin == "closed" else None,
    )
    assert done.returncode == 2
    assert "needs a terminal" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("errors", ["file", "closed"])
def test_the_reader_with_standard_error_off_the_terminal_says_so_on_it(tmp_path, errors):
    """Textual draws on standard error: sent to a file, the screen went there and the
    terminal stayed blank; closed, the reader hung at its exit and outlived its terminal."""
    import pty

    main_end, terminal = pty.openpty()
    log = tmp_path / "errors.txt"
    with open(log, "w") as error_file:
        done = subprocess.run(
            nutgraf_command(str(tmp_path)),
            stdin=terminal,
            stdout=terminal,
            stderr=error_file if errors == "file" else subprocess.DEVNULL,
            timeout=120,
            preexec_fn=(lambda: os.close(2)) if errors == "closed" else None,
        )
    os.close(terminal)
    shown = b""
    with contextlib.suppress(OSError):  # the terminal's other end is closed: all is read
        while chunk := os.read(main_end, 4096):
            shown += chunk
    os.close(main_end)
    assert done.returncode == 2
    assert b"needs a terminal" in shown
    assert log.read_text() == ""
