"""People and organisations of one article: mentions grouped into names with counts.

spaCy's small model alone is noisy where a reader looks first (places tagged as
people, fragments of job titles tagged as organisations, the same name counted
under several spellings). Each rule below fixes one kind of error; each can be
switched off, and `python -m tui.evaluate entities` measures what it is worth.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from functools import lru_cache

from tui.core.model import Entity
from tui.core.nlp.pipeline import Mention
from tui.core.nlp.wordlists import EVENT_WORDS, ORG_WORDS, ROLE_WORDS

PERSON, ORG = "PERSON", "ORG"
TEAM = "TEAM"  # our own label for a name followed by a score in a line of scores
_POSSESSIVE = re.compile(r"(?:['’]s|s['’])$", re.IGNORECASE)
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_EDGE_PUNCT = "\"'“”‘’()[]{},.;:!?-–—"
# A line is all-caps when this share of its letters (at least CAPS_LINE_LETTERS) are.
CAPS_SHARE = 0.8
CAPS_LINE_LETTERS = 12
ACRONYM_MAX = 6
_EDGE_TOKEN = re.compile(r"[^\w]*\d[\d\W]*|[^\w]+")
# A team's name: at most TEAM_WORDS words of at most 40 characters. Unbounded, a line
# of capitalised words with no score was scanned to its end from each of its words.
TEAM_WORDS = 6
_TEAM_WORD = r"[A-Z][A-Za-z.'&-]{0,39}+"
_TEAM_NAME = rf"{_TEAM_WORD}(?: (?:{_TEAM_WORD}|of|de)){{0,{TEAM_WORDS - 1}}}+"
_NAME_AND_SCORE = re.compile(rf"(?<![\w.])({_TEAM_NAME}) \d{{1,3}}(?:-\d{{1,3}})?(?=\s|$)")
_NUMBER = re.compile(r"[\d.,/-]+")
SCORE_LINE_NUMBERS = 2  # at least this many numbers,
SCORE_LINE_WORDS = 3  # and at most this many lower-case words, make a line of scores
_INITIAL = re.compile(r"(?:^|\s)[A-Z]\.\s+[A-Z][a-z]")
# At most 20 spaces: `\s+` was tried from every space of a long run with no word after.
_NEXT_WORD = re.compile(r"\s{1,20}+([A-Za-z]+)")
_ROLE_TOKEN = re.compile(
    "|".join(re.escape(word) for word in sorted(ROLE_WORDS, key=len, reverse=True)),
    re.IGNORECASE,
)


@dataclass(frozen=True)
class EntityRules:
    """Which post-processing rules run. All on is the app's behaviour."""

    # Possessives, a leading "the", case and whitespace folded into one name.
    fold_forms: bool = True
    # A one-word person name joins the only full name in the article ending with it.
    merge_surnames: bool = True
    # One label per name, by vote over all its mentions (places and others included).
    vote_labels: bool = True
    # Tokens without letters dropped from a name's edges ("Durham 114" gives "Durham").
    trim_edges: bool = True
    # Mentions in all-caps lines (headlines, tables) are the small model's worst
    # guesses; short acronyms there ("NATO") are kept.
    skip_caps_lines: bool = True
    # Job titles are not names: "President Joe Biden" gives "Joe Biden", and the
    # one-word "organisation" right before a title ("Defense" Secretary) is dropped.
    trim_roles: bool = True
    # A name right before "summit", "talks", "agreement"... says where an event
    # was ("the Vilnius summit"), unless it is an acronym ("the NATO summit").
    place_modifiers: bool = True
    # A person named like a country or region, or an organisation named like a
    # country (ISO 3166, from pycountry), is a place: "Kyiv", "Surrey", "Moldova".
    drop_places: bool = True
    # Name shapes settle the label: an initial ("H. Morris") makes a person, a
    # word such as "United", "Ltd" or "Council" an organisation.
    name_shapes: bool = True
    # A name never written with a capital (or starting with a digit) is not a
    # name ("congress", "ex-England", "182nd").
    drop_generic: bool = True
    # In a line of scores with few words ("Wigan 42 Bradford Bulls 36",
    # "CHICAGO 71 64 .526 10"), a name followed by a score is a team, an
    # organisation, even where the model found nothing or a place.
    score_lines: bool = True

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]


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
        """The longest form (most words, not all-caps, most frequent) names the group."""
        return max(
            self.forms,
            key=lambda form: (len(form.split()), not form.isupper(), self.forms[form], form),
        )


def normalise(surface: str) -> str:
    """The form a mention is shown and counted under."""
    name = " ".join(surface.split()).strip(_EDGE_PUNCT + " ")
    name = _POSSESSIVE.sub("", name) if name.endswith(("s", "’", "'")) else name
    if name.endswith(("'", "’")):
        name = name[:-1]
    return _LEADING_THE.sub("", name).strip(_EDGE_PUNCT + " ")


def group_entities(
    mentions: Iterable[Mention], text: str = "", rules: EntityRules = EntityRules()
) -> tuple[list[Entity], list[Entity]]:
    """Return `(people, organisations)`, each most mentioned first."""
    groups: dict[tuple[str, str], _Group] = defaultdict(_Group)
    caps_lines = _CapsLines(text)
    if rules.score_lines and text:
        mentions = _with_teams(list(mentions), text)
    for mention in mentions:
        if not rules.vote_labels and mention.label not in (PERSON, ORG):
            continue
        for name, start, end in _clean(mention, text, rules, caps_lines):
            key = name.casefold() if rules.fold_forms else name
            group = groups[(key, "" if rules.vote_labels else mention.label)]
            group.forms[name] += 1
            group.labels[_label(mention, name, rules)] += 1
            group.spans.append((start, end))
    if rules.merge_surnames:
        _merge_surnames(groups)
    people: list[Entity] = []
    organisations: list[Entity] = []
    for group in groups.values():
        label = max(group.labels, key=lambda lab: (group.labels[lab], lab == PERSON, lab == ORG))
        if label not in (PERSON, ORG):
            continue
        if rules.drop_generic and all(
            form[0].islower() or form[0].isdigit() for form in group.forms
        ):
            continue
        if rules.drop_places and _is_place(group.name, label):
            continue
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


@lru_cache(maxsize=1)
def place_names() -> tuple[frozenset[str], frozenset[str]]:
    """Country names and region names, folded, from pycountry (a sumy dependency)."""
    import pycountry

    countries = set()
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            if value := getattr(country, attribute, None):
                countries.add(value.casefold())
    regions = {subdivision.name.casefold() for subdivision in pycountry.subdivisions}
    return frozenset(countries), frozenset(regions)


def _is_place(name: str, label: str) -> bool:
    """People named like a country or region, organisations named like a country.

    Regions named as organisations are often teams ("Leicestershire beat Somerset").
    """
    countries, regions = place_names()
    folded = name.casefold()
    return folded in countries or (label == PERSON and folded in regions)


def _clean(
    mention: Mention, text: str, rules: EntityRules, caps_lines: _CapsLines
) -> list[tuple[str, int, int]]:
    """The names a mention stands for, each with its span in the text."""
    surface, start = mention.text, mention.start
    end = start + len(surface.rstrip())
    caps = rules.skip_caps_lines and text and start in caps_lines
    if caps and mention.label != TEAM and not _acronym(surface):
        return []
    if rules.trim_edges:
        start, end = _trim(surface, start, _EDGE_TOKEN)
    if rules.trim_roles:
        if mention.label == PERSON:
            start, end = _trim(text[start:end] if text else surface, start, _ROLE_TOKEN, False)
        elif mention.label == ORG and _single_word_before_role(text, start, end):
            return []
    if rules.place_modifiers and mention.label == ORG and _before_event(text, end):
        words = text[start:end].split()
        if not _acronym(words[-1]) or words[-1] != words[-1].upper():
            return []  # "the Vilnius summit": where, not who
        start = end - len(words[-1])  # "the Vilnius NATO summit": NATO
    surface = text[start:end] if text else surface
    if rules.trim_edges and "(" in surface and ")" not in surface:
        surface = surface[: surface.index("(")].rstrip()  # "Scott Draper (Australia"
        end = start + len(surface)
    name = normalise(surface) if rules.fold_forms else surface.strip()
    if not name or not any(char.isalpha() for char in name):
        return []
    return [(name, start, end)]


def _label(mention: Mention, name: str, rules: EntityRules) -> str:
    if mention.label == TEAM:
        return PERSON if rules.name_shapes and _INITIAL.search(name) else ORG
    if rules.name_shapes:
        if mention.label == ORG and _INITIAL.search(name):
            return PERSON
        if mention.label == PERSON and any(w.casefold() in ORG_WORDS for w in name.split()[1:]):
            return ORG
    return mention.label


def _before_event(text: str, end: int) -> bool:
    return _next_word(text, end) in EVENT_WORDS


class _CapsLines:
    """Which lines of a text are all-caps, each line measured once.

    Per mention, scanning the line would be quadratic on a one-line article.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0, *(match.end() for match in re.finditer("\n", text))]
        self.known: dict[int, bool] = {}

    def __contains__(self, offset: int) -> bool:
        line = bisect_right(self.starts, offset) - 1
        if line not in self.known:
            end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
            letters = [c for c in self.text[self.starts[line] : end] if c.isalpha()]
            upper = sum(c.isupper() for c in letters)
            self.known[line] = len(letters) >= CAPS_LINE_LETTERS and upper >= CAPS_SHARE * len(
                letters
            )
        return self.known[line]


def _acronym(surface: str) -> bool:
    word = surface.strip()
    return " " not in word and len(word) <= ACRONYM_MAX


def _trim(
    surface: str, offset: int, drop: re.Pattern[str], trailing: bool = True
) -> tuple[int, int]:
    """Offsets of `surface` without the leading (and trailing) tokens `drop` matches."""
    tokens = list(re.finditer(r"\S+", surface))
    while len(tokens) > 1 and drop.fullmatch(tokens[0].group()):
        tokens.pop(0)
    while trailing and len(tokens) > 1 and drop.fullmatch(tokens[-1].group()):
        tokens.pop()
    if not tokens:
        return offset, offset
    return offset + tokens[0].start(), offset + tokens[-1].end()


def _single_word_before_role(text: str, start: int, end: int) -> bool:
    word = text[start:end]
    if not text or " " in word.strip() or word.isupper():
        return False
    return _next_word(text, end) in ROLE_WORDS


def _next_word(text: str, end: int) -> str:
    following = _NEXT_WORD.match(text, end)
    return following.group(1).casefold() if following else ""


def _with_teams(mentions: list[Mention], text: str) -> list[Mention]:
    """Add a TEAM mention for each name followed by a score in a line of scores.

    It replaces any mention of the model's that overlaps it ("Wigan" as a place).
    """
    teams = []
    for line in re.finditer(r"[^\n]+", text):
        tokens = line.group().split()
        numbers = sum(bool(_NUMBER.fullmatch(token)) for token in tokens)
        words = sum(token[0].islower() for token in tokens if token[0].isalpha())
        if numbers < SCORE_LINE_NUMBERS or words > SCORE_LINE_WORDS:
            continue
        for found in _NAME_AND_SCORE.finditer(line.group()):
            start, end = line.start() + found.start(1), line.start() + found.end(1)
            teams.append(Mention(start, end, TEAM, found.group(1)))
    if not teams:
        return mentions
    spans = [(team.start, team.end) for team in teams]
    kept = [m for m in mentions if not any(m.start < b and a < m.end for a, b in spans)]
    return sorted(kept + teams, key=lambda mention: mention.start)


def _merge_surnames(groups: dict[tuple[str, str], _Group]) -> None:
    """Fold one-word person names into the single longer name ending with them.

    The longer name may have been tagged an organisation ("Randall Cunningham"
    often is); the surname's own votes then count towards it being a person.
    """
    full_names = [key for key in groups if len(key[0].split()) > 1]
    for key in [key for key in groups if len(key[0].split()) == 1]:
        if PERSON not in groups[key].labels:
            continue
        owners = [
            full
            for full in full_names
            if full[0].split()[-1].casefold() == key[0].casefold() and full[1] == key[1]
        ]
        if len(owners) == 1:
            groups[owners[0]].absorb(groups.pop(key))
