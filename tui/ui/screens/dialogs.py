"""Small questions over the current screen: yes or no (`Confirm`), a line of text (`AskLine`)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from tui.core.sanitize import clean_line
from tui.ui.text import shown
from tui.ui.widgets.plain_input import PlainInput


class Confirm(ModalScreen[bool]):
    """A question answered by y or n (or the buttons); Escape is no. The safe answer has
    the focus, so an Enter pressed out of habit changes nothing."""

    DEFAULT_CSS = """
    Confirm { align: center middle; }
    Confirm > Vertical {
        width: 64; max-width: 100%; height: auto;
        border: round $error; background: $surface; padding: 0 1;
    }
    Confirm Static { margin-bottom: 1; }
    Confirm Horizontal { height: auto; align-horizontal: right; }
    Confirm Button { margin-left: 2; }
    """
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", show=False),
        Binding("n,escape,q", "answer(False)", "No", show=False),
    ]

    def __init__(self, title: str, question: Content, yes: str, no: str = "Cancel") -> None:
        super().__init__()
        self.title_text = title
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = shown(self.title_text)
            box.border_subtitle = shown(f"y: {self.yes.lower()} · n or Escape: {self.no.lower()}")
            yield Static(self.question, markup=False)
            with Horizontal():
                yield Button(self.yes, variant="error", id="yes")
                yield Button(self.no, id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class AskLine(ModalScreen[str | None]):
    """One line of text, prefilled; Enter gives it (stripped), Escape gives None."""

    DEFAULT_CSS = """
    AskLine { align: center middle; }
    AskLine > Input, AskLine > Input:focus {
        width: 64; max-width: 100%;
        border: round $pane-border-focus; background: $surface;
    }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", show=False)]

    def __init__(self, title: str, value: str, hint: str) -> None:
        super().__init__()
        self.title_text = title
        self.value = clean_line(value)
        self.hint = hint

    def compose(self) -> ComposeResult:
        field = PlainInput(value=self.value, select_on_focus=False)
        field.border_title = shown(self.title_text)
        field.border_subtitle = shown(self.hint)
        yield field

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(clean_line(event.value).strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
