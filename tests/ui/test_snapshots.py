"""SVG snapshots: the main screen, the help, the reading mode, the filter's states and
each theme. Update with --snapshot-update, and only after looking at the new pictures."""

import os

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


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x48"])
def test_reading_mode(snap_compare, build_app, size):
    """z: the text on the whole screen, the second summary sentence marked."""

    async def read(pilot):
        await settle(pilot)
        await pilot.press("z", "right_square_bracket", "right_square_bracket")
        await settle(pilot)

    assert snap_compare(build_app(default_seeds()), terminal_size=size, run_before=read)


@pytest.mark.parametrize("keys", [("slash", "f", "e"), ("slash", "f", "e", "enter")])
def test_filter_states(snap_compare, build_app, corpus, keys):
    """Typing a filter (the field at the bottom), then kept (the list's border says it)."""

    for number, file in enumerate(sorted(corpus.iterdir())):  # a fixed order, by date
        os.utime(file, (1_790_000_000 + number * 86_400,) * 2)

    async def filtered(pilot):
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    label = "kept" if "enter" in keys else "typing"
    assert snap_compare(build_app(corpus), terminal_size=(80, 24), run_before=filtered), label


@pytest.mark.parametrize("theme", THEMES)
def test_themes(snap_compare, build_app, theme):
    from tui.core.config import Config

    app = build_app(default_seeds(), config=Config(theme=theme, mark_read="manual"))
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)
