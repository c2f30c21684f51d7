"""NewsRank: a sumy summariser for news, a linear sentence score learnt from news sets.

Each sentence gets 15 features (position, centrality, similarity to the whole
article and to its first sentence, length, quotation, question) and a score
that is a weighted sum of them; the best `count` sentences are returned in
article order. Two sets of weights, chosen by the article's shape:

- *block* text (paragraphs of several sentences, or none at all: wire copy,
  CNN-style pages flattened to one line): weights of a logistic regression on
  which sentences best cover the reference highlights (greedy ROUGE oracle),
  fitted on half of a CNN development set. It keeps close to the lead but
  prefers the shorter, more central of the opening sentences.
- *paragraphed* text (paragraphs of one or two sentences, BBC style): weights
  of a ridge regression on each sentence's ROUGE against the reference,
  fitted on half of an XSum (BBC) development set. Similarity to the whole
  article carries most of the weight; position little.

Weights were fitted once, offline, on the tuning halves only; they are plain
numbers here. Everything is vectorised with numpy (the similarity matrix is
quadratic in the number of sentences: the caller limits long articles).

This is a subclass of sumy's AbstractSummarizer, fed by the sumy document that
`tui.core.nlp.summarize` builds from our sentences and words (no NLTK data
needed). The figures are in tui/ARCHITECTURE.md ("NewsRank is the default").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sumy.summarizers._summarizer import AbstractSummarizer

NAME = "NewsRank"

FEATURES = (
    "first", "second", "third", "logpos", "relpos", "cen", "cos_doc", "cos_first",
    "freq", "len", "short", "long", "quote", "starts_quote", "question",
)  # fmt: skip
# Fitted on the tuning halves (ids whose md5 is even) of the CNN and XSum dev sets.
BLOCK_WEIGHTS = (
    -0.3151, 0.3163, -0.0837, -0.3809, 0.2586, 1.0, -0.5712, 0.2377,
    0.2909, -0.7295, -0.0544, 0.1428, -0.0346, -0.0545, -0.1037,
)  # fmt: skip
PARAGRAPHED_WEIGHTS = (
    -0.1958, 0.045, 0.0908, -0.063, -0.0061, 0.2164, 1.0, 0.1121,
    0.0193, 0.4875, -0.2274, -0.1548, -0.0404, -0.0645, -0.0461,
)  # fmt: skip
# Mean sentences per paragraph from which a text is "block" (CNN dev: one paragraph
# of ~27 sentences; XSum dev: ~1.2 sentences per paragraph).
BLOCK_SENTENCES_PER_PARAGRAPH = 2.5
LONG_WORDS, SHORT_WORDS, LONGEST = 45, 8, 60
DAMPING, ITERATIONS = 0.85, 100
QUOTES = frozenset('"“”')


class NewsRankSummarizer(AbstractSummarizer):
    """sumy summariser: `summarizer(document, count)` returns the chosen sumy sentences."""

    def __init__(self, stemmer: Any, stop_words: Sequence[str] = ()) -> None:
        super().__init__(stemmer)
        self._stop_words = frozenset(self.normalize_word(w) for w in stop_words)

    @property
    def stop_words(self) -> frozenset[str]:
        return self._stop_words

    @stop_words.setter
    def stop_words(self, words: Sequence[str]) -> None:
        self._stop_words = frozenset(self.normalize_word(w) for w in words)

    def __call__(self, document: Any, sentences_count: int) -> tuple[Any, ...]:
        sentences = list(document.sentences)
        if not sentences:
            return ()
        paragraphs = [index for index, p in enumerate(document.paragraphs) for _ in p.sentences]
        scores = self.rate(sentences, paragraphs)
        count = max(0, min(int(sentences_count), len(sentences)))
        best = np.argsort(-scores, kind="stable")[:count]
        return tuple(sentences[i] for i in sorted(int(i) for i in best))

    def rate(self, sentences: Sequence[Any], paragraphs: Sequence[int]) -> Any:
        """One score per sentence (higher is better)."""
        words = [tuple(s.words) for s in sentences]
        texts = [str(s) for s in sentences]
        stemmed: dict[str, str | None] = {}  # news repeats its words: stem each once

        def stem(word: str) -> str | None:
            if word not in stemmed:
                normal = self.normalize_word(word)
                keep = normal not in self._stop_words and any(c.isalnum() for c in word)
                stemmed[word] = self.stem_word(word) if keep else None
            return stemmed[word]

        stems = [[s for s in map(stem, ws) if s is not None] for ws in words]
        features = sentence_features(stems, [len(ws) for ws in words], texts)
        paragraph_count = len(set(paragraphs)) or 1
        block = len(sentences) / paragraph_count >= BLOCK_SENTENCES_PER_PARAGRAPH
        weights = np.array(BLOCK_WEIGHTS if block else PARAGRAPHED_WEIGHTS)
        return features @ weights


def centrality(presence: Any, lengths: Any) -> Any:
    """PageRank over TextRank similarity (shared stems over the sum of log lengths)."""
    n = presence.shape[0]
    overlap = presence @ presence.T
    log_lengths = np.log1p(lengths)
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


def sentence_features(
    stems: Sequence[Sequence[str]], word_counts: Sequence[int], texts: Sequence[str]
) -> Any:
    """The `FEATURES` of each sentence, as an (n, 15) array."""
    n = len(stems)
    vocabulary: dict[str, int] = {}
    columns = [[vocabulary.setdefault(w, len(vocabulary)) for w in ws] for ws in stems]
    presence = np.zeros((n, max(len(vocabulary), 1)))
    for row, indices in enumerate(columns):
        presence[row, indices] = 1.0
    stem_counts = np.array([len(ws) for ws in stems], dtype=float)
    central = centrality(presence, stem_counts)
    central = central / central.max() if central.max() > 0 else central
    document = presence.sum(axis=0)
    norms = np.sqrt(presence.sum(axis=1)) + 1e-9
    # cosine with the rest of the article (document counts minus the sentence's own stems),
    # without building that dense matrix: presence is 0/1, so presence² = presence
    sizes = presence.sum(axis=1)
    shared = presence @ document
    rest_norms = np.sqrt(np.maximum((document**2).sum() - 2 * shared + sizes, 0.0))
    cos_doc = (shared - sizes) / (norms * rest_norms + 1e-9)
    first = presence[0]
    cos_first = (presence @ first) / (norms * np.sqrt(first.sum()) + 1e-9)
    frequent = (presence * (document >= 2)).sum(axis=1) / np.maximum(presence.sum(axis=1), 1)
    position = np.arange(n)
    length = np.array(word_counts, dtype=float)
    quote = np.array([any(c in QUOTES for c in t) for t in texts], dtype=float)
    starts_quote = np.array([t[:1] in QUOTES for t in texts], dtype=float)
    question = np.array([t.rstrip('"”’ ').endswith("?") for t in texts], dtype=float)
    return np.column_stack(
        [
            position == 0,
            position == 1,
            position == 2,
            np.log1p(position),
            position / max(n - 1, 1),
            central,
            cos_doc,
            cos_first,
            frequent,
            np.minimum(length, LONGEST) / LONGEST,
            length < SHORT_WORDS,
            length > LONG_WORDS,
            quote,
            starts_quote,
            question,
        ]
    ).astype(float)
