"""A text field that keeps only safe, one-line text, however it gets there.

Textual's `Input` inserts what is pasted as it is: a pasted escape sequence went
into the value and from there, drawn, straight to the terminal (a rename in `S`
tore the screen; an `ESC c` would reset the terminal). Every way text enters
the field (typing, pasting, replacing a selection) passes `clean_line` first.

A field given `on_leave` (the filter and the search) acts on Enter and Escape at
once, before the next key is taken: keys typed in the same burst ("/zeb⏎G") went
into the field while its Enter was still on its way to the screen.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.widgets import Input

from tui.core.sanitize import clean_line

LEAVE_KEYS = ("enter", "escape")


class PlainInput(Input):
    # Set by the screen: hides the field and moves the focus on "enter" or "escape".
    on_leave: Callable[[str], None] | None = None

    def leave(self, key: str) -> bool:
        """Enter or Escape, now; False for any other key (or a field without `on_leave`)."""
        if self.on_leave is None or key not in LEAVE_KEYS:
            return False
        self.on_leave(key)
        return True

    async def _on_key(self, event: events.Key) -> None:
        if self.on_leave is not None and self.screen.focused is not self:
            # Queued here before Enter or Escape moved the focus: the key is the list's.
            event.stop()
            event.prevent_default()
            self.app.post_message(events.Key(event.key, event.character))
        elif self.leave(event.key):
            event.stop()
            event.prevent_default()
        else:
            await super()._on_key(event)

    def insert_text_at_cursor(self, text: str) -> None:
        super().insert_text_at_cursor(_plain(text))

    def replace(self, text: str, start: int, end: int) -> None:
        super().replace(_plain(text), start, end)


def _plain(text: str) -> str:
    """One line of safe text; a lone space typed stays a space."""
    return text if text == " " else clean_line(text)
