"""P4, P5, P6 and start-up: analysis against raw spaCy, cached against cold, `--help`."""

from __future__ import annotations

import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from tui.bench.common import article, thread_executor
from tui.core.nlp.summarize import DEFAULT_ALGORITHM


def bench_analysis(out: Console, repeats: int) -> dict[str, float]:
    from tui.core.model import AnalysisRequest
    from tui.core.nlp.analyzer import Analyzer
    from tui.core.workers.analysis import AnalysisService

    analyzer = Analyzer()
    nlp = analyzer.nlp
    if nlp is None:
        raise SystemExit("python -m tui.bench: no spaCy model installed")
    text = article(600)
    analyzer.analyse(AnalysisRequest(text, "warm", DEFAULT_ALGORITHM, 3))  # imports, caches
    raw, ours = [], []
    for i in range(repeats):
        started = time.perf_counter()
        nlp(text)
        raw.append(time.perf_counter() - started)
        started = time.perf_counter()
        analyzer.analyse(AnalysisRequest(text, f"cold{i}", DEFAULT_ALGORITHM, 3))
        ours.append(time.perf_counter() - started)

    async def cached_against_cold(store: Path) -> tuple[float, float, float]:
        from tui.core.storage.cache import AnalysisCache

        service = AnalysisService(executor_factory=thread_executor, store=AnalysisCache(store))
        request = AnalysisRequest(text, "bench", DEFAULT_ALGORITHM, 3)
        await service.analyse(AnalysisRequest(text, "warm", DEFAULT_ALGORITHM, 3))
        started = time.perf_counter()
        await service.analyse(request)
        cold = time.perf_counter() - started
        started = time.perf_counter()
        await service.analyse(request)
        in_memory = time.perf_counter() - started
        service.close()
        later = AnalysisService(executor_factory=thread_executor, store=AnalysisCache(store))
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


def bench_bulk(out: Console, folder: Path) -> dict[str, float]:
    """P6: `nutgraf entities --json` over a folder, end to end, against raw `nlp.pipe`."""
    from tui.core.ingest.formats import load_all
    from tui.core.nlp.pipeline import load_pipeline

    texts = [article.text for article in load_all([folder]) if not article.error]
    words = sum(len(text.split()) for text in texts)
    nlp, _ = load_pipeline()
    if nlp is None:
        raise SystemExit("python -m tui.bench: no spaCy model installed")
    with nlp.select_pipes(enable=["ner"]):  # the components the command runs
        started = time.perf_counter()
        for _doc in nlp.pipe(texts):
            pass
        raw = time.perf_counter() - started
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "tui", "entities", "--json", str(folder)],
        stdout=subprocess.DEVNULL,
        check=True,
    )
    ours = time.perf_counter() - started
    result = Table(title=f"P6 people & organisations of {len(texts):,} articles ({words:,} words)")
    for column in ("run", "time", "words/s", "÷ raw"):
        result.add_column(column, justify="right")
    result.add_row(
        "raw nlp.pipe (ner), model loaded", f"{raw:.1f} s", f"{words / raw:,.0f}", "1.00×"
    )
    ratio = (words / ours) / (words / raw)
    result.add_row(
        "nutgraf entities --json (whole command)",
        f"{ours:.1f} s",
        f"{words / ours:,.0f}",
        f"{ratio:.2f}×",
    )
    out.print(result)
    return {"P6 throughput ÷ raw nlp.pipe": ratio}
