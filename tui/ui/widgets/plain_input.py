"""A text field that keeps only safe, one-line text, however it gets there.

Textual's `Input` inserts what is pasted as it is: a pasted escape sequence went
into the value and from there, drawn, straight to the terminal (a rename in `S`
tore the screen; an `ESC c` would reset the terminal). Every way text enters
the field (typing, pasting, replacing a selection) passes `clean_line` first.
"""

from __future__ import annotations

from textual.widgets import Input

from tui.core.sanitize import clean_line


class PlainInput(Input):
    def insert_text_at_cursor(self, text: str) -> None:
        super().insert_text_at_cursor(_plain(text))

    def replace(self, text: str, start: int, end: int) -> None:
        super().replace(_plain(text), start, end)


def _plain(text: str) -> str:
    """One line of safe text; a lone space typed stays a space."""
    return text if text == " " else clean_line(text)
