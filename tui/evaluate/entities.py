"""Entity quality through the product path: raw spaCy against what `nutgraf entities` shows.

- "spaCy (raw)": the distinct PERSON and ORG strings of spaCy on the plain text;
- "nutgraf": the names and aliases `nutgraf entities --json` prints
  (`Analyzer.entities_many`: language check, cleaning, the rules);
- "nutgraf without RULE" (optional): the same mentions (`Analyzer.mentions_many`,
  the stream `entities_many` groups) grouped with one rule switched off.

Predictions are kept per document, so one run is scored both ways (lenient and
exact) and by halves.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from tui.core.nlp.analyzer import Analyzer
from tui.core.nlp.entities import ORG, PERSON, EntityRules, group_entities
from tui.core.nlp.pipeline import Mention, parse
from tui.evaluate.data import EntityCase
from tui.evaluate.metrics import Counts, score_names
from tui.evaluate.product import analysed, as_articles, language_named, name_groups

RAW = "spaCy (raw)"
PRODUCT = "nutgraf"
Groups = list[list[str]]  # each entity shown: its name and aliases


def raw_spacy(mentions: Sequence[Mention]) -> tuple[Groups, Groups]:
    """What spaCy alone gives: the distinct PERSON and ORG strings."""
    people = sorted({m.text for m in mentions if m.label == PERSON})
    orgs = sorted({m.text for m in mentions if m.label == ORG})
    return [[p] for p in people], [[o] for o in orgs]


def grouped(mentions: Sequence[Mention], text: str, rules: EntityRules) -> tuple[Groups, Groups]:
    people, orgs = group_entities(mentions, text, rules) if mentions else ([], [])
    return [[e.name, *e.aliases] for e in people], [[e.name, *e.aliases] for e in orgs]


@dataclass
class EntityRun:
    """Per-document predictions of every system on one entity set, and the gold."""

    cases: list[EntityCase] = field(default_factory=list)
    predictions: dict[str, list[tuple[Groups, Groups]]] = field(default_factory=dict)
    languages: list[str | None] = field(default_factory=list)

    def counts(self, system: str, lenient: bool) -> list[tuple[Counts, Counts]]:
        """(people, organisations) counts of `system`, one pair per document."""
        return [
            (
                score_names(people, case.persons, lenient, case.text),
                score_names(orgs, case.orgs, lenient, case.text),
            )
            for case, (people, orgs) in zip(self.cases, self.predictions[system], strict=True)
        ]


def evaluate_entities(
    cases: Sequence[EntityCase],
    analyzer: Analyzer,
    progress: Callable[[], None] = lambda: None,
    ablations: bool = False,
) -> EntityRun:
    full = EntityRules()
    rules = {f"{PRODUCT} without {r}": replace(full, **{r: False}) for r in full.names()}
    names = [RAW, PRODUCT, *(rules if ablations else ())]
    run = EntityRun(list(cases), {name: [] for name in names})
    articles = as_articles([(c.id, c.text) for c in cases])
    # Each stream keeps spaCy's sentence splitting off while it runs (select_pipes), so
    # each is read to its end before the next parse.
    product = list(analysed("entities", articles, analyzer))
    streamed = list(analyzer.mentions_many([a.text for a in articles])) if ablations else []
    for index, (article, (shown, analysis)) in enumerate(zip(articles, product, strict=True)):
        assert shown is article
        run.languages.append(language_named(analysis.entity_note))
        run.predictions[PRODUCT].append(name_groups(article, analysis))
        run.predictions[RAW].append(raw_spacy(parse(article.text, analyzer.nlp).mentions))
        if streamed:
            _, mentions = streamed[index]
            for name, switched in rules.items():
                run.predictions[name].append(grouped(mentions, article.text, switched))
        progress()
    return run
