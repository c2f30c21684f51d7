"""Subscriptions end to end: add/import, refresh against a local server, read offline in the app."""

from __future__ import annotations

import asyncio
import os
from datetime import UTC, datetime

import pytest

from tests.feed_server import ASKED, RELEASE, feed_server
from tests.helpers import settle, wait_for
from tui.cli import main
from tui.core.storage.feeds import FeedStore
from tui.ui.widgets.article_list import ArticleList

JANUARY = datetime(2026, 1, 1, tzinfo=UTC).timestamp()
NOVEMBER_28 = datetime(2026, 11, 28, tzinfo=UTC).timestamp()


@pytest.fixture(scope="module")
def server():
    with feed_server() as base:
        yield base


def test_add_import_refresh_feeds_and_export(server, tmp_path, capsys):
    assert main(["add", f"{server}/rss", f"{server}/404"]) == 0
    opml = tmp_path / "subs.opml"
    opml.write_text(
        f'<opml version="2.0"><body><outline text="Atom" xmlUrl="{server}/atom"/>'
        f'<outline text="Dup" xmlUrl="{server}/rss"/></body></opml>'
    )
    assert main(["import", str(opml)]) == 0
    assert "2 feeds in" in capsys.readouterr().out
    assert main(["refresh"]) == 1  # a feed failed: reported, and the exit status says so
    out = capsys.readouterr().out
    assert "2 new" in out and "HTTP 404" in out and "2 feeds refreshed, 1 with errors" in out
    assert main(["refresh"]) == 1  # nothing new the second time: de-duplicated
    assert "0 new" in capsys.readouterr().out
    assert main(["feeds"]) == 0
    states = capsys.readouterr().out
    assert "0 items, last refresh: HTTP 404" in states and "Harbour Post" in states
    assert main(["export-opml"]) == 0
    assert f'xmlUrl="{server}/atom"' in capsys.readouterr().out


def test_bad_lists_and_addresses_are_refused(tmp_path, capsys):
    assert main(["add", "file:///etc/passwd"]) == 2
    bad = tmp_path / "bad.opml"
    bad.write_text("<opml><body><outline")
    assert main(["import", str(bad)]) == 2
    assert "not valid OPML" in capsys.readouterr().err


async def subscribed(*urls: str, status: int = 0) -> None:
    """Subscribe to `urls` and refresh them (in a thread: `main` runs its own event loop)."""
    assert await asyncio.to_thread(main, ["add", *urls]) == 0
    assert await asyncio.to_thread(main, ["refresh"]) == status


async def test_stored_items_are_read_in_the_app_offline_newest_first(server, build_app, corpus):
    """Files and feed items in one list by date: a file by its modification time, an item
    by its date; an item without one last."""
    await subscribed(f"{server}/rss")
    for file in corpus.iterdir():
        os.utime(file, (JANUARY, JANUARY))
    os.utime(corpus / "ferry.txt", (NOVEMBER_28, NOVEMBER_28))  # after the item's 27th
    app = build_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        articles = app.query_one(ArticleList)
        titles = [e.title for e in articles.shown_entries()]
        assert titles[:2] == [
            "Harbour council approves new ferry timetable",
            "Ferry timetable approved",
        ]
        assert titles[-1] == "Storm closes port [2J"
        assert len(titles) == 5
        articles.highlight(1)
        await settle(pilot)
        assert app.reader.body.article.source == "Harbour Post"
        assert app.reader.body.article.url == f"{server}/news/ferry"
        assert app.reader.analysis is not None and app.reader.analysis.people


async def test_r_refreshes_in_the_background_and_lists_again(server, build_app, corpus):
    """A server that answers only when told to holds the refresh; the reader keeps moving."""
    ASKED.clear()
    RELEASE.clear()
    assert await asyncio.to_thread(main, ["add", f"{server}/atom", f"{server}/held"]) == 0
    app = build_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        articles = app.query_one(ArticleList)
        assert len(articles.entries) == 3
        await pilot.press("r")
        assert await asyncio.to_thread(ASKED.wait, 60), "the refresh never asked the server"
        await pilot.press("j")
        assert articles.highlighted == 1  # answered while the refresh waits on the server
        assert len(articles.entries) == 3
        RELEASE.set()
        await wait_for(pilot, lambda: len(articles.entries) == 6)  # 1 Atom item, 2 RSS items
        await settle(pilot)
        assert "Atom story" in [e.title for e in articles.shown_entries()]
        assert any("new item" in str(n.message) for n in app._notifications)


@pytest.mark.parametrize(("mode", "full"), [("auto", True), ("always", True), ("never", False)])
def test_teasers_get_the_page_text_and_failures_keep_the_feed_text(server, mode, full, capsys):
    assert main(["add", "--full-text", mode, f"{server}/teaser"]) == 0
    assert main(["refresh"]) == 0
    store = FeedStore()
    items = {item.title: store.item(item.identity) for item in store.items()}
    store.close()
    story = items["Full story"]
    assert story is not None
    if full:
        assert story.text.count("Paragraph") == 12
        assert "cookie" not in story.text and "Home | News" not in story.text
    else:
        assert story.text == "Read more."
    assert items["Gone story"].text == "Read more."  # 404: the feed's text is kept
    assert items["Bomb story"].text == "Read more."  # over the size cap: kept too


async def test_S_lists_sources_with_unread_counts_and_errors(server, build_app, corpus):
    from tui.ui.screens.sources import SourcesScreen

    await subscribed(f"{server}/rss", f"{server}/500", status=1)
    app = build_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        articles = app.query_one(ArticleList)
        await pilot.press("S")
        await pilot.pause()
        assert isinstance(app.screen, SourcesScreen)
        shown = {(s.label, s.unread, s.total, s.error) for s in app.screen.sources}
        assert shown == {
            ("Files and folders", 3, 3, None),
            ("Harbour Post", 2, 2, None),
            (f"{server}/500", 0, 0, "HTTP 500 Internal Server Error"),
        }
        position = [s.label for s in app.screen.sources].index("Harbour Post") + 1  # after All
        await pilot.press(*["down"] * position, "enter")
        await settle(pilot)
        assert [e.source for e in articles.shown_entries()] == ["Harbour Post"] * 2
        assert articles.border_title == "Articles · Harbour Post"
        await pilot.press("S", "enter")  # All sources
        await settle(pilot)
        assert len(articles.shown) == 5


async def test_r_in_a_reader_of_paths_only_says_where_the_new_items_are(server, build_app, corpus):
    """`nutgraf PATH` lists that path only: a refresh there brings items it does not list,
    and the notice says where they are instead of leaving the reader to wonder."""
    assert await asyncio.to_thread(main, ["add", f"{server}/atom"]) == 0
    app = build_app(corpus, feeds=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await wait_for(pilot, lambda: app.reader.refreshes == 1)
        await settle(pilot)
        said = [str(n.message) for n in app._notifications]
        assert any("new item" in m and "plain nutgraf shows feeds" in m for m in said)
        assert len(app.query_one(ArticleList).entries) == 3  # the folder's only
