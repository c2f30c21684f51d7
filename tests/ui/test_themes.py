"""Every theme draws text at 4.5:1 or more (WCAG AA), and borders and the article's
highlights at 3:1 against what is around them (WCAG 1.4.11), measured on what is on screen.

Each state of the reader (unread, read, starred and broken rows, the cursor focused
and not, summary sentences and mentions highlighted, the reading mode, the filter,
a search, notices of each kind, the help) is drawn and every character's colour is
compared with its background (`tests/contrast.py`). The ANSI theme is measured with
Textual's reference palette for the 16 colours; a terminal's own palette may differ.
"""

from __future__ import annotations

import pytest

from tests.contrast import AA, NON_TEXT, low_contrast, weak_highlights
from tests.helpers import settle
from tui.core.config import THEMES, Config
from tui.ui.widgets.article_list import ArticleList
from tui.ui.widgets.side_panels import EntityList

# (what the reader does, keys) in order; each state is measured.
STATES = [
    ("start", ()),
    ("a summary sentence chosen", ("right_square_bracket",)),
    ("the summary focused", ("tab", "tab")),
    ("the names focused", ("tab",)),
    ("the help", ("question_mark",)),
    ("typing a filter", ("escape", "slash", "h", "a")),
    ("a kept filter", ("enter",)),
    ("the reading mode", ("escape", "z")),
    ("the list hidden", ("escape", "l")),
    ("the list back, moved", ("l", "j", "j")),
]


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
async def test_every_theme_draws_text_at_wcag_aa(build_app, corpus, theme, size):
    (corpus / "broken.json").write_text("{not json")
    app = build_app(corpus, config=Config(theme=theme, mark_read="manual"))
    failures: list[str] = []

    def measure(state: str) -> None:
        failures.extend(
            f"{state}: {value:.2f} {text!r} {where}" for value, text, where in low_contrast(app)
        )
        failures.extend(
            f"{state}: border {value:.2f} {text!r} {where}"
            for value, text, where in low_contrast(app, NON_TEXT, borders=True)
        )
        failures.extend(
            f"{state}: highlight {value:.2f} {what}" for value, what in weak_highlights(app)
        )

    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("j", "asterisk")  # one starred; one broken; the rest unread
        await pilot.press("m", "k")  # and one read
        await settle(pilot)
        for state, keys in STATES:
            await pilot.press(*keys)
            await settle(pilot)
            measure(state)
        # A name's mentions and the current one, and a notice of each kind.
        entities = app.query_one(EntityList)
        entities.focus()
        entities.highlighted = next(
            i for i in range(entities.option_count) if not entities.get_option_at_index(i).disabled
        )
        await pilot.press("enter", "full_stop")
        app.notify("Information")
        app.notify("A warning", severity="warning")
        app.notify("An error", title="Settings", severity="error")
        await settle(pilot)
        measure("mentions and notices")
        app.query_one(ArticleList).focus()
        await settle(pilot)
        measure("the list focused again")
    assert failures == [], f"below {AA}:1 in the {theme} theme:\n" + "\n".join(failures)
