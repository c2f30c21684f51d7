"""Extractive summaries with sumy, fed with our own sentences and words.

sumy's stock tokenizer needs NLTK's punkt data, which cannot be downloaded on
an offline machine. We build sumy's document model ourselves from the
sentences and words that `tui.core.nlp.pipeline` found, so no NLTK data is ever needed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from tui.core.nlp.pipeline import Sentence

# Display names in the order the `s` key cycles through them. Every one is a sumy
# summariser (a subclass of its AbstractSummarizer): NewsRank (news_rank.py) and
# LeadRank (lead_rank.py) are ours, one module each, the others sumy's own. Names
# only here: the UI imports this module, and the summarisers load numpy and sumy.
NEWS_RANK = "NewsRank"
LEAD_RANK = "LeadRank"
ALGORITHMS = (
    NEWS_RANK,
    LEAD_RANK,
    "LexRank",
    "LSA",
    "TextRank",
    "Luhn",
    "KL-Sum",
    "SumBasic",
    "Edmundson",
    "Reduction",
)
DEFAULT_ALGORITHM = NEWS_RANK
DEFAULT_SENTENCES = 3
LANGUAGE = "english"
# sumy's algorithms are quadratic (KL-Sum worse) in pure Python: past these many
# sentences they rank only the first ones (measured: KL-Sum 2 s at 150 sentences,
# 18 s at 300; LexRank 0.5 s at 300, 9.8 s at 1,300).
# NewsRank and LeadRank are vectorised but their similarity matrices are still
# quadratic in memory; news past the first thousand sentences is rarely the point.
SUMY_LIMIT = 300
SUMY_LIMITS = {"KL-Sum": 120, LEAD_RANK: 1000, NEWS_RANK: 1000}
# How many frequent words Edmundson's key method treats as significant.
KEY_WORDS = 10


class _PretokenizedWords:
    """Stands in for sumy's Tokenizer: returns the words we already found."""

    language = LANGUAGE

    def __init__(self, words_by_text: dict[str, tuple[str, ...]]) -> None:
        self._words = words_by_text

    def to_words(self, text: str) -> tuple[str, ...]:
        return self._words.get(text, ())


def _summarizer(name: str, document: Any) -> Any:
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.edmundson import EdmundsonSummarizer
    from sumy.summarizers.kl import KLSummarizer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.luhn import LuhnSummarizer
    from sumy.summarizers.reduction import ReductionSummarizer
    from sumy.summarizers.sum_basic import SumBasicSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    from tui.core.nlp.lead_rank import LeadRankSummarizer
    from tui.core.nlp.news_rank import NewsRankSummarizer

    classes: dict[str, Callable[[Any], Any]] = {
        NEWS_RANK: NewsRankSummarizer,
        LEAD_RANK: LeadRankSummarizer,
        "LexRank": LexRankSummarizer,
        "LSA": LsaSummarizer,
        "TextRank": TextRankSummarizer,
        "Luhn": LuhnSummarizer,
        "KL-Sum": KLSummarizer,
        "SumBasic": SumBasicSummarizer,
        "Edmundson": EdmundsonSummarizer,
        "Reduction": ReductionSummarizer,
    }
    stop_words = get_stop_words(LANGUAGE)
    if name != "Edmundson":
        summarizer = classes[name](Stemmer(LANGUAGE))
        summarizer.stop_words = stop_words
        return summarizer
    # Edmundson's cue method needs hand-made bonus and stigma word lists, and its
    # title method needs headings; articles give neither. Its key method (the
    # article's most frequent content words) and location method carry the ranking.
    summarizer = EdmundsonSummarizer(
        Stemmer(LANGUAGE), cue_weight=0, key_weight=1, title_weight=0, location_weight=1
    )
    summarizer.null_words = stop_words
    frequent = Counter(word.lower() for word in document.words if word.lower() not in stop_words)
    summarizer.bonus_words = [word for word, _ in frequent.most_common(KEY_WORDS)] or ["the"]
    return summarizer


def _document(sentences: Sequence[Sentence], text: str) -> tuple[Any, dict[int, int]]:
    """sumy's document model, and a map from each sumy sentence's id to our index."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph
    from sumy.models.dom import Sentence as SumySentence

    tokenizer = _PretokenizedWords({})
    by_id: dict[int, int] = {}
    paragraphs: list[list[Any]] = []
    last_paragraph = None
    for index, sentence in enumerate(sentences):
        sentence_text = text[sentence.start : sentence.end]
        tokenizer._words[sentence_text.strip()] = sentence.words
        sumy_sentence = SumySentence(sentence_text, tokenizer)
        by_id[id(sumy_sentence)] = index
        if sentence.paragraph != last_paragraph:
            paragraphs.append([])
            last_paragraph = sentence.paragraph
        paragraphs[-1].append(sumy_sentence)
    return ObjectDocumentModel([Paragraph(p) for p in paragraphs]), by_id


def summarize(
    sentences: Sequence[Sentence], text: str, algorithm: str, count: int
) -> tuple[list[int], str | None]:
    """Indices of the `count` best sentences in article order, and a note for the reader.

    Never raises for odd input: fewer sentences than asked returns them all; an
    algorithm that fails or produces NaN scores (LexRank on sentences that share
    no word) gives way to the default, and the default to the first sentences;
    on very long articles an algorithm ranks only the first sentences, since
    several are quadratic or worse. A sentence said twice is a candidate once.
    """
    if algorithm not in ALGORITHMS:
        raise ValueError(f"unknown algorithm {algorithm!r}; choose from {', '.join(ALGORITHMS)}")
    count = max(1, count)
    # A sentence repeated (the same after folding case and spaces) is one candidate: the
    # summary never says it twice. Ranked on the first of each; indices mapped back.
    first = _distinct(sentences, text)
    picked, note = _summarize([sentences[index] for index in first], text, algorithm, count)
    return [first[index] for index in picked], note


def _distinct(sentences: Sequence[Sentence], text: str) -> list[int]:
    """The index of each sentence not seen before, by its words with case and spaces folded."""
    seen: set[str] = set()
    first: list[int] = []
    for index, sentence in enumerate(sentences):
        folded = " ".join(text[sentence.start : sentence.end].split()).casefold()
        if folded not in seen:
            seen.add(folded)
            first.append(index)
    return first


def _summarize(
    sentences: Sequence[Sentence], text: str, algorithm: str, count: int
) -> tuple[list[int], str | None]:
    if len(sentences) <= count:
        return list(range(len(sentences))), None
    candidates = prose_sentences(sentences, text)
    if candidates and len(candidates) < len(sentences):
        picked, note = summarize([sentences[i] for i in candidates], text, algorithm, count)
        return [candidates[i] for i in picked], note
    limit = SUMY_LIMITS.get(algorithm, SUMY_LIMIT)
    note = None
    if len(sentences) > limit:
        note = f"{algorithm} ranked the first {limit:,} of {len(sentences):,} sentences"
        sentences = sentences[:limit]
    picked = _run(algorithm, sentences, text, count)
    if picked:
        return picked, note
    if algorithm != DEFAULT_ALGORITHM:
        picked = _run(DEFAULT_ALGORITHM, sentences[: SUMY_LIMITS[DEFAULT_ALGORITHM]], text, count)
        if picked:
            return picked, f"{algorithm} found no ranking here: {DEFAULT_ALGORITHM} used"
    return list(range(count)), f"{algorithm} found no ranking here: the first sentences shown"


MIN_PROSE_WORDS = 5


def prose_sentences(sentences: Sequence[Sentence], text: str) -> list[int]:
    """Indices of the sentences that are prose, the candidates for a summary.

    Not prose: a short line ("Fed decision."), a line with no word in lower case
    (a table row, "Arsenal 3 Chelsea 1"), a link's headline (ending " ." as the
    CNN and Mail pages print them), and a paragraph of one sentence without
    sentence punctuation (a heading, a related story's headline) where most
    sentences have it.
    """
    alone = Counter(sentence.paragraph for sentence in sentences)
    ends = [text[s.start : s.end].rstrip().endswith(_PROSE_ENDS) for s in sentences]
    # headings are told by their missing full stop only where most sentences have one
    punctuated = sum(ends) * 2 > len(sentences)
    chosen = []
    for index, sentence in enumerate(sentences):
        shown = text[sentence.start : sentence.end].rstrip()
        words = [word for word in sentence.words if any(char.isalpha() for char in word)]
        if len(words) < MIN_PROSE_WORDS or not any(word[0].islower() for word in words):
            continue
        if shown.endswith(" .") or (
            punctuated and alone[sentence.paragraph] == 1 and not ends[index]
        ):
            continue
        chosen.append(index)
    return chosen


_PROSE_ENDS = (".", "!", "?", ":", '"', "”", "'", "’", ")", "…")


def _run(algorithm: str, sentences: Sequence[Sentence], text: str, count: int) -> list[int]:
    """The sumy summariser `algorithm` on our sentences; [] when it fails."""
    import numpy as np

    document, by_id = _document(sentences, text)
    try:
        with np.errstate(invalid="raise", divide="raise"):
            chosen = _summarizer(algorithm, document)(document, count)
    except (ValueError, ArithmeticError, LookupError):
        return []
    return sorted({by_id[id(s)] for s in chosen if id(s) in by_id})
