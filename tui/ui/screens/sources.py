"""S: the sources (files, and each feed by folder) with unread counts and each feed's last
error; choose one to list only it, remove a feed or rename it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from tui.core.storage.feeds import StoreError
from tui.ui.controllers.sources import Source, remove_feed, rename_feed, renamed
from tui.ui.keys import LIST_KEYS, SOURCE_KEYS, app_bindings, key_display
from tui.ui.screens.dialogs import AskLine, Confirm
from tui.ui.text import shown

ALL = "*"
log = logging.getLogger("nutgraf.sources")


@dataclass(frozen=True)
class Choice:
    """The source chosen: its address (`Source.url`, "" for files), or None for all of
    them; `label`: what it is called."""

    origin: str | None
    label: str = ""


@dataclass(frozen=True)
class Change:
    """The feed at `url` was renamed (`new` is its name now) or removed (`new` is None)."""

    url: str
    new: str | None


class SourceList(OptionList):
    """The sources; j/k, g/G, Space/b move as in every list (`[keys]` rebinds them)."""

    BINDINGS: ClassVar[list[BindingType]] = LIST_KEYS


class SourcesScreen(ModalScreen[Choice | None]):
    """Choose a source to list only its articles; "All sources" lists everything again.

    On a feed, `d` removes it (after a question) and `r` renames it; `changed` hears of
    each change at once, so the reader can list again. Escape leaves the list as it was.
    """

    DEFAULT_CSS = """
    SourcesScreen { align: center middle; }
    SourcesScreen > SourceList, SourcesScreen > SourceList:focus {
        width: 76; max-width: 100%; height: auto; max-height: 1fr;
        border: round $pane-border-focus; background: $surface;
    }
    SourcesScreen > SourceList > .option-list--option-disabled {
        color: $text-accent; text-style: bold;
    }
    """
    BINDINGS = [
        Binding("escape,q,S", "close", "Close", show=True),
        *app_bindings(SOURCE_KEYS),
    ]

    def __init__(
        self,
        sources: list[Source],
        changed: Callable[[Change], None] | None = None,
        keys: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.sources = list(sources)
        self.changed = changed or (lambda change: None)
        self.keys = keys or {}  # the settings' [keys]: the hint names the keys as bound

    def compose(self) -> ComposeResult:
        listing = SourceList(*self._options())
        listing.border_title = "Sources"
        remove, rename = (key_display(a, self.keys) for a in ("remove_feed", "rename_feed"))
        listing.border_subtitle = shown(
            f"Enter: list only this one · {remove}: remove · {rename}: rename · Esc"
        )
        yield listing
        yield Footer(compact=True)

    @property
    def listing(self) -> SourceList:
        return self.query_one(SourceList)

    def _options(self) -> list[Option]:
        """All, files, the feeds in no folder, then each folder (a heading) and its feeds."""
        options = [Option(Content("All sources").stylize("bold"), id=ALL)]
        folder = ""
        for number, source in enumerate(self.sources):
            if source.folder != folder:
                folder = source.folder
                heading = Content.assemble("▸ ", shown(folder.replace("/", " ▸ ")))
                options.append(Option(heading, id=f"folder:{number}", disabled=True))
            options.append(Option(self._line(source), id=str(number)))
        return options

    @staticmethod
    def _line(source: Source) -> Content:
        indent = "  " if source.folder else ""
        counts = f"{source.unread:,} unread · {source.total:,}"
        parts: list[Content | str | tuple[str, str]] = [
            indent,
            shown(source.label).stylize("bold"),
            "  ",
            (counts, "dim"),
        ]
        if source.tags:
            parts += ["  ", shown(" ".join(f"#{tag}" for tag in source.tags)).stylize("italic")]
        line = Content.assemble(*parts)
        if source.error:
            line = Content.assemble(
                line, "\n", indent, "  ", shown(source.error).stylize("$text-error")
            )
        return line

    def _relist(self, near: int) -> None:
        """Show `self.sources` again, the highlight on the row at `near` (or the last)."""
        listing = self.listing
        listing.set_options(self._options())
        position = min(near, listing.option_count - 1)
        while position > 0 and listing.get_option_at_index(position).disabled:
            position -= 1
        listing.highlighted = position

    def _chosen_feed(self) -> tuple[int, Source] | None:
        option = self.listing.highlighted_option
        chosen = option.id or "" if option is not None else ""
        number = int(chosen) if chosen.isdigit() else None
        if number is None or not self.sources[number].is_feed:
            self.notify("Choose a feed first (files are listed from your paths)", timeout=3)
            return None
        return number, self.sources[number]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        chosen = event.option.id or ALL
        if chosen == ALL:
            self.dismiss(Choice(None))
            return
        source = self.sources[int(chosen)]
        self.dismiss(Choice(source.url, source.label))

    def action_close(self) -> None:
        self.dismiss(None)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A removal or rename that failed in an unforeseen way: logged, said once."""
        if event.state == WorkerState.ERROR:
            log.error("%s failed", event.worker.name, exc_info=event.worker.error)
            error = event.worker.error
            self.notify(f"That failed: {error!r}; details in the log", severity="error")

    @work(group="manage", exclusive=True, exit_on_error=False)
    async def action_remove_feed(self) -> None:
        if (chosen := self._chosen_feed()) is None:
            return
        number, source = chosen
        question = Content.assemble(
            "Unsubscribe from ",
            shown(source.label).stylize("bold"),
            f" and delete its {source.total:,} stored item{'s' * (source.total != 1)}?",
            (" Read and starred marks stay.", "dim"),
        )
        if not await self.app.push_screen_wait(Confirm("Remove feed", question, "Remove", "Keep")):
            return
        try:
            items = await asyncio.to_thread(remove_feed, source.url)
        except StoreError as error:
            self.notify(f"Could not remove {source.label}: {error}", severity="error")
            return
        if items is None:
            self.notify(f"{source.label} was no longer subscribed", severity="warning")
        else:
            self.notify(f"Removed {source.label} and its {items:,} item{'s' * (items != 1)}")
        del self.sources[number]
        self._relist(self.listing.highlighted or 0)
        self.changed(Change(source.url, None))

    @work(group="manage", exclusive=True, exit_on_error=False)
    async def action_rename_feed(self) -> None:
        if (chosen := self._chosen_feed()) is None:
            return
        number, source = chosen
        hint = "Enter: save · empty: the feed's own title · Escape: cancel"
        title = await self.app.push_screen_wait(AskLine("Rename feed", source.name, hint))
        if title is None or title == source.name:
            return
        try:
            found = await asyncio.to_thread(rename_feed, source.url, title)
        except StoreError as error:
            self.notify(f"Could not rename {source.label}: {error}", severity="error")
            return
        if not found:
            self.notify(f"{source.label} is no longer subscribed", severity="warning")
            return
        self.sources[number] = now = renamed(source, title)
        self.listing.replace_option_prompt(str(number), self._line(now))
        self.changed(Change(source.url, now.name))
