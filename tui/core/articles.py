"""The article model and the rules that derive a title and a reading time."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

WORDS_PER_MINUTE = 230
KEY_LENGTH = 16  # hex digits of the content digest: 64 bits
TITLE_MAX = 90
_FIRST_SENTENCE = re.compile(r"(.+?[.!?])(?:[\"'”’)\]]*)(?:\s|$)", re.DOTALL)


@dataclass(frozen=True)
class Article:
    """One article, already sanitised. `error` is set for a file that could not be read."""

    path: str
    title: str
    text: str = ""
    source: str = ""
    url: str = ""
    published: str = ""
    error: str | None = None
    # Position of the article inside a JSON/JSONL file; 0 for one-article files.
    index: int = 0
    digest: str = field(init=False)

    def __post_init__(self) -> None:
        digest = hashlib.blake2b(self.text.encode("utf-8"), digest_size=12).hexdigest()
        object.__setattr__(self, "digest", digest)

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def key(self) -> str:
        """What read state and stars are keyed by: the text, not the file."""
        return self.digest[:KEY_LENGTH] if not self.error else ""

    @property
    def meta_line(self) -> str:
        return meta_line(self.source, self.published, self.error, self.words)


def meta_line(source: str, published: str, error: str | None, words: int) -> str:
    """Source, date and reading time (or what is wrong), whichever are known."""
    parts = [source, published[:10]]
    if error:
        parts.append(error)
    elif words:
        parts.append(f"{max(1, round(words / WORDS_PER_MINUTE))} min")
    return " · ".join(part for part in parts if part)


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
