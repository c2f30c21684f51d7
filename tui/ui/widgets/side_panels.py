"""The summary and the people & organisations panels beside the article."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.core.ingest.titles import trim
from tui.core.model import Analysis, Article, Entity
from tui.ui.keys import LIST_KEYS
from tui.ui.text import shown

# A "sentence" can be a 4 MB line; the summary shows its start.
SENTENCE_CHARS = 600


def _note(text: str) -> Option:
    return Option(shown(text).stylize("italic $text-muted"), disabled=True)


class SummaryList(OptionList):
    """Summary sentences in article order; choosing one scrolls the text to it."""

    BINDINGS: ClassVar[list[BindingType]] = LIST_KEYS

    def show_placeholder(self, text: str) -> None:
        self.set_options([_note(text)])

    def show_summary(self, article: Article, analysis: Analysis) -> None:
        options = [
            Option(shown(f"• {trim(article.text[a:b].strip(), SENTENCE_CHARS)}"), id=str(number))
            for number, (a, b) in enumerate(analysis.summary_spans())
        ]
        notes = [_note(analysis.summary_note)] if analysis.summary_note else []
        self.set_options([*notes, *options] or [_note("Nothing to summarise.")])
        self.highlighted = len(notes) if options else None
        self.border_subtitle = shown(f"{analysis.algorithm} · {len(options)}")


class EntityList(OptionList):
    """People, then organisations, each name with its mention count."""

    BINDINGS: ClassVar[list[BindingType]] = LIST_KEYS

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entities: dict[str, Entity] = {}

    def show_placeholder(self, text: str) -> None:
        self.entities = {}
        self.set_options([_note(text)])

    def show_entities(self, analysis: Analysis) -> None:
        self.entities = {}
        options = [_note(analysis.entity_note)] if analysis.entity_note else []
        for heading, entities in (
            ("People", analysis.people),
            ("Organisations", analysis.organisations),
        ):
            options.append(Option(shown(heading).stylize("bold $text-accent"), disabled=True))
            if not entities:
                options.append(_note("  none found"))
            for entity in entities:
                option_id = f"{entity.label}:{entity.name}"
                self.entities[option_id] = entity
                options.append(
                    Option(
                        Content.assemble("  ", shown(entity.name), f"  {entity.count}"),
                        id=option_id,
                    )
                )
        self.set_options(options)
        self.highlighted = next(
            (i for i, option in enumerate(options) if not option.disabled), None
        )
