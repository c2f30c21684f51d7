"""The list's filter, a step at a time: the rows matching a query are found in steps
of `STEP` rows, so the list repaints after the first step and the rest follow between
key presses. At 100,000 rows, finding them all at once made a keystroke wait ~260 ms
(each row's haystack is made on the first), and a key pressed meanwhile waited too.

The highlighted row stays highlighted when it matches: the first step looks from it
on, so it and the rows after it are drawn at once; the matches before it come later,
and the list puts it back on the screen line it had.
"""

from __future__ import annotations

from contextlib import suppress
from unicodedata import normalize

from tui.core.model import row_fields

STEP = 5_000  # rows looked at a step: ~7 ms when their haystacks are made, 1.3 once made
FIRST_LOOK = 256  # rows the first step looks at between checks of what it has found


def fold(text: str) -> str:
    """`text` as the filter compares it: casefolded and composed (NFC), so "E" and a
    decomposed "e" followed by its accent match "é" typed as one character."""
    return normalize("NFC", text.casefold())


def haystack(row: str) -> str:
    """What the filter looks in, folded: the title, the source and the path (never a key,
    a date or a count), apart; a query holds no U+001F, so it matches within one."""
    return fold("\x1f".join(row_fields(row)))


class RowFilter:
    """The rows of `pool` whose haystack holds `folded`, in `pool`'s order, found as `step`
    is called: first from `pivot` (the highlighted row, if it matches) on, then those
    before it (`ahead` of them so far), then the rest. `haystacks` is the list's (row ->
    haystack), each made once: made on each keystroke, they cost 3.6 times a keystroke
    at 10 rows (issue 15)."""

    def __init__(
        self, pool: list[str], folded: str, haystacks: dict[str, str], pivot: str | None = None
    ) -> None:
        self._pool = pool
        self._folded = folded
        self._haystacks = haystacks
        self._pivot = 0
        if pivot is not None and folded in (haystacks.get(pivot) or haystack(pivot)):
            with suppress(ValueError):
                self._pivot = pool.index(pivot)
        self._before: list[str] = []  # matches in pool[:pivot], looked at up to _head
        self._head = 0
        self._after: list[str] = []  # matches in pool[pivot:], looked at up to _at
        self._at = self._pivot

    @property
    def done(self) -> bool:
        return self._head >= self._pivot and self._at >= len(self._pool)

    @property
    def ahead(self) -> int:
        """Matches found so far before the pivot."""
        return len(self._before)

    @property
    def found(self) -> list[str]:
        return self._before + self._after if self._before else self._after

    def first_step(self, enough: int) -> None:
        """Look from the pivot on until `enough` rows are found (a screenful), or `STEP`."""
        end = min(len(self._pool), self._at + STEP)
        while self._at < end and len(self._after) < enough:
            self._at = self._look(self._after, self._at, min(end, self._at + FIRST_LOOK))

    def step(self) -> None:
        """Look at the next `STEP` rows: those before the pivot, then the rest after it
        (`first_step` looks from the pivot on)."""
        if self._head >= self._pivot:
            self._at = self._look(self._after, self._at, min(len(self._pool), self._at + STEP))
        else:
            self._head = self._look(self._before, self._head, min(self._pivot, self._head + STEP))

    def finish(self) -> None:
        while not self.done:
            self.step()

    def pool_left(self) -> list[str]:
        """The pool without the rows looked at and not matching, in order: where a narrower
        query looks."""
        pool, pivot = self._pool, self._pivot
        return self._before + pool[self._head : pivot] + self._after + pool[self._at :]

    def _look(self, found: list[str], start: int, stop: int) -> int:
        made, folded = self._haystacks, self._folded
        found.extend(
            row
            for row in self._pool[start:stop]
            if folded in (made.get(row) or made.setdefault(row, haystack(row)))
        )
        return stop
