"""S: the sources (files, and each feed) with unread counts and each feed's last error."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.ui.controllers.sources import Source
from tui.ui.text import shown


class SourcesScreen(ModalScreen[str | None]):
    """Choose a source to list only its articles; "All sources" lists everything again."""

    DEFAULT_CSS = """
    SourcesScreen { align: center middle; }
    SourcesScreen > OptionList {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface;
    }
    """
    BINDINGS = [Binding("escape,q,S", "dismiss", "Close", show=True)]

    def __init__(self, sources: list[Source]) -> None:
        super().__init__()
        self.sources = sources

    def compose(self) -> ComposeResult:
        options = [Option(Content("All sources").stylize("bold"), id="*")]
        for number, source in enumerate(self.sources):
            counts = f"{source.unread:,} unread · {source.total:,}"
            line = Content.assemble(shown(source.label).stylize("bold"), "  ", (counts, "dim"))
            if source.error:
                line = Content.assemble(line, "\n  ", shown(source.error).stylize("$text-error"))
            options.append(Option(line, id=str(number)))
        sources = OptionList(*options)
        sources.border_title = "Sources"
        sources.border_subtitle = "Enter: list only this one · Escape: close"
        yield sources

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        chosen = event.option.id
        self.dismiss(None if chosen == "*" else self.sources[int(chosen or 0)].name)
