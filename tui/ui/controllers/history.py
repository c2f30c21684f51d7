"""Where the reader was before a search (R, a, F): Backspace goes back there."""

from __future__ import annotations

from dataclasses import dataclass

from tui.ui.controllers.search import Query

KEEP = 50


@dataclass(frozen=True)
class Place:
    query: Query | None  # the search the list showed (None: the whole list)
    found: list[int] | None  # and what it found
    entry: tuple[str, int] | None  # the article shown: file and index
    offset: int  # the text at the top of the view


class History:
    """The places left for a search, the latest last; the oldest are forgotten."""

    def __init__(self) -> None:
        self.places: list[Place] = []

    def push(self, place: Place) -> None:
        self.places.append(place)
        del self.places[:-KEEP]

    def pop(self) -> Place | None:
        return self.places.pop() if self.places else None
