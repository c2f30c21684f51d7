"""People and organisations of one article: mentions grouped into names with counts.

Aliases are merged within the article: possessives, case and whitespace are
folded, and a one-word person name ("Zelensky") joins the only full name that
ends with it ("Volodymyr Zelensky"). A name tagged both PERSON and ORG takes the
label most of its mentions have.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from tui.core.nlp import Mention

PERSON, ORG = "PERSON", "ORG"
_POSSESSIVE = re.compile(r"(?:['’]s|s['’])$", re.IGNORECASE)
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_EDGE_PUNCT = "\"'“”‘’()[]{},.;:!?-–—"


@dataclass(frozen=True)
class Entity:
    name: str
    label: str
    count: int
    aliases: tuple[str, ...] = ()
    # (start, end) character offsets of each mention in the article text.
    spans: tuple[tuple[int, int], ...] = field(default=(), repr=False)


@dataclass
class _Group:
    forms: Counter[str] = field(default_factory=Counter)
    labels: Counter[str] = field(default_factory=Counter)
    spans: list[tuple[int, int]] = field(default_factory=list)

    def absorb(self, other: _Group) -> None:
        self.forms.update(other.forms)
        self.labels.update(other.labels)
        self.spans.extend(other.spans)

    @property
    def name(self) -> str:
        """The longest form (most words, then most frequent) names the group."""
        return max(self.forms, key=lambda form: (len(form.split()), self.forms[form], form))


def normalise(surface: str) -> str:
    """The form a mention is shown and counted under."""
    name = " ".join(surface.split()).strip(_EDGE_PUNCT + " ")
    name = _POSSESSIVE.sub("", name) if name.endswith(("s", "’", "'")) else name
    if name.endswith(("'", "’")):
        name = name[:-1]
    return _LEADING_THE.sub("", name).strip(_EDGE_PUNCT + " ")


def _fold(name: str) -> str:
    return name.casefold()


def group_entities(mentions: Iterable[Mention]) -> tuple[list[Entity], list[Entity]]:
    """Return `(people, organisations)`, each most mentioned first."""
    groups: dict[str, _Group] = defaultdict(_Group)
    for mention in mentions:
        if mention.label not in (PERSON, ORG):
            continue
        name = normalise(mention.text)
        if not name or not any(char.isalpha() for char in name):
            continue
        group = groups[_fold(name)]
        group.forms[name] += 1
        group.labels[mention.label] += 1
        group.spans.append((mention.start, mention.start + len(mention.text.rstrip())))
    _merge_surnames(groups)
    people: list[Entity] = []
    organisations: list[Entity] = []
    for group in groups.values():
        label = max(group.labels, key=lambda lab: (group.labels[lab], lab == PERSON))
        name = group.name
        entity = Entity(
            name=name,
            label=label,
            count=len(group.spans),
            aliases=tuple(sorted(form for form in group.forms if form != name)),
            spans=tuple(sorted(group.spans)),
        )
        (people if label == PERSON else organisations).append(entity)
    order = lambda entity: (-entity.count, entity.name.casefold())  # noqa: E731
    return sorted(people, key=order), sorted(organisations, key=order)


def _merge_surnames(groups: dict[str, _Group]) -> None:
    """Fold one-word person names into the single longer person name ending with them."""
    full_names = [
        key for key, group in groups.items() if len(key.split()) > 1 and PERSON in group.labels
    ]
    for key in [key for key in groups if len(key.split()) == 1]:
        if PERSON not in groups[key].labels:
            continue
        owners = [full for full in full_names if full.split()[-1] == key]
        if len(owners) == 1:
            groups[owners[0]].absorb(groups.pop(key))
