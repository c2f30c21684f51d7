"""SVG snapshots of the main screen and the help screen. Update with --snapshot-update,
and only after looking at the new pictures."""

import pytest

from tests.helpers import settle
from tui.core.config import THEMES
from tui.core.paths import default_seeds

SIZES = [(80, 24), (160, 48)]


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x48"])
def test_main_screen(snap_compare, build_app, size):
    assert snap_compare(build_app(default_seeds()), terminal_size=size, run_before=settle)


def test_help_screen(snap_compare, build_app):
    async def open_help(pilot):
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(build_app(default_seeds()), terminal_size=(80, 24), run_before=open_help)


def test_narrow_screen_with_the_list_hidden_and_a_summary_sentence_chosen(snap_compare, build_app):
    async def read(pilot):
        await settle(pilot)
        await pilot.press("l", "right_square_bracket")
        await pilot.pause()

    assert snap_compare(build_app(default_seeds()), terminal_size=(80, 24), run_before=read)


@pytest.mark.parametrize("theme", ["light", "ansi"])
def test_themes(snap_compare, build_app, theme):
    """The dark theme is the main screen above; T cycles to these."""
    app = build_app(default_seeds())
    app.theme = THEMES[theme]
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)
