"""Issue 12 in the reader: strings made at run time reach the screen safely, failures surface
once, and nothing the world sends (a folder name, a server's reply, a settings file, a
foreign database, a full disk) stops the reader or is lost without a word."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from textual import events

from tests.bad_inputs import ESCAPES, UNSAFE
from tests.helpers import settle, wait_for
from tui.core.config import load_config
from tui.core.model import Subscription
from tui.core.storage.feeds import FeedStore
from tui.core.storage.sqlite import StoreError
from tui.core.storage.state import ReadingState, state_path
from tui.core.workers.messages import Entries, Notice
from tui.core.workers.scanner import Listing
from tui.ui.keys import ACTIONS
from tui.ui.screens.sources import SourcesScreen
from tui.ui.widgets.article_list import ArticleList

MARKUP = "[red]x[/red]"


def screen_lines(app) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def notices(app) -> list[str]:
    return [f"{n.title} {n.message}" for n in app._notifications]


def assert_safe(app) -> None:
    for line in [*screen_lines(app), *notices(app)]:
        assert not UNSAFE.search(line), repr(line)


async def test_a_hostile_folder_name_is_shown_as_text(build_app, tmp_path):
    folder = tmp_path / f"news{ESCAPES}[red]x"  # a name cannot hold "/"
    folder.mkdir()
    app = build_app(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        body = "\n".join(screen_lines(app))
        assert "No articles found in" in body and "[red]x" in body
        app.notify(f"{folder} {MARKUP}", title=ESCAPES)
        await pilot.pause()
        assert any(MARKUP in line for line in notices(app))  # literal, not red
        assert_safe(app)


async def test_a_hostile_settings_file_starts_the_reader_and_says_what_was_wrong(
    build_app, corpus, tmp_path
):
    path = tmp_path / "config.toml"
    path.write_text(
        "[reader]\n"
        'paths = ["~nosuchuser_zz/news"]\n'
        'theme = ["dark"]\n'
        "sentences = [1]\n"
        '"bad\\u001b]0;TITLE\\u0007key" = 1\n'
        "[keys]\n"
        'toggle_star = "\\u001b[2J"\n'
        'next_article = "nope"\n'
        'cycle_view = "ctrl+v"\n'
    )
    config = load_config(path, ACTIONS)
    app = build_app(corpus, config=config)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        said = "\n".join(notices(app))
        for expected in ("paths must be", "theme must be", "sentences must be", "unknown setting"):
            assert expected in said
        assert "toggle_star" in said and "next_article" in said and "not a key name" in said
        assert app.config.keys == {"cycle_view": "ctrl+v"}
        assert_safe(app)
        await pilot.press("n")  # the default key still works
        await settle(pilot)
        assert app.query_one(ArticleList).highlighted == 1


async def test_a_server_reply_in_the_sources_dialog_is_text(build_app, corpus):
    store = FeedStore()
    store.subscribe([Subscription("http://127.0.0.1:9/feed")])
    store.record("http://127.0.0.1:9/feed", error=f"HTTP 500 {ESCAPES}{MARKUP}")
    store.close()
    app = build_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("S")
        await wait_for(pilot, lambda: isinstance(app.screen, SourcesScreen))
        await pilot.pause()
        assert any("[red]x[/red]" in line for line in screen_lines(app))
        assert_safe(app)


async def test_a_foreign_state_database_is_moved_aside_and_files_still_list(build_app, corpus):
    path = state_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as foreign:
        foreign.execute("CREATE TABLE items (id INTEGER, payload BLOB)")
        foreign.execute("CREATE TABLE articles (name TEXT)")
    app = build_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert len(app.query_one(ArticleList).entries) == 3
        assert any("made by something else" in line for line in notices(app))
    assert list(path.parent.glob("state.sqlite3.corrupt-*"))


async def test_marks_that_cannot_be_saved_are_reported_once(build_app, corpus, monkeypatch):
    def full_disk(self, column, key, value):
        raise StoreError("could not save read and starred marks: database or disk is full")

    monkeypatch.setattr(ReadingState, "_set", full_disk)
    app = build_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("asterisk", "m", "j", "asterisk")
        await settle(pilot)
        await app.workers.wait_for_complete()
        app.services.marks.flush()
        await pilot.pause()
        failures = [line for line in notices(app) if "disk is full" in line]
        assert len(failures) == 1
        assert app.reader.body.article.key in app.services.marks.starred  # kept in memory


async def test_a_failing_worker_is_reported_once_and_the_list_says_so(build_app, corpus):
    app = build_app(corpus)

    def broken(*args, **kwargs):
        raise RuntimeError("scanner exploded")

    app.services.scanner.start = broken  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        said = [line for line in notices(app) if "scanner exploded" in line]
        assert len(said) == 1
        assert "Listing failed" in "\n".join(screen_lines(app))


async def test_a_second_listing_replaces_the_first(build_app, corpus):
    app = build_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.reader.load_articles()
        app.reader.load_articles()
        await settle(pilot)
        assert len(app.query_one(ArticleList).entries) == 3


async def test_a_scanner_that_dies_silently_is_reported(tmp_path: Path):
    """The scanner process ends without its last message (killed, out of memory)."""
    import queue

    inbox: queue.SimpleQueue = queue.SimpleQueue()
    inbox.put(Entries([]))
    listing = Listing(inbox, lambda: None, alive=lambda: False)
    messages = [message async for message in listing.messages()]
    assert messages[0] == Entries([])
    assert isinstance(messages[1], Notice) and messages[1].error
    assert "stopped unexpectedly" in messages[1].text


async def test_text_pasted_into_a_field_is_plain(build_app, corpus):
    """A paste carrying escape sequences (the filter here; the rename box in S and the
    search use the same field) keeps only its text: pasted as it was, the value was drawn
    to the terminal with its ESC bytes and tore the screen."""
    app = build_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        field = app.query_one("#filter")
        await wait_for(pilot, lambda: app.focused is field)
        field.post_message(events.Paste("Zel\x1b]0;TITLE\x07ensky\x1bc\u202e\x9b2J\nsecond line"))
        await wait_for(pilot, lambda: field.value != "")
        await pilot.pause()
        assert not UNSAFE.search(field.value) and field.value.startswith("Zel")
        assert "second line" not in field.value
        assert_safe(app)
