"""`python -m tui.evaluate` (also `nutgraf evaluate`): measure summaries and entities.

    python -m tui.evaluate summaries FILE.jsonl [--sentences 3] [--limit N] [--json OUT]
    python -m tui.evaluate entities FILE.jsonl|FILE.conll [--limit N] [--json OUT]
    python -m tui.evaluate speed FILE.jsonl [--sentences 1000]

Every system runs on the same parsed text in one run, so the table compares
like with like. Progress goes to stderr, the table to stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tui.evaluate", description=__doc__.split("\n")[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)
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
    for command in (summaries, entities, speed):
        command.add_argument("--limit", type=int, help="only the first N records")
        command.add_argument("--json", type=Path, dest="json_out", help="also write results here")
        command.add_argument("--model", help="spaCy pipeline (default: as the app)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    options = _parser().parse_args(argv)
    from tui.core.nlp.pipeline import load_pipeline

    nlp, model = load_pipeline(options.model)
    if nlp is None:
        print("nutgraf evaluate: no spaCy model installed", file=sys.stderr)
        return 2
    out = Console(highlight=False)
    runners = {"summaries": _summaries, "entities": _entities, "speed": _speed}
    result = runners[options.command](options, nlp, out)
    result["model"] = model
    if options.json_out:
        options.json_out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
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


def _summaries(options: argparse.Namespace, nlp: Any, out: Console) -> dict[str, Any]:
    from tui.core.nlp.summarize import DEFAULT_ALGORITHM
    from tui.evaluate.data import read_summaries
    from tui.evaluate.summaries import METRICS, evaluate_summaries

    cases = read_summaries(options.file, options.limit)
    with _progress(len(cases), "articles") as progress:
        task = progress.task_ids[0]
        scores = evaluate_summaries(cases, nlp, options.sentences, lambda: progress.advance(task))
    table = Table(
        title=f"{options.file.name}: {len(cases)} articles, {options.sentences} sentences"
    )
    table.add_column("summariser")
    for metric in METRICS:
        table.add_column(f"{metric.replace('rouge', 'ROUGE-')} F1", justify="right")
    for name, score in scores.items():
        label = f"{name} (default)" if name == DEFAULT_ALGORITHM else name
        table.add_row(label, *(f"{score.mean(metric):.2f}" for metric in METRICS))
    out.print(table)
    return {
        "file": options.file.name,
        "articles": len(cases),
        "sentences": options.sentences,
        "default": DEFAULT_ALGORITHM,
        "scores": {n: {m: round(s.mean(m), 3) for m in METRICS} for n, s in scores.items()},
    }


def _entities(options: argparse.Namespace, nlp: Any, out: Console) -> dict[str, Any]:
    from tui.evaluate.data import read_entities
    from tui.evaluate.entities import evaluate_entities

    cases = read_entities(options.file, options.limit)
    result: dict[str, Any] = {"file": options.file.name, "documents": len(cases)}
    for matching, lenient in (("lenient", True), ("exact", False)):
        with _progress(len(cases), f"documents ({matching})") as progress:
            advance = partial(progress.advance, progress.task_ids[0])
            scores = evaluate_entities(cases, nlp, lenient, advance)
        table = Table(title=f"{options.file.name}: {len(cases)} documents, {matching} matching")
        table.add_column("system")
        for column in ("P", "R", "F1", "people F1", "orgs F1"):
            table.add_column(column, justify="right")
        rows = {}
        for name, score in scores.items():
            both = score.both
            values = [both.precision, both.recall, both.f1, score.people.f1, score.orgs.f1]
            table.add_row(name, *(f"{value:.3f}" for value in values))
            rows[name] = dict(zip(("p", "r", "f1", "people_f1", "orgs_f1"), values, strict=True))
        out.print(table)
        result[matching] = rows
    return result


def _speed(options: argparse.Namespace, nlp: Any, out: Console) -> dict[str, Any]:
    """Time NER and each summariser on one article of `--sentences` sentences."""
    from tui.core.nlp.pipeline import parse
    from tui.core.nlp.summarize import ALGORITHMS, summarize
    from tui.evaluate.data import read_summaries

    articles = [case.article for case in read_summaries(options.file, options.limit)]
    text = "\n".join(articles)
    parsed = parse(text, nlp)
    while len(parsed.sentences) < options.sentences:
        text = text + "\n" + text
        parsed = parse(text, nlp)
    cut = parsed.sentences[options.sentences - 1].end
    text = text[:cut]
    started = time.perf_counter()
    parsed = parse(text, nlp)
    ner_seconds = time.perf_counter() - started
    table = Table(title=f"{len(parsed.sentences)} sentences, {len(text.split()):,} words")
    table.add_column("step")
    table.add_column("seconds", justify="right")
    table.add_column("÷ NER", justify="right")
    table.add_column("note")
    table.add_row("NER + sentences (spaCy)", f"{ner_seconds:.2f}", "1.00", "")
    timings = {}
    for algorithm in ALGORITHMS:
        started = time.perf_counter()
        _, note = summarize(parsed.sentences, text, algorithm, 3)
        seconds = time.perf_counter() - started
        timings[algorithm] = seconds
        table.add_row(algorithm, f"{seconds:.2f}", f"{seconds / ner_seconds:.2f}", note or "")
    out.print(table)
    return {
        "sentences": len(parsed.sentences),
        "ner_seconds": ner_seconds,
        "summary_seconds": timings,
    }


if __name__ == "__main__":
    raise SystemExit(main())
