"""P3: key press to repaint in a big list against a small one, and busy against idle."""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import Executor
from pathlib import Path

from rich.console import Console

from tui.bench.common import article, ms, percentile, table, thread_executor

MIN_BUSY_SAMPLES = 2


def _p50_p90(times: list[float]) -> tuple[str, str]:
    return ms(statistics.median(times)), ms(percentile(times, 0.9))


async def _busy_latencies(
    folder: Path, executor: Callable[[str | None], Executor], presses: int
) -> tuple[list[float], list[float]]:
    """Key-to-repaint times in the article text, idle and while the long article is analysed."""
    from tui.app import make_app
    from tui.widgets.article_view import ArticleView

    app = make_app([folder], executor_factory=executor)
    app.index_file = None
    async with app.run_test(size=(80, 24)) as pilot:
        await app.loaded.wait()
        while app.analysis is None:  # the short article, with the model loaded
            await asyncio.sleep(0.05)
        await app.workers.wait_for_complete()  # and its prefetch of the long one: none (too long)
        app.query_one(ArticleView).focus()

        async def measure(while_busy: bool) -> list[float]:
            times: list[float] = []
            while len(times) < presses and not (while_busy and app.analysis is not None):
                started = time.perf_counter()
                await pilot.press("j" if len(times) % 2 == 0 else "k")
                times.append(time.perf_counter() - started)
            return times

        idle = await measure(while_busy=False)
        app.action_next_article()  # the long article: analysis starts
        await pilot.pause()
        app.query_one(ArticleView).focus()
        busy = await measure(while_busy=True)
        if len(busy) < MIN_BUSY_SAMPLES:
            raise RuntimeError("the analysis finished too soon to measure: use more --words")
    return idle, busy


def bench_busy_keys(out: Console, presses: int, words: int) -> dict[str, float]:
    from tui.core.service import process_executor

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "a_short.txt").write_text(article(300))
        (folder / "b_long.txt").write_text(article(words))
        result = table(
            f"P3b key press to repaint while a {words:,}-word article is analysed (80x24)",
            *("analysis in", "idle p50", "idle p90", "busy n", "busy p50", "busy p90", "p90 ÷"),
        )
        figures: dict[str, float] = {}
        for name, executor in (("process (app)", process_executor), ("thread", thread_executor)):
            idle, busy = asyncio.run(_busy_latencies(folder, executor, presses))
            ratio = percentile(busy, 0.9) / percentile(idle, 0.9)
            figures[f"busy ÷ idle, {name}"] = ratio
            result.add_row(name, *_p50_p90(idle), str(len(busy)), *_p50_p90(busy), f"{ratio:.2f}×")
        out.print(result)
    return figures


LIST_KEYS = ("j", "j", "k", "G", "g", "pagedown", "pageup")


async def _list_latencies(folder: Path, index_file: str, presses: int) -> dict[str, list[float]]:
    """Moving and jumping in the list, and typing in the filter, once everything is listed."""
    from tui.app import make_app

    app = make_app([folder])
    app.index_file = index_file
    times: dict[str, list[float]] = {"move and jump": [], "filter keystroke": []}
    async with app.run_test(size=(80, 24)) as pilot:
        await app.loaded.wait()
        await pilot.pause()
        for number in range(presses):
            started = time.perf_counter()
            await pilot.press(LIST_KEYS[number % len(LIST_KEYS)])
            times["move and jump"].append(time.perf_counter() - started)
        await pilot.press("slash")
        for character in "report 00":
            started = time.perf_counter()
            await pilot.press("space" if character == " " else character)
            times["filter keystroke"].append(time.perf_counter() - started)
    return times


def bench_list_keys(
    out: Console, folders: dict[int, Path], index_dir: Path, presses: int
) -> dict[str, float]:
    sizes = sorted(folders)
    small, big = sizes[0], sizes[-1]
    measured = {
        size: asyncio.run(_list_latencies(folders[size], str(index_dir / f"keys-{size}"), presses))
        for size in (small, big)
    }
    result = table(
        f"P3a key press to repaint in the list: {big:,} entries against {small:,} (80x24)",
        "keys",
        f"{small:,} p50",
        f"{small:,} p90",
        f"{big:,} p50",
        f"{big:,} p90",
        "p90 ÷",
    )
    figures: dict[str, float] = {}
    for kind in measured[small]:
        few, many = measured[small][kind], measured[big][kind]
        ratio = percentile(many, 0.9) / percentile(few, 0.9)
        figures[f"{kind}: {big} ÷ {small}"] = ratio
        result.add_row(kind, *_p50_p90(few), *_p50_p90(many), f"{ratio:.2f}×")
    out.print(result)
    return figures
