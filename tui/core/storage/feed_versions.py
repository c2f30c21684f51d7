"""A feed item that changed: its read and starred marks follow the new version."""

from __future__ import annotations

import difflib
import sqlite3
import time
from typing import NamedTuple


class Change(NamedTuple):
    """One item's marks key (`Article.key`) and text, before and after a refresh."""

    old_key: str
    new_key: str
    old_text: str
    new_text: str


def carry_marks(connection: sqlite3.Connection, changes: list[Change]) -> None:
    """Read and starred marks follow an item whose title or text changed: a star always, a
    read mark unless the text changed substantially (`similar`), so a corrected story does
    not come back unread but a rewritten one does. Keys are the items' `Article.key` (title
    with text, `model.item_key`): a title corrected alone keeps both marks.
    """
    pairs = [
        (c.old_key, c.new_key, similar(c.old_text, c.new_text))
        for c in changes
        if c.old_key != c.new_key
    ]
    if not pairs:
        return
    try:
        marks = {
            key: (read, starred)
            for old, _, _ in pairs
            for key, read, starred in connection.execute(
                "SELECT key, read, starred FROM articles WHERE key = ?", (old,)
            )
        }
    except sqlite3.OperationalError:  # no such table: this file keeps no reading state
        return
    now = time.time()
    connection.executemany(
        "INSERT INTO articles (key, read, starred, changed) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (key) DO UPDATE SET read = MAX(read, excluded.read),"
        " starred = MAX(starred, excluded.starred), changed = excluded.changed",
        [
            (new, int(bool(marks[old][0]) and close), int(bool(marks[old][1])), now)
            for old, new, close in pairs
            if old in marks and (marks[old][1] or (marks[old][0] and close))
        ],
    )


SIMILAR = 0.8  # the share of words two versions of a text keep in common to be "the same"


def similar(old: str, new: str) -> bool:
    """Whether `new` is `old` corrected rather than rewritten: at least 80% of their words
    in common, in order (difflib's ratio on words; a spelling fix or a sentence added to a
    long story is similar, a new story under the same GUID is not)."""
    first, second = old.split(), new.split()
    if not first or not second:
        return first == second
    matcher = difflib.SequenceMatcher(None, first, second, autojunk=False)
    return matcher.quick_ratio() >= SIMILAR and matcher.ratio() >= SIMILAR
