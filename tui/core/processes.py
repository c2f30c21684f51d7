"""What every helper process does first: keep off the reader's terminal, and die with its parent.

A helper process inherits the terminal as stdout and stderr: a traceback or a
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
import threading
import time
from contextlib import suppress
from pathlib import Path

from tui.core.logs import setup_logging

_PR_SET_PDEATHSIG = 1
ORPHAN_CHECK_SECONDS = 1.0
# Set in the environment of a process nutgraf starts to run `nutgraf` itself (a session of
# `nutgraf serve`, the reader's `nutgraf refresh`), to the starting process's pid
# (`parent_pid`): that process dies with its parent too.
DIE_WITH_PARENT = "NUTGRAF_DIE_WITH_PARENT"


def parent_pid() -> str:
    """What a process passes to a helper it starts, for `die_with_parent`: its own pid."""
    return str(os.getpid())


def become_helper(parent: int | None = None) -> None:
    out = log_output(setup_logging())
    quiet_in = os.open(os.devnull, os.O_RDONLY)
    os.dup2(quiet_in, 0)
    os.dup2(out, 1)
    os.dup2(out, 2)
    os.close(quiet_in)
    os.close(out)
    # A helper holds nothing to save: SIGKILL, which also ends a stopped helper (a
    # SIGTERM stays pending on a stopped process until it is continued: a stranger's
    # test left a stopped helper of a reader started by `setsid` behind for good).
    die_with_parent(parent, signal.SIGKILL)


def log_output(path: Path | None) -> int:
    """A file descriptor to append to the log file `path` (/dev/null without one)."""
    try:
        return os.open(path or os.devnull, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    except OSError:
        return os.open(os.devnull, os.O_WRONLY)


def die_with_parent(parent: int | None = None, death: int = signal.SIGTERM) -> None:
    """The signal `death` when the parent ends (Linux); elsewhere nothing.

    `parent`: the pid of the process that started this one, as that process gave it. A
    parent that ended before this process got here (a helper spends a second or more
    importing first) is caught too: `getppid` would already name its heir, and the helper,
    never told, would wait forever (seen in a loaded run of the suite: the reader killed
    while its analysis process was still starting).
    """
    parent = os.getppid() if parent is None else parent
    # A SIGTERM ignored or blocked by the thread that started this process is inherited
    # through exec (multiprocessing blocked it while it started its resource tracker): the
    # parent-death signal would then never end this process.
    with suppress(ValueError):  # only the main thread may set a handler
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
    if sys.platform.startswith("linux"):
        with suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, death)
    if os.getppid() != parent:  # the parent ended before the signal was asked for
        os._exit(0)
    threading.Thread(target=_end_when_orphaned, args=(parent, death), daemon=True).start()


def _end_when_orphaned(parent: int, death: int) -> None:
    """The backstop: the parent-death signal, sent by this process itself once its parent
    is gone, whatever the kernel did (Linux sends it when the parent's *thread* ends, and
    only on Linux): a loaded run of the suite saw a helper outlive its killed reader by
    minutes. A process with a SIGTERM handler (the reader under `nutgraf serve`) still
    saves its state as it leaves."""
    while os.getppid() == parent:
        time.sleep(ORPHAN_CHECK_SECONDS)
    os.kill(os.getpid(), death)


def nutgraf_command(*args: str) -> list[str]:
    """`nutgraf ARGS` as a child process: this interpreter, the installed package.

    `-P`: the current folder is not put on the import path, so a `tui/` folder
    wherever the reader was started cannot stand in for the package (`-m` alone
    would run it).
    """
    return [sys.executable, "-P", "-m", "tui", *args]
