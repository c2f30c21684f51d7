"""LeadRank, a sumy summariser: sentence centrality with a prior for the lead.

sumy's algorithms ignore position, and news puts the point first: on CNN
stories the first three sentences beat every one of them. Plain lead, though,
misses where the opening is context rather than the point (BBC stories). So:

1. centrality: TextRank's similarity (shared content stems over the sum of the
   log lengths) and PageRank, vectorised with numpy (a 1,000-sentence article
   takes milliseconds, where sumy's pure-Python LexRank takes seconds);
2. a mild preference for longer sentences (short ones are datelines, captions);
3. a position prior, flat over the first sentences and then decaying, blended
   with centrality;
4. the picks made one at a time, each penalised for repeating words of those
   already chosen (maximal marginal relevance).

Every constant was chosen with `python -m tui.evaluate summaries` on the
development data (figures in tui/ARCHITECTURE.md). It was the default before
NewsRank (`news_rank.py`), and is kept on the `s` key.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Protocol

import numpy as np
from sumy.summarizers._summarizer import AbstractSummarizer

NAME = "LeadRank"
LEAD_WEIGHT = 0.5  # weight of the position prior against centrality
LEAD_SPAN = 4  # the prior is flat over this many first sentences...
LEAD_DECAY = 1.5  # ...then falls as (LEAD_SPAN / (position + 1)) ** LEAD_DECAY
LENGTH_POWER = 0.4  # centrality times (min(words, LONG) / LONG) ** LENGTH_POWER
LONG = 40
MIN_WORDS = 5  # shorter sentences are picked only when nothing else is left
REDUNDANCY = 0.3  # penalty per unit of word overlap with a sentence already picked
CANDIDATES = 20  # how many of the best-scored sentences MMR considers
DAMPING = 0.85
ITERATIONS = 100


class _Worded(Protocol):
    @property
    def words(self) -> Sequence[str]: ...


class LeadRankSummarizer(AbstractSummarizer):
    """sumy summariser: `summarizer(document, count)` returns the chosen sumy sentences."""

    def __call__(self, document: Any, sentences_count: int) -> tuple[Any, ...]:
        sentences = list(document.sentences)
        return tuple(sentences[i] for i in lead_rank(sentences, int(sentences_count)))


@lru_cache(maxsize=1)
def _stemming() -> tuple[Any, frozenset[str]]:
    from sumy.nlp.stemmers import Stemmer
    from sumy.utils import get_stop_words

    return Stemmer("english"), frozenset(get_stop_words("english"))


def _content_stems(sentences: Sequence[_Worded]) -> list[list[str]]:
    stem, stop_words = _stemming()
    return [
        [
            stem(word.lower())
            for word in sentence.words
            if word.lower() not in stop_words and any(char.isalnum() for char in word)
        ]
        for sentence in sentences
    ]


def centrality(stems: Sequence[Sequence[str]]) -> Any:
    """PageRank over TextRank similarity; a sentence sharing no word links evenly (no NaN)."""
    n = len(stems)
    vocabulary: dict[str, int] = {}
    columns = [[vocabulary.setdefault(word, len(vocabulary)) for word in words] for words in stems]
    presence = np.zeros((n, max(len(vocabulary), 1)))
    for row, indices in enumerate(columns):
        presence[row, indices] = 1.0
    overlap = presence @ presence.T
    log_lengths = np.log1p([len(words) for words in stems])
    denominator = log_lengths[:, None] + log_lengths[None, :]
    similarity = np.divide(overlap, denominator, out=np.zeros_like(overlap), where=denominator > 0)
    np.fill_diagonal(similarity, 0.0)
    row_sums = similarity.sum(axis=1)
    safe = np.where(row_sums > 0, row_sums, 1.0)
    transition = np.where(row_sums[:, None] > 0, similarity / safe[:, None], 1.0 / n)
    scores = np.full(n, 1.0 / n)
    for _ in range(ITERATIONS):
        previous, scores = scores, (1 - DAMPING) / n + DAMPING * (transition.T @ scores)
        if np.abs(scores - previous).sum() < 1e-10:
            break
    return scores


def lead_rank(sentences: Sequence[_Worded], count: int) -> list[int]:
    """Indices of the `count` best sentences, in article order."""
    n = len(sentences)
    if n <= count:
        return list(range(n))
    stems = _content_stems(sentences)
    central = centrality(stems)
    central = central / central.max()
    lengths = np.array([len(s.words) for s in sentences], dtype=float)
    central *= (np.minimum(lengths, LONG) / LONG) ** LENGTH_POWER
    position = np.arange(n)
    prior = np.where(position < LEAD_SPAN, 1.0, (LEAD_SPAN / (position + 1.0)) ** LEAD_DECAY)
    score = (1 - LEAD_WEIGHT) * central + LEAD_WEIGHT * prior
    short = lengths < MIN_WORDS
    if (~short).sum() >= count:
        score[short] -= 2.0
    return sorted(_pick_diverse(score, [set(words) for words in stems], count))


def _pick_diverse(score: Any, words: list[set[str]], count: int) -> list[int]:
    """Greedy maximal marginal relevance over the best `CANDIDATES` sentences."""
    candidates = [int(i) for i in np.argsort(-score, kind="stable")[: max(CANDIDATES, count)]]
    chosen: list[int] = []
    while len(chosen) < count:

        def value(i: int) -> float:
            overlap = (
                max(
                    (len(words[i] & words[j]) / max(1, min(len(words[i]), len(words[j]))))
                    for j in chosen
                )
                if chosen
                else 0.0
            )
            return float(score[i]) - REDUNDANCY * overlap

        best = max((i for i in candidates if i not in chosen), key=value)
        chosen.append(best)
    return chosen
