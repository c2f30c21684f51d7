"""Read state and stars: saved by content, across restarts, shown and filtered in the list."""

from __future__ import annotations

from tests.helpers import settle, wait_for
from tui.core.config import Config
from tui.core.storage.state import ReadingState
from tui.ui.widgets.article_list import ArticleList


def list_text(app) -> str:
    articles = app.query_one(ArticleList)
    return "\n".join(articles.render_line(y).text for y in range(articles.size.height))


def test_state_is_saved_by_key_and_survives_a_new_instance(tmp_path):
    state = ReadingState(tmp_path / "state.sqlite3")
    state.set_read("a" * 16, True)
    state.set_starred("b" * 16, True)
    state.set_read("c" * 16, True)
    state.set_read("c" * 16, False)
    state.close()
    assert ReadingState(tmp_path / "state.sqlite3").load() == ({"a" * 16}, {"b" * 16})


def test_a_damaged_state_file_is_set_aside_with_a_notice(tmp_path):
    path = tmp_path / "state.sqlite3"
    path.write_bytes(b"garbage" * 300)
    state = ReadingState(path)
    assert state.load() == (set(), set())
    assert state.notice is not None and "reading state was damaged" in state.notice
    state.set_read("a" * 16, True)
    assert state.load() == ({"a" * 16}, set())


async def test_with_mark_read_seconds_an_article_on_screen_for_a_moment_becomes_read(
    build_app, corpus
):
    """One left at once stays unread; one that stays on screen becomes read."""
    app = build_app(corpus, config=Config(mark_read="seconds", read_after_seconds=3600))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        articles = app.query_one(ArticleList)
        first = articles.current
        assert articles.border_subtitle == "3 unread · 3"
        app.reader.read_after = 0.3
        await pilot.press("j")
        await settle(pilot)
        await wait_for(pilot, lambda: articles.border_subtitle == "2 unread · 3")
        assert app.reader.body.article.key in articles.read
        assert first.key not in articles.read


async def test_m_star_and_v_mark_and_filter_and_survive_a_restart(build_app, corpus):
    app = build_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        articles = app.query_one(ArticleList)
        await pilot.press("m")  # first article read
        await pilot.press("j", "asterisk")  # second starred
        await settle(pilot)
        assert articles.border_subtitle == "2 unread · 3"
        assert "★" in list_text(app)
        await pilot.press("v")  # unread only
        await pilot.pause()
        assert len(articles.shown) == 2
        assert articles.border_title == "Articles · unread"
        await pilot.press("v")  # starred only
        await pilot.pause()
        [starred] = articles.shown_entries()
        await pilot.press("v")
        await pilot.pause()
        assert len(articles.shown) == 3
    again = build_app(corpus)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        articles = again.query_one(ArticleList)
        assert articles.border_subtitle == "2 unread · 3"
        assert articles.starred == {starred.key}


async def test_a_renamed_file_keeps_its_state(build_app, corpus):
    app = build_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j", "asterisk")
        await settle(pilot)
        moved = app.reader.body.article
    source = next(p for p in corpus.iterdir() if p.name in moved.path)
    source.rename(corpus / "renamed.txt")
    again = build_app(corpus)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        articles = again.query_one(ArticleList)
        renamed = next(e for e in articles.shown_entries() if e.path.endswith("renamed.txt"))
        assert renamed.key in articles.starred


async def test_m_on_a_broken_entry_does_nothing(build_app, tmp_path):
    (tmp_path / "broken.json").write_text("{nope")
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("m", "asterisk")
        await settle(pilot)
        articles = app.query_one(ArticleList)
        assert (articles.read, articles.starred) == (set(), set())
        assert app.is_running
