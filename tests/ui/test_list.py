"""The virtual article list at scale, its layouts, and what happens around a move."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.helpers import settle, shows_current, wait_for
from tui.core.corpus import FIRST_BATCH
from tui.core.model import Entry, numbered, pack, unpack
from tui.core.storage.search import MAX_RESULTS
from tui.core.workers.analysis import PREFETCH_MAX_CHARS
from tui.ui.widgets.article_list import ArticleList

BIG = 100_000


def screen_text(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def screen_line(articles: ArticleList) -> int:
    return articles.highlighted * articles.row_height - articles.scroll_offset.y


def fake_rows(count: int, folder: str = "/nowhere") -> list[str]:
    """Rows as a listing puts them: numbered in listing order."""
    rows = [
        pack(Entry(f"{folder}/{n:06d}.txt", 0, f"Story {n:06d}", words=400)) for n in range(count)
    ]
    return numbered(rows, 0)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
async def test_a_hundred_thousand_entries_move_jump_and_filter(build_app, corpus, size):
    app = build_app(corpus)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        articles = app.query_one(ArticleList)
        articles.add_entries(fake_rows(BIG))
        await pilot.pause()
        assert articles.border_subtitle == f"3 unread · {BIG + 3:,}"
        assert len(articles.children) == 0  # rows are drawn, not mounted
        await pilot.press("G")
        await pilot.pause()
        assert articles.highlighted == BIG + 2
        assert "Story 099999" in screen_text(app)
        await pilot.press("g", "j")
        assert articles.highlighted == 1
        await pilot.press("slash", *"099998")
        await pilot.pause()
        assert [e.title for e in articles.shown_entries()] == ["Story 099998"]
        assert articles.border_subtitle == f"3 unread · 1/{BIG + 3:,}"
        await pilot.press("escape")
        await pilot.pause()
        assert len(articles.shown) == BIG + 3


async def test_the_filter_draws_its_first_matches_at_once_and_finds_the_rest_after(
    build_app, corpus
):
    """The highlighted row stays highlighted and drawn where it was after the first step,
    while the matches above it are found between repaints; the count says it is still
    looking ("…"), and whatever needs every match (End, M) waits for them."""
    app = build_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        articles = app.query_one(ArticleList)
        articles.add_entries(fake_rows(30_000))
        await pilot.pause()
        articles.highlight(20_003)
        current = articles.current
        assert current is not None and current.title == "Story 020000"
        line = screen_line(articles)
        assert line > 0
        articles.filter("story 0")
        assert articles.current == current and len(articles.shown) < 30_000
        assert "…/" in articles.border_subtitle
        await wait_for(pilot, lambda: "…" not in articles.border_subtitle)
        assert len(articles.shown) == 30_000 and articles.highlighted == 20_000
        assert articles.current == current
        assert screen_line(articles) == line
        articles.filter("")
        assert articles.current == current and screen_line(articles) == line
        articles.filter("stor")  # typed fast: the next key comes while it looks
        articles.filter("story")
        await wait_for(pilot, lambda: "…" not in articles.border_subtitle)
        assert articles.current == current and screen_line(articles) == line
        articles.filter("story 01")  # narrower, from the first step on
        articles.filter("story 0")  # wider: all rows again, still looking
        subtitle = articles.border_subtitle
        assert subtitle.startswith("3 unread · ") and "…" in subtitle
        assert len(articles.every_shown()) == 30_000 and "…" not in articles.border_subtitle


async def test_a_filter_that_shows_nothing_gives_the_highlight_back_when_cleared(build_app, corpus):
    app = build_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        articles = app.query_one(ArticleList)
        articles.highlight(1)
        current = articles.current
        articles.filter("zzzz")
        assert articles.shown == [] and articles.highlighted is None
        articles.filter("")
        assert articles.highlighted == 1 and articles.current == current


async def test_titles_sort_with_their_accents_and_case_apart(build_app, corpus):
    app = build_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        articles = app.query_one(ArticleList)
        titles = ["zebra", "Ezra", "Éclair", "apple", "Ölfeld", "Oak", "Orange", "Echo", "Ångström"]
        articles.replace_entries(numbered(rows_of_titles(titles), 0))
        articles.set_sort("title")
        assert [entry.title for entry in articles.shown_entries()] == [
            *("Ångström", "apple", "Echo", "Éclair", "Ezra", "Oak", "Ölfeld", "Orange", "zebra")
        ]


def rows_of_titles(titles: list[str]) -> list[str]:
    return [pack(Entry(f"/n/{n}.txt", 0, title)) for n, title in enumerate(titles)]


async def test_a_search_says_when_it_kept_only_its_best_and_which_filter_applies(build_app, corpus):
    app = build_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        articles = app.query_one(ArticleList)
        articles.filter("e")
        articles.set_search(list(range(MAX_RESULTS)), "Search: the")
        assert str(articles.border_title) == "Search: the (the best 5,000) · /e"
        articles.set_search(list(range(3)), "Search: the")
        assert str(articles.border_title) == "Search: the · /e"


async def test_M_on_twenty_thousand_rows_counts_them_in_one_pass(build_app, corpus):
    """M (and its undo) count the changed rows in one pass: a pass a key took minutes."""
    app = build_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        articles = app.query_one(ArticleList)
        rows = [pack(Entry(f"/n/{n}.txt", 0, f"Story {n}", key=f"{n:016x}")) for n in range(20_000)]
        articles.add_entries(numbered(rows, 0))
        started = time.perf_counter()
        app.reader.action_mark_all_read()
        app.reader.action_mark_all_read()  # undone
        assert time.perf_counter() - started < 2  # ~0.1 s; a pass a key: ~10 s
        assert articles.border_subtitle == "20,003 unread · 20,003"
        app.reader.action_mark_all_read()
        assert articles.border_subtitle == "20,003"


async def test_a_missing_file_in_the_list_opens_as_a_broken_entry(build_app, corpus):
    app = build_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        articles = app.query_one(ArticleList)
        articles.add_entries(fake_rows(2))
        await pilot.press("G")
        await settle(pilot)
        assert shows_current(app)
        assert "file not found" in screen_text(app)


async def test_rows_take_two_lines_when_wide_and_one_when_narrow(build_app, corpus):
    app = build_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        articles = app.query_one(ArticleList)
        assert (articles.row_height, articles.virtual_size.height) == (1, 3)
        await pilot.resize_terminal(160, 48)
        await pilot.pause(0.2)
        odd_view = articles.scrollable_content_region.height % 2  # a blank line to end on
        assert (articles.row_height, articles.virtual_size.height) == (2, 6 + odd_view)
        await pilot.resize_terminal(90, 30)
        await pilot.pause(0.2)
        assert articles.row_height == 1
        assert shows_current(app)


@pytest.mark.parametrize("rows", [37, 38], ids=["odd view", "even view"])
async def test_the_top_of_the_list_is_always_an_entrys_first_line(build_app, corpus, rows):
    """Two lines an entry: moving down past the view, up again, and from one line an entry
    to two, the first line on screen is a title, never an entry's second line alone."""
    app = build_app(corpus)
    async with app.run_test(size=(160, rows + 10)) as pilot:
        await settle(pilot)
        articles = app.query_one(ArticleList)
        articles.add_entries(fake_rows(200))
        await pilot.pause()

        def top_is_a_title() -> bool:
            return articles.scroll_offset.y % articles.row_height == 0

        for keys in (["j"] * 40, ["k"] * 30, ["G"], ["g"], ["j"] * 60):
            await pilot.press(*keys)
            await pilot.pause()
            assert articles.row_height == 2 and top_is_a_title(), keys
        await pilot.resize_terminal(80, 24)  # one line an entry, scrolled to an odd line
        await pilot.press("j", "j", "j")
        await pilot.pause(0.2)
        await pilot.resize_terminal(160, rows + 10)
        await pilot.pause(0.2)
        assert articles.row_height == 2 and top_is_a_title()
        assert "Story" in articles.render_line(0).text


async def test_the_next_articles_are_analysed_ahead(build_app, corpus):
    app = build_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        service = app.services.analysis
        following = app.query_one(ArticleList).following(5)
        assert len(following) == 2
        for entry in following:
            article = await app.reader.loader.read(entry)
            assert service.cached(app.reader.summary_choice.request(article)) is not None, (
                entry.title
            )


async def test_a_long_article_is_not_prefetched(build_app, tmp_path):
    (tmp_path / "a.txt").write_text("Short one\n\nA short article. It has two sentences.")
    long_body = "Ana Lopes met the council. " * (PREFETCH_MAX_CHARS // 20)
    (tmp_path / "b.txt").write_text("Long one\n\n" + long_body)
    for path in tmp_path.iterdir():  # one date: listed in path order, a.txt first
        os.utime(path, (1_900_000_000, 1_900_000_000))
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        [entry] = app.query_one(ArticleList).following(1)
        article = await app.reader.loader.read(entry)
        assert app.services.analysis.cached(app.reader.summary_choice.request(article)) is None


def dated_rows(dates: list[str], folder: str) -> list[str]:
    return [
        pack(Entry(f"{folder}/{n}.txt", 0, f"{folder} {n}", key=f"{folder}{n}".ljust(16), date=d))
        for n, d in enumerate(dates)
    ]


async def test_batches_streaming_in_keep_the_order_and_the_highlight(build_app, corpus):
    """Each batch is merged into the order (newest first), whether all rows are shown or a
    filter shows some; the highlighted entry stays highlighted wherever it moves."""
    app = build_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        articles = app.query_one(ArticleList)
        articles.add_entries(dated_rows(["2026-01-05", "2026-01-01", "2026-01-09"], "a"))
        articles.highlight(articles.shown.index(next(r for r in articles.shown if "a/1." in r)))
        articles.add_entries(dated_rows(["2026-01-03", "2026-02-01", "2025-12-31"], "b"))
        assert articles.current is not None and articles.current.file == "a/1.txt"
        dates = [entry.date for entry in articles.shown_entries()]
        assert dates == sorted(dates, reverse=True)
        assert articles.shown is articles.entries  # all shown: one list, not two
        articles.filter("b ")
        articles.add_entries(dated_rows(["2026-03-01", "2024-01-01"], "c"))
        articles.add_entries(dated_rows(["2026-01-04"], "b"))
        titles = [entry.title for entry in articles.shown_entries()]
        assert titles == ["b 1", "b 0", "b 0", "b 2"]  # the second "b 0" is 2026-01-04's
        dates = [unpack(row).date for row in articles.entries]
        assert dates == sorted(dates, reverse=True)
        assert articles.shown is not articles.entries
        articles.filter("")
        assert articles.shown is articles.entries


async def test_files_of_one_date_are_listed_in_path_order(build_app, tmp_path):
    """Rows sort as plain strings (no sort key a row): among equal dates the listing's
    order stays (paths in order), across batches, and after a sort by title and back."""
    names = [f"{n:03d}.txt" for n in range(FIRST_BATCH + 6)]
    for number, name in enumerate(reversed(names)):  # keys in no order of the names
        (tmp_path / name).write_text(f"Report {number}\n\nText {number * 7919 % 1000}.")
        os.utime(tmp_path / name, (1_900_000_000, 1_900_000_000))
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        articles = app.query_one(ArticleList)
        assert [Path(entry.file).name for entry in articles.shown_entries()] == names
        articles.set_sort("title")
        articles.set_sort("date")
        assert [Path(entry.file).name for entry in articles.shown_entries()] == names
