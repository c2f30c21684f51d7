"""What a new reader ran into (issue: a stranger tries the reader): read marks after a
refresh, clashing keys, renamed sources, Escape's order, empty lists, search labels,
listing again, retention notices. Every server is on 127.0.0.1; every wait is on a
condition."""

from __future__ import annotations

import asyncio

import pytest
from textual.widgets import Input

from tests.feed_server import Site, site_server
from tests.helpers import settle, shows_current, wait_for
from tui.cli import main
from tui.core.config import Config, load_config
from tui.core.model import unpack
from tui.ui.keys import ACTIONS, help_rows, unclashed
from tui.ui.screens.dialogs import AskLine
from tui.ui.screens.help import HelpScreen
from tui.ui.screens.sources import SourcesScreen
from tui.ui.widgets.article_list import ArticleList

SIZES = [(80, 24), (160, 48)]


@pytest.fixture(params=SIZES, ids=["80x24", "160x48"])
def size(request):
    return request.param


REPEATED = "Union leaders at SJ said trains in Gothenburg would stop on Friday. " * 5


@pytest.fixture
def home() -> Site:
    with site_server("127.0.0.1") as site:
        yield site


def feed(items: list[tuple[str, str, str]]) -> bytes:
    """An RSS feed of (guid, title, text) items, each dated by the digit its GUID ends with
    (0 the newest; the old story is older than all)."""
    from xml.sax.saxutils import escape

    def day(guid: str) -> int:
        return 24 - int(guid[-1]) if guid[-1].isdigit() else 1

    entries = "".join(
        f"<item><title>{escape(title)}</title><guid>{escape(guid)}</guid>"
        f"<pubDate>{day(guid):02d} May 2024 00:00 +0000</pubDate>"
        f"<description>{escape(text)}</description></item>"
        for guid, title, text in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>World</title>{entries}</channel></rss>"
    ).encode()


OLD = [("old", "Old story", "An old story about the harbour and its ferries.")]
DAWN = [(f"dawn{n}", f"DAWN {n}: Train strike in Gothenburg", REPEATED) for n in range(3)]


def dots(articles: ArticleList) -> list[str]:
    """The titles of the listed articles that still carry the unread dot."""
    read = articles.read
    return [e.title for e in map(unpack, articles.shown) if e.key and e.key not in read]


# 1. A refresh with new items, then one key: only the article shown is read.


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("key", "mode"), [("k", "open"), ("g", "open"), ("k", "seconds")])
async def test_one_key_after_a_refresh_marks_only_the_article_shown(
    home, build_app, corpus, size, key, mode
):
    home.add("/world", feed(OLD))
    assert await asyncio.to_thread(main, ["add", f"{home.base}/world"]) == 0
    assert await asyncio.to_thread(main, ["refresh"]) == 0
    app = build_app(config=Config(mark_read=mode, read_after_seconds=0.2))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        articles = app.query_one(ArticleList)
        assert [e.title for e in articles.shown_entries()] == ["Old story"]
        home.add("/world", feed(DAWN + OLD))  # three new stories with the same text
        await pilot.press("r")
        await wait_for(pilot, lambda: len(articles.entries) == 4)
        await settle(pilot)
        assert articles.current is not None and articles.current.title == "Old story"
        await wait_for(pilot, lambda: dots(articles) == [title for _, title, _ in DAWN])
        await pilot.press(key)  # k: DAWN 2, g: DAWN 0
        await wait_for(pilot, lambda: shows_current(app))
        await settle(pilot)
        shown_key = app.reader.body.article.key
        await wait_for(pilot, lambda: shown_key in app.services.marks.read)  # 0.2 s on screen
        opened = app.reader.body.article.title
        assert opened.startswith("DAWN")
        assert sorted(dots(articles)) == sorted(t for _, t, _ in DAWN if t != opened)
        assert articles.border_subtitle.startswith("2 unread")


def test_read_after_seconds_alone_means_mark_read_seconds(tmp_path):
    """The stranger's settings: `read_after_seconds = 5` with no `mark_read` was ignored
    (the default, `open`, marked on sight); given alone it now means what it says."""
    path = tmp_path / "config.toml"
    path.write_text("[reader]\nread_after_seconds = 5\n")
    config = load_config(path, ACTIONS)
    assert (config.mark_read, config.read_after_seconds) == ("seconds", 5)
    path.write_text('[reader]\nread_after_seconds = 5\nmark_read = "open"\n')
    assert load_config(path, ACTIONS).mark_read == "open"


# 2. Keys given to two actions; descriptions that name a key.


async def test_a_key_bound_twice_is_said_once_and_the_rule_is_kept(build_app, corpus):
    """`[keys] down = "j,down,e"` while e exports: at start one notice names the clash;
    e stays export's (the earlier binding keeps a key) and the help shows it once;
    descriptions name the keys as bound (`mark_all_read = "A"`)."""
    keys = {"down": "j,down,e", "mark_all_read": "A", "related": "Y"}
    app = build_app(corpus, config=Config(mark_read="manual", keys=keys))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        said = [str(n.message) for n in app._notifications if "clash" in str(n.message)]
        assert said == ["Key clashes: e is bound to both export and down: export keeps it"]
        strip = [n.message for n in app.reader.notices.notices]  # on screen, not a hidden toast
        assert "Key clashes: e is bound to both export and down: export keeps it" in strip
        articles = app.query_one(ArticleList)
        articles.focus()
        await pilot.press("e")  # export (nothing ready to export is said), not down
        await settle(pilot)
        assert articles.highlighted == 0
        rows = help_rows(app.config.keys)
        assert [k for k, _ in rows if "e" in k.split()] == ["e"]
        described = dict((d, k) for k, d in rows)
        assert "Mark every article in the list read (A again: undo)" in described
        assert "Back to where you were before Y, a or F" in described
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Mark every article in the list read (A again: undo)" in titles
        await pilot.press("A")
        await pilot.pause()
        assert any("(A again: undo)" in str(n.message) for n in app._notifications)


def test_rebinding_the_other_action_frees_the_key():
    assert unclashed({"down": "j,down,e", "export": "x"}) == (
        {"down": "j,down,e", "export": "x"},
        [],
    )
    kept, clashes = unclashed({"next_article": "n,x", "previous_article": "x,p"})
    assert kept == {"next_article": "n,x", "previous_article": "p"}
    assert clashes == [
        "x is bound to both next_article and previous_article: next_article keeps it"
    ]


# 10. The palette: one theme command; "help" finds the help.


async def test_the_palette_finds_help_and_has_one_theme_command(build_app, corpus):
    from textual.command import CommandPalette

    app = build_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert [t for t in titles if "theme" in t.casefold()] == ["Theme: choose one by name"]
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"help")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))


# 3. A feed renamed in S: articles opened later carry the new name.


async def test_articles_opened_after_a_rename_carry_the_new_name(home, build_app):
    home.add("/world", feed(DAWN[:2]))
    assert await asyncio.to_thread(main, ["add", f"{home.base}/world"]) == 0
    assert await asyncio.to_thread(main, ["refresh"]) == 0
    app = build_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        articles = app.query_one(ArticleList)
        body = app.reader.body
        await pilot.press("j")  # both read once: in memory
        await wait_for(pilot, lambda: shows_current(app))
        assert "World" in str(body.border_subtitle)
        await pilot.press("S")
        await wait_for(pilot, lambda: isinstance(app.screen, SourcesScreen))
        await pilot.pause()
        await pilot.press("G")  # the feed, last
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, AskLine))
        app.screen.query_one(Input).value = "Nordic wire"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SourcesScreen))
        await pilot.press("escape")
        await wait_for(
            pilot, lambda: {e.source for e in articles.shown_entries()} == {"Nordic wire"}
        )
        await settle(pilot)
        await pilot.press("k")  # opened before the rename
        await wait_for(pilot, lambda: shows_current(app))
        assert app.reader.body.article.source == "Nordic wire"
        assert "Nordic wire" in str(body.border_subtitle)


# 4. Escape: the kept filter, then the one source chosen in S, in the list or the text.


@pytest.mark.parametrize("pane", ["articles", "body"])
async def test_escape_clears_the_filter_then_the_source(home, build_app, corpus, pane):
    home.add("/world", feed(DAWN[:2]))
    assert await asyncio.to_thread(main, ["add", f"{home.base}/world"]) == 0
    assert await asyncio.to_thread(main, ["refresh"]) == 0
    app = build_app(corpus)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        articles = app.query_one(ArticleList)
        await pilot.press("S")
        await wait_for(pilot, lambda: isinstance(app.screen, SourcesScreen))
        await pilot.pause()
        await pilot.press("G", "enter")  # the feed only
        await wait_for(pilot, lambda: app.screen is app.reader)
        await settle(pilot)
        assert articles.origin == f"{home.base}/world" and articles.origin_label == "World"
        assert len(articles.shown) == 2
        await pilot.press("slash", *"DAWN 1", "enter")
        await settle(pilot)
        assert len(articles.shown) == 1
        app.query_one(f"#{pane}").focus()
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert (articles.query_text, articles.origin, len(articles.shown)) == (
            "",
            f"{home.base}/world",
            2,
        )
        await pilot.press("escape")
        await pilot.pause()
        assert articles.origin is None and len(articles.shown) == 5
        help_text = dict((d, k) for k, d in help_rows())
        assert any("the one source chosen in S" in d for d in help_text)


# 5. An empty list says why, and which key brings articles back.


def first_line(articles: ArticleList) -> str:
    """The list's message as drawn (wrapped over as many lines as the width needs)."""
    lines = [articles.render_line(y).text.strip() for y in range(4)]
    return " ".join(line for line in lines if line)


async def test_an_empty_list_says_why_and_which_key_helps(build_app, corpus, size):
    app = build_app(corpus)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        articles = app.query_one(ArticleList)
        assert not first_line(articles).startswith("Nothing here")
        await pilot.press("slash", *"zzqq", "enter")
        await settle(pilot)
        assert first_line(articles) == (
            "Nothing here: no title, source or path matches /zzqq (Escape clears the filter)"
        )
        await pilot.press("v", "v")  # starred, and the filter kept: either may be why
        await settle(pilot)
        assert first_line(articles) == (
            "Nothing here: no starred article matches /zzqq"
            " (Escape clears the filter, v changes the view)"
        )
        await pilot.press("v")
        await pilot.press("escape", "M", "v")  # every article read, then the unread view
        await settle(pilot)
        assert articles.view == "unread"
        assert first_line(articles) == "Nothing here: no unread articles (v changes the view)"
        await pilot.press("v")
        await settle(pilot)
        assert first_line(articles) == "Nothing here: no starred articles (v changes the view)"


# 7. A refresh with nothing new: the rows stay on screen, scrolled as they were.


async def test_a_refresh_with_nothing_new_keeps_the_rows_and_the_scroll(
    home, build_app, tmp_path, size
):
    home.add("/world", feed(OLD))
    assert await asyncio.to_thread(main, ["add", f"{home.base}/world"]) == 0
    assert await asyncio.to_thread(main, ["refresh"]) == 0
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(60):
        (folder / f"{number:02d}.txt").write_text(f"Story {number}\n\nShort story {number}.")
    app = build_app(folder)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        articles = app.query_one(ArticleList)
        articles.focus()
        await pilot.press(*["j"] * 40, "k", "k")
        await settle(pilot)
        before = (articles.highlighted, articles.scroll_offset.y, articles.current.title)
        assert articles.scroll_offset.y > 0
        rows_seen: list[int] = []
        changed = articles._contents_changed

        def spy() -> None:
            rows_seen.append(len(articles.shown))
            changed()

        articles._contents_changed = spy  # type: ignore[method-assign]
        refreshes = app.reader.refreshes
        await pilot.press("r")
        await wait_for(pilot, lambda: app.reader.refreshes > refreshes)
        await settle(pilot)
        assert rows_seen and min(rows_seen) == 61  # never blank, never "0 · listing…"
        after = (articles.highlighted, articles.scroll_offset.y, articles.current.title)
        assert after == before


# 8. Retention during a refresh: the reader's notice says what went.


@pytest.mark.parametrize("auto", [False, True])
async def test_the_refresh_notice_says_what_retention_removed(home, build_app, tmp_path, auto):
    home.add("/world", feed(OLD))
    assert await asyncio.to_thread(main, ["add", f"{home.base}/world"]) == 0
    assert await asyncio.to_thread(main, ["refresh"]) == 0
    settings = tmp_path / "config.toml"
    settings.write_text('[reader]\nmark_read = "manual"\n[feeds]\nkeep_items = 3\n')
    app = build_app(config=load_config(settings, ACTIONS))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        articles = app.query_one(ArticleList)
        home.add("/world", feed(DAWN + OLD))
        refreshes = app.reader.refreshes
        if auto:
            app.reader._auto_refresh_tick()  # what the timer calls
        else:
            await pilot.press("r")
        await wait_for(pilot, lambda: app.reader.refreshes > refreshes)
        await wait_for(pilot, lambda: len(articles.entries) == 3)
        said = [str(n.message) for n in app._notifications]
        assert "3 new items, 1 old removed" in said
