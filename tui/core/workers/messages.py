"""What crosses a process boundary, as dataclasses: the scanner's messages to the UI and
the refresh process's progress lines. (The analysis worker takes an `AnalysisRequest`
and returns an `Analysis`, from `tui.core.model`.)"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields

# The scanner process: Entries ... Listed, then Indexing ..., Notice at any time, Done last.


@dataclass(frozen=True)
class Entries:
    rows: list[str]  # packed `Entry`s (tui.core.model.pack), in list order


@dataclass(frozen=True)
class Listed:
    """Every entry has been sent."""


@dataclass(frozen=True)
class Indexing:
    done: int
    total: int


@dataclass(frozen=True)
class Notice:
    text: str
    error: bool = False


@dataclass(frozen=True)
class Done:
    """The scan is over; nothing follows."""


ScanMessage = Entries | Listed | Indexing | Notice | Done


@dataclass(frozen=True)
class RefreshStep:
    """One feed refreshed: a line of `nutgraf refresh --json`."""

    done: int
    total: int
    url: str
    new_items: int = 0
    unchanged: bool = False
    warning: str | None = None
    error: str | None = None
    pruned: int = 0
    updated: int = 0
    repeated: int = 0

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, line: str | bytes) -> RefreshStep | None:
        """The step a line describes; None for a line that is not one."""
        try:
            data = json.loads(line)
            known = {f.name for f in fields(cls)}
            return cls(**{key: value for key, value in data.items() if key in known})
        except (ValueError, TypeError, AttributeError):
            return None
