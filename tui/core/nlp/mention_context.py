"""What the text around a mention says of it, and which names are places.

The entity rules (entities.py) ask these questions of one mention at a time: is it
written where a place is ("in Irbil", "the village of Dia"), listed with an
organisation, followed by an age, a verb of saying or a pronoun, after a title; and
is a name a country or a region (pycountry). Every pattern is tried only where a
word starts and never gives back (linear on any text: tests/unit/test_regex_budget.py).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import pairwise

from tui.core.nlp.pipeline import Mention
from tui.core.nlp.wordlists import (
    GROUP_NOUNS,
    KIN_WORDS,
    MEDIUM_NOUNS,
    PERSONAL_TITLES,
    PLACE_NOUNS,
    ROLE_WORDS,
)

PERSON, ORG = "PERSON", "ORG"
NUMBER = re.compile(r"[\d.,/-]+")
SCORE_LINE_NUMBERS = 2  # at least this many numbers make a line of scores or results

# Each tried only where a word starts and never given back (linear on any text).
_PREVIOUS = re.compile(r"(?<!\w)(?:(\w++)\s++of\s++|(\w++),\s|(\w++)\s)$")
_FOLLOWING = re.compile(
    r"(['’]s?)|,\s([A-Z][\w ]{0,40}?)\b(?=[,.;:\n]|$)|(?<!\s)\s++(?:refugee\s++)?([A-Za-z]++)"
)
# "in Irbil", "central Sanaa": a person is never written after these.
_PLACE_BEFORE = frozenset(
    """
    in near outside across throughout central northern southern eastern western downtown
    """.split()
)
_PLACE_AFTER = frozenset({"camp", "province", "district", "region", "village", "town"})


def context_type(text: str, start: int, end: int, name: str, label: str) -> str | None:
    """What the words around one mention say it is: a place, an organisation, a group."""
    if label != PERSON:
        return None  # only the model's "people" are in doubt here
    before = _PREVIOUS.search(text, max(0, start - 40), start)
    after = _FOLLOWING.match(text, end)
    if after and after.group(1):
        return None  # a possessive: anyone's
    one_word = " " not in name
    if before:
        of_noun, comma_noun, word = before.groups()
        if of_noun and of_noun.casefold() in PLACE_NOUNS:
            return "GPE"  # "the village of Dia"
        if comma_noun and comma_noun.casefold() in PLACE_NOUNS:
            return "GPE"  # "the Yemeni capital, Sanaa"
        if one_word and word and word.casefold() in _PLACE_BEFORE:
            return "GPE"  # "in Irbil"
        if one_word and word == "on" and not (after and after.group(2)):
            return ORG  # "on Twitter"
        if one_word and word in ("the", "The") and name.endswith("s"):
            return "NORP"  # "the Houthis": a people or a group, not a person
    if after:
        region, noun = after.group(2), (after.group(3) or "").casefold()
        if one_word and region and is_place(region, PERSON) and not table_line(text, start):
            return "GPE"  # "Sanaa, Yemen"
        if noun in GROUP_NOUNS or noun in MEDIUM_NOUNS:
            return ORG  # "Boko Haram militants", "his Twitter account"
        if noun in _PLACE_AFTER:
            return "GPE"  # "the Ali Addeh refugee camp"
    return None


_LIST_SEPARATORS = frozenset({" and ", ", ", " or ", ", and ", ", or "})


def listed_with(mentions: list[Mention], text: str) -> dict[int, str]:
    """Mentions listed with a place or an organisation ("Facebook and Twitter", "Sanaa
    and Aden"), by start offset, with that neighbour's label."""
    found: dict[int, str] = {}
    ordered = sorted(mentions, key=lambda m: m.start)
    for first, second in pairwise(ordered):
        if text[first.end : second.start] not in _LIST_SEPARATORS:
            continue
        for one, other in ((first, second), (second, first)):
            if other.label in (ORG, "GPE", "LOC") and one.label == PERSON:
                found[one.start] = other.label
    return found


def table_line(text: str, offset: int) -> bool:
    """A line with at least two numbers: results and standings ("Christie, Britain, 10.03")."""
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    return sum(bool(NUMBER.fullmatch(token)) for token in line.split()) >= SCORE_LINE_NUMBERS


# After a person: an age ("Rosberg, 31,"), a verb of saying ("Rosberg said"), or a
# pronoun for a person a few words on in the same sentence ("Kelly said he ...").
_PERSON_AFTER = re.compile(
    r",\s{1,3}\d{1,3},|\s{1,3}(?:said|says|told|added|asked|insisted|admitted|explained|"
    r"replied|wrote)\b|[^\n.!?;]{0,60}?\b(?:[Hh]e|[Ss]he|[Hh]is|[Hh]er|[Hh]im|himself|"
    r"herself|who)\b"
)


def pronoun_after(text: str, end: int) -> bool:
    """What follows the mention at `end` speaks of a person (see `_PERSON_AFTER`)."""
    return _PERSON_AFTER.match(text, end) is not None


def after_personal_title(text: str, start: int) -> bool:
    before = _TITLE_BEFORE.search(text, max(0, start - 20), start)
    return before is not None and before.group(1).casefold() in PERSONAL_TITLES


_TITLE_BEFORE = re.compile(r"(?<![A-Za-z])([A-Za-z]++\.?)\s++$")


def after_title(text: str, start: int) -> bool:
    before = _TITLE_BEFORE.search(text, max(0, start - 20), start)
    return before is not None and (
        before.group(1).casefold() in ROLE_WORDS or before.group(1) in KIN_WORDS
    )


@lru_cache(maxsize=1)
def place_names() -> tuple[frozenset[str], frozenset[str]]:
    """Country names and region names, folded, from pycountry (a sumy dependency)."""
    import pycountry

    countries = set()
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            if value := getattr(country, attribute, None):
                countries.add(_plain(value))
    regions = {_plain(subdivision.name) for subdivision in pycountry.subdivisions}
    return frozenset(countries), frozenset(regions)


def _plain(name: str) -> str:
    """Folded, without accents or apostrophes: "Haryāna" and "Haryana" are one."""
    if name.isascii():
        return name.casefold()
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if c.isascii() and c not in "'").casefold()


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    """ISO 3166 two- and three-letter codes ("US", "GBR"), from pycountry."""
    import pycountry

    return frozenset(
        code for country in pycountry.countries for code in (country.alpha_2, country.alpha_3)
    )


def country_code(acronym: str) -> bool:
    return acronym in country_codes()


def is_place(name: str, label: str) -> bool:
    """People named like a country or region, organisations named like a country.

    Regions named as organisations are often teams ("Leicestershire beat Somerset").
    """
    countries, regions = place_names()
    folded = _plain(name)
    return folded in countries or (label == PERSON and folded in regions)
