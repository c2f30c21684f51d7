"""Full-text search: the index the scanner builds, the query rules, and the search in the app."""

from __future__ import annotations

import pytest

from tests.helpers import settle
from tui.core.model import Article
from tui.core.storage.search import SearchIndex, fts_query, match_spans, rowid
from tui.core.workers.scanner import StoreFiles, ThreadScanner
from tui.ui.widgets.article_list import ArticleList
from tui.ui.widgets.side_panels import EntityList


def article(title: str, text: str) -> Article:
    return Article(path=f"{title}.txt", title=title, text=text)


def test_what_the_reader_types_is_never_fts_syntax():
    assert fts_query('ferry "AND NEAR(x y) tim*') == '"ferry" "and" "near" "x" "y" "tim"*'
    assert fts_query("  ...  ") == ""


def test_matches_are_whole_words_and_the_last_a_prefix():
    text = "The ferry timetable: ferries and a Ferry-boat. Timetables too."
    assert [text[a:b] for a, b in match_spans(text, "ferry time")] == [
        "ferry",
        "timetable",
        "Ferry",
        "Timetables",
    ]


def test_the_index_ranks_and_knows_what_it_holds(tmp_path):
    index = SearchIndex(tmp_path / "search.sqlite3")
    ferry = article("Ferry", "The harbour council voted on a ferry timetable. Ferry ferry.")
    bank = article("Bank", "The central bank kept rates. A ferry was mentioned once.")
    index.add([bank, ferry])
    assert index.search("ferry") == [rowid(ferry.key), rowid(bank.key)]
    assert index.search("harbour timet") == [rowid(ferry.key)]
    assert index.search('"); DROP TABLE bodies; --') == []
    assert index.missing([ferry.key, "f" * 16]) == ["f" * 16]


async def test_the_scanner_indexes_after_listing_and_only_once(tmp_path, corpus):
    files = StoreFiles(str(tmp_path / "index.sqlite3"), str(tmp_path / "search.sqlite3"))

    async def kinds() -> list[str]:
        listing = ThreadScanner().start([str(corpus)], files, 5_000_000)
        seen = [type(message).__name__ async for message in listing.messages()]
        listing.stop()
        return seen

    assert await kinds() == ["Entries", "Listed", "Indexing"]
    assert await kinds() == ["Entries", "Listed"]  # nothing left to index
    assert len(SearchIndex(tmp_path / "search.sqlite3").search("ferry")) == 1


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
async def test_F_searches_every_text_and_dot_jumps_between_matches(build_app, corpus, size):
    app = build_app(corpus)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        articles = app.query_one(ArticleList)
        await pilot.press("F", *"commuters", "enter")
        await settle(pilot)
        [found] = articles.shown_entries()
        assert found.title == "Harbour council approves new ferry timetable"
        assert articles.border_title == "Search: commuters"
        assert app.reader.body.article.title == found.title
        assert [app.reader.body.article.text[a:b] for a, b in app.reader.body.mention_spans] == [
            "commuters"
        ]
        await pilot.press("F", *"the", "enter")
        await settle(pilot)
        assert len(articles.shown) == 3
        spans = app.reader.body.mention_spans
        assert len(spans) > 1
        await pilot.press("full_stop")
        assert app.reader.body.current_mention == 1
        await pilot.press("comma", "comma")
        assert app.reader.body.current_mention == len(spans) - 1
        await pilot.press("escape")
        await settle(pilot)
        assert articles.border_title == "Articles"
        assert app.reader.body.mention_spans == []


async def test_a_search_without_results_says_so(build_app, corpus):
    app = build_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("F", *"zebra", "enter")
        await settle(pilot)
        assert app.query_one(ArticleList).shown == []
        assert any("Nothing found: Search: zebra" in str(n.message) for n in app._notifications)
        assert app.is_running


async def test_a_names_articles_and_related_articles(build_app, corpus):
    """From the sidebar: every article naming the person; then those sharing this one's names."""
    (corpus / "lopes.txt").write_text(
        "Lopes returns\n\nMayor Ana Lopes opened the new terminal. The Port Authority paid for it."
    )
    app = build_app(corpus)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        articles = app.query_one(ArticleList)
        ferry = next(i for i, e in enumerate(articles.shown_entries()) if "ferry" in e.title)
        articles.highlight(ferry)
        await settle(pilot)
        entities = app.query_one(EntityList)
        entities.focus()
        entities.highlighted = next(
            i for i, o in enumerate(entities.options) if o.id == "PERSON:Ana Lopes"
        )
        await pilot.press("a")
        await settle(pilot)
        assert articles.border_title == "Mentioning: Ana Lopes"
        assert sorted(e.title for e in articles.shown_entries()) == [
            "Harbour council approves new ferry timetable",
            "Lopes returns",
        ]
        spans = app.reader.body.mention_spans
        assert {app.reader.body.article.text[a:b] for a, b in spans} <= {"Ana Lopes", "Lopes"}
        await pilot.press("escape")
        await settle(pilot)
        articles.highlight(
            next(i for i, e in enumerate(articles.shown_entries()) if "ferry" in e.title)
        )
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        assert [e.title for e in articles.shown_entries()] == ["Lopes returns"]


async def test_a_query_in_the_list_title_is_text_not_markup(build_app, corpus):
    app = build_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        articles = app.query_one(ArticleList)
        await pilot.press("F", *"[red]x[/red] [@click=app.quit]q[/]", "enter")
        await settle(pilot)
        title = articles._border_title.plain
        assert title == "Search: [red]x[/red] [@click=app.quit]q[/]"
        assert app.is_running
