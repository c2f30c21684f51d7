"""What `nutgraf` lists: a path given, only that; else the settings' paths and the feeds."""

from __future__ import annotations

from tui import cli
from tui.core.model import Subscription
from tui.core.paths import default_seeds
from tui.core.storage.feeds import FeedStore


def opened_with(monkeypatch, *args: str) -> tuple[list[str], bool]:
    seen: list[tuple[list[str], bool]] = []

    def fake_app(paths, feeds=True, **options):
        seen.append(([str(p) for p in paths], feeds))
        return type("App", (), {"run": lambda self: None})()

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
