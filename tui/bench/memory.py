"""Memory at rest: a reader started in a terminal as a user starts it, measured once it is idle.

"At rest" is after its start has settled: every process of the reader has used no
CPU for `QUIET` seconds (the listing done, the first article read and analysed),
and at least `LEAST` seconds after the start (issue 15 measured "10 s after start").
Each process is reported with its RSS and its PSS (shared pages split between the
processes that share them: the honest sum for a tree of processes).
"""

from __future__ import annotations

import fcntl
import os
import pty
import signal
import struct
import subprocess
import termios
import time
from dataclasses import dataclass
from pathlib import Path

LEAST = 10.0  # seconds after the start
QUIET = 3.0  # seconds without CPU in every process
DEADLINE = 120.0
_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class ProcessMemory:
    pid: int
    command: str
    rss_mb: float
    pss_mb: float


def at_rest(command: list[str], env: dict[str, str], least: float = LEAST) -> list[ProcessMemory]:
    """Start `command` on a pseudo-terminal (80x24), wait until it rests (and `least`
    seconds), measure its process tree, end it."""
    process, main = on_terminal(command, {**env, "TERM": "xterm-256color"})
    try:
        _wait_for_rest(process.pid, main, least)
        if process.poll() is not None:  # a figure of nothing must not pass for one
            raise RuntimeError(f"{command[0]} exited ({process.returncode}) before it rested")
        return [_memory(pid) for pid in _tree(process.pid)]
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        os.close(main)


def on_terminal(
    command: list[str], env: dict[str, str], cwd: str | None = None
) -> tuple[subprocess.Popen[bytes], int]:
    """`command` started in a session of its own on an 80x24 pseudo-terminal; the process
    and our (non-blocking) end of the terminal."""
    main, terminal = terminal_of(80, 24)
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env=env,
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,  # Textual draws there, and the reader wants a terminal on it
        start_new_session=True,
    )
    os.close(terminal)
    return process, main


def terminal_of(columns: int, rows: int) -> tuple[int, int]:
    """A pseudo-terminal of that size: (our non-blocking end, the program's end)."""
    main, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    os.set_blocking(main, False)
    return main, terminal


def _wait_for_rest(root: int, terminal: int, least: float) -> None:
    started = time.monotonic()
    last, still_since = -1, time.monotonic()
    while time.monotonic() - started < DEADLINE:
        _drain(terminal)  # a full terminal buffer would stop the app drawing
        used = sum(_cpu_ticks(pid) for pid in _tree(root))
        now = time.monotonic()
        if used != last:
            last, still_since = used, now
        elif now - still_since >= QUIET and now - started >= least:
            return
        time.sleep(0.2)


def _drain(terminal: int) -> None:
    try:
        while os.read(terminal, 65536):
            pass
    except (BlockingIOError, OSError):
        pass


def _tree(root: int) -> list[int]:
    """`root` and its descendants (from /proc; zombies have no memory left and are skipped)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z":
                children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, []))
    return found


def tree_rss_mb(root: int) -> float:
    """The resident memory of `root` and its descendants now (MB)."""
    return sum(_memory(pid, pss=False).rss_mb for pid in _tree(root))


def _cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime + stime


def _memory(pid: int, pss: bool = True) -> ProcessMemory:
    def kilobytes(path: str, field: str) -> float:
        try:
            for line in Path(f"/proc/{pid}/{path}").read_text().splitlines():
                if line.startswith(field):
                    return float(line.split()[1])
        except OSError:
            pass
        return 0.0

    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        raw = "?"
    return ProcessMemory(
        pid,
        _role(raw),
        kilobytes("status", "VmRSS:") / 1024,
        kilobytes("smaps_rollup", "Pss:") / 1024 if pss else 0.0,
    )


HELPERS = {
    "tui.core.pipes": "worker process",
    "tui.core.workers.scanner": "listing process",
    "tui.core.workers.loader": "listing helper",
}


def _role(command: str) -> str:
    """A short name for a process of the tree."""
    for module, role in HELPERS.items():
        if f"-m {module} " in command:
            return role
    return command.strip()[:60]
