"""Where a sentence does not end, and where an article's dateline ends.

Shared by the titles (`tui.core.ingest.titles`, made while listing) and the
analysis (`tui.core.nlp.cleaning`, which repairs spaCy's sentences and blanks
datelines), so a title and a summary cut a text at the same places.

`false_break(before, after)`: a full stop at the end of `before` does not end the
sentence when it follows a single capital letter ("N. Korea", "M. Attal"), a
title or other abbreviation that never ends a sentence ("Mr.", "Gen.", "vs."),
or one that rarely does ("U.S.", "Bros.", "Inc.") unless the next word is one
that starts sentences ("The", "He"); nor when a bracket opened in `before` is
still open ("(CNN and Warner Bros. Pictures ...)"). The lists are general English
abbreviations, not drawn from any corpus.

`leading_dateline(text, position)`: where the dateline at `position` ends
("LONDON (Reuters) - ", "Marseille, France (CNN)", "WASHINGTON - "), or
`position` when there is none. Every pattern is anchored and bounded
(`tests/unit/test_regex_budget.py`).
"""

from __future__ import annotations

import re

# Never at the end of a sentence: titles and the like come before a name or number.
ALWAYS_FOLLOWED = frozenset(
    "mr mrs ms dr prof st jr sr gen sen rep gov lt col sgt capt cpl maj adm cmdr "
    "pres supt det insp rev fr hon messrs mme mlle vs v no nos nr fig approx dept "
    "est mt ft ave blvd".split()
)
# Usually inside a sentence, sometimes at its end: "Apple Inc. The company", "in the U.S. He".
USUALLY_FOLLOWED = frozenset(
    "inc corp co ltd plc bros llc jan feb mar apr jun jul aug sep sept oct nov dec "
    "etc al govt assn univ u.s u.k u.n e.u u.s.a n.y d.c".split()
)
# Words that start sentences: after an abbreviation that may end one, they start a new one.
SENTENCE_STARTERS = frozenset(
    "the a an he she it they we i you his her its their our this that these those there "
    "but and so yet or in on at for by from with as if when while after before since "
    "although though however meanwhile what who why how where mr mrs ms dr".split()
)
_LAST_WORD = re.compile(r"([A-Za-z](?:[A-Za-z.]{0,12}))\.\s{0,5}$")
_FIRST_WORD = re.compile(r"\s{0,5}[\"'“‘(\[]{0,2}([\w’'-]{1,40})")
_OPENERS, _CLOSERS = "([{", ")]}"


def open_bracket(text: str) -> bool:
    """A bracket opened in `text` and not closed in it."""
    depth = 0
    for char in text:
        if char in _OPENERS:
            depth += 1
        elif char in _CLOSERS:
            depth = max(0, depth - 1)
    return depth > 0


def false_break(before: str, after: str) -> bool:
    """True when a sentence should not end between `before` and `after` (see the module)."""
    if not after.strip():
        return False
    if open_bracket(before):
        return True
    tail = before[-40:]
    match = _LAST_WORD.search(tail)
    if not match:
        return False
    word, start = match.group(1), match.start()
    if start > 0 and not tail[start - 1].isspace() and tail[start - 1] not in "([\"'“‘":
        return False  # part of a longer token ("example.com.")
    next_word = _FIRST_WORD.match(after)
    lowered = word.lower()
    following = next_word.group(1) if next_word else ""
    if len(word) == 1 and word.isupper():
        return following[:1].isupper()
    if lowered in ALWAYS_FOLLOWED:
        return lowered not in {"no", "nos", "fig", "v", "est"} or following[:1].isdigit()
    if lowered in USUALLY_FOLLOWED or _initialism(word):
        return following.lower() not in SENTENCE_STARTERS and not following[:1].isdigit()
    return False


def _initialism(word: str) -> bool:
    """ "U.S", "N.Y": letters each followed by a full stop (the last one outside `word`)."""
    parts = word.split(".")
    return len(parts) >= 2 and all(len(part) == 1 and part.isalpha() for part in parts)


# --- datelines -----------------------------------------------------------------------

# Spaces before a header: bounded, as every repeat that may start anywhere ("[ \t]*"
# tried from each space of a long run is quadratic).
_INDENT = 20
MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]{0,6}\.?"
_PLACE_WORD = r"[A-Z][\w'’.&-]{0,30}"
# "LONDON", "Marseille, France", "West of Baghdad, Iraq", "NEW YORK, Aug 30" before a tag.
_CONNECTOR = r"(?:of|de|du|da|del|la|le|el|al|am|an|on|upon|the|and) "
_PLACE = (
    rf"(?:{_PLACE_WORD}(?:[ ,]{{1,3}}(?:{_CONNECTOR})?{_PLACE_WORD}){{0,4}}"
    rf"(?:,? {MONTH} \d{{1,2}})? {{0,3}})"
)
AGENCIES = (
    r"CNN|Reuters|AP|AFP|UPI|dpa|DPA|EFE|ANSA|Xinhua|PA|IANS|PTI|Bloomberg|"
    r"The Associated Press|Associated Press|[A-Z][A-Za-z]{1,15}\.com"
)
# "(CNN)The", "London (CNN)A", "(The Hollywood Reporter)Richard", "LONDON (Reuters) - ",
# "WASHINGTON (AP) — ". A parenthesis of any capitalised name counts only at the very
# start of the text and glued to the next word or followed by a dash.
SOURCE_TAG = re.compile(
    rf"[ \t]{{0,{_INDENT}}}{_PLACE}?\((?:(?:{AGENCIES})|[A-Z][\w .&+'’-]{{0,40}})\)"
    r"(?:[ \t]{0,3}[-–—]{1,2}[ \t]{1,3}|(?=[^\s()]))"
)
# "WASHINGTON - ", "NEW YORK, N.Y. — ", "ST. PAUL, Minn. (AP) - ": a place in capitals
# (each word at least two letters, or an initial), an optional state or agency, a dash.
_CAPS_WORD = r"[A-Z][A-Z'’.&-]{1,20}"
CAPS_DATELINE = re.compile(
    rf"[ \t]{{0,{_INDENT}}}{_CAPS_WORD}(?:[ ,]{{1,2}}{_CAPS_WORD}){{0,3}}"
    r"(?:,[ \t]{1,2}[A-Z][A-Za-z.]{1,14})?(?:[ \t]{1,2}\([^()\n]{1,40}\))?"
    r"[ \t]{1,3}[-–—]{1,2}[ \t]{1,3}(?=\S)"
)


def leading_dateline(text: str, position: int = 0) -> int:
    """Where a dateline starting at `position` ends; `position` when there is none."""
    for pattern in (SOURCE_TAG, CAPS_DATELINE):
        match = pattern.match(text, position)
        if match and match.end() > position and match.group().strip():
            return match.end()
    return position
