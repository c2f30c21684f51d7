"""Issue 7's figure: refreshing 200 feeds of 50 items from a local server.

Each feed answers after a delay (as a distant server would), so the wall time
of the whole refresh against the slowest single feed's fetch shows the
concurrency working. Peak memory is the refreshing process's own.
"""

from __future__ import annotations

import asyncio
import resource
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from rich.console import Console

from tui.bench.common import ms, table

FEEDS = 200
ITEMS = 50
DELAY = 0.2  # seconds each response waits
HOSTS = 50  # one server on each of 127.0.0.1 to 127.0.0.50: per-host limits apply


def feed_xml(number: int) -> bytes:
    items = "".join(
        f"<item><title>Feed {number} story {i}</title><link>http://example.org/{number}/{i}</link>"
        f"<guid>{number}-{i}</guid><description>Story {i} of feed {number}. "
        + "Officials said the plan would be reviewed next week. " * 8
        + "</description></item>"
        for i in range(ITEMS)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {number}</title>'
        f"{items}</channel></rss>"
    ).encode()


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        time.sleep(DELAY)
        body = feed_xml(int(self.path.strip("/").split("/")[-1]))
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def bench_feeds(out: Console) -> dict[str, float]:
    from tui.core.feeds.fetch import client, fetch, fetch_all
    from tui.core.feeds.refresh import refresh
    from tui.core.model import Subscription
    from tui.core.storage.feeds import FeedStore

    servers, addresses = [], []
    for host in (f"127.0.0.{n}" for n in range(1, HOSTS + 1)):
        server = ThreadingHTTPServer((host, 0), _Handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        addresses.append(f"{host}:{server.server_address[1]}")
    urls = [f"http://{addresses[n % HOSTS]}/feed/{n}" for n in range(FEEDS)]

    async def slowest_single() -> float:
        times = []
        async with client() as http:
            for url in urls[:10]:
                started = time.perf_counter()
                await fetch(http, url)
                times.append(time.perf_counter() - started)
        return max(times)

    try:
        single = asyncio.run(slowest_single())
        started = time.perf_counter()
        asyncio.run(fetch_all([(url, None, None) for url in urls]))
        fetching = time.perf_counter() - started
        with tempfile.TemporaryDirectory() as scratch:
            store = FeedStore(Path(scratch) / "feeds.sqlite3")
            store.subscribe([Subscription(url) for url in urls])
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            started = time.perf_counter()
            outcomes = asyncio.run(refresh(store))
            wall = time.perf_counter() - started
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            stored = sum(state.items for state in store.states())
            store.close()
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
    failed = sum(1 for outcome in outcomes if outcome.error)
    result = table(
        f"Refreshing {FEEDS} feeds of {ITEMS} items from {HOSTS} local servers"
        f" ({DELAY:g} s a response)",
        "figure",
        "value",
    )
    result.add_row("slowest single fetch of the first 10", ms(single))
    result.add_row(f"fetching all {FEEDS} (16 at once, 2 a host)", ms(fetching))
    result.add_row("  ÷ slowest single fetch (one by one: ~200×)", f"{fetching / single:.1f}×")
    result.add_row("whole refresh (fetch, then parse and store)", ms(wall))
    result.add_row("  ÷ slowest single fetch", f"{wall / single:.1f}×")
    result.add_row("feeds failed / items stored", f"{failed} / {stored:,}")
    result.add_row(
        "peak RSS of this process (before → after)", f"{before / 1024:.0f} → {peak / 1024:.0f} MB"
    )
    out.print(result)
    return {
        "fetch all ÷ slowest fetch": fetching / single,
        "refresh ÷ slowest fetch": wall / single,
        "peak MB": peak / 1024,
    }
