"""`python -m tui.evaluate report --eval-dir DIR`: every figure of issue 13 in one run.

For each summary set (`cnndm_dev.jsonl` at 3 sentences, `xsum_dev.jsonl` at 1) and
each half, ROUGE-1/2/L F1 of the default, of the lead on the sentences the
summariser sees and on spaCy's plain split, of the best plain sumy algorithm
(chosen on the tuning half) and of LeadRank, with paired bootstrap 95% intervals
of default minus each. For each entity set (`conll2003_valid.txt`,
`crossner_politics_train.txt`) and half, people and organisation P/R/F1 of raw
spaCy and of nutgraf, with an interval of the F1 difference. The language
check's "not English" verdicts on every document and reference. Time per
article of each step of the analysis.

Halves: a record whose id has an even MD5 is in the tuning half ("tune"), the
others are held out ("held"), as when NewsRank's weights were fitted (on "tune"
only). Everything goes through the product path (`tui.evaluate.product`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.core.nlp.analyzer import Analyzer
from tui.core.nlp.langid import ENGLISH, identify
from tui.core.nlp.summarize import ALGORITHMS, DEFAULT_ALGORITHM, LEAD_RANK, NEWS_RANK
from tui.evaluate.data import read_entities, read_summaries
from tui.evaluate.entities import PRODUCT, RAW, EntityRun, evaluate_entities
from tui.evaluate.metrics import Counts
from tui.evaluate.summaries import METRICS, SummaryRun, evaluate_summaries, lead_names

SUMMARY_SETS = (("cnndm_dev.jsonl", 3), ("xsum_dev.jsonl", 1))
ENTITY_SETS = ("conll2003_valid.txt", "crossner_politics_train.txt")
HALVES = ("tune", "held")
SUMY = tuple(name for name in ALGORITHMS if name not in (NEWS_RANK, LEAD_RANK))
RESAMPLES = 10_000
STEPS = ("language", "cleaning", "spaCy", "summary", "names", "whole analysis")

Progress = Callable[[int, str], Callable[[], None]]  # (total, label) -> advance


def half(identifier: str) -> str:
    """ "tune" when the MD5 of `identifier` is even, else "held"."""
    return "tune" if int(hashlib.md5(identifier.encode()).hexdigest(), 16) % 2 == 0 else "held"


def rows_by_half(ids: Sequence[str]) -> dict[str, list[int]]:
    rows: dict[str, list[int]] = {name: [] for name in HALVES}
    for row, identifier in enumerate(ids):
        rows[half(identifier)].append(row)
    return rows


@dataclass(frozen=True)
class Interval:
    mean: float
    low: float
    high: float

    def __str__(self) -> str:
        return f"{self.mean:+.2f} [{self.low:+.2f}, {self.high:+.2f}]"

    def excludes_zero(self) -> bool:
        return self.low > 0 or self.high < 0


def bootstrap(
    statistic: Callable[[Any], float], rows: int, resamples: int = RESAMPLES, seed: int = 0
) -> Interval:
    """`statistic(indices)` on all rows, and its 2.5th and 97.5th percentiles over
    `resamples` resamplings of the rows with replacement (percentile bootstrap)."""
    import numpy as np

    if rows == 0:
        return Interval(0.0, 0.0, 0.0)
    generator = np.random.default_rng(seed)
    values = [statistic(generator.integers(0, rows, rows)) for _ in range(resamples)]
    low, high = np.percentile(values, [2.5, 97.5])
    return Interval(statistic(np.arange(rows)), float(low), float(high))


def rouge_difference(run: SummaryRun, system: str, rows: list[int], metric: int) -> Interval:
    """Mean of default minus `system` over articles `rows`, with its interval."""
    import numpy as np

    default = np.array([run.scores[DEFAULT_ALGORITHM][i][metric] for i in rows])
    other = np.array([run.scores[system][i][metric] for i in rows])
    differences = default - other
    return bootstrap(lambda pick: float(differences[pick].mean()), len(rows))


def best_sumy(run: SummaryRun) -> str:
    """The plain sumy algorithm with the best ROUGE-1 on the tuning half."""
    tune = rows_by_half(run.ids)["tune"]
    return max(SUMY, key=lambda name: run.mean(name, "rouge1", tune))


def summary_rows(name: str, run: SummaryRun) -> list[dict[str, Any]]:
    same, plain = lead_names(run.count)
    best = best_sumy(run)
    compared = [
        (same, same),
        (plain, plain),
        (best, f"{best} (best sumy on tune)"),
        (LEAD_RANK, f"{LEAD_RANK} (before)"),
    ]
    rows = []
    for part, picked in rows_by_half(run.ids).items():
        for system, label in [(DEFAULT_ALGORITHM, f"{DEFAULT_ALGORITHM} (default)"), *compared]:
            row: dict[str, Any] = {
                "set": name,
                "half": part,
                "articles": len(picked),
                "system": label,
                **{m: round(run.mean(system, m, picked), 2) for m in METRICS},
            }
            if system != DEFAULT_ALGORITHM:
                for index, metric in enumerate(METRICS):
                    row[f"default_minus_{metric}"] = rouge_difference(run, system, picked, index)
            rows.append(row)
    return rows


def micro(pairs: Sequence[tuple[Counts, Counts]], which: str) -> Counts:
    total = Counts()
    for people, orgs in pairs:
        if which in ("people", "both"):
            total.add(people)
        if which in ("orgs", "both"):
            total.add(orgs)
    return total


def f1_difference(
    ours: Sequence[tuple[Counts, Counts]], theirs: Sequence[tuple[Counts, Counts]]
) -> Interval:
    """Micro F1 (people and organisations together) of ours minus theirs, resampling
    documents."""
    return bootstrap(
        lambda pick: (
            micro([ours[i] for i in pick], "both").f1 - micro([theirs[i] for i in pick], "both").f1
        ),
        len(ours),
        resamples=RESAMPLES // 5,  # a micro F1 per resample is slower than a mean
    )


def entity_rows(name: str, run: EntityRun, lenient: bool = True) -> list[dict[str, Any]]:
    ids = [case.id for case in run.cases]
    raw = run.counts(RAW, lenient)
    product = run.counts(PRODUCT, lenient)
    rows = []
    for part, picked in rows_by_half(ids).items():
        for system, counts in ((RAW, raw), (PRODUCT, product)):
            chosen = [counts[i] for i in picked]
            row: dict[str, Any] = {"set": name, "half": part, "documents": len(picked)}
            row["system"] = system
            for which in ("people", "orgs", "both"):
                total = micro(chosen, which)
                row[which] = tuple(round(v, 3) for v in (total.precision, total.recall, total.f1))
            if system == PRODUCT:
                row["f1_minus_raw"] = f1_difference(chosen, [raw[i] for i in picked])
            rows.append(row)
    return rows


def report(
    eval_dir: Path, analyzer: Analyzer, progress: Progress, limit: int | None = None
) -> dict[str, Any]:
    """Every figure, from the sets found in `eval_dir` (a missing set is named in "missing")."""
    from tui.core.model import AnalysisRequest

    analyzer.analyse(AnalysisRequest("Warm up. " * 3, "warm-up", DEFAULT_ALGORITHM, 1))
    result: dict[str, Any] = {"summaries": [], "entities": [], "language": [], "time": []}
    result["missing"] = [
        name
        for name in (*(n for n, _ in SUMMARY_SETS), *ENTITY_SETS)
        if not (eval_dir / name).is_file()
    ]
    for name, count in SUMMARY_SETS:
        if name in result["missing"]:
            continue
        cases = read_summaries(eval_dir / name, limit)
        run = evaluate_summaries(cases, analyzer, count, progress(len(cases), name))
        result["summaries"].extend(summary_rows(name, run))
        result["language"].append(_language(name, "articles", run.ids, run.languages))
        references = [identify(case.reference) for case in cases]
        foreign = [None if code in (None, ENGLISH) else code for code in references]
        result["language"].append(_language(name, "references", run.ids, foreign))
        result["time"].append(_time(name, run))
    for name in ENTITY_SETS:
        if name in result["missing"]:
            continue
        documents = read_entities(eval_dir / name, limit)
        entity_run = evaluate_entities(documents, analyzer, progress(len(documents), name))
        result["entities"].extend(entity_rows(name, entity_run))
        ids = [case.id for case in documents]
        result["language"].append(_language(name, "documents", ids, entity_run.languages))
    return result


def _language(
    name: str, what: str, ids: Sequence[str], languages: Sequence[str | None]
) -> dict[str, Any]:
    judged = {identifier: code for identifier, code in zip(ids, languages, strict=True) if code}
    return {"set": name, "what": what, "count": len(ids), "not_english": judged}


def _time(name: str, run: SummaryRun) -> dict[str, Any]:
    """Mean milliseconds per article of each step; how often the summary outlasted spaCy."""
    articles = len(run.steps) or 1
    means = {step: 1000 * sum(s.get(step, 0.0) for s in run.steps) / articles for step in STEPS}
    slower = sum(s.get("summary", 0.0) > s.get("spaCy", 0.0) for s in run.steps)
    return {
        "set": name,
        "articles": len(run.steps),
        "ms": means,
        "summary_slower_than_spacy": slower,
    }
