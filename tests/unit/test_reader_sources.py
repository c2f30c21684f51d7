"""What `nutgraf` lists: a path given, only that; else the settings' paths and the feeds."""

from __future__ import annotations

import sqlite3

from tui import cli
from tui.core.model import Subscription
from tui.core.paths import default_seeds
from tui.core.storage.feeds import FeedStore
from tui.core.storage.state import state_path
from tui.core.workers.messages import Notice
from tui.core.workers.scanner import StoreFiles, produce


def opened_with(monkeypatch, *args: str, said: list[str] | None = None) -> tuple[list[str], bool]:
    """What `nutgraf ARGS` opens the reader on; what it notified before, into `said`."""
    seen: list[tuple[list[str], bool]] = []

    def fake_app(paths, feeds=True, **options):
        seen.append(([str(p) for p in paths], feeds))
        notify = lambda self, message, **kw: (said if said is not None else []).append(message)  # noqa: E731
        return type("App", (), {"run": lambda self: None, "notify": notify})()

    monkeypatch.setattr("tui.ui.app.make_app", fake_app)
    monkeypatch.setattr("tui.cli.has_terminal", lambda: True)
    assert cli.main(list(args)) == 0
    [opened] = seen
    return opened


def test_a_path_given_is_listed_alone(monkeypatch, tmp_path):
    assert opened_with(monkeypatch, str(tmp_path)) == ([str(tmp_path)], False)


def test_plain_nutgraf_lists_the_settings_paths_and_the_feeds(monkeypatch, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text(f'[reader]\npaths = ["{tmp_path}"]\n')
    assert opened_with(monkeypatch, "--config", str(config)) == ([str(tmp_path)], True)


def test_plain_nutgraf_without_paths_lists_the_seeds_unless_there_are_feeds(monkeypatch):
    assert opened_with(monkeypatch) == ([str(default_seeds())], True)
    store = FeedStore()
    store.subscribe([Subscription("http://127.0.0.1:9/feed")])
    store.close()
    assert opened_with(monkeypatch) == ([], True)


def test_a_foreign_state_file_met_before_the_reader_starts_is_still_reported(monkeypatch):
    """Plain `nutgraf` opens the feed store to know whether there are feeds: if that is
    what moves a foreign file aside, the reader must still say so (it used to be lost)."""
    path = state_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as foreign:
        foreign.execute("CREATE TABLE items (id INTEGER, payload BLOB)")
        foreign.execute("CREATE TABLE articles (name TEXT)")
    said: list[str] = []
    assert opened_with(monkeypatch, said=said) == ([str(default_seeds())], True)
    assert len(said) == 1 and "made by something else" in said[0]
    assert list(path.parent.glob("state.sqlite3.corrupt-*"))


def test_the_listing_reports_a_foreign_state_file_it_meets_first(tmp_path):
    """The feed store shares the reading state's file; the scanner may open it first."""
    path = tmp_path / "state.sqlite3"
    with sqlite3.connect(path) as foreign:
        foreign.execute("CREATE TABLE items (id INTEGER, payload BLOB)")
        foreign.execute("CREATE TABLE articles (name TEXT)")
    put: list[object] = []
    produce([], StoreFiles(None, feeds=str(path)), 1_000_000, put.append)
    said = [message.text for message in put if isinstance(message, Notice)]
    assert len(said) == 1 and "made by something else" in said[0]
