"""What every helper process does first: keep off the reader's terminal, and die with its parent.

A spawned process inherits the terminal as stdout and stderr: a traceback or a
warning there is drawn over the reader. So a helper writes both to the log file
(the `nutgraf` logger too), reads nothing from the terminal, and asks the
kernel to end it when the process that started it ends (Linux's parent-death
signal), so no helper outlives a reader that was killed.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

from tui.core.logs import setup_logging

_PR_SET_PDEATHSIG = 1
# Set in the environment of a process nutgraf starts to run `nutgraf` itself (a session of
# `nutgraf serve`, the reader's `nutgraf refresh`): that process dies with its parent too.
DIE_WITH_PARENT = "NUTGRAF_DIE_WITH_PARENT"


def become_helper() -> None:
    path = setup_logging()
    try:
        out = os.open(path or os.devnull, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    except OSError:
        out = os.open(os.devnull, os.O_WRONLY)
    quiet_in = os.open(os.devnull, os.O_RDONLY)
    os.dup2(quiet_in, 0)
    os.dup2(out, 1)
    os.dup2(out, 2)
    os.close(quiet_in)
    os.close(out)
    die_with_parent()


def die_with_parent() -> None:
    """SIGTERM when the parent ends (Linux); elsewhere nothing. Checks it is not gone already."""
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        except (OSError, AttributeError):
            return
    if os.getppid() != parent:  # the parent ended before the signal was asked for
        os._exit(0)


def nutgraf_command(*args: str) -> list[str]:
    """`nutgraf ARGS` as a child process: this interpreter, the installed package.

    `-P`: the current folder is not put on the import path, so a `tui/` folder
    wherever the reader was started cannot stand in for the package (`-m` alone
    would run it).
    """
    return [sys.executable, "-P", "-m", "tui", *args]
