"""Scrolling by keys that never drops a press.

Textual's own scroll actions animate and, in containers, scroll only after the next
refresh, each from the position it finds: five `j` pressed together scrolled one line.
These scroll at once and from where the last press left the view, so 20 presses are
20 lines.
"""

from __future__ import annotations

from typing import ClassVar, cast

from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.widget import Widget

from tui.ui.keys import SCROLL_KEYS


class ScrollKeys:
    """j/k, g/G and space/b (`SCROLL_KEYS`) for a scrolling widget, applied at once.

    A mixin, not a `Widget`: Textual takes a widget's default CSS from its first widget
    base, which must stay the scrolling class (`ScrollView`, `VerticalScroll`).
    """

    @property
    def _widget(self) -> Widget:
        return cast(Widget, self)

    def _scroll_by(self, lines: float) -> None:
        widget = self._widget
        widget.scroll_to(y=widget.scroll_target_y + lines, animate=False, immediate=True)

    def action_scroll_down(self) -> None:
        self._scroll_by(1)

    def action_scroll_up(self) -> None:
        self._scroll_by(-1)

    def action_page_down(self) -> None:
        self._scroll_by(self._widget.scrollable_content_region.height)

    def action_page_up(self) -> None:
        self._scroll_by(-self._widget.scrollable_content_region.height)

    def action_scroll_home(self) -> None:
        self._widget.scroll_to(y=0, animate=False, immediate=True)

    def action_scroll_end(self) -> None:
        widget = self._widget
        widget.scroll_to(y=widget.max_scroll_y, animate=False, immediate=True)


class KeyScroll(ScrollKeys, VerticalScroll):
    """A scrolling container (the help screen) with the panes' movement keys."""

    BINDINGS: ClassVar[list[BindingType]] = SCROLL_KEYS
