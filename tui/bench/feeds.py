"""Issue 15's feed figures: nutgraf beside Newsboat on the same local feeds, in one run.

200 feeds of 50 full-text items (so neither reader fetches pages) are served by
50 local servers (127.0.0.1 to 127.0.0.50) that answer after a delay, as distant
servers would, and honour conditional requests (ETag, Last-Modified), so a
second refresh of unchanged feeds is a round of 304s. Every address in the feeds
and their items is one of those servers: the benchmark contacts nothing else
(tests/unit/test_bench.py checks it). Each reader runs as its own process with an
empty store for the first refresh and the same store for the second, rounds
interleaved; figures are medians. Newsboat is the Debian package (`reload-threads
16`); without it the section says so and reports nutgraf alone. Last, each reader
is opened on the 10,000 items it stored and its memory measured at rest (memory.py).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from rich.console import Console

from tui.bench.common import table
from tui.bench.memory import ProcessMemory, at_rest, tree_rss_mb

FEEDS = 200
ITEMS = 50
DELAY = 0.2  # seconds each response waits
HOSTS = 50
MEMORY_BOUND_MB = 200  # issue 15: every process of the reader, an article analysed
MODIFIED = formatdate(1_764_000_000, usegmt=True)
PARAGRAPH = (
    "Officials said on Monday that the regional council would review the harbour plan next "
    "week, after residents asked for more frequent crossings and lower fares. "
)


def feed_xml(base: str, number: int, items: int = ITEMS, paragraphs: int = 6) -> bytes:
    entries = "".join(
        f"<item><title>Feed {number} story {i}</title><link>{base}/page/{number}/{i}</link>"
        f"<guid>{base}/item/{number}/{i}</guid>"
        f"<pubDate>{formatdate(1_764_000_000 - 3600 * i, usegmt=True)}</pubDate>"
        f"<description>Story {i} of feed {number}. {PARAGRAPH * paragraphs}</description></item>"
        for i in range(items)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {number}</title>'
        f"<link>{base}/</link>{entries}</channel></rss>"
    ).encode()


class _Handler(BaseHTTPRequestHandler):
    items = ITEMS
    delay = DELAY
    paragraphs = 6  # of 25 words: an item's text

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        time.sleep(self.delay)
        base = f"http://{self.headers.get('Host', '')}"  # the address the reader asked
        parts = self.path.strip("/").split("/")
        etag = f'"{self.path}"'
        if self.headers.get("If-None-Match") == etag or (
            self.headers.get("If-Modified-Since") == MODIFIED
        ):
            self.send_response(304)
            self.end_headers()
            return
        if parts[0] == "feed":
            body = feed_xml(base, int(parts[-1]), self.items, self.paragraphs)
            kind = "application/rss+xml"
        else:  # an item's page: never asked for, items are full text
            body, kind = b"<html><body><p>Page.</p></body></html>", "text/html"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", MODIFIED)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def local_feeds(
    feeds: int, items: int, delay: float, hosts: int, paragraphs: int = 6
) -> Iterator[list[str]]:
    """Serve `feeds` feeds from `hosts` servers on 127.0.0.x; yield their URLs."""
    handler = type(
        "Handler", (_Handler,), {"items": items, "delay": delay, "paragraphs": paragraphs}
    )
    servers = []
    try:
        for n in range(1, hosts + 1):
            server = ThreadingHTTPServer((f"127.0.0.{n}", 0), handler)
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, daemon=True).start()
            servers.append(server)
        yield [
            "http://{}:{}/feed/{}".format(*servers[n % hosts].server_address[:2], n)
            for n in range(feeds)
        ]
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    peak_mb: float
    status: int


SAMPLE_SECONDS = 0.02


def timed(command: list[str], env: dict[str, str]) -> Run:
    """Wall time, CPU time (user + system, its children included) and peak memory of one
    process and its children: the largest sum of their RSS, sampled every 20 ms. (The
    rusage peak is no measure: a child starts with its parent's pages, and Linux keeps that
    peak across `exec`, so every run reported this benchmark's own size.)"""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    peak = 0.0
    while os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None:
        peak = max(peak, tree_rss_mb(process.pid))
        time.sleep(SAMPLE_SECONDS)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(wall, usage.ru_utime + usage.ru_stime, peak, process.returncode)


class Nutgraf:
    name = "nutgraf"

    def __init__(self, folder: Path, urls: list[str]) -> None:
        self.env = {
            **os.environ,
            "XDG_DATA_HOME": str(folder / "data"),
            "XDG_CACHE_HOME": str(folder / "cache"),
            "XDG_STATE_HOME": str(folder / "state"),
            "XDG_CONFIG_HOME": str(folder / "config"),
        }
        self.list = folder / "feeds.opml"
        outlines = "".join(f'<outline type="rss" xmlUrl="{url}"/>' for url in urls)
        self.list.write_text(f'<opml version="2.0"><body>{outlines}</body></opml>')
        self.folder = folder

    def reset(self) -> None:
        shutil.rmtree(self.folder / "data", ignore_errors=True)

    def import_list(self) -> Run:
        return timed([sys.executable, "-m", "tui", "import", str(self.list)], self.env)

    def refresh(self) -> Run:
        return timed([sys.executable, "-m", "tui", "refresh"], self.env)

    def reader(self) -> list[str]:
        """The reader on what is stored (plain `nutgraf`: the configured feeds)."""
        return [sys.executable, "-m", "tui"]


class Newsboat:
    name = "Newsboat"

    def __init__(self, folder: Path, urls: list[str]) -> None:
        self.folder = folder
        self.urls = folder / "urls"
        self.urls.write_text("".join(f"{url}\n" for url in urls))
        self.config = folder / "config"
        self.config.write_text("reload-threads 16\nsuppress-first-reload yes\n")
        self.cache = folder / "cache.db"
        self.opml = folder / "feeds.opml"
        outlines = "".join(f'<outline type="rss" xmlUrl="{url}"/>' for url in urls)
        self.opml.write_text(f'<opml version="2.0"><body>{outlines}</body></opml>')
        self.env = {**os.environ, "HOME": str(folder)}

    def reset(self) -> None:
        self.cache.unlink(missing_ok=True)

    def import_list(self) -> Run:
        imported = self.folder / "imported"
        imported.unlink(missing_ok=True)
        command = ["newsboat", "-u", str(imported), "-C", str(self.config), "-i", str(self.opml)]
        return timed(command, self.env)

    def refresh(self) -> Run:
        command = [
            "newsboat",
            *("-u", str(self.urls), "-c", str(self.cache), "-C", str(self.config)),
            *("-x", "reload"),
        ]
        return timed(command, self.env)

    def reader(self) -> list[str]:
        """The reader on its cache, without reloading at start (the config says so)."""
        return ["newsboat", "-u", str(self.urls), "-c", str(self.cache), "-C", str(self.config)]


def bench_feeds(
    out: Console,
    repeats: int = 5,
    feeds: int = FEEDS,
    items: int = ITEMS,
    delay: float = DELAY,
    hosts: int = HOSTS,
) -> dict[str, float]:
    with local_feeds(feeds, items, delay, hosts) as urls, tempfile.TemporaryDirectory() as tmp:
        for name in ("nutgraf", "newsboat"):
            (Path(tmp) / name).mkdir()
        readers: list[Nutgraf | Newsboat] = [Nutgraf(Path(tmp) / "nutgraf", urls)]
        if shutil.which("newsboat"):
            readers.append(Newsboat(Path(tmp) / "newsboat", urls))
        runs: dict[tuple[str, str], list[Run]] = {}
        for _ in range(repeats):  # interleaved: the machine's noise falls on both
            for reader in readers:
                reader.reset()
                runs.setdefault((reader.name, "import"), []).append(reader.import_list())
                for step in ("first refresh", "second refresh"):
                    runs.setdefault((reader.name, step), []).append(reader.refresh())
        # Each reader open on the items it stored, at rest (its first article analysed).
        resting = {reader.name: at_rest(reader.reader(), reader.env) for reader in readers}
    title = (
        f"Feeds: {feeds} feeds of {items} items from {hosts} local servers ({delay:g} s a"
        f" response), {repeats} interleaved rounds, medians"
    )
    columns = ["step", *(f"{r.name} {what}" for r in readers for what in ("wall", "CPU", "peak"))]
    if len(readers) == 2:
        columns += ["wall ÷ Newsboat", "CPU ÷", "peak ÷"]
    result = table(title, *columns)
    figures: dict[str, float] = {}
    for step in ("first refresh", "second refresh", "import"):
        medians = [_medians(runs[(reader.name, step)]) for reader in readers]
        row = [step]
        for wall, cpu, peak in medians:
            row += [f"{wall:.2f} s", f"{cpu:.2f} s", f"{peak:.0f} MB"]
        if len(medians) == 2:
            ratios = [ours / theirs for ours, theirs in zip(*medians, strict=True)]
            row += [f"{ratio:.2f}×" for ratio in ratios]
            figures.update(
                {
                    f"{step} {what} ÷ Newsboat": r
                    for what, r in zip(("wall", "CPU"), ratios[:2], strict=True)
                }
            )
        result.add_row(*row)
    failures = sum(run.status != 0 for key, found in runs.items() for run in found)
    out.print(result)
    if len(readers) == 1:
        out.print("Newsboat is not installed (apt install newsboat): nutgraf alone.")
    if failures:
        out.print(f"[red]{failures} runs exited with an error[/red]")
    figures.update(_memory_table(out, resting, feeds * items))
    return figures


def _memory_table(
    out: Console, resting: dict[str, list[ProcessMemory]], items: int
) -> dict[str, float]:
    """Each reader's processes at rest on `items` stored items; totals against the bound."""
    result = table(
        f"Memory at rest: each reader open on its {items:,} stored items (PSS; RSS)",
        "reader",
        "process",
        "PSS",
        "RSS",
    )
    totals = {}
    for name, processes in resting.items():
        for process in processes:
            result.add_row(
                name, process.command, f"{process.pss_mb:.0f} MB", f"{process.rss_mb:.0f} MB"
            )
        pss = sum(p.pss_mb for p in processes)
        rss = sum(p.rss_mb for p in processes)
        result.add_row(name, f"all {len(processes)} processes", f"{pss:.0f} MB", f"{rss:.0f} MB")
        totals[name] = pss
    out.print(result)
    ours = totals.get("nutgraf", 0.0)
    verdict = "within" if ours <= MEMORY_BOUND_MB else "over"
    line = f"nutgraf at rest: {ours:.0f} MB PSS, {verdict} the {MEMORY_BOUND_MB} MB bound"
    figures = {"memory at rest MB": ours}
    if totals.get("Newsboat"):
        figures["memory at rest ÷ Newsboat"] = ours / totals["Newsboat"]
        line += f"; {figures['memory at rest ÷ Newsboat']:.1f}× Newsboat's"
    out.print(line)
    return figures


def _medians(runs: list[Run]) -> tuple[float, float, float]:
    return (
        statistics.median(r.wall for r in runs),
        statistics.median(r.cpu for r in runs),
        statistics.median(r.peak_mb for r in runs),
    )
