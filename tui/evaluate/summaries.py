"""Summary quality: ROUGE F1 of every summariser, and of the lead, at the same length."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from tui.core.nlp.pipeline import Sentence, parse
from tui.core.nlp.summarize import ALGORITHMS, summarize
from tui.evaluate.data import SummaryCase

METRICS = ("rouge1", "rouge2", "rougeL")
LEAD = "Lead-{}"


@dataclass
class RougeScores:
    totals: dict[str, float] = field(default_factory=lambda: dict.fromkeys(METRICS, 0.0))
    count: int = 0

    def add(self, scores: dict[str, float]) -> None:
        for metric in METRICS:
            self.totals[metric] += scores[metric]
        self.count += 1

    def mean(self, metric: str) -> float:
        """Mean F1 as a percentage."""
        return 100 * self.totals[metric] / self.count if self.count else 0.0


def systems(sentences: int) -> list[str]:
    """The lead, the app's default first, then every plain sumy algorithm."""
    return [LEAD.format(sentences), *ALGORITHMS]


def pick(system: str, parsed: Sequence[Sentence], text: str, count: int) -> list[int]:
    if system.startswith("Lead-"):
        return list(range(min(count, len(parsed))))
    return summarize(parsed, text, system, count)[0]


def evaluate_summaries(
    cases: Iterable[SummaryCase], nlp: object, count: int, progress: Callable[[], None]
) -> dict[str, RougeScores]:
    from rouge_score.rouge_scorer import RougeScorer

    scorer = RougeScorer(list(METRICS), use_stemmer=True)
    names = systems(count)
    scores = {name: RougeScores() for name in names}
    for case in cases:
        parsed = parse(case.article, nlp).sentences
        for name in names:
            chosen = pick(name, parsed, case.article, count)
            candidate = "\n".join(case.article[parsed[i].start : parsed[i].end] for i in chosen)
            result = scorer.score(case.reference, candidate)
            scores[name].add({metric: result[metric].fmeasure for metric in METRICS})
        progress()
    return scores
