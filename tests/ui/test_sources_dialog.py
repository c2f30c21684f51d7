"""The `S` dialog as a place to keep subscriptions tidy: moving, folders, remove and rename;
the article's note when its page could not be had; the periodic refresh. Every server is
on 127.0.0.1; every wait is on a condition."""

from __future__ import annotations

import asyncio
import threading

import pytest
from textual.widgets import Input

from tests.feed_server import Site, rss, site_server
from tests.helpers import settle, shows_current, wait_for
from tui.cli import main
from tui.core.config import Config
from tui.core.model import Item, Subscription, unpack
from tui.core.paths import default_seeds
from tui.core.storage.feeds import FeedStore
from tui.ui.screens.dialogs import AskLine, Confirm
from tui.ui.screens.sources import SourcesScreen
from tui.ui.widgets.article_list import ArticleList

SIZES = [(80, 24), (160, 48)]
WAIT = 60.0


@pytest.fixture
def home() -> Site:
    with site_server("127.0.0.1") as site:
        yield site


async def subscribed(home: Site, tmp_path) -> None:
    """Four feeds from an OPML file: one in no folder, one failing, one in News and one in
    News/Local; refreshed once."""
    home.add("/loose", rss("Loose", [("l1", "", "Loose item")]))
    home.add("/harbour", rss("Harbour Post", [("h1", "", "Ferry"), ("h2", "", "Storm")]))
    home.add("/town", rss("Town", [("t1", "", "Town hall item")]))
    home.add("/down", b"down", status=500)
    opml = tmp_path / "subs.opml"
    opml.write_text(
        f'<opml version="2.0"><body><outline text="Loose feed" xmlUrl="{home.base}/loose"/>'
        f'<outline xmlUrl="{home.base}/down"/><outline text="News">'
        f'<outline text="Harbour Post" xmlUrl="{home.base}/harbour"/>'
        f'<outline text="Local"><outline text="Town" xmlUrl="{home.base}/town"/></outline>'
        "</outline></body></opml>"
    )
    assert await asyncio.to_thread(main, ["import", str(opml)]) == 0
    assert await asyncio.to_thread(main, ["refresh"]) == 1  # /down failed


def rows(screen: SourcesScreen) -> list[str]:
    """The dialog's rows as text: headings start with ▸."""
    listing = screen.listing
    return [
        str(listing.get_option_at_index(n).prompt).split("\n")[0].strip()
        for n in range(listing.option_count)
    ]


def sources_of(articles: ArticleList) -> set[str]:
    """The source of every listed article (whatever the list shows now)."""
    return {unpack(row).source for row in articles.entries}


def heard(app) -> list[str]:  # type: ignore[no-untyped-def]
    """Every notice the app gives from now on, however briefly it stays on screen."""
    notices: list[str] = []
    notify = app.notify

    def spy(message: str, **options: object) -> None:
        notices.append(message)
        notify(message, **options)

    app.notify = spy
    return notices


async def open_sources(pilot) -> SourcesScreen:  # type: ignore[no-untyped-def]
    await pilot.press("S")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, SourcesScreen))
    await pilot.pause()
    return pilot.app.screen


@pytest.mark.parametrize("size", SIZES)
async def test_S_groups_feeds_by_folder_and_moves_with_j_k_g_G(
    home, tmp_path, build_app, corpus, size
):
    await subscribed(home, tmp_path)
    app = build_app(corpus)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = await open_sources(pilot)
        shown = rows(screen)
        assert shown[0] == "All sources"
        assert shown[1].startswith("Files and folders")
        assert shown[2].startswith(f"{home.base}/down") and shown[3].startswith("Loose feed")
        assert shown[4:] == [
            "▸ News",
            shown[5],
            "▸ News ▸ Local",
            shown[7],
        ]
        assert shown[5].startswith("Harbour Post  2 unread · 2")
        assert shown[7].startswith("Town  1 unread · 1")
        listing = screen.listing
        assert listing.highlighted == 0
        await pilot.press("j", "j", "j")
        assert listing.highlighted == 3
        await pilot.press("j")
        assert listing.highlighted == 5  # the folder's heading is passed over
        await pilot.press("k")
        assert listing.highlighted == 3
        await pilot.press("G")
        assert listing.highlighted == 7
        await pilot.press("g")
        assert listing.highlighted == 0
        # The dialog's own keys are in its footer.
        footer = " ".join(str(b[1].description) for b in app.active_bindings.values())
        assert "Remove" in footer and "Rename" in footer


@pytest.mark.parametrize("size", SIZES)
async def test_d_removes_a_feed_after_asking_and_the_list_follows(
    home, tmp_path, build_app, corpus, size
):
    await subscribed(home, tmp_path)
    app = build_app(corpus)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        notices = heard(app)
        articles = app.query_one(ArticleList)
        assert "Harbour Post" in sources_of(articles)
        screen = await open_sources(pilot)
        await pilot.press("G", "k")  # Harbour Post, above the Local heading
        assert rows(screen)[screen.listing.highlighted].startswith("Harbour Post")
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("n")  # not removed
        await wait_for(pilot, lambda: app.screen is screen)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("enter")  # Enter is on "Keep": nothing happens either
        await wait_for(pilot, lambda: app.screen is screen)
        assert len(rows(screen)) == 8
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("y")
        await wait_for(pilot, lambda: len(rows(screen)) == 6)
        assert "▸ News" not in rows(screen) and "▸ News ▸ Local" in rows(screen)
        assert rows(screen)[screen.listing.highlighted].startswith("Town")
        await wait_for(pilot, lambda: "Harbour Post" not in sources_of(articles))
        store = FeedStore()
        assert f"{home.base}/harbour" not in {s.url for s in store.subscriptions()}
        store.close()
        assert "Removed Harbour Post and its 2 items" in notices
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is app.reader and articles.origin is None


@pytest.mark.parametrize("size", SIZES)
async def test_r_renames_a_feed_at_once_and_a_narrowed_list_follows(
    home, tmp_path, build_app, corpus, size
):
    await subscribed(home, tmp_path)
    app = build_app(corpus)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        notices = heard(app)
        articles = app.query_one(ArticleList)
        screen = await open_sources(pilot)
        await pilot.press("j", "j", "j", "enter")  # Loose feed: the list shows only it
        await settle(pilot)
        loose = f"{home.base}/loose"  # narrowed by the feed's address, titled by its name
        assert (articles.origin, articles.origin_label) == (loose, "Loose feed")
        assert len(articles.shown) == 1
        screen = await open_sources(pilot)
        await pilot.press("j", "j", "j", "r")
        await wait_for(pilot, lambda: isinstance(app.screen, AskLine))
        field = app.screen.query_one(Input)
        assert field.value == "Loose feed"  # prefilled with the name shown
        await pilot.press("escape")  # cancelled: nothing changes
        await wait_for(pilot, lambda: app.screen is screen)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, AskLine))
        app.screen.query_one(Input).value = "Shore [b]news[/b]"  # markup is only text
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen)
        await wait_for(pilot, lambda: rows(screen)[3].startswith("Shore [b]news[/b]"))
        assert (articles.origin, articles.origin_label) == (loose, "Shore [b]news[/b]")
        # Listed again behind the dialog (no settling here: the dialog's worker waits on it).
        await wait_for(
            pilot,
            lambda: [e.source for e in articles.shown_entries()] == ["Shore [b]news[/b]"],
        )
        store = FeedStore()
        state = next(s for s in store.states() if s.url == f"{home.base}/loose")
        assert (state.custom_title, state.title) == ("Shore [b]news[/b]", "Loose")
        store.close()
        # An empty name gives the feed its own title back.
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, AskLine))
        app.screen.query_one(Input).value = "  "
        await pilot.press("enter")
        await wait_for(pilot, lambda: any(r.startswith("Loose  ") for r in rows(screen)))
        # Files cannot be renamed or removed: said so, nothing asked.
        await pilot.press("g", "j", "d")
        await pilot.pause()
        assert app.screen is screen
        assert any("Choose a feed first" in notice for notice in notices)
        await pilot.press("escape")  # Escape keeps the list as it was narrowed
        await settle(pilot)
        assert (articles.origin, articles.origin_label) == (loose, "Loose")


async def test_two_feeds_of_one_name_are_two_sources(home, build_app, corpus):
    """Counted, listed and narrowed to by address: a shared name merges nothing."""
    home.add("/one", rss("Daily", [("a1", "", "First feed's item")]))
    home.add("/two", rss("Daily", [("b1", "", "Second A"), ("b2", "", "Second B")]))
    assert await asyncio.to_thread(main, ["add", f"{home.base}/one", f"{home.base}/two"]) == 0
    assert await asyncio.to_thread(main, ["refresh"]) == 0
    app = build_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        articles = app.query_one(ArticleList)
        screen = await open_sources(pilot)
        daily = [row for row in rows(screen) if row.startswith("Daily")]
        assert sorted(row.split("  ")[1] for row in daily) == ["1 unread · 1", "2 unread · 2"]
        number = next(n for n, source in enumerate(screen.sources) if source.url.endswith("/two"))
        screen.listing.highlighted = [o.id for o in screen.listing.options].index(str(number))
        await pilot.press("enter")
        await settle(pilot)
        assert articles.origin == f"{home.base}/two"
        assert sorted(e.title for e in articles.shown_entries()) == ["b1", "b2"]


async def test_the_dialog_keys_follow_the_settings(home, tmp_path, build_app, corpus):
    await subscribed(home, tmp_path)
    app = build_app(corpus, config=Config(read_after_seconds=3600, keys={"remove_feed": "x"}))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await open_sources(pilot)
        hint = str(screen.listing.border_subtitle)
        assert "x: remove" in hint and "d: remove" not in hint  # the hint names the keys bound
        await pilot.press("j", "j", "j", "d")
        await pilot.pause()
        assert app.screen is screen  # d is no longer bound
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)


async def test_the_reader_notes_an_item_whose_page_failed(home, build_app, corpus):
    home.add("/teaser", rss("Teasers", [("t", f"{home.base}/page/gone", "Read more.")]))
    assert await asyncio.to_thread(main, ["add", f"{home.base}/teaser"]) == 0
    assert await asyncio.to_thread(main, ["refresh"]) == 0
    app = build_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        body = app.reader.body
        assert body.article is not None and body.article.title == "t"
        assert body.article.note == "full text unavailable: HTTP 404 Not Found"
        assert "full text unavailable: HTTP 404" in str(body.border_subtitle)


class Hold:
    """A route that answers once released; counts the requests."""

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.status = 200
        self.asked = 0
        self.waiting = threading.Event()
        self.released = threading.Event()

    def __call__(self) -> tuple[int, dict[str, str], bytes]:
        self.asked += 1
        self.waiting.set()
        self.released.wait(WAIT)
        return self.status, {}, self.body


async def test_auto_refresh_runs_one_at_a_time_and_speaks_only_of_news(home, build_app, corpus):
    held = Hold(rss("Held", [("First item", "", "The text of the first item")]))
    home.routes["/held"] = held
    assert await asyncio.to_thread(main, ["add", f"{home.base}/held"]) == 0
    app = build_app(corpus, config=Config(read_after_seconds=3600, auto_refresh_minutes=5))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        reader = app.reader
        assert reader.auto_refresh_timer is not None and reader.auto_refresh_seconds == 300
        notices = heard(app)

        def said() -> list[str]:
            return notices

        reader._auto_refresh_tick()  # what the timer calls
        assert await asyncio.to_thread(held.waiting.wait, WAIT)
        reader._auto_refresh_tick()  # a refresh is running: no second one
        await pilot.press("r")
        await pilot.pause()
        assert "A refresh is already running" in said()
        held.released.set()
        await wait_for(pilot, lambda: reader.refreshes == 1)
        assert held.asked == 1
        assert "1 new item" in said()
        await wait_for(
            pilot,
            lambda: "First item" in {e.title for e in app.query_one(ArticleList).shown_entries()},
        )
        count = len(said())
        reader._auto_refresh_tick()  # nothing new: nothing said
        await wait_for(pilot, lambda: reader.refreshes == 2)
        assert len(said()) == count
        held.status = 500
        reader._auto_refresh_tick()  # newly failed: said
        await wait_for(pilot, lambda: reader.refreshes == 3)
        assert said()[-1].startswith("a feed failed: Held (HTTP 500")
        count = len(said())
        reader._auto_refresh_tick()  # still failing: nothing new to say
        await wait_for(pilot, lambda: reader.refreshes == 4)
        assert len(said()) == count


async def test_no_auto_refresh_by_default(build_app, corpus):
    app = build_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.reader.auto_refresh_timer is None


def stored_feeds() -> None:
    """Feeds stored as a refresh would leave them (no server: the pictures must not change)."""
    base = "http://127.0.0.1:9"
    store = FeedStore()
    store.subscribe(
        [
            Subscription(f"{base}/loose", "Loose Ends"),
            Subscription(f"{base}/down"),
            Subscription(f"{base}/harbour", "", "News", ("ports", "local")),
            Subscription(f"{base}/town", "Town Hall", "News/Local"),
        ]
    )
    text = "The Harbour Council voted on Tuesday to approve a new ferry timetable."
    store.record(
        f"{base}/harbour",
        title="Harbour Post",
        items=[Item("h1", "", "Ferry timetable approved", "2026-11-27T09:00:00Z", text)],
    )
    store.record(
        f"{base}/town",
        title="Town Hall Weekly",
        items=[Item("t1", "", "Budget passed", "2026-11-26T09:00:00Z", "The budget passed.")],
    )
    store.record(f"{base}/down", error="HTTP 500 Internal Server Error")
    store.close()


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x48"])
def test_the_sources_dialog(snap_compare, build_app, size):
    stored_feeds()

    async def open_sources(pilot):  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("S")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, SourcesScreen))
        await pilot.press("j", "j", "j", "j")  # on Harbour Post, past the News heading
        await pilot.pause()

    assert snap_compare(build_app(default_seeds()), terminal_size=size, run_before=open_sources)


async def test_listing_again_keeps_the_article_and_the_place_in_it(home, build_app, corpus):
    """A refresh (or a feed removed or renamed) lists again: the article being read stays on
    screen, scrolled where it was, focused; if it went, the one now highlighted is shown."""
    home.add("/feed", rss("Feed", [("Feed story", "", "A feed story. " * 50)]))
    assert await asyncio.to_thread(main, ["add", f"{home.base}/feed"]) == 0
    assert await asyncio.to_thread(main, ["refresh"]) == 0
    app = build_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        reader, articles = app.reader, app.query_one(ArticleList)
        assert reader.body.article.title == "Feed story"  # listed first, so shown first
        await pilot.press("g")  # the long seed article, the newest
        await settle(pilot)
        article = reader.body.article
        assert article is not None and article.words > 300
        await pilot.press("tab", "space", "space")
        await settle(pilot)
        place, focused = reader.body.scroll_y, app.focused
        assert place > 0 and focused is not articles
        reader._list_again()
        await wait_for(pilot, lambda: reader.loaded.is_set() and reader._reselect is None)
        await settle(pilot)
        assert reader.body.article is article  # not read and shown again
        assert (reader.body.scroll_y, app.focused) == (place, focused)
        assert articles.current is not None and articles.current.title == article.title
        # The article on screen went: the one highlighted in its place is shown.
        await pilot.press("shift+tab", "G")  # the undated feed item is the last
        await settle(pilot)
        assert reader.body.article.title == "Feed story"
        assert await asyncio.to_thread(main, ["remove", f"{home.base}/feed"]) == 0
        reader._list_again()
        await wait_for(pilot, lambda: reader.loaded.is_set() and reader._reselect is None)
        await settle(pilot)
        assert shows_current(app) and reader.body.article.title != "Feed story"
