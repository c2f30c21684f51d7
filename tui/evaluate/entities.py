"""Entity quality: raw spaCy against the app's post-processing, rule by rule."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

from tui.core.nlp.entities import ORG, PERSON, EntityRules, group_entities
from tui.core.nlp.pipeline import Mention, parse
from tui.evaluate.data import EntityCase
from tui.evaluate.metrics import Counts, score_names

Predictor = Callable[[Sequence[Mention], str], tuple[list[list[str]], list[list[str]]]]


def raw_spacy(mentions: Sequence[Mention], text: str) -> tuple[list[list[str]], list[list[str]]]:
    """What spaCy alone gives: the distinct PERSON and ORG strings."""
    people = sorted({m.text for m in mentions if m.label == PERSON})
    orgs = sorted({m.text for m in mentions if m.label == ORG})
    return [[p] for p in people], [[o] for o in orgs]


def app_with(rules: EntityRules) -> Predictor:
    def predict(mentions: Sequence[Mention], text: str) -> tuple[list[list[str]], list[list[str]]]:
        people, orgs = group_entities(mentions, text, rules)
        return (
            [[e.name, *e.aliases] for e in people],
            [[e.name, *e.aliases] for e in orgs],
        )

    return predict


def systems() -> dict[str, Predictor]:
    """Raw spaCy, the app, and the app without each of its rules."""
    full = EntityRules()
    table: dict[str, Predictor] = {"spaCy (raw)": raw_spacy, "nutgraf": app_with(full)}
    for rule in full.names():
        table[f"nutgraf without {rule}"] = app_with(replace(full, **{rule: False}))
    return table


@dataclass
class EntityScores:
    people: Counts = field(default_factory=Counts)
    orgs: Counts = field(default_factory=Counts)

    @property
    def both(self) -> Counts:
        total = Counts()
        total.add(self.people)
        total.add(self.orgs)
        return total


def evaluate_entities(
    cases: Iterable[EntityCase], nlp: object, lenient: bool, progress: Callable[[], None]
) -> dict[str, EntityScores]:
    table = systems()
    scores = {name: EntityScores() for name in table}
    for case in cases:
        mentions = parse(case.text, nlp).mentions
        for name, predict in table.items():
            people, orgs = predict(mentions, case.text)
            scores[name].people.add(score_names(people, case.persons, lenient, case.text))
            scores[name].orgs.add(score_names(orgs, case.orgs, lenient, case.text))
        progress()
    return scores
