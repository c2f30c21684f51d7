"""The rules that give an article its title, and trim text to fit."""

from __future__ import annotations

import re
from pathlib import Path

from tui.core.ingest.sentence_rules import false_break, leading_dateline

TITLE_MAX = 90
# The end of a sentence: its mark, closing quotes or brackets, then a space or the end.
# Possessive, so a run of quotes is never given back and tried again.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*+(?:\s|$)")
_VISIBLE = re.compile(r"\S")
_LINE_BREAK = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")  # as `splitlines`
_NEWLINES = re.compile(r"\n*")


def derive_title(text: str, path: str) -> str:
    """A short first line; else the first sentence, trimmed; else the file name."""
    first, end = _first_line(text)
    if not first:
        return Path(path).name
    more = _VISIBLE.search(text, end) is not None  # a line follows (the title is a heading)
    if more and len(first) <= TITLE_MAX and not first.endswith((".", ",", ";", ":")):
        return first
    first = first[leading_dateline(first) :].lstrip() or first  # "WASHINGTON - ", "(CNN)"
    return trim(first_sentence(first))


def _first_line(text: str) -> tuple[str, int]:
    """The first line of `text` that is not blank, stripped ("" for none), and where it
    ends (its line break, as `splitlines` breaks lines). Only that line is copied, not
    the text: a listing asks this of every file."""
    visible = _VISIBLE.search(text)
    if visible is None:
        return "", len(text)
    found = _LINE_BREAK.search(text, visible.start())
    end = found.start() if found else len(text)
    return text[visible.start() : end].rstrip(), end


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
    """Drop a leading line that only repeats the title, so it is not shown twice (`text`
    is sanitised: its lines end at "\n")."""
    first, end = _first_line(text)
    if first == title and _VISIBLE.search(text, end) is not None:
        newlines = _NEWLINES.match(text, end + 1)  # one copy, as `.lstrip("\n")` made
        return text[newlines.end() if newlines else end + 1 :]
    return text.strip("\n")
