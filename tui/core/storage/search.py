"""Full-text search over every article body: an SQLite FTS5 index in the cache directory.

Rows are keyed by content (`Article.key`), not by file: a changed file is a
new key, and results are mapped back to whatever entries carry the key now,
so a stale row can never point at the wrong text. The index holds no copy of
the text (a contentless table); the scanner process fills it after listing.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Container, Iterable
from pathlib import Path

from tui.core.model import Article
from tui.core.paths import user_file
from tui.core.storage.sqlite import SqliteStore, log

WORD = re.compile(r"\w+", re.UNICODE)
MAX_RESULTS = 5_000


def search_path() -> Path:
    return user_file("cache", "search.sqlite3")


def rowid(key: str) -> int:
    """The FTS row of a content key: its first 15 hex digits (60 bits) as an integer."""
    return int(key[:15], 16)


def query_words(query: str) -> list[str]:
    return WORD.findall(query.casefold())


def fts_query(query: str) -> str:
    """The words of `query`, all required, the last as a prefix; never FTS syntax.

    Each word is quoted, so what the reader types (quotes, AND, NEAR, *) is text.
    """
    words = query_words(query)
    if not words:
        return ""
    quoted = [f'"{word}"' for word in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def names_query(names: list[str]) -> str:
    """Any of `names`, each as a phrase: the articles that mention a person or organisation."""
    phrases = [" ".join(query_words(name)) for name in names]
    return " OR ".join(f'"{phrase}"' for phrase in dict.fromkeys(phrases) if phrase)


def name_spans(text: str, names: list[str]) -> list[tuple[int, int]]:
    """Where any of `names` occurs in `text` as whole words, for highlighting."""
    words = [r"\W+".join(map(re.escape, query_words(name))) for name in names]
    alternatives = "|".join(sorted((w for w in words if w), key=len, reverse=True))
    if not alternatives:
        return []
    pattern = re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)
    return [match.span() for match in pattern.finditer(text)]


def match_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Where the query's words (the last one as a prefix) occur in `text`, for highlighting."""
    words = query_words(query)
    if not words:
        return []
    *whole, last = words
    parts = [rf"\b{re.escape(word)}\b" for word in whole] + [rf"\b{re.escape(last)}\w*"]
    pattern = re.compile("|".join(parts), re.IGNORECASE)
    return [match.span() for match in pattern.finditer(text)]


class SearchIndex(SqliteStore):
    """Bodies indexed for search; never raises for a broken or unwritable store."""

    NAME = "search index"
    SCHEMA_SQL = (
        "CREATE VIRTUAL TABLE IF NOT EXISTS bodies USING fts5(title, body, content='');"
        "CREATE TABLE IF NOT EXISTS indexed (id INTEGER PRIMARY KEY);"
    )

    def __init__(self, path: Path | None = None) -> None:
        super().__init__(path or search_path())

    def missing(self, keys: Iterable[str]) -> list[str]:
        """Which of `keys` are not indexed yet."""
        wanted = {rowid(key): key for key in keys if key}
        try:
            have = {row[0] for row in self.connection.execute("SELECT id FROM indexed")}
        except sqlite3.Error:
            log.warning("unreadable search index", exc_info=True)
            return []
        return [key for number, key in wanted.items() if number not in have]

    def add(self, articles: Iterable[Article]) -> None:
        rows = [(rowid(a.key), a.title, a.text) for a in articles if a.key]
        try:
            with self.connection:
                self.connection.executemany(
                    "INSERT OR IGNORE INTO indexed (id) VALUES (?)", [(r[0],) for r in rows]
                )
                self.connection.executemany(
                    "INSERT INTO bodies (rowid, title, body) VALUES (?, ?, ?)", rows
                )
        except sqlite3.Error:
            log.warning("could not update the search index", exc_info=True)

    def search(
        self, query: str, limit: int = MAX_RESULTS, within: Container[int] | None = None
    ) -> list[int]:
        """Row ids (see `rowid`) of the best matches first (FTS5's bm25 rank)."""
        return self.search_expression(fts_query(query), limit, within)

    def search_names(
        self, names: list[str], limit: int = MAX_RESULTS, within: Container[int] | None = None
    ) -> list[int]:
        """Articles mentioning any of `names` (or sharing the most of them), best first."""
        return self.search_expression(names_query(names), limit, within)

    def search_expression(
        self, expression: str, limit: int = MAX_RESULTS, within: Container[int] | None = None
    ) -> list[int]:
        """The best `limit` matches, among the rows `within` if given: the index holds
        every folder read before, and the best of all of them may be none of the list's."""
        if not expression:
            return []
        try:
            if within is None:
                rows = self.connection.execute(
                    "SELECT rowid FROM bodies WHERE bodies MATCH ? ORDER BY rank LIMIT ?",
                    (expression, limit),
                )
                return [row[0] for row in rows]
            found: list[int] = []
            for (number,) in self.connection.execute(
                "SELECT rowid FROM bodies WHERE bodies MATCH ? ORDER BY rank", (expression,)
            ):
                if number in within:
                    found.append(number)
                    if len(found) >= limit:
                        break
            return found
        except sqlite3.Error:
            log.warning("search failed for %r", expression, exc_info=True)
            return []
