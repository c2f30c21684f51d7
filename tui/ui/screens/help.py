"""`?`: every key binding of the reader, as currently bound."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.ui.widgets.scrolling import KeyScroll


class HelpScreen(ModalScreen[None]):
    """A scrollable table of keys; any of escape, q or ? closes it. The panes' movement
    keys (j/k, g/G, space/b, as configured) scroll it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > KeyScroll {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: round $pane-border-focus; background: $surface; padding: 0 1;
        border-title-color: $text-accent; border-subtitle-color: $text;
    }
    """
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", show=True)]

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        width = max(len(keys) for keys, _ in self.rows) + 2
        lines = [
            Content.assemble((keys.ljust(width), "bold $text-accent"), description)
            for keys, description in self.rows
        ]
        with KeyScroll() as scroll:
            scroll.border_title = "Keys"
            scroll.border_subtitle = "escape to close"
            yield Static(Content("\n").join(lines), markup=False)
