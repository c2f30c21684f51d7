"""P3: key press to repaint in a big list against a small one, and busy against idle."""

from __future__ import annotations

import asyncio
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console

from tui.bench.common import article, ms, percentile, table, thread_executor
from tui.core.nlp.summarize import DEFAULT_ALGORITHM
from tui.core.workers.scanner import StoreFiles

# P3a: to the list's next frame (the target), and until the app is idle again.
LIST_KINDS = (
    "move and jump",
    "filter keystroke",
    "move and jump, until idle",
    "filter keystroke, until idle",
)
MIN_BUSY_SAMPLES = 1  # a thread holding the GIL lets one or two presses through


def _p50_p90(times: list[float]) -> tuple[str, str]:
    return ms(statistics.median(times)), ms(percentile(times, 0.9))


async def _busy_latencies(
    folder: Path, executor: Callable[[str | None], Executor], presses: int
) -> tuple[list[float], list[float]]:
    """Key-to-repaint times in the short article's text, idle and while the long one is analysed.

    The long article is analysed in the background (as a prefetch or a second
    window would) while the reader scrolls the short one: the same screen and the
    same keys, so the only difference is the analysis running.
    """
    from tui.core.corpus import load_entry
    from tui.core.model import AnalysisRequest
    from tui.ui.app import make_app
    from tui.ui.widgets.article_view import ArticleView

    app = make_app([folder], executor_factory=executor)
    app.services.store_files = StoreFiles(None)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.reader.loaded.wait()
        while app.reader.analysis is None:  # the short article, with the model loaded
            await asyncio.sleep(0.05)
        await app.workers.wait_for_complete()
        app.query_one(ArticleView).focus()
        [entry] = app.reader.articles.following(1)
        long = load_entry(entry)

        async def measure(until: asyncio.Future[Any] | None) -> list[float]:
            times: list[float] = []
            while len(times) < presses and not (until is not None and until.done()):
                started = time.perf_counter()
                await pilot.press("j" if len(times) % 2 == 0 else "k")
                times.append(time.perf_counter() - started)
            return times

        idle = await measure(None)
        # A digest of its own: no cache (of an earlier run) may answer it.
        request = AnalysisRequest(long.text, f"bench-{time.time_ns()}", DEFAULT_ALGORITHM, 3)
        analysis = asyncio.ensure_future(app.services.analysis.analyse(request))
        busy = await measure(analysis)
        await analysis
        if len(busy) < MIN_BUSY_SAMPLES:
            raise RuntimeError("the analysis finished too soon to measure: use more --words")
    return idle, busy


def bench_busy_keys(out: Console, presses: int, words: int) -> dict[str, float]:
    from tui.core.workers.analysis import process_executor

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


class _FrameClock:
    """When the first frame after a change of the list was drawn: the time a user waits
    for a key's effect. The app waiting until idle after it (`pilot.press`) also counts
    work that goes on after that frame, such as the filter's later steps."""

    def __init__(self, app: Any, articles: Any) -> None:
        self.changed: float | None = None
        self.frame: float | None = None
        display, refresh = app._display, articles.refresh  # Textual's one way to the screen

        def drawn(screen: Any, update: Any) -> None:
            display(screen, update)
            if update is not None and self.changed is not None and self.frame is None:
                self.frame = time.perf_counter()

        def refreshed(*args: Any, **kwargs: Any) -> Any:
            self.changed = self.changed or time.perf_counter()
            return refresh(*args, **kwargs)

        app._display, articles.refresh = drawn, refreshed

    async def press(self, pilot: Any, key: str) -> tuple[float, float]:
        """Seconds from `key` to the list's next frame, and until the app is idle."""
        self.changed = self.frame = None
        started = time.perf_counter()
        await pilot.press(key)
        idle = time.perf_counter()
        return (self.frame or idle) - started, idle - started


async def _list_latencies(folder: Path, index_file: str, presses: int) -> dict[str, list[float]]:
    """Moving and jumping in the list, and typing in the filter, once everything is listed."""
    from tui.ui.app import make_app
    from tui.ui.widgets.article_list import ArticleList

    app = make_app([folder])
    app.services.store_files = StoreFiles(index_file)  # search indexing off: listing alone
    times: dict[str, list[float]] = {kind: [] for kind in LIST_KINDS}
    async with app.run_test(size=(80, 24)) as pilot:
        await app.reader.loaded.wait()
        await pilot.pause()
        clock = _FrameClock(app, app.query_one(ArticleList))
        for number in range(presses):
            frame, idle = await clock.press(pilot, LIST_KEYS[number % len(LIST_KEYS)])
            times["move and jump"].append(frame)
            times["move and jump, until idle"].append(idle)
        await pilot.press("slash")
        for character in "report 00":
            frame, idle = await clock.press(pilot, "space" if character == " " else character)
            times["filter keystroke"].append(frame)
            times["filter keystroke, until idle"].append(idle)
    return times


def bench_list_keys(
    out: Console, folders: dict[int, Path], index_dir: Path, presses: int, rounds: int
) -> dict[str, float]:
    sizes = sorted(folders)
    small, big = sizes[0], sizes[-1]
    measured: dict[int, dict[str, list[float]]] = {small: {}, big: {}}
    for _round in range(rounds):  # interleaved, so both sizes see the same noise
        for size in (small, big):
            index_file = str(index_dir / f"keys-{size}")
            for kind, times in asyncio.run(
                _list_latencies(folders[size], index_file, presses)
            ).items():
                measured[size].setdefault(kind, []).extend(times)
    result = table(
        f"P3a key press to repaint in the list: {big:,} entries against {small:,}"
        f" (80x24, {rounds} rounds)",
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


def _story(number: int, words: int) -> str:
    """An article whose first line of text is its own ("Report 17 begins…"), so the
    screen can be checked for it (the synthetic sentences are all alike)."""
    _title, body = article(words).split("\n\n", 1)
    return f"Story {number:03d}\n\nReport {number} begins with the harbour.\n{body}"


@dataclass
class _Wanted:
    text: str = ""  # what the next frame must show
    at: float = 0.0  # when a frame first showed it


async def _next_latencies(
    folder: Path, size: tuple[int, int], presses: int, executor: Callable[[str | None], Executor]
) -> list[float]:
    """Seconds from pressing `n` to a frame that shows the next article's text.

    A frame is the screen's compositor update, the one a terminal would be sent
    (headless, nothing is written; composing it is measured). After each press
    the reader waits until the analysis of the article has arrived, as a reader
    who reads would, so that every press starts from the same rest.
    """
    from tui.ui.app import make_app
    from tui.ui.widgets.article_view import ArticleView

    app = make_app([folder], executor_factory=executor)
    app.services.store_files = StoreFiles(None)
    times: list[float] = []
    async with app.run_test(size=size) as pilot:
        await app.reader.loaded.wait()
        body = app.query_one(ArticleView)
        while app.reader.analysis is None:  # the model is loaded and the first one shown
            await asyncio.sleep(0.05)
        await app.workers.wait_for_complete()
        painted: asyncio.Event = asyncio.Event()
        wanted = _Wanted()
        display = app._display

        def display_and_check(screen: Any, update: Any) -> None:
            display(screen, update)
            if update is None or painted.is_set() or not wanted.text:
                return
            at = time.perf_counter()
            shown = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
            if wanted.text in shown:
                wanted.at = at
                painted.set()

        setattr(app, "_display", display_and_check)  # noqa: B010 (a method, replaced)
        for _ in range(presses):
            following = app.reader.articles.following(1)
            if not following:
                break
            number = int(following[0].title.split()[-1])
            wanted.text, wanted.at = f"Report {number} begins", 0.0
            painted.clear()
            started = time.perf_counter()
            await pilot.press("n")
            await asyncio.wait_for(painted.wait(), 30)
            times.append(wanted.at - started)
            wanted.text = ""
            while app.reader.analysis is None or body.article is None:
                await asyncio.sleep(0.01)
            await app.workers.wait_for_complete()
            await pilot.pause()
    return times


def bench_next_article(out: Console, presses: int, words: int = 800) -> dict[str, float]:
    """`n`: key press to the next article's text on screen, 80x24 and 160x48 (issue 15)."""
    from tui.core.workers.analysis import process_executor

    result = table(
        f"n: key press to the next {words}-word article's text on screen ({presses} presses)",
        *("reader, size", "p50", "p90", "max"),
    )
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for number in range(presses + 1):
            (folder / f"{number:03d}.txt").write_text(_story(number, words))
        for size in ((80, 24), (160, 48)):
            times = asyncio.run(_next_latencies(folder, size, presses, process_executor))
            name = f"{size[0]}x{size[1]}"
            figures[f"n → text p50, {name}"] = statistics.median(times)
            result.add_row(f"nutgraf {name}", *_p50_p90(times), ms(max(times)))
    if shutil.which("newsboat"):  # the peer, the same way: key press to the text on screen
        from tui.bench.next_newsboat import newsboat_next  # pyte: the test extras

        times = newsboat_next(presses, words)
        figures["n → text p50, Newsboat 80x24"] = statistics.median(times)
        result.add_row("Newsboat 80x24", *_p50_p90(times), ms(max(times)))
        ratio = figures["n → text p50, 80x24"] / figures["n → text p50, Newsboat 80x24"]
        figures["n → text p50 ÷ Newsboat, 80x24"] = ratio
    out.print(result)
    if "n → text p50 ÷ Newsboat, 80x24" in figures:
        out.print(f"n at 80x24: nutgraf ÷ Newsboat = {ratio:.1f}× (median; the target is ≤ 3×)")
    else:
        out.print("Newsboat is not installed (apt install newsboat): nutgraf alone.")
    return figures
