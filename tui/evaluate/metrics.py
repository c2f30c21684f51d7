"""Matching names against gold sets, and precision / recall / F1.

Document level: for each article, the distinct names the sidebar would show
(each with its merged aliases) against the distinct gold names of that type.

- exact: equal after folding whitespace.
- lenient: equal ignoring case, or one name contained in the other as whole
  words ("Zelensky" ~ "Volodymyr Zelensky", but not "Ian" ~ "Brian").

Gold names are first grouped into gold entities the way a sidebar would group
them: names that match each other (under the same rule) are one entity, so
"Hussain" and "Nasser Hussain", or "LEICESTERSHIRE" and "Leicestershire", are one
gold entity when matching is lenient. A predicted entity (its name and merged
aliases) and a gold entity are compatible when any of their forms match; each
predicted entity is paired with at most one gold entity and the other way round
(maximum matching). So a sidebar that lists one person twice ("Zelensky" and
"Volodymyr Zelensky") gets one right and one wrong. Counts are summed over all
articles (micro average).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache


def _fold_space(name: str) -> str:
    return " ".join(name.split())


@lru_cache(maxsize=65536)
def _pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")


def names_match(a: str, b: str, lenient: bool) -> bool:
    a, b = _fold_space(a), _fold_space(b)
    if not lenient:
        return a == b
    a, b = a.casefold(), b.casefold()
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return bool(short) and _pattern(short).search(long) is not None


@dataclass
class Counts:
    correct_predictions: int = 0
    predictions: int = 0
    found_gold: int = 0
    gold: int = 0

    def add(self, other: Counts) -> None:
        self.correct_predictions += other.correct_predictions
        self.predictions += other.predictions
        self.found_gold += other.found_gold
        self.gold += other.gold

    @property
    def precision(self) -> float:
        return self.correct_predictions / self.predictions if self.predictions else 0.0

    @property
    def recall(self) -> float:
        return self.found_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


_SHORT_WORDS = frozenset({"of", "the", "and", "for", "&", "de", "in"})


def abbreviates(short: str, long: str) -> bool:
    """Whether `short` is an acronym of `long`: "EPA", "Environmental Protection Agency"."""
    letters = short.replace(".", "")
    words = [w for w in re.split(r"[\s-]+", long) if w[:1].isalpha()]
    if not (2 <= len(letters) <= 8 and letters.isalpha() and letters.isupper()) or len(words) < 2:
        return False
    capitals = "".join(w[0] for w in words if w[0].isupper())
    content = "".join(w[0] for w in words if w.casefold() not in _SHORT_WORDS).upper()
    return letters in (capitals, content)


def _bracketed(short: str, long: str, text: str) -> bool:
    """Whether `text` writes `short` in brackets right after `long`: "Sozialdemokratische
    Partei Deutschlands (SPD)"."""
    return bool(text) and bool(re.search(rf"{re.escape(long)}\s*\({re.escape(short)}\)", text))


def gold_entities(names: Iterable[str], lenient: bool, text: str = "") -> list[list[str]]:
    """Group gold names that match each other into entities (transitively).

    An acronym and its expansion in the same document are one entity too ("EPA" and
    "Environmental Protection Agency", by initials or written in brackets after it in
    `text`): a sidebar listing both lists one organisation twice.
    """
    groups: list[list[str]] = []
    for name in sorted(set(names)):
        linked = [
            g
            for g in groups
            if any(
                names_match(name, other, lenient)
                or abbreviates(name, other)
                or abbreviates(other, name)
                or _bracketed(name, other, text)
                or _bracketed(other, name, text)
                for other in g
            )
        ]
        merged = [name]
        for group in linked:
            merged.extend(group)
            groups.remove(group)
        groups.append(merged)
    return groups


def score_names(
    predicted: Sequence[Iterable[str]], gold: Iterable[str], lenient: bool, text: str = ""
) -> Counts:
    """`predicted`: one group of surface forms (name and aliases) per entity shown;
    `text`, the document (to know an acronym written in brackets after its expansion)."""
    predictions = [list(group) for group in predicted]
    truths = gold_entities(gold, lenient, text)
    compatible = [
        [
            j
            for j, truth in enumerate(truths)
            if any(names_match(form, name, lenient) for form in forms for name in truth)
        ]
        for forms in predictions
    ]
    matched = _maximum_matching(compatible, len(truths))
    return Counts(matched, len(predictions), matched, len(truths))


def _maximum_matching(compatible: list[list[int]], right: int) -> int:
    """Size of a maximum bipartite matching (Kuhn's algorithm; sizes here are small)."""
    owner: list[int | None] = [None] * right

    def assign(i: int, seen: set[int]) -> bool:
        for j in compatible[i]:
            if j not in seen:
                seen.add(j)
                current = owner[j]
                if current is None or assign(current, seen):
                    owner[j] = i
                    return True
        return False

    return sum(assign(i, set()) for i in range(len(compatible)))
