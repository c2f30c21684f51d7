"""Notices in a strip of their own under the panes, never over the text.

Textual's toasts float over the bottom right of the screen: at 80x24 they covered
3 to 5 rows of the article, and in the reading mode (`z`) the text itself. Here a
notice takes up to `MAX_LINES` rows below the panes while it lasts; the panes give
up those rows and draw nothing under it.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static

from tui.ui.text import shown

MAX_LINES = 3
SEVERITY_STYLE = {
    "information": "$text-success",
    "warning": "$text-warning",
    "error": "$text-error",
}


@dataclass
class Notice:
    message: str
    title: str
    severity: str
    timer: Timer | None = None


class Notices(Static):
    """The notices now showing, newest first; each leaves after its timeout."""

    DEFAULT_CSS = f"""
    Notices {{
        display: none;
        height: auto;
        max-height: {MAX_LINES};
        padding: 0 1;
        background: $panel;
        color: $foreground;
    }}
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.notices: list[Notice] = []

    def add(self, message: str, title: str, severity: str, timeout: float) -> None:
        notice = Notice(message, title, severity)
        self.notices.insert(0, notice)
        notice.timer = self.set_timer(timeout, lambda: self._expire(notice))
        self._show()

    def _expire(self, notice: Notice) -> None:
        if notice in self.notices:
            self.notices.remove(notice)
        self._show()

    def clear(self) -> None:
        for notice in self.notices:
            if notice.timer is not None:
                notice.timer.stop()
        self.notices = []
        self._show()

    def _show(self) -> None:
        lines = []
        for notice in self.notices:
            mark = shown(f"{notice.title}: " if notice.title else "• ")
            style = SEVERITY_STYLE.get(notice.severity, "$text-success")
            lines.append(Content.assemble(mark.stylize(f"bold {style}"), shown(notice.message)))
        self.update(Content("\n").join(lines))
        self.display = bool(lines)
