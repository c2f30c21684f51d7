"""P1, P2, P7: first paint and full listing of big folders, and the UI process's peak memory;
the full listing against the physical floor (reading and hashing every file, issue 15).

Each start is a fresh process (`python -m tui.bench.listing FOLDER INDEX STARTED`)
running the real app headless at 80x24, built as the command line builds it
(`tui.cli.open_reader`, its real scanner process started first), and timed from
before the process was made (STARTED, the wall clock): imports, process start and
the index are paid as a user pays them. Files are in the page cache after
generation: "cold" means the index, not the disk.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from rich.console import Console

from tui.bench.common import ms, table
from tui.core.workers.scanner import StoreFiles


def measure_start(folder: Path, index_file: Path) -> dict[str, float]:
    """One start in a new process: seconds to first paint and to the full list, peak RSS."""
    started = str(time.time())
    done = subprocess.run(
        [sys.executable, "-m", "tui.bench.listing", str(folder), str(index_file), started],
        capture_output=True,
        text=True,
        check=True,
    )
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def read_floor(folder: Path) -> float:
    """The physical floor of a full listing: every file's bytes read and hashed, in one
    process (seconds). Read twice, the second timed: the files are in the page cache then,
    as they are for the listing measured next (a floor paid from the disk was 3 times
    higher)."""
    for timed in (False, True):
        started = time.perf_counter()
        for root, _, files in os.walk(folder):
            for name in files:
                with open(os.path.join(root, name), "rb") as file:
                    hashlib.blake2b(file.read()).digest()
        if timed:
            return time.perf_counter() - started
    raise AssertionError("unreachable")  # pragma: no cover


def bench_listing(
    out: Console, folders: dict[int, Path], index_dir: Path, repeats: int
) -> dict[str, float]:
    """First paint of each size against 1 article; second start against first; memory."""
    runs: dict[int, list[dict[str, float]]] = {size: [] for size in folders}
    warm: dict[int, list[dict[str, float]]] = {size: [] for size in folders}
    floors: dict[int, list[float]] = {size: [] for size in folders}
    for repeat in range(repeats):
        for size, folder in sorted(folders.items()):  # sizes interleaved: same noise for each
            index_file = index_dir / f"listing-{size}-{repeat}.sqlite3"
            floors[size].append(read_floor(folder))
            runs[size].append(measure_start(folder, index_file))
            warm[size].append(measure_start(folder, index_file))

    def median(samples: list[dict[str, float]], key: str) -> float:
        return statistics.median(sample[key] for sample in samples)

    one = min(folders)
    result = table(
        f"P1 P2 P7 starting on a folder (80x24, median of {repeats}, index cold then warm)",
        "articles",
        "first paint",
        "÷ 1 article",
        "all listed",
        "2nd start: all listed",
        "2nd ÷ 1st",
        "read floor",
        "all listed ÷ floor",
        "peak RSS",
        "÷ 1 article",
    )
    figures: dict[str, float] = {}
    for size in sorted(folders):
        paint = median(runs[size], "first_paint") / median(runs[one], "first_paint")
        second = median(warm[size], "all_listed") / median(runs[size], "all_listed")
        memory = median(runs[size], "peak_rss") / median(runs[one], "peak_rss")
        floor = statistics.median(floors[size])
        over_floor = median(runs[size], "all_listed") / floor
        figures |= {
            f"P1 first paint {size} ÷ 1": paint,
            f"P2 second start {size} ÷ first": second,
            f"P7 peak RSS {size} ÷ 1": memory,
        }
        if size != one:  # one file's floor is the app's start against nothing
            figures[f"all listed {size} ÷ read floor"] = over_floor
        result.add_row(
            f"{size:,}",
            ms(median(runs[size], "first_paint")),
            f"{paint:.2f}×",
            ms(median(runs[size], "all_listed")),
            ms(median(warm[size], "all_listed")),
            f"{second:.2f}×",
            ms(floor),
            f"{over_floor:.1f}×" if size != one else "—",
            f"{median(runs[size], 'peak_rss') / 1e6:.0f} MB",
            f"{memory:.2f}×",
        )
    out.print(result)
    return figures


async def _one_start(folder: Path, index_file: Path, started: float) -> dict[str, float]:
    from tui.cli import open_reader
    from tui.core.config import Config

    # Search indexing off (no search file): the listing alone.
    app = open_reader([str(folder)], Config(), feeds=False, files=StoreFiles(str(index_file)))
    async with app.run_test(size=(80, 24)) as pilot:
        while not app.reader.articles.entries:
            await asyncio.sleep(0.002)
        await pilot.pause()
        first_paint = time.time() - started
        await app.reader.loaded.wait()
        await pilot.pause()
        all_listed = time.time() - started
        listed = len(app.reader.articles.entries)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "first_paint": first_paint,
        "all_listed": all_listed,
        "peak_rss": peak_kib * 1024,
        "listed": listed,
    }


if __name__ == "__main__":
    _folder, _index, _started = Path(sys.argv[1]), Path(sys.argv[2]), float(sys.argv[3])
    print(json.dumps(asyncio.run(_one_start(_folder, _index, _started))))
