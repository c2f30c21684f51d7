"""Issue 16: no process outlives its session. Real processes, real signals, a real terminal.

The reader runs in a pseudo-terminal as it would under SSH; `nutgraf serve` is
driven by a WebSocket client as a browser would. Every wait has a generous
deadline and polls a condition: nothing here depends on how fast the machine is.
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import pty
import signal
import socket
import sqlite3
import struct
import subprocess
import sys
import termios
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

DEADLINE = 180.0

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc (Linux)")


def children_of(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def tree(pid: int) -> set[int]:
    """`pid` and everything below it that is still running (zombies excluded)."""
    alive, todo = set(), [pid]
    while todo:
        current = todo.pop()
        try:
            state = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(current)
        todo.extend(children_of(current))
    return alive


def until(
    condition: Callable[[], object], what: str | Callable[[], str], seconds: float = DEADLINE
) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            said = what if isinstance(what, str) else what()
            raise AssertionError(f"after {seconds} s still waiting: {said}")
        time.sleep(0.1)


def described(pids: set[int]) -> str:
    """What a process left behind is: its command, state and signal masks (a failure must
    say which helper stayed, and why the signal did not end it)."""
    lines = []
    for pid in sorted(pids):
        with suppress(OSError):
            status = dict(
                line.split(":\t", 1)
                for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                if ":\t" in line
            )
            cmdline = command(pid).replace(b"\0", b" ")[:160]
            signals = " ".join(f"{k}={status.get(k)}" for k in ("SigBlk", "SigIgn", "ShdPnd"))
            lines.append(
                f"{pid} {status.get('State')} ppid {status.get('PPid')} {signals} {cmdline!r}"
            )
            for pipe, holders in _pipes(pid):
                held = ", ".join(f"{other} {command(other)[:100]!r}" for other in holders)
                lines.append(f"  {pipe} also open in: {held}")
    return "; ".join(lines)


def _pipes(pid: int) -> list[tuple[str, list[int]]]:
    """The pipes `pid` has open, each with the other processes that hold it: a process
    waiting for the end of its input waits for every one of them."""

    def pipes_of(process: Path) -> set[str]:
        found = set()
        with suppress(OSError):
            for fd in (process / "fd").iterdir():
                with suppress(OSError):
                    if (target := os.readlink(fd)).startswith("pipe:"):
                        found.add(target)
        return found

    others = [p for p in Path("/proc").iterdir() if p.name.isdigit() and p.name != str(pid)]
    held = {p.name: pipes_of(p) for p in others}
    return [
        (pipe, [int(name) for name, pipes in held.items() if pipe in pipes])
        for pipe in sorted(pipes_of(Path(f"/proc/{pid}")))
    ]


# Every process of one reader carries this in its environment, started before the test
# looked or after: a helper spawned as the reader died has no parent left to find it by.
FAMILY = "NUTGRAF_TEST_FAMILY"
_TAGS: dict[int, bytes] = {}


def family(reader: subprocess.Popen[bytes]) -> set[int]:
    """Every running process (zombies excluded) started by `reader` or below it."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and entry.name != str(reader.pid):
            with suppress(OSError):
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
                if state != "Z" and _TAGS[reader.pid] in (entry / "environ").read_bytes():
                    found.add(int(entry.name))
    return found


@contextmanager
def reader_in_a_terminal(
    paths: list[Path], controlling: bool = True, hangups_ignored: bool = False
) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    """`nutgraf PATHS` on a pseudo-terminal of 100x30; yields the process and the master fd.
    `hangups_ignored`: started as `nohup` starts it."""

    def start() -> None:
        if controlling:
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)
        if hangups_ignored:
            signal.signal(signal.SIGHUP, signal.SIG_IGN)

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    tag = f"{FAMILY}={uuid.uuid4().hex}"
    reader = subprocess.Popen(
        [sys.executable, "-m", "tui", *map(str, paths)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env={**os.environ, "TERM": "xterm-256color", FAMILY: tag.split("=")[1]},
        start_new_session=True,
        # The terminal becomes the reader's controlling terminal, as a login shell's is:
        # when it goes away the kernel sends SIGHUP.
        preexec_fn=start,
    )
    os.close(slave)
    os.set_blocking(master, False)
    _TAGS[reader.pid] = tag.encode()
    try:
        yield reader, master
    finally:
        for pid in tree(reader.pid):
            os.kill(pid, signal.SIGKILL)
        reader.wait(timeout=DEADLINE)
        with suppress(OSError):  # closed already by the hang-up test
            os.close(master)


def drain(master: int, seen: bytearray) -> bytearray:
    """Read what the reader drew (so its terminal never fills up), kept in `seen`."""
    with suppress(OSError):  # nothing more to read for now (or the terminal is closed)
        while chunk := os.read(master, 65536):
            seen.extend(chunk)
    return seen


def showing(reader: subprocess.Popen[bytes], master: int, text: bytes) -> Callable[[], bool]:
    """True once the reader has drawn `text` and has its analysis process."""
    seen = bytearray()

    def check() -> bool:
        return text in drain(master, seen) and len(tree(reader.pid)) >= 2

    return check


def starred_keys() -> int:
    path = Path(os.environ["XDG_DATA_HOME"]) / "nutgraf" / "state.sqlite3"
    with sqlite3.connect(path) as state:
        return state.execute("SELECT COUNT(*) FROM articles WHERE starred").fetchone()[0]


@pytest.mark.parametrize("ending", ["SIGTERM", "SIGHUP", "hangup", "input gone"])
def test_the_reader_saves_and_ends_with_its_helpers(corpus, ending):
    with reader_in_a_terminal([corpus], controlling=ending != "input gone") as (reader, master):
        until(showing(reader, master, b"Zelensky"), "the first article and the analysis process")
        family = tree(reader.pid)
        os.write(master, b"*")  # star the first article: it must be saved on the way out
        seen = bytearray()
        until(lambda: b"Starred" in drain(master, seen), "the star's notice")
        if ending in ("SIGTERM", "SIGHUP"):  # the terminal stays: it must be put back
            reader.send_signal(getattr(signal, ending))
        elif ending == "hangup":
            os.close(master)  # the terminal goes away, as when an SSH connection drops
        else:  # the terminal is not the reader's controlling one: no SIGHUP, only EOF
            os.close(master)
        reader.wait(timeout=DEADLINE)
        until(lambda: not any(Path(f"/proc/{pid}").exists() for pid in family), "the helpers")
        if ending in ("SIGTERM", "SIGHUP"):
            assert b"\x1b[?1049l" in drain(master, seen)  # the main screen is back
    assert starred_keys() == 1


def test_helpers_end_when_the_reader_is_killed(corpus):
    with reader_in_a_terminal([corpus]) as (reader, master):
        until(showing(reader, master, b"Zelensky"), "the first article and the analysis process")
        assert family(reader)
        reader.kill()
        reader.wait(timeout=DEADLINE)
        until(
            lambda: not family(reader),
            lambda: f"the helpers to end: {described(family(reader))}",
        )


@pytest.mark.parametrize("hangups_ignored", [False, True], ids=["plain", "nohup"])
def test_helpers_are_plain_processes_on_the_log_that_end_with_the_reader(corpus, hangups_ignored):
    """No multiprocessing process: its resource tracker ignores SIGTERM and, under `nohup`,
    hang-ups, and a loaded run saw it outlive its killed reader by minutes. Each helper
    writes to the log, not over the reader's screen."""
    with reader_in_a_terminal([corpus], hangups_ignored=hangups_ignored) as (reader, master):
        until(showing(reader, master, b"Zelensky"), "the first article and the analysis process")
        terminal = os.readlink(f"/proc/{reader.pid}/fd/0")
        assert os.readlink(f"/proc/{reader.pid}/fd/2") == terminal
        helpers = {}
        for pid in family(reader):
            with suppress(OSError):  # the scanner may end as it is looked at
                helpers[pid] = (command(pid), os.readlink(f"/proc/{pid}/fd/2"))
        assert helpers
        for run, errors in helpers.values():
            assert b"multiprocessing" not in run
            assert b"-m\0tui.core." in run
            assert errors == str(log_file())
        reader.kill()
        reader.wait(timeout=DEADLINE)
        until(
            lambda: not family(reader),
            lambda: f"the helpers to end: {described(family(reader))}",
        )


def log_file() -> Path:
    return Path(os.environ["XDG_STATE_HOME"]) / "nutgraf" / "nutgraf.log"


def command(pid: int) -> bytes:
    with suppress(OSError):
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    return b""


ORPHAN = """
import os, subprocess, sys, time
quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
helper = subprocess.Popen([sys.executable, "-c", sys.argv[1], str(os.getpid())], **quiet)
print(helper.pid, flush=True)
os._exit(0)  # gone before the helper asks to die with it
"""
HELPER = """
import sys, time
time.sleep(1)  # a helper's imports
from tui.core.processes import die_with_parent
die_with_parent(int(sys.argv[1]))
time.sleep(600)  # a helper waiting for work that never comes
"""


def test_a_helper_whose_parent_ended_while_it_started_ends_too():
    """The reader killed while its analysis process was still importing left that process
    waiting forever (a loaded run of the suite): the parent's pid, given at the start,
    shows the helper it has no parent any more."""
    started = subprocess.run(
        [sys.executable, "-c", ORPHAN, HELPER], capture_output=True, text=True, check=True
    )
    helper = int(started.stdout.split()[0])
    try:  # it ends a second after its start; 600 s if it missed its parent's end
        until(lambda: not tree(helper), "the orphaned helper to end", seconds=60)
    finally:
        with suppress(ProcessLookupError):
            os.kill(helper, signal.SIGKILL)


PARENT = """
import os, signal, subprocess, sys
if sys.argv[2] == "blocked":
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
if sys.argv[2] == "ignored":
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
helper = subprocess.Popen(
    [sys.executable, "-c", sys.argv[1], str(os.getpid()), sys.argv[2]],
    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
)
print(helper.pid, flush=True)
helper.stdout.readline()  # it has asked to die with this process
os._exit(0)
"""
WAITING_HELPER = """
import ctypes, sys, time
from tui.core.processes import die_with_parent
die_with_parent(int(sys.argv[1]))
if sys.argv[2] == "unsignalled":  # as if the kernel never sent the parent-death signal
    ctypes.CDLL(None).prctl(1, 0)
print("ready", flush=True)
time.sleep(600)
"""


@pytest.mark.parametrize("how", ["blocked", "ignored", "unsignalled"])
def test_a_helper_ends_with_its_parent_whatever_it_inherited(how):
    """SIGTERM blocked or ignored in the thread that starts a helper is inherited through
    exec (multiprocessing blocks it while it starts its resource tracker), and the kernel
    sends the parent-death signal only when the parent's thread ends: a loaded run of the
    suite saw a helper outlive its killed reader for minutes."""
    started = subprocess.run(
        [sys.executable, "-c", PARENT, WAITING_HELPER, how],
        capture_output=True,
        text=True,
        check=True,
    )
    helper = int(started.stdout.split()[0])
    try:
        until(lambda: not tree(helper), f"the helper ({how}) to end", seconds=60)
    finally:
        with suppress(ProcessLookupError):
            os.kill(helper, signal.SIGKILL)


STOPPING_PARENT = """
import os, sys
from tui.core.pipes import PipeExecutor
executor = PipeExecutor()
executor.submit(os.getpid).result(timeout=120)  # the helper has asked to die with us
print(executor.pid, flush=True)
sys.stdin.readline()  # the test stops the helper meanwhile
os._exit(0)
"""


def test_a_stopped_helper_ends_with_its_parent():
    """A SIGTERM stays pending on a stopped process: a helper stopped (SIGSTOP) when its
    reader, not a terminal's foreground job (`setsid`), ended stayed for good."""
    parent = subprocess.Popen(
        [sys.executable, "-c", STOPPING_PARENT],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        start_new_session=True,
    )
    assert parent.stdout is not None and parent.stdin is not None
    helper = int(parent.stdout.readline())
    try:
        os.kill(helper, signal.SIGSTOP)
        until(lambda: state(helper) == "T", "the helper to stop", seconds=60)
        parent.stdin.write(b"go\n")
        parent.stdin.flush()
        parent.wait(timeout=DEADLINE)
        until(lambda: not tree(helper), lambda: f"the helper to end: {described({helper})}")
    finally:
        with suppress(ProcessLookupError):
            os.kill(helper, signal.SIGKILL)


def state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return ""


def zombies_of(pid: int) -> set[int]:
    found = set()
    for child in children_of(pid):
        with suppress(OSError):
            if Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
                found.add(child)
    return found


def test_a_finished_listing_leaves_no_zombie(corpus):
    """The scanner process ends when the listing is done, and the reader reaps it."""
    with reader_in_a_terminal([corpus]) as (reader, master):
        until(showing(reader, master, b"Zelensky"), "the first article and the analysis process")
        seen = bytearray()
        until(lambda: b"listing" not in drain(master, seen)[-4000:], "the listing to end")
        until(lambda: not zombies_of(reader.pid), "the scanner to be reaped")
        assert len(tree(reader.pid)) >= 2  # the analysis process stays, alive


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def served(folder: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "tui", "serve", "--port", str(port), str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert server.stdout is not None
        address = server.stdout.readline().split()[-1]
        yield server, address.replace("http://", "ws://") + "ws"
    finally:
        for pid in tree(server.pid):
            os.kill(pid, signal.SIGKILL)
        server.wait(timeout=DEADLINE)


async def _session(url: str, origin: str, stay: Callable[[], bool]) -> None:
    """A browser session: connect, say the size, stay while `stay()`, then drop the connection."""
    import aiohttp

    async with aiohttp.ClientSession() as client:
        socket_ = await client.ws_connect(f"{url}?width=80&height=24", origin=origin)
        await socket_.send_json(["resize", {"width": 80, "height": 24}])
        deadline = time.monotonic() + DEADLINE
        ended = (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR)
        while stay() and time.monotonic() < deadline:
            try:  # what the app draws, read so that a server going away is seen at once
                message = await socket_.receive(timeout=0.1)
            except TimeoutError:
                continue
            if message.type in ended:
                return
        await socket_.close()


@pytest.mark.parametrize("when", ["at once", "after the first paint"])
def test_a_browser_that_goes_away_leaves_no_process(corpus, when):
    with served(corpus) as (server, url):
        origin = url.split("/")[0].replace("ws:", "http:") + "//" + url.split("/")[2]
        sessions = lambda: tree(server.pid) - {server.pid}  # noqa: E731
        if when == "at once":
            asyncio.run(_session(url, origin, stay=lambda: False))
        else:
            asyncio.run(_session(url, origin, stay=lambda: len(sessions()) < 2))
        until(lambda: not sessions(), "every process of the session to end")
        assert server.poll() is None  # the server itself keeps serving


def test_stopping_the_server_ends_every_session(corpus):
    with served(corpus) as (server, url):
        origin = url.split("/")[0].replace("ws:", "http:") + "//" + url.split("/")[2]
        family: set[int] = set()

        def grown() -> bool:
            family.update(tree(server.pid))
            return len(family) < 3  # the server, a reader, its analysis process

        async def stay_then_stop() -> None:
            task = asyncio.create_task(_session(url, origin, stay=lambda: True))
            await asyncio.to_thread(until, lambda: not grown(), "a session and its helpers")
            server.send_signal(signal.SIGTERM)
            await asyncio.gather(task, return_exceptions=True)

        asyncio.run(stay_then_stop())
        server.wait(timeout=DEADLINE)
        until(lambda: not any(Path(f"/proc/{pid}").exists() for pid in family), "all of them")
