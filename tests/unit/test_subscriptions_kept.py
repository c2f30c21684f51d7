"""Subscriptions a reader can keep tidy (issue 14 item 6): folders, tags and titles kept from
OPML and newsboat `urls` and exported back, custom titles no refresh overwrites, renaming,
retention (starred items always kept), failed page fetches noted on the item, and what
`nutgraf feeds` says. Every server here is on 127.0.0.1.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest

from tests.feed_server import PAGE, Site, refreshed, rss
from tui.cli import main
from tui.core.config import load_config
from tui.core.feeds.addresses import address_problem
from tui.core.feeds.opml import read_subscriptions, write_opml
from tui.core.model import RefreshBudget, Retention, Subscription, content_key
from tui.core.storage.feeds import FeedStore
from tui.core.storage.state import ReadingState

TEASER = "Read more."


def settings(text: str) -> Path:
    """The default settings file (in the test's XDG_CONFIG_HOME) with `text`."""
    path = Path(os.environ["XDG_CONFIG_HOME"]) / "nutgraf" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


# Subscription lists: folders, tags and titles in and out

OPML = b"""<?xml version="1.0"?>
<opml version="2.0"><head><title>mine</title></head><body>
<outline text="Loose" title="Loose feed" type="rss" xmlUrl="http://127.0.0.1:9/loose"/>
<outline text="News">
  <outline text="Harbour" type="rss" xmlUrl="http://127.0.0.1:9/harbour" category="local,/ports/"/>
  <outline text="Local">
    <outline text="Town hall" type="rss" xmlUrl="http://127.0.0.1:9/town"/>
  </outline>
  <outline text="Again" type="rss" xmlUrl="http://127.0.0.1:9/loose"/>
</outline>
<outline>
  <outline text="Ungrouped" type="rss" xmlUrl="http://127.0.0.1:9/wrapped"/>
</outline>
<outline text="Tech/Science">
  <outline type="rss" xmlUrl="http://127.0.0.1:9/untitled"/>
  <outline text="Local file" type="rss" xmlUrl="file:///etc/passwd"/>
</outline>
</body></opml>"""

URLS = b"""# newsboat urls
http://127.0.0.1:9/lwn linux "news & views" "~LWN weekly"
"http://127.0.0.1:9/xkcd" comics
http://127.0.0.1:9/plain
http://127.0.0.1:9/hidden ! "~Hidden \\"quoted\\" title" tech/kernel a,b
"query:Unread:unread = \\"yes\\""
exec:~/bin/feed.sh
"""


def test_opml_folders_titles_and_categories_are_read():
    assert usable(read_subscriptions(OPML)) == [
        Subscription("http://127.0.0.1:9/loose", "Loose feed"),  # its first place wins
        Subscription("http://127.0.0.1:9/harbour", "Harbour", "News", ("local", "ports")),
        Subscription("http://127.0.0.1:9/town", "Town hall", "News/Local"),
        Subscription("http://127.0.0.1:9/wrapped", "Ungrouped"),  # a nameless outline only groups
        Subscription("http://127.0.0.1:9/untitled", "", "Tech\u2215Science"),  # "/" is no nesting
    ]


def test_newsboat_tags_and_custom_titles_are_read():
    assert usable(read_subscriptions(URLS)) == [
        Subscription("http://127.0.0.1:9/lwn", "LWN weekly", "linux", ("news & views",)),
        Subscription("http://127.0.0.1:9/xkcd", "", "comics"),
        Subscription("http://127.0.0.1:9/plain"),
        Subscription("http://127.0.0.1:9/hidden", 'Hidden "quoted" title', "tech/kernel", ("a b",)),
    ]


@pytest.mark.parametrize("data", [OPML, URLS], ids=["opml", "newsboat"])
def test_a_list_exported_and_read_again_is_the_same(data):
    first = read_subscriptions(data)
    again = read_subscriptions(write_opml(first).encode())
    assert sorted(again, key=by_url) == sorted(first, key=by_url)


def by_url(subscription: Subscription) -> str:
    return subscription.url


def test_export_nests_folders(store: FeedStore):
    store.subscribe(read_subscriptions(OPML))
    exported = write_opml(store.subscriptions())
    news = exported.index('<outline text="News" title="News">')
    local = exported.index('<outline text="Local" title="Local">')
    town = exported.index('xmlUrl="http://127.0.0.1:9/town"')
    assert news < local < town
    assert 'category="local,ports"' in exported


@pytest.mark.parametrize(("name", "data"), [("subs.opml", OPML), ("urls", URLS)])
def test_import_export_import_through_the_commands(name, data, tmp_path, monkeypatch, capsys):
    path = tmp_path / name
    path.write_bytes(data)
    assert main(["import", str(path)]) == 0
    assert "folder" in capsys.readouterr().out
    store = FeedStore()
    imported = store.subscriptions()
    store.close()
    assert main(["export-opml"]) == 0
    exported = tmp_path / "exported.opml"
    exported.write_text(capsys.readouterr().out)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "elsewhere"))  # a new, empty store
    assert main(["import", str(exported)]) == 0
    store = FeedStore()
    assert store.subscriptions() == imported
    assert {s.folder for s in imported} > {""}
    store.close()


def test_importing_again_fills_in_and_never_overwrites(store: FeedStore):
    url = "http://127.0.0.1:9/feed"
    assert store.subscribe([Subscription(url)]) == 1
    assert store.subscribe([Subscription(url, "Mine", "News", ("a",))]) == 0
    assert store.subscriptions() == [Subscription(url, "Mine", "News", ("a",))]
    store.subscribe([Subscription(url, "Theirs", "Other", ("b",))])
    assert store.subscriptions() == [Subscription(url, "Mine", "News", ("a",))]


# Custom titles


def test_a_custom_title_survives_every_refresh_and_a_rename_to_nothing_restores(
    home: Site, tmp_path, capsys
):
    url = f"{home.base}/feed"
    home.add("/feed", rss("The Feed's Own", [("x1", "", "An item")]))
    (tmp_path / "urls").write_text(f'{url} news "~My name"\n')
    assert main(["import", str(tmp_path / "urls")]) == 0
    assert main(["refresh"]) == 0
    assert main(["refresh"]) == 0
    store = FeedStore()
    [state] = store.states()
    assert (state.name, state.title, state.folder) == ("My name", "The Feed's Own", "news")
    assert [item.feed_title for item in store.items()] == ["My name"]  # the items' source
    capsys.readouterr()
    assert main(["feeds"]) == 0
    assert "My name (the feed's title: The Feed's Own)" in capsys.readouterr().out
    assert main(["rename", url, "Renamed"]) == 0
    assert main(["refresh"]) == 0
    assert store.states()[0].name == "Renamed"
    assert main(["rename", url]) == 0  # no title: the feed's own again
    assert store.states()[0].name == "The Feed's Own"
    assert main(["rename", "http://127.0.0.1:9/none", "X"]) == 1
    assert "not subscribed" in capsys.readouterr().err
    store.close()


OLD_FEEDS = (
    "CREATE TABLE feeds (url TEXT PRIMARY KEY, title TEXT NOT NULL DEFAULT '',"
    " etag TEXT, last_modified TEXT, error TEXT, checked REAL,"
    " full_text TEXT NOT NULL DEFAULT 'auto', skipped INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE feed_items (identity TEXT PRIMARY KEY, feed TEXT NOT NULL,"
    " guid TEXT, link TEXT, title TEXT, published TEXT, text TEXT, hash TEXT, added REAL,"
    " UNIQUE (feed, hash));"
)


def test_a_store_from_before_folders_and_titles_keeps_everything(tmp_path):
    path = tmp_path / "old.sqlite3"
    old = sqlite3.connect(path)
    old.executescript(OLD_FEEDS)
    old.execute(
        "INSERT INTO feeds (url, title, error, skipped) VALUES ('http://127.0.0.1:9/f', 'Old',"
        " 'HTTP 500', 2)"
    )
    old.execute(
        "INSERT INTO feed_items VALUES ('i1', 'http://127.0.0.1:9/f', 'g', '', 'Kept', '',"
        " 'text', 'h', 1.0)"
    )
    old.commit()
    old.close()
    store = FeedStore(path)
    assert store.notice is None  # migrated, not moved aside
    [state] = store.states()
    assert (state.name, state.items, state.error, state.skipped, state.folder) == (
        "Old",
        1,
        "HTTP 500",
        2,
        "",
    )
    assert [(item.title, item.note) for item in store.items()] == [("Kept", "")]
    store.rename(state.url, "New")
    store.close()
    assert FeedStore(path).states()[0].name == "New"  # opening again migrates nothing twice
    assert not list(tmp_path.glob("*.corrupt-*"))


# Retention


def dated(when: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(when))


def test_keep_items_deletes_the_oldest_but_never_a_starred_one(home: Site, store: FeedStore):
    url = f"{home.base}/feed"
    home.add("/feed", rss("Feed", [(f"n{n}", "", f"Item number {n}") for n in range(5)]))
    store.subscribe([Subscription(url)])
    state = ReadingState(store.path)  # the reading state shares the feed store's file
    keep = Retention(items=2)
    outcome = refreshed(store, keep=keep)[url]
    assert (outcome.new_items, outcome.pruned) == (2, 3)
    assert [item.title for item in store.items()] == ["n0", "n1"]
    # A star on an item keeps it through any limit.
    state.set_starred(next(i.article().key for i in store.items() if i.title == "n1"), True)
    home.add("/feed", rss("Feed", [(f"n{n}", "", f"Item number {n}") for n in range(-2, 5)]))
    outcome = refreshed(store, keep=keep)[url]
    assert (outcome.new_items, outcome.pruned) == (2, 1)
    assert [item.title for item in store.items()] == ["n-2", "n-1", "n1"]
    # What was deleted does not come back as new while the feed still carries it.
    assert refreshed(store, keep=keep)[url].new_items == 0
    assert store.states()[0].pruned == 0
    gone = "SELECT COUNT(*) FROM feed_gone"
    assert store.connection.execute(gone).fetchone()[0] == 4
    home.add("/feed", rss("Feed", [("n-2", "", "Item number -2")]))
    refreshed(store, keep=keep)
    assert store.connection.execute(gone).fetchone()[0] == 0  # no longer carried: forgotten
    state.close()


def test_keep_days_deletes_by_date_and_no_limit_keeps_all(home: Site, store: FeedStore):
    url = f"{home.base}/feed"
    now = time.time()
    body = rss("Feed", [("old", "", "Old"), ("new", "", "New"), ("undated", "", "Undated")])
    body = body.replace(
        b"<title>old</title>",
        f"<title>old</title><pubDate>{dated(now - 40 * 86_400)}</pubDate>".encode(),
    )
    body = body.replace(
        b"<title>new</title>",
        f"<title>new</title><pubDate>{dated(now - 86_400)}</pubDate>".encode(),
    )
    home.add("/feed", body)
    store.subscribe([Subscription(url)])
    assert refreshed(store)[url].pruned == 0
    assert len(store.items()) == 3
    outcome = refreshed(store, keep=Retention(days=30))[url]
    assert outcome.pruned == 1
    assert sorted(item.title for item in store.items()) == ["new", "undated"]


def test_retention_from_the_settings_and_reported_by_the_commands(home: Site, capsys):
    url = f"{home.base}/feed"
    home.add("/feed", rss("Feed", [(f"n{n}", "", f"Item number {n}") for n in range(4)]))
    settings("[feeds]\nkeep_items = 1\n")
    assert main(["add", url]) == 0
    assert main(["refresh"]) == 0
    out = capsys.readouterr().out
    assert "1 new, 3 old deleted (keeping 1 item)" in out
    assert "3 old items deleted (keeping 1 item a feed)" in out
    assert main(["feeds"]) == 0
    assert "1 item, 3 old deleted by the last refresh" in capsys.readouterr().out


def test_feed_settings_for_the_reader_are_checked(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("[feeds]\nauto_refresh = 15\nkeep_days = 30\nkeep_items = 0\n")
    config = load_config(path)
    assert config.problems == []
    assert (config.auto_refresh_minutes, config.keep) == (15, Retention(days=30))
    path.write_text("[feeds]\nauto_refresh = 0.5\nkeep_days = 'month'\nkeep_items = -1\n")
    config = load_config(path)
    assert (config.auto_refresh_minutes, config.keep) == (0, Retention())
    assert config.problems == [
        f"{path} line 2: auto_refresh must be 0 (off) or at least 1 minute; using the default",
        f"{path} line 3: keep_days must be a number; using the default",
        f"{path} line 4: keep_items must be between 0 and 1e+07; using the default",
    ]


# Page failures noted on the item; what `nutgraf feeds` says


def test_a_page_that_failed_is_noted_on_its_item(home: Site, store: FeedStore):
    home.add("/page/ok", PAGE, Content_Type="text/html")
    home.add("/page/empty", b"<html><body></body></html>", Content_Type="text/html")
    items = [
        ("ok", f"{home.base}/page/ok", TEASER),
        ("gone", f"{home.base}/page/gone", TEASER),
        ("empty", f"{home.base}/page/empty", TEASER),
        ("late", f"{home.base}/page/late", TEASER),
    ]
    home.add("/feed", rss("Teasers", items))
    store.subscribe([Subscription(f"{home.base}/feed")])
    refreshed(store, budget=RefreshBudget(pages_per_feed=3))
    notes = {item.title: item.note for item in store.items()}
    assert notes == {
        "ok": "",
        "gone": "full text unavailable: HTTP 404 Not Found",
        "empty": "full text unavailable: no article found on the page",
        "late": "full text not fetched (at most 3 pages a feed, 200 a refresh)",
    }
    gone = next(item for item in store.items() if item.title == "gone").article()
    assert "full text unavailable: HTTP 404" in gone.meta_line  # what the reader shows


def test_feeds_shows_the_items_of_a_feed_that_failed(home: Site, capsys):
    url = f"{home.base}/feed"
    home.add("/feed", rss("Feed", [("a", "", "One"), ("b", "", "Two")]))
    assert main(["add", url]) == 0
    assert main(["refresh"]) == 0
    home.add("/feed", b"down", status=500)
    assert main(["refresh"]) == 1
    capsys.readouterr()
    assert main(["feeds"]) == 0
    assert "Feed  " + url + "  2 items, last refresh: HTTP 500" in capsys.readouterr().out


def usable(found):
    """What an import subscribes; the rest is read as written and skipped with a message."""
    return [s for s in found if not address_problem(s.url)]


def test_a_star_given_when_items_were_keyed_by_text_alone_still_keeps_the_item(
    home: Site, store: FeedStore
):
    """Feed items are keyed by title and text now (`item_key`); a star saved under the old
    key (the text's) must not let retention delete the item."""
    url = f"{home.base}/feed"
    home.add("/feed", rss("Feed", [("n1", "", "Item number 1")]))
    store.subscribe([Subscription(url)])
    state = ReadingState(store.path)
    refreshed(store, keep=Retention(items=1))
    state.set_starred(content_key("Item number 1"), True)  # the old key
    home.add("/feed", rss("Feed", [("n0", "", "Item number 0"), ("n1", "", "Item number 1")]))
    refreshed(store, keep=Retention(items=1))
    assert [item.title for item in store.items()] == ["n0", "n1"]
    state.close()
