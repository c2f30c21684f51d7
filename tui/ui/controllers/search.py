"""F, a and R: what to search for, the articles found, and where they match in a text."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from tui.core.model import NO_KEY, Analysis, Article, Entity, row_key
from tui.core.storage.search import SearchIndex, match_spans, name_spans, rowid

Spans = Callable[[str], list[tuple[int, int]]]


@dataclass(frozen=True)
class Query:
    """One search: its label for the list's border, how to find and how to highlight."""

    label: str
    find: Callable[..., list[int]]  # (index, within=row ids) -> row ids, best first
    spans: Spans
    leave_out: str = ""  # the key of an article not to list (itself, for related ones)
    jump: bool = False  # open each found article at its first match (else at its top)
    # What its highlights in a text are called, one and many ("match 1/4", "6 matches").
    kind: tuple[str, str] = ("match", "matches")


def text_query(text: str) -> Query:
    return Query(
        f"Search: {text}",
        partial(SearchIndex.search, query=text),
        partial(match_spans, query=text),
        jump=True,
    )


def naming(entity: Entity) -> Query:
    names = [entity.name, *entity.aliases]
    return Query(
        f"Mentioning: {entity.name}",
        partial(SearchIndex.search_names, names=names),
        partial(name_spans, names=names),
        kind=name_kind(entity.name),
    )


def name_kind(name: str) -> tuple[str, str]:
    """A name's mentions: "Ana Lopes 1/6" while stepping, "6 mentions of Ana Lopes"."""
    return (name, f"mentions of {name}")


def related(article: Article, analysis: Analysis) -> Query | None:
    """Articles sharing this one's names, the most shared first; None when it names none."""
    names = [entity.name for entity in (*analysis.people, *analysis.organisations)]
    if not names:
        return None
    return Query(
        f"Related: {article.title}",
        partial(SearchIndex.search_names, names=names),
        partial(name_spans, names=names),
        leave_out=article.key,
        kind=("related", "related mentions"),
    )


class Search:
    """The search index, and the search now shown (its matches are highlighted in any text)."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index
        self.current: Query | None = None
        self.found: list[int] | None = None  # what `current` found, best first

    async def run(self, query: Query, listed: list[str] | None = None) -> list[int]:
        """The search rows found, best first, among the `listed` rows if given (index I/O in
        a thread); `query` becomes current."""
        await asyncio.to_thread(self.index.open)
        found = await asyncio.to_thread(self._find, query, listed)
        if query.leave_out:
            found = [number for number in found if number != rowid(query.leave_out)]
        self.current, self.found = query, found
        return found

    def _find(self, query: Query, listed: list[str] | None) -> list[int]:
        if listed is None:
            return query.find(self.index)
        within = {rowid(key) for row in listed if (key := row_key(row)) != NO_KEY}
        return query.find(self.index, within=within)

    @property
    def kind(self) -> tuple[str, str]:
        return self.current.kind if self.current is not None else ("", "")

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where the current search matches `text` (nothing when no search is shown)."""
        return self.current.spans(text) if self.current is not None else []

    def clear(self) -> None:
        self.current = self.found = None
