"""Readers for evaluation data: summary JSONL, entity JSONL and CoNLL-2003 files."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class SummaryCase:
    id: str
    article: str
    reference: str  # reference sentences, one a line


@dataclass(frozen=True)
class EntityCase:
    id: str
    text: str
    persons: frozenset[str] = field(default_factory=frozenset)
    orgs: frozenset[str] = field(default_factory=frozenset)


def read_summaries(path: Path, limit: int | None = None) -> list[SummaryCase]:
    cases = []
    for record in _jsonl(path):
        cases.append(SummaryCase(str(record["id"]), record["article"], record["summary"]))
        if limit and len(cases) >= limit:
            break
    return cases


def read_entities(path: Path, limit: int | None = None) -> list[EntityCase]:
    """JSONL `{"id", "text", "persons", "orgs"}`, or CoNLL-2003 (`-DOCSTART-`, IOB tags)."""
    if path.suffix == ".jsonl":
        cases = [
            EntityCase(
                str(r["id"]),
                r["text"],
                frozenset(r.get("persons", ())),
                frozenset(r.get("orgs", ())),
            )
            for r in _jsonl(path)
        ]
    else:
        cases = list(_conll_documents(path.read_text(encoding="utf-8")))
    return cases[:limit] if limit else cases


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


_NO_SPACE_BEFORE = re.compile(r" (?=[,.;:!?%)\]}]|'s\b|'S\b|n't\b|'re\b|'ve\b|'ll\b|'d\b|'m\b)")
_NO_SPACE_AFTER = re.compile(r"(?<=[(\[{$]) ")


def detokenize(tokens: list[str]) -> str:
    """Join CoNLL tokens the way the text was written: `Smith 's ,` becomes `Smith's,`."""
    return _NO_SPACE_AFTER.sub("", _NO_SPACE_BEFORE.sub("", " ".join(tokens)))


def _conll_documents(text: str) -> Iterator[EntityCase]:
    """Each `-DOCSTART-` document: sentences one a line; gold PER and ORG names."""
    number = 0
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []

    def finish() -> EntityCase | None:
        if current:
            sentences.append(list(current))
            current.clear()
        if not sentences:
            return None
        lines = [detokenize([t for t, _ in s]) for s in sentences]
        gold: dict[str, set[str]] = {"PER": set(), "ORG": set()}
        for sentence in sentences:
            for label, tokens in _spans(sentence):
                if label in gold:
                    gold[label].add(detokenize(tokens))
        sentences.clear()
        return EntityCase(
            f"conll-{number}", "\n".join(lines), frozenset(gold["PER"]), frozenset(gold["ORG"])
        )

    for line in text.splitlines():
        if line.startswith("-DOCSTART-"):
            if (case := finish()) is not None:
                yield case
            number += 1
        elif not line.strip():
            if current:
                sentences.append(list(current))
                current.clear()
        else:
            parts = line.split()
            current.append((parts[0], parts[-1]))
    if (case := finish()) is not None:
        yield case


def _spans(sentence: list[tuple[str, str]]) -> Iterator[tuple[str, list[str]]]:
    label, tokens = "", list[str]()
    for token, tag in sentence:
        if tag.startswith("B-") or (tag.startswith("I-") and tag[2:] != label):
            if tokens:
                yield label, tokens
            label, tokens = tag[2:], [token]
        elif tag.startswith("I-"):
            tokens.append(token)
        else:
            if tokens:
                yield label, tokens
            label, tokens = "", []
    if tokens:
        yield label, tokens
