"""The rules that give an article its title, and trim text to fit."""

from __future__ import annotations

import re
from pathlib import Path

TITLE_MAX = 90
_FIRST_SENTENCE = re.compile(r"(.+?[.!?])(?:[\"'”’)\]]*)(?:\s|$)", re.DOTALL)


def derive_title(text: str, path: str) -> str:
    """A short first line; else the first sentence, trimmed; else the file name."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if not lines:
        return Path(path).name
    first = lines[0]
    if len(lines) > 1 and len(first) <= TITLE_MAX and not first.endswith((".", ",", ";", ":")):
        return first
    match = _FIRST_SENTENCE.match(first)
    return trim(match.group(1) if match else first)


def trim(text: str, limit: int = TITLE_MAX) -> str:
    """Cut `text` at a word boundary to at most `limit` characters, marking the cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:-— ")
    return f"{cut}…"


def body_without_title(text: str, title: str) -> str:
    """Drop a leading line that only repeats the title, so it is not shown twice."""
    head, _, rest = text.lstrip().partition("\n")
    return rest.lstrip("\n") if head.strip() == title and rest.strip() else text.strip("\n")
