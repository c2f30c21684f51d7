"""`python -m tui.bench`: speed figures, each pair measured side by side in one run.

This machine is noisy, so what counts is the ratio of two figures taken
together, not the absolute times. Covered so far (issue 5 asks for more):

- keys: key press to repaint while a 30,000-word article is analysed, against
  idle; with the analysis in a worker process (the app) and in a thread (what
  the process avoids);
- analysis: a 600-word article end to end against raw `nlp(text)`; cached
  against cold;
- start: `nutgraf --help` against `python -c pass`.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from pathlib import Path

from rich.console import Console
from rich.table import Table

MIN_BUSY_SAMPLES = 2
SENTENCE = "The council member {i} told reporters in Lisbon that Ana Lopes would review the budget."


def article(words: int) -> str:
    sentences: list[str] = []
    count = 0
    while count < words:
        sentence = SENTENCE.format(i=len(sentences))
        sentences.append(sentence)
        count += len(sentence.split())
    paragraphs = [" ".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5)]
    return f"Budget review {words}\n\n" + "\n".join(paragraphs)


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _thread_executor(model: str | None) -> Executor:
    from tui.core import service

    return ThreadPoolExecutor(1, initializer=service._init_worker, initargs=(model,))


async def _key_latencies(
    folder: Path, executor: Callable[[str | None], Executor], presses: int
) -> tuple[list[float], list[float]]:
    """Key-to-repaint times in the article text, idle and while the long article is analysed."""
    from tui.app import make_app
    from tui.widgets.article_view import ArticleView

    app = make_app([folder], executor_factory=executor)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.loaded.wait()
        while app.analysis is None:  # the short article, with the model loaded
            await asyncio.sleep(0.05)
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


def bench_keys(out: Console, presses: int, words: int) -> dict[str, float]:
    from tui.core.service import process_executor

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "a_short.txt").write_text(article(300))
        (folder / "b_long.txt").write_text(article(words))
        table = Table(
            title=f"Key press to repaint, 80x24, up to {presses} presses, {words:,}-word article"
        )
        columns = ("analysis in", "idle p50", "idle p90", "busy n", "busy p50", "busy p90", "p90 ÷")
        for column in columns:
            table.add_column(column, justify="right")
        figures = {}
        for name, executor in (("process (app)", process_executor), ("thread", _thread_executor)):
            idle, busy = asyncio.run(_key_latencies(folder, executor, presses))
            ratio = percentile(busy, 0.9) / percentile(idle, 0.9)
            figures[name] = ratio
            table.add_row(
                name,
                *(f"{1000 * v:.0f} ms" for v in (statistics.median(idle), percentile(idle, 0.9))),
                str(len(busy)),
                *(f"{1000 * v:.0f} ms" for v in (statistics.median(busy), percentile(busy, 0.9))),
                f"{ratio:.2f}×",
            )
        out.print(table)
    return figures


def bench_analysis(out: Console, repeats: int) -> dict[str, float]:
    from tui.core.analysis import AnalysisRequest, Analyzer
    from tui.core.service import AnalysisService

    analyzer = Analyzer()
    nlp = analyzer.nlp
    if nlp is None:
        raise SystemExit("python -m tui.bench: no spaCy model installed")
    text = article(600)
    analyzer.analyse(AnalysisRequest(text, "warm", "LeadRank", 3))  # imports, caches
    raw, ours = [], []
    for i in range(repeats):
        started = time.perf_counter()
        nlp(text)
        raw.append(time.perf_counter() - started)
        started = time.perf_counter()
        analyzer.analyse(AnalysisRequest(text, f"cold{i}", "LeadRank", 3))
        ours.append(time.perf_counter() - started)

    async def cached_against_cold(store: Path) -> tuple[float, float, float]:
        from tui.core.cache import AnalysisCache

        service = AnalysisService(executor_factory=_thread_executor, store=AnalysisCache(store))
        request = AnalysisRequest(text, "bench", "LeadRank", 3)
        await service.analyse(AnalysisRequest(text, "warm", "LeadRank", 3))
        started = time.perf_counter()
        await service.analyse(request)
        cold = time.perf_counter() - started
        started = time.perf_counter()
        await service.analyse(request)
        in_memory = time.perf_counter() - started
        service.close()
        later = AnalysisService(executor_factory=_thread_executor, store=AnalysisCache(store))
        started = time.perf_counter()
        await later.analyse(request)  # a new session: from disk, the model never loaded
        on_disk = time.perf_counter() - started
        later.close()
        return cold, in_memory, on_disk

    with tempfile.TemporaryDirectory() as tmp:
        cold, cached, on_disk = asyncio.run(cached_against_cold(Path(tmp) / "cache.sqlite3"))
    table = Table(title="Analysis of a 600-word article")
    for column in ("pair", "first", "second", "ratio"):
        table.add_column(column, justify="right")
    figures = {
        "end to end ÷ raw nlp": statistics.median(ours) / statistics.median(raw),
        "cached ÷ cold": cached / cold,
        "cached on disk ÷ cold": on_disk / cold,
    }
    table.add_row(
        "nutgraf analysis vs raw nlp(text)",
        f"{1000 * statistics.median(ours):.0f} ms",
        f"{1000 * statistics.median(raw):.0f} ms",
        f"{figures['end to end ÷ raw nlp']:.2f}×",
    )
    table.add_row(
        "cached in memory vs cold",
        f"{1000 * cached:.3f} ms",
        f"{1000 * cold:.0f} ms",
        f"{figures['cached ÷ cold']:.4f}×",
    )
    table.add_row(
        "cached on disk, new session, vs cold",
        f"{1000 * on_disk:.1f} ms",
        f"{1000 * cold:.0f} ms",
        f"{figures['cached on disk ÷ cold']:.4f}×",
    )
    out.print(table)
    return figures


def bench_start(out: Console, repeats: int) -> dict[str, float]:
    def timed(command: list[str]) -> float:
        runs = []
        for _ in range(repeats):
            started = time.perf_counter()
            subprocess.run(command, capture_output=True, check=True)
            runs.append(time.perf_counter() - started)
        return statistics.median(runs)

    python = timed([sys.executable, "-c", "pass"])
    help_time = timed([sys.executable, "-m", "tui", "--help"])
    table = Table(title="Start-up")
    for column in ("command", "median", "÷ python -c pass"):
        table.add_column(column, justify="right")
    table.add_row("python -c pass", f"{1000 * python:.0f} ms", "1.00×")
    table.add_row("nutgraf --help", f"{1000 * help_time:.0f} ms", f"{help_time / python:.2f}×")
    out.print(table)
    return {"help ÷ python": help_time / python}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tui.bench", description=__doc__.split("\n")[0])
    parser.add_argument("--presses", type=int, default=30)
    parser.add_argument("--words", type=int, default=30_000, help="the long article's length")
    parser.add_argument("--repeats", type=int, default=5)
    options = parser.parse_args(argv)
    out = Console(highlight=False)
    bench_start(out, options.repeats)
    bench_analysis(out, options.repeats)
    bench_keys(out, options.presses, options.words)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
