"""The rules that give an article its title, and trim text to fit."""

from __future__ import annotations

import re
from itertools import islice
from pathlib import Path

from tui.core.ingest.sentence_rules import false_break, leading_dateline

TITLE_MAX = 90
# The end of a sentence: its mark, closing quotes or brackets, then a space or the end.
# Possessive, so a run of quotes is never given back and tried again.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*+(?:\s|$)")


def derive_title(text: str, path: str) -> str:
    """A short first line; else the first sentence, trimmed; else the file name."""
    lines = _first_lines(text, 2)
    if not lines:
        return Path(path).name
    first = lines[0]
    if len(lines) > 1 and len(first) <= TITLE_MAX and not first.endswith((".", ",", ";", ":")):
        return first
    first = first[leading_dateline(first) :].lstrip() or first  # "WASHINGTON - ", "(CNN)"
    return trim(first_sentence(first))


def _first_lines(text: str, count: int) -> list[str]:
    """The first `count` lines of `text` that are not blank, stripped, as `splitlines`
    gives them; the text is cut at "\n" as far as they go (not split whole: a listing
    asks this of every file)."""
    lines: list[str] = []
    start = 0
    while len(lines) < count and start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        lines.extend(islice(filter(None, map(str.strip, text[start:end].splitlines())), count))
        start = end + 1
    return lines[:count]


def first_sentence(text: str) -> str:
    """`text` up to the end of its first sentence ("U.S.", "N. Korea" do not end one)."""
    for end in _SENTENCE_END.finditer(text, 1):  # a sentence has a character before its mark
        if not false_break(text[: end.start() + 1], text[end.start() + 1 :]):
            return text[: end.start() + 1]
    return text


def trim(text: str, limit: int = TITLE_MAX) -> str:
    """Cut `text` at a word boundary to at most `limit` characters, marking the cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:-— ")
    return f"{cut}…"


def body_without_title(text: str, title: str) -> str:
    """Drop a leading line that only repeats the title, so it is not shown twice."""
    head, _, rest = text.lstrip().partition("\n")
    if head.strip() == title and rest and not rest.isspace():
        return rest.lstrip("\n")
    return text.strip("\n")
