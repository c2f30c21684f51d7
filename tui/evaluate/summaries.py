"""Summary quality through the product path: ROUGE F1 of the default, the lead and each
summariser, article by article, at the same length.

The default is what `nutgraf summarize --json` prints (`tui.evaluate.product`).
The other summarisers rank the same sentences: the article is prepared once more
(`Analyzer.prepare`: language, cleaning, spaCy) and completed with each algorithm
(`Analyzer.complete`, what `nutgraf summarize -a NAME` does), after checking that
the default comes out the same again. Two leads: the first sentences the
summarisers see (cleaned, quotations whole), and the first sentences of spaCy's
plain split of the same text.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from tui.core.model import AnalysisRequest
from tui.core.nlp.analyzer import Analyzer
from tui.core.nlp.pipeline import parse
from tui.core.nlp.summarize import ALGORITHMS, DEFAULT_ALGORITHM
from tui.evaluate.data import SummaryCase
from tui.evaluate.product import (
    analysed,
    as_articles,
    language_named,
    summary_sentences,
)

METRICS = ("rouge1", "rouge2", "rougeL")
LEAD_SAME = "Lead-{} (same sentences)"
LEAD_PLAIN = "Lead-{} (spaCy split)"


def lead_names(count: int) -> tuple[str, str]:
    return LEAD_SAME.format(count), LEAD_PLAIN.format(count)


def systems(count: int) -> list[str]:
    """The default first, the two leads, then every other summariser."""
    others = [name for name in ALGORITHMS if name != DEFAULT_ALGORITHM]
    return [DEFAULT_ALGORITHM, *lead_names(count), *others]


@dataclass
class SummaryRun:
    """Per-article figures of one summary set."""

    count: int
    ids: list[str] = field(default_factory=list)
    # system -> one (ROUGE-1, ROUGE-2, ROUGE-L) F1 triple per article, in percent
    scores: dict[str, list[tuple[float, float, float]]] = field(default_factory=dict)
    # seconds per step of the default's analysis, one dict per article
    steps: list[dict[str, float]] = field(default_factory=list)
    # the language named by the product when not English ("Not English (xx)"), else None
    languages: list[str | None] = field(default_factory=list)

    def mean(self, system: str, metric: str, rows: Sequence[int] | None = None) -> float:
        column = METRICS.index(metric)
        values = self.scores[system]
        chosen = [values[i][column] for i in (range(len(values)) if rows is None else rows)]
        return sum(chosen) / len(chosen) if chosen else 0.0


def evaluate_summaries(
    cases: Sequence[SummaryCase],
    analyzer: Analyzer,
    count: int,
    progress: Callable[[], None] = lambda: None,
) -> SummaryRun:
    from rouge_score.rouge_scorer import RougeScorer

    scorer = RougeScorer(list(METRICS), use_stemmer=True)

    def rouge(reference: str, sentences: Sequence[str]) -> tuple[float, float, float]:
        result = scorer.score(reference, "\n".join(sentences))
        r1, r2, rl = (100 * result[metric].fmeasure for metric in METRICS)
        return r1, r2, rl

    names = systems(count)
    same, plain = lead_names(count)
    run = SummaryRun(count, scores={name: [] for name in names})
    articles = as_articles([(c.id, c.article) for c in cases])
    product = analysed("summarize", articles, analyzer, DEFAULT_ALGORITHM, count)
    for case, article in zip(cases, articles, strict=True):
        started = time.perf_counter()
        shown_article, analysis = next(product)
        total = time.perf_counter() - started
        assert shown_article is article
        run.ids.append(case.id)
        run.languages.append(language_named(analysis.summary_note))
        scores = run.scores
        scores[DEFAULT_ALGORITHM].append(
            rouge(case.reference, summary_sentences(article, analysis))
        )
        text = article.text
        scores[same].append(
            rouge(case.reference, [text[a:b].strip() for a, b in analysis.sentences[:count]])
        )
        steps: dict[str, float] = {}
        prepared = analyzer.prepare(text, steps)
        request = AnalysisRequest(text, article.digest, DEFAULT_ALGORITHM, count)
        again = analyzer.complete(request, prepared, steps)
        if again != analysis:
            raise AssertionError(f"{case.id}: the default is not the same when prepared again")
        steps["whole analysis"] = total
        run.steps.append(steps)
        for name in names[3:]:
            other = analyzer.complete(AnalysisRequest(text, article.digest, name, count), prepared)
            scores[name].append(rouge(case.reference, summary_sentences(article, other)))
        split = parse(text, analyzer.nlp).sentences[:count]
        scores[plain].append(rouge(case.reference, [text[s.start : s.end] for s in split]))
        progress()
    return run
