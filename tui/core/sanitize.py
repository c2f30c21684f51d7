"""The one boundary where untrusted text becomes program text.

Everything read from an article file passes through `clean_text` (bodies) or
`clean_line` (titles, sources, names) exactly once, at ingestion. After that the
rest of the program may trust that no control character, bidi override or
invisible formatting character is left that could reach the terminal.
"""

from __future__ import annotations

import re

# C0 controls except \t and \n, DEL, and the C1 block.
_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f"
# Invisible or direction-changing formatting characters:
# soft hyphen, Arabic letter mark, zero-width space/joiners, LRM/RLM,
# bidi embeddings and overrides, word joiner and invisible operators,
# bidi isolates, deprecated format characters, BOM / zero-width no-break space,
# interlinear annotation, and the tag block.
_INVISIBLE = (
    "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f"
)
_DROP = re.compile(f"[{_CONTROL}{_INVISIBLE}]")
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85]")
# Lone surrogates: a file name that is not UTF-8 (Python keeps its bytes as
# U+DC80-U+DCFF) or a JSON "\ud800". No encoder takes them (SQLite, the terminal,
# a digest), so they are shown as replacement characters.
_SURROGATES = re.compile("[\ud800-\udfff]")
_SPACES = re.compile(r"\s+")
# Anything one of the three above would change: most texts have none, and one
# search is a third of three substitutions (listing 10,000 files spent 7 s here).
_UNSAFE = re.compile(f"[{_CONTROL}{_INVISIBLE}\r\u2028\u2029\x85\ud800-\udfff]")
# In ASCII only C0 controls, \r and DEL are unsafe; deleting every safe byte with
# `bytes.translate` leaves nothing for a safe text, ten times faster than a search.
_SAFE_ASCII = bytes([0x09, 0x0A, *range(0x20, 0x7F)])


def _already_clean(text: str) -> bool:
    if text.isascii():
        return is_clean_ascii(text.encode("ascii"))
    return _UNSAFE.search(text) is None


def is_clean_ascii(data: bytes) -> bool:
    """Whether `data` is ASCII that `clean_text` would leave as it is."""
    return data.isascii() and not data.translate(None, _SAFE_ASCII)


def clean_text(text: str) -> str:
    """Return `text` with newlines normalised and every unsafe character removed.

    `\\r\\n` and lone `\\r` become `\\n` first (Rich drops `\\r`, so old Mac files
    would otherwise collapse into one line); line and paragraph separators too.
    Lone surrogates become U+FFFD.
    """
    if _already_clean(text):
        return text
    return _SURROGATES.sub("\ufffd", _DROP.sub("", _NEWLINES.sub("\n", text)))


def clean_line(text: str) -> str:
    """Clean `text` for one-line use (titles, names): whitespace runs become one space."""
    return _SPACES.sub(" ", clean_text(text)).strip()
