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
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache

from tui.core.model import Entity
from tui.core.nlp.mention_context import (
    NUMBER,
    ORG,
    PERSON,
    SCORE_LINE_NUMBERS,
    after_personal_title,
    after_title,
    context_type,
    country_code,
    is_place,
    listed_with,
    pronoun_after,
)
from tui.core.nlp.people_names import known_names
from tui.core.nlp.pipeline import Mention
from tui.core.nlp.wordlists import (
    DEMONYMS,
    EVENT_WORDS,
    FUNCTION_WORDS,
    GROUP_NOUNS,
    ORG_WORDS,
    PERSONAL_TITLES,
    ROLE_WORDS,
    TRAILING_ROLES,
)

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
SCORE_LINE_WORDS = 3  # and at most this many lower-case words, make a line of scores
_INITIAL = re.compile(r"(?:^|\s)[A-Z]\.\s+[A-Z][a-z]")
# At most 20 spaces: `\s+` was tried from every space of a long run with no word after.
_NEXT_WORD = re.compile(r"\s{1,20}+([A-Za-z]+)")
_GROUP_TOKEN = re.compile("|".join(sorted(GROUP_NOUNS)), re.IGNORECASE)
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
    # Fragments are not names: a dateline glued to the first word ("CNN)The FBI"
    # gives "FBI"), function words at a name's start ("Since Iran"), a name that is
    # only function words ("CNN)I", "It").
    drop_fragments: bool = True
    # Two people's names with only a space between them are one name the model cut
    # in two ("President Abdu Rabu Mansour Hadi").
    join_names: bool = True
    # A part of a person's full name (surname, first name, "Mansour Hadi" of "Abdu Rabu
    # Mansour Hadi"), whatever its label, is that person ("Dumig" tagged an organisation
    # beside "Ines Dumig"); an organisation's first word is that organisation ("Boeing"
    # and "Boeing Co"). A part shared by several names goes, mention by mention, to the
    # name last written before it (the first after it at the start).
    fold_aliases: bool = True
    # An acronym is the organisation it abbreviates: written in brackets after it
    # ("Environmental Protection Agency (EPA)") or spelling the initials of the only
    # such name in the article.
    fold_acronyms: bool = True
    # What surrounds a mention says what it is, and settles a name with no sign of
    # being a person (no title, no initial, not referred to by a part of it): a place
    # after "in", "near", "village of", before "refugee camp" or ", Yemen"; an
    # organisation after "on" ("on Twitter"), before "militants", "account"; a group
    # after "the" as a plural ("the Houthis").
    context_types: bool = True
    # A person's name is never an all-caps word ("KSNV" is a station, "EPA" an agency).
    caps_not_people: bool = True
    # Two or three capitalised words, a known given name then a known surname (Faker's
    # lists for 80 locales), with no organisation or place word, are a person wherever
    # the model said organisation ("Paul Walker", "Irina Privalova"), and take their
    # parts ("Walker") with them.
    given_names: bool = True
    # A one-word person needs a sign of being one: a title before it ("Mr", "President"),
    # a known given name, or "he"/"she" right after it; else it is not listed as a person
    # ("Twitter", "Grozny", "Brexit"). A name with a digit is never a person ("Formula 1").
    person_evidence: bool = True
    # What is glued to a name is not the name: a title ("V.P. Mike Pence", "Mr Pence",
    # which makes a person whatever the model said), a nationality ("German Rosberg"), a
    # descriptor in lower case ("Challenger bank Metro Bank"), a trailing job noun ("BCSO
    # Investigators"), an organisation owning a person ("Radio Ulster's Nolan").
    strip_descriptors: bool = True

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]


@dataclass(frozen=True)
class _Item:
    """One mention of a name: its form, span, the model's label and what its context says."""

    form: str
    start: int
    end: int
    label: str
    context: str | None = None
    titled: bool = False  # a job title or an initial: a person
    pronoun: bool = False  # "he", "she", "his", "her" right after it
    team: bool = False  # a name before a score in a line of scores


@dataclass
class _Group:
    items: list[_Item] = field(default_factory=list)

    def absorb(self, other: _Group) -> None:
        self.items.extend(other.items)

    @property
    def forms(self) -> Counter[str]:
        return Counter(item.form for item in self.items)

    @property
    def labels(self) -> Counter[str]:
        return Counter(item.label for item in self.items)

    @property
    def spans(self) -> list[tuple[int, int]]:
        return [(item.start, item.end) for item in self.items]

    @property
    def name(self) -> str:
        """The longest form (most words, not all-caps, most frequent) names the group."""
        forms = self.forms
        return max(
            forms,
            key=lambda form: (len(form.split()), not form.isupper(), forms[form], form),
        )

    def top_label(self) -> str:
        labels = self.labels
        return max(labels, key=lambda lab: (labels[lab], lab == PERSON, lab == ORG))


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
    if rules.join_names and text:
        mentions = _joined(list(mentions), text)
    if rules.strip_descriptors and text:
        mentions = [_undressed(mention, text) for mention in mentions]
    mentions = list(mentions)
    neighbours = listed_with(mentions, text) if rules.context_types and text else {}
    for mention in mentions:
        if not rules.vote_labels and mention.label not in (PERSON, ORG):
            continue
        for name, start, end in _clean(mention, text, rules, caps_lines):
            key = name.casefold() if rules.fold_forms else name
            label = _label(mention, name, rules)
            context = (
                context_type(text, start, end, name, label)
                if text and rules.context_types
                else None
            )
            if label == PERSON and " " not in name:
                context = context or neighbours.get(mention.start)
            titled = rules.context_types and (
                bool(_INITIAL.search(name)) or (text != "" and after_title(text, start))
            )
            pronoun = rules.person_evidence and text != "" and pronoun_after(text, end)
            team = mention.label == TEAM  # a club in a line of scores, whatever its shape
            group = groups[(key, "" if rules.vote_labels else mention.label)]
            group.items.append(_Item(name, start, end, label, context, titled, pronoun, team))
    if rules.fold_acronyms:
        _fold_acronyms(groups, text)
    if rules.fold_aliases:  # first: it gives a person's parts the full name's label
        _fold_aliases(groups, rules)
    if rules.merge_surnames:
        _merge_surnames(groups)
    people: list[Entity] = []
    organisations: list[Entity] = []
    for group in groups.values():
        label = _decide(group, rules)
        if label not in (PERSON, ORG):
            continue
        if rules.drop_generic and all(
            form[0].islower() or form[0].isdigit() for form in group.forms
        ):
            continue
        if rules.drop_places and is_place(group.name, label):
            continue
        name = group.name
        entity = Entity(
            name=name,
            label=label,
            count=len(group.items),
            aliases=tuple(sorted(form for form in group.forms if form != name)),
            spans=tuple(sorted(group.spans)),
        )
        (people if label == PERSON else organisations).append(entity)
    order = lambda entity: (-entity.count, entity.name.casefold())  # noqa: E731
    return sorted(people, key=order), sorted(organisations, key=order)


def _decide(group: _Group, rules: EntityRules) -> str:
    """A name's type, once, from all its mentions."""
    label = group.top_label()
    if rules.context_types:
        contexts = Counter(item.context for item in group.items if item.context)
        if contexts and not _person_signs(group):
            label = max(contexts, key=lambda lab: (contexts[lab], lab == ORG))
    if rules.caps_not_people and label == PERSON and all(map(_caps_word, group.forms)):
        return ORG
    team = rules.person_evidence and any(item.team for item in group.items)
    if rules.given_names and label == ORG and _person_shaped(group.name) and not team:
        return PERSON
    if rules.person_evidence:
        return _by_evidence(group, label)
    return label


def _by_evidence(group: _Group, label: str) -> str:
    """The label, checked against what says "person" (see `EntityRules.person_evidence`)."""
    name = group.name
    if label == PERSON and any(word.isdigit() for word in name.split()):
        return "MISC"  # "Formula 1"
    if label == PERSON and all(" " not in form for form in group.forms):
        given, _ = known_names()
        if not (
            name in given
            or any(item.titled or item.pronoun for item in group.items)
            or (not given and not is_place(name, PERSON))  # no lists: keep the model's word
        ):
            return "MISC"
    if label == ORG and _person_words(name) and not any(item.context for item in group.items):
        titled = sum(item.titled for item in group.items)
        said = sum(item.pronoun for item in group.items)
        people = sum(item.label == PERSON for item in group.items)
        if titled or (said and people) or (said >= 2 and said * 3 >= len(group.items)):
            return PERSON  # Toi Kelly, "his ..."; Marion "Suge" Knight and his aliases
    return label


def _person_words(name: str) -> bool:
    """Two or three capitalised words (a nickname in quotes aside), none a body's or place's."""
    words = [word for word in name.split() if not word.startswith(('"', "“", "'", "‘"))]
    return (
        2 <= len(words) <= 3
        and all(word[:1].isupper() and word.replace("-", "").isalpha() for word in words)
        and not name.isupper()
        and not any(word.casefold() in ORG_WORDS for word in words)
        and not is_place(name, ORG)
        and not any(is_place(word, ORG) for word in words)
    )


@lru_cache(maxsize=4096)
def _person_shaped(name: str) -> bool:
    """A known given name, then a known surname, and nothing that names a place or a body."""
    words = [word for word in name.split() if not word.startswith(('"', "“"))]  # nicknames
    if not 2 <= len(words) <= 3 or not all(word[:1].isupper() for word in words):
        return False
    if name.isupper() or any(word.casefold() in ORG_WORDS for word in words):
        return False
    given, surnames = known_names()
    if words[0] not in given or words[-1] not in surnames:
        return False
    # Not "Kenya Power"; regions are too many ("Paul" is one, in Cabo Verde) for single words.
    return not is_place(name, PERSON) and not any(is_place(word, ORG) for word in words)


def _person_signs(group: _Group) -> bool:
    """A title or an initial, or a full name written also in part ("Hadi")."""
    if any(item.titled for item in group.items):
        return True
    forms = [form.casefold().split() for form in group.forms]
    full = [words for words in forms if len(words) > 1]
    return any(
        len(words) < len(whole) and (whole[: len(words)] == words or whole[-len(words) :] == words)
        for words in forms
        for whole in full
    )


def _caps_word(form: str) -> bool:
    letters = form.replace(".", "")
    return " " not in form and len(letters) >= 2 and letters.isalpha() and letters.isupper()


def _clean(
    mention: Mention, text: str, rules: EntityRules, caps_lines: _CapsLines
) -> list[tuple[str, int, int]]:
    """The names a mention stands for, each with its span in the text."""
    surface, start = mention.text, mention.start
    end = start + len(surface.rstrip())
    caps = rules.skip_caps_lines and text and start in caps_lines
    if caps and mention.label != TEAM and not _acronym(surface):
        return []
    if rules.drop_fragments:
        owner = _OWNER.search(surface) if mention.label == PERSON else None
        if owner:  # "Mötley Crüe's Vince Neil": the name after the possessive
            start, surface = start + owner.end(), surface[owner.end() :]
        start, end = _unglued(surface, start)
        if start == end:
            return []
        surface = mention.text[start - mention.start : end - mention.start]
    if rules.trim_edges:
        start, end = _trim(surface, start, _EDGE_TOKEN)
    if rules.trim_roles:
        if mention.label == PERSON:
            start, end = _trim(text[start:end] if text else surface, start, _ROLE_TOKEN, False)
        elif mention.label == ORG and _single_word_before_role(text, start, end):
            return []
    if rules.context_types and mention.label == PERSON and text:
        start, end = _trim(text[start:end], start, _GROUP_TOKEN)  # "Boko Haram Islamists"
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
        numbers = sum(bool(NUMBER.fullmatch(token)) for token in tokens)
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


def _unglued(surface: str, offset: int) -> tuple[int, int]:
    """Offsets of `surface` after a glued dateline and without leading function words.

    `(offset, offset)` when only function words are left ("CNN)I", "It").
    """
    close = surface.rfind(")")
    if close >= 0 and "(" not in surface[:close]:
        offset, surface = offset + close + 1, surface[close + 1 :]
    tokens = list(re.finditer(r"\S+", surface))
    while len(tokens) > 2 and tokens[1].group() == "of" and tokens[0].group() in _SOME:
        del tokens[:2]  # "One of Tokyo", "Some of Boko Haram"
    while tokens and _function_word(tokens[0].group()):
        tokens.pop(0)
    if not tokens or (len(tokens) == 1 and _not_a_name(tokens[0].group())):
        return offset, offset  # "CNN)All", "Sgt."
    return offset + tokens[0].start(), offset + tokens[-1].end()


_OWNER = re.compile(r"^.*\w['’]s\s(?=[A-Z])")


_SOME = frozenset({"One", "Some", "Many", "Most", "All", "Each", "Both", "Several", "Few"})


def _not_a_name(token: str) -> bool:
    word = token.casefold()
    return token in _SOME or word in ROLE_WORDS or f"{word}." in ROLE_WORDS


def _function_word(token: str) -> bool:
    word = token.strip(_EDGE_PUNCT)
    if (len(word) > 1 and word.isupper()) or token.endswith("."):
        return False  # "IT", "US", "WHO": acronyms; "A.", "I.": initials
    return word.casefold() in FUNCTION_WORDS


def _joined(mentions: list[Mention], text: str) -> list[Mention]:
    """Adjacent people's names with only a space between them, joined into one."""
    joined: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: m.start):
        last = joined[-1] if joined else None
        if (
            last is not None
            and last.label == mention.label == PERSON
            and text[last.end : mention.start] == " "
        ):
            joined[-1] = Mention(last.start, mention.end, PERSON, text[last.start : mention.end])
        else:
            joined.append(mention)
    return joined


_LEADING_TITLE = re.compile(r"(?:[A-Z][a-z]{0,4}\.?|[A-Z](?:\.[A-Z]){1,2}\.)\s++(?=[A-Z])")
_CONNECTORS = frozenset({"of", "the", "and", "de", "du", "des", "la", "le", "von", "van", "der"})
_CONNECTORS |= frozenset({"for", "on", "in", "&", "al", "bin", "da", "di", "y", "del"})


def _undressed(mention: Mention, text: str) -> Mention:
    """`mention` without what is glued to it (see `EntityRules.strip_descriptors`)."""
    if mention.label not in (PERSON, ORG):
        return mention
    start, end, label = mention.start, mention.end, mention.label
    surface = text[start:end]
    title = _LEADING_TITLE.match(surface)
    if title and title.group().strip().casefold() in PERSONAL_TITLES | ROLE_WORDS:
        label = PERSON if title.group().strip().casefold() in PERSONAL_TITLES else label
        start += title.end()  # "Mr Pence", "V.P. Mike Pence"
    elif label == ORG and after_personal_title(text, start) and " " not in surface.strip():
        label = PERSON  # "Mr Pence" with only "Pence" found
    words = list(re.finditer(r"\S+", text[start:end]))
    if label == PERSON and len(words) > 1 and words[0].group().casefold() in DEMONYMS:
        start += words[1].start()  # "German Rosberg"
        words = list(re.finditer(r"\S+", text[start:end]))
    for index in range(len(words) - 2, 0, -1):  # "Challenger bank Metro Bank"
        word = words[index].group()
        if word[:1].islower() and word.casefold() not in _CONNECTORS and word.isalpha():
            if words[index + 1].group()[:1].isupper():
                start += words[index + 1].start()
            break
    words = list(re.finditer(r"\S+", text[start:end]))
    if label == ORG and len(words) > 1 and words[-1].group().casefold() in TRAILING_ROLES:
        end = start + words[-2].end()  # "BCSO Investigators"
    owner = _OWNER.search(text[start:end]) if label == ORG else None
    if owner:  # "Radio Ulster's Nolan": the organisation's person
        rest = text[start + owner.end() : end].strip()
        given, surnames = known_names()
        if rest and (
            _person_shaped(rest) or (" " not in rest and (rest in surnames or rest in given))
        ):
            start, label = start + owner.end(), PERSON
    if (start, end, label) == (mention.start, mention.end, mention.label):
        return mention
    return Mention(start, end, label, text[start:end])


_INITIALS_SKIP = frozenset({"of", "the", "and", "for", "&", "de", "du", "des", "la", "le"})
_BRACKETED = re.compile(r"\s?\(([A-Z][A-Za-z.&]{1,9})\)")


def _initials(name: str) -> set[str]:
    """The acronyms a name could have: initials of its capitalised words, with or
    without its short words ("International Committee of the Red Cross": ICRC)."""
    words = [w for w in re.split(r"[\s-]+", name) if w and w[0].isalpha()]
    capitals = "".join(w[0] for w in words if w[0].isupper()).upper()
    every = "".join(w[0] for w in words if w.casefold() not in _INITIALS_SKIP).upper()
    found = {capitals, every}
    if len(words) > 2 and ("." in words[0] or is_place(words[0], ORG)):
        found |= _initials(" ".join(words[1:]))  # "U.S. Environmental Protection Agency"
    return found


def _fold_acronyms(groups: dict[tuple[str, str], _Group], text: str) -> None:
    """Fold each acronym into the organisation it abbreviates (in brackets, or by initials)."""
    bracketed: dict[str, set[tuple[str, str]]] = defaultdict(set)
    by_initials: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for key, group in groups.items():
        if len(key[0].split()) < 2:
            continue
        for initials in _initials(group.name):
            by_initials[initials].add(key)
        for item in group.items:
            found = _BRACKETED.match(text, item.end) if text else None
            if found:
                bracketed[found.group(1).replace(".", "")].add(key)
    for key in [key for key in groups if _caps_word(groups[key].name)]:
        acronym = groups[key].name.replace(".", "")
        if not 2 <= len(acronym) <= ACRONYM_MAX:
            continue
        owners = [k for k in bracketed.get(acronym, ()) if k in groups and k != key]
        if not owners:
            owners = [k for k in by_initials.get(acronym, ()) if k in groups and k != key]
        if (
            len(owners) == 1
            and key[1] == owners[0][1]
            and groups[owners[0]].top_label() != PERSON
            and not country_code(acronym)
        ):
            groups[owners[0]].absorb(groups.pop(key))


_GENERATIONS = frozenset({"jr", "sr"})  # not "II": "John Paul" is John Paul II


def _fold_aliases(groups: dict[tuple[str, str], _Group], rules: EntityRules) -> None:
    """Fold the parts of full names into them (see `EntityRules.fold_aliases`)."""
    # Each longer name under each of its proper beginnings and endings (so linear, not
    # every name against every other): ("sanders",) -> {("deion sanders jr.", ""): ...}.
    wholes: dict[tuple[tuple[str, ...], str], dict[tuple[str, str], bool]] = defaultdict(dict)
    for key in groups:
        whole = key[0].split()
        if whole and whole[-1].rstrip(".") in _GENERATIONS:
            whole = whole[:-1]  # "Deion Sanders Jr." is not "Deion Sanders"
        for size in range(1, len(whole)):
            wholes[(tuple(whole[:size]), key[1])].setdefault(key, True)  # a beginning
            wholes[(tuple(whole[-size:]), key[1])].setdefault(key, False)
    for key in sorted(groups, key=lambda k: len(k[0].split()), reverse=True):
        if key not in groups:
            continue
        part = groups[key]
        if is_place(part.name, PERSON) or part.top_label() == "NORP":
            continue  # "Jordan", "Jewish": a place or a people, not a part of a name
        if all(form[0].islower() for form in part.forms):
            continue  # "weeks" is not Jeff Weeks
        owners = []
        # Beginnings or endings only: not "John Adams" of "John Quincy Adams", his son.
        for other_key, prefix in wholes.get((tuple(key[0].split()), key[1]), {}).items():
            if other_key not in groups or other_key == key:
                continue
            other = groups[other_key]
            label = other.top_label()
            if label == ORG and rules.given_names and _person_shaped(other.name):
                label = PERSON
            if label == PERSON or (label == ORG == part.top_label() and prefix):
                owners.append((other_key, label))
        if not owners:
            continue
        groups.pop(key)
        # Each mention goes to the owner written last before it, or else the first one.
        written = sorted(
            (item.start, n) for n, o in enumerate(owners) for item in groups[o[0]].items
        )
        starts = [start for start, _ in written]
        for item in part.items:
            before = bisect_right(starts, item.start - 1)
            owner_key, label = owners[written[before - 1][1] if before else written[0][1]]
            if label == PERSON:
                item = replace(item, label=PERSON)
            groups[owner_key].items.append(item)
