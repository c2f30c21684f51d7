"""`python -m tui.evaluate`: measure summaries and entities as `nutgraf` computes them.

    python -m tui.evaluate report --eval-dir DIR [--limit N] [--json OUT]
    python -m tui.evaluate summaries FILE.jsonl [--sentences 3] [--limit N] [--json OUT]
    python -m tui.evaluate entities FILE.jsonl|FILE.conll [--limit N] [--json OUT]
    python -m tui.evaluate speed FILE.jsonl [--sentences 1000]

Every figure comes through the product path (`tui/evaluate/product.py`): the
texts read by the CLI's loader, analysed by `nutgraf summarize` / `nutgraf
entities`'s own loop, scored on the strings they print. `report` gives every
figure of issue 13 in one run (both halves of each set, bootstrap intervals).
Progress goes to stderr, the tables to stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

REPORT_WIDTH = 170


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tui.evaluate", description=__doc__.split("\n")[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)
    report = commands.add_parser("report", help="every set, both halves, intervals: one run")
    report.add_argument(
        "--eval-dir", type=Path, required=True, help="the folder of the development sets"
    )
    summaries = commands.add_parser("summaries", help="ROUGE of every summariser and the lead")
    summaries.add_argument("file", type=Path, help='JSONL {"id", "article", "summary"}')
    summaries.add_argument("--sentences", "-n", type=int, default=3)
    entities = commands.add_parser("entities", help="people & organisations P/R/F1")
    entities.add_argument(
        "file", type=Path, help='JSONL {"id", "text", "persons", "orgs"} or CoNLL'
    )
    speed = commands.add_parser("speed", help="summary time against NER time on a long article")
    speed.add_argument("file", type=Path, help="summary JSONL whose articles are joined")
    speed.add_argument("--sentences", "-n", type=int, default=1000, help="length of the article")
    for command in (report, summaries, entities, speed):
        command.add_argument("--limit", type=int, help="only the first N records of each set")
        command.add_argument("--json", type=Path, dest="json_out", help="also write results here")
        command.add_argument("--model", help="spaCy pipeline (default: as the app)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    options = _parser().parse_args(argv)
    from tui.core.nlp.analyzer import Analyzer

    analyzer = Analyzer(options.model)
    if analyzer.nlp is None:
        print("python -m tui.evaluate: no spaCy model installed", file=sys.stderr)
        return 2
    out = Console(highlight=False)
    runners = {"report": _report, "summaries": _summaries, "entities": _entities, "speed": _speed}
    result = runners[options.command](options, analyzer, out)
    result["model"] = analyzer.model
    if options.json_out:
        options.json_out.write_text(
            json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8"
        )
    return 0


def _progress(total: int, label: str) -> Progress:
    progress = Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    progress.add_task(label, total=total)
    return progress


class _Bars:
    """One progress bar per set, started when the set starts and stopped with the next."""

    def __init__(self) -> None:
        self.current: Progress | None = None

    def __call__(self, total: int, label: str) -> Callable[[], None]:
        self.close()
        self.current = _progress(total, label)
        self.current.start()
        return partial(self.current.advance, self.current.task_ids[0])

    def close(self) -> None:
        if self.current is not None:
            self.current.stop()
            self.current = None


def _report(options: argparse.Namespace, analyzer: Any, out: Console) -> dict[str, Any]:
    from tui.evaluate.report import report

    bars = _Bars()
    try:
        result = report(options.eval_dir, analyzer, bars, options.limit)
    finally:
        bars.close()
    wide = Console(highlight=False, width=max(out.size.width, REPORT_WIDTH))  # no wrapping
    for table in _report_tables(result):
        wide.print(table)
    if result["missing"]:
        out.print(f"Not found in {options.eval_dir}: {', '.join(result['missing'])}")
    return result


def _report_tables(result: dict[str, Any]) -> list[Table]:
    from tui.evaluate.summaries import METRICS

    tables = []
    summaries = Table(title="Summaries: ROUGE F1, and default minus each, mean [95% bootstrap CI]")
    for column in ("set", "half", "n", "system", "R-1", "R-2", "R-L"):
        summaries.add_column(column, justify="left" if column in {"set", "system"} else "right")
    for column in ("Δ R-1", "Δ R-2", "Δ R-L"):
        summaries.add_column(column, justify="right")
    last = None
    for row in result["summaries"]:
        if last is not None and (row["set"], row["half"]) != last:
            summaries.add_section()
        last = (row["set"], row["half"])
        differences = [str(row.get(f"default_minus_{m}", "")) for m in METRICS]
        summaries.add_row(
            row["set"].split(".")[0],
            row["half"],
            str(row["articles"]),
            row["system"],
            *(f"{row[m]:.2f}" for m in METRICS),
            *differences,
        )
    tables.append(summaries)
    entities = Table(title="People and organisations: P / R / F1, lenient matching")
    for column in ("set", "half", "n", "system", "people", "organisations", "both"):
        entities.add_column(column, justify="left" if column in {"set", "system"} else "right")
    entities.add_column("Δ F1 vs raw", justify="right")
    last = None
    for row in result["entities"]:
        if last is not None and (row["set"], row["half"]) != last:
            entities.add_section()
        last = (row["set"], row["half"])
        entities.add_row(
            row["set"].split(".")[0],
            row["half"],
            str(row["documents"]),
            row["system"],
            *(" / ".join(f"{v:.3f}" for v in row[w]) for w in ("people", "orgs", "both")),
            str(row.get("f1_minus_raw", "")),
        )
    tables.append(entities)
    language = Table(title='The language check: texts called "not English"')
    for column in ("set", "texts", "count", "not English"):
        language.add_column(column, justify="right" if column == "count" else "left")
    for row in result["language"]:
        judged = ", ".join(f"{k} ({v})" for k, v in row["not_english"].items()) or "none"
        language.add_row(row["set"].split(".")[0], row["what"], str(row["count"]), judged)
    tables.append(language)
    speed = Table(title="Time per article, ms (mean); the summary against spaCy")
    speed.add_column("set")
    speed.add_column("n", justify="right")
    steps = list(result["time"][0]["ms"]) if result["time"] else []
    for step in steps:
        speed.add_column(step, justify="right")
    speed.add_column("summary ÷ spaCy", justify="right")
    speed.add_column("articles where summary > spaCy", justify="right")
    for row in result["time"]:
        ms = row["ms"]
        ratio = ms["summary"] / ms["spaCy"] if ms["spaCy"] else 0.0
        speed.add_row(
            row["set"].split(".")[0],
            str(row["articles"]),
            *(f"{ms[step]:.1f}" for step in steps),
            f"{ratio:.2f}",
            str(row["summary_slower_than_spacy"]),
        )
    tables.append(speed)
    return tables


def _summaries(options: argparse.Namespace, analyzer: Any, out: Console) -> dict[str, Any]:
    from tui.core.nlp.summarize import DEFAULT_ALGORITHM
    from tui.evaluate.data import read_summaries
    from tui.evaluate.summaries import METRICS, evaluate_summaries

    cases = read_summaries(options.file, options.limit)
    with _progress(len(cases), "articles") as progress:
        task = progress.task_ids[0]
        run = evaluate_summaries(cases, analyzer, options.sentences, lambda: progress.advance(task))
    table = Table(
        title=f"{options.file.name}: {len(cases)} articles, {options.sentences} sentences"
    )
    table.add_column("summariser")
    for metric in METRICS:
        table.add_column(f"{metric.replace('rouge', 'ROUGE-')} F1", justify="right")
    for name in run.scores:
        label = f"{name} (default)" if name == DEFAULT_ALGORITHM else name
        table.add_row(label, *(f"{run.mean(name, metric):.2f}" for metric in METRICS))
    out.print(table)
    return {
        "file": options.file.name,
        "articles": len(cases),
        "sentences": options.sentences,
        "default": DEFAULT_ALGORITHM,
        "scores": {n: {m: round(run.mean(n, m), 3) for m in METRICS} for n in run.scores},
    }


def _entities(options: argparse.Namespace, analyzer: Any, out: Console) -> dict[str, Any]:
    from tui.evaluate.data import read_entities
    from tui.evaluate.entities import evaluate_entities
    from tui.evaluate.report import micro

    cases = read_entities(options.file, options.limit)
    result: dict[str, Any] = {"file": options.file.name, "documents": len(cases)}
    with _progress(len(cases), "documents") as progress:
        advance = partial(progress.advance, progress.task_ids[0])
        run = evaluate_entities(cases, analyzer, advance, ablations=True)
    for matching, lenient in (("lenient", True), ("exact", False)):
        table = Table(title=f"{options.file.name}: {len(cases)} documents, {matching} matching")
        table.add_column("system")
        for column in ("P", "R", "F1", "people F1", "orgs F1"):
            table.add_column(column, justify="right")
        rows = {}
        for name in run.predictions:
            counts = run.counts(name, lenient)
            both = micro(counts, "both")
            people, orgs = micro(counts, "people"), micro(counts, "orgs")
            values = [both.precision, both.recall, both.f1, people.f1, orgs.f1]
            table.add_row(name, *(f"{value:.3f}" for value in values))
            rows[name] = dict(zip(("p", "r", "f1", "people_f1", "orgs_f1"), values, strict=True))
        out.print(table)
        result[matching] = rows
    return result


def _speed(options: argparse.Namespace, analyzer: Any, out: Console) -> dict[str, Any]:
    """Time the analysis's steps and each summariser on one article of `--sentences`
    sentences, as the product runs them (`Analyzer.prepare`, then `complete`)."""
    from tui.core.model import AnalysisRequest
    from tui.core.nlp.summarize import ALGORITHMS
    from tui.evaluate.data import read_summaries

    articles = [case.article for case in read_summaries(options.file, options.limit)]
    text = "\n".join(articles)
    prepared = analyzer.prepare(text)
    while len(prepared.parsed.sentences) < options.sentences:
        text = text + "\n" + text
        prepared = analyzer.prepare(text)
    text = text[: prepared.parsed.sentences[options.sentences - 1].end]
    analyzer.analyse(AnalysisRequest("Warm up. " * 3, "warm-up", ALGORITHMS[0], 1))
    steps: dict[str, float] = {}
    prepared = analyzer.prepare(text, steps)
    ner_seconds = steps["spaCy"]
    sentences = len(prepared.parsed.sentences)
    table = Table(title=f"{sentences} sentences, {len(text.split()):,} words")
    table.add_column("step")
    table.add_column("seconds", justify="right")
    table.add_column("÷ NER", justify="right")
    table.add_column("note")
    for step in ("language", "cleaning", "spaCy"):
        label = "NER + sentences (spaCy)" if step == "spaCy" else step
        table.add_row(label, f"{steps[step]:.2f}", f"{steps[step] / ner_seconds:.2f}", "")
    timings = {}
    for algorithm in ALGORITHMS:
        timed: dict[str, float] = {}
        request = AnalysisRequest(text, "speed", algorithm, 3)
        analysis = analyzer.complete(request, prepared, timed)
        seconds = timings[algorithm] = timed["summary"]
        note = analysis.summary_note or ""
        table.add_row(algorithm, f"{seconds:.2f}", f"{seconds / ner_seconds:.2f}", note)
    out.print(table)
    return {
        "sentences": sentences,
        "steps_seconds": steps,
        "ner_seconds": ner_seconds,
        "summary_seconds": timings,
    }


if __name__ == "__main__":
    raise SystemExit(main())
