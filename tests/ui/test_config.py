"""Settings from TOML: what each does in the app, and clear messages for bad ones."""

from __future__ import annotations

from tests.helpers import settle, wait_for
from tui.core.config import THEMES, load_config
from tui.core.nlp.pipeline import estimate_sentences
from tui.ui.keys import ACTIONS
from tui.ui.screens.help import HelpScreen
from tui.ui.widgets.article_list import ArticleList

GOOD = """
[reader]
algorithm = "textrank"
sentences = 4
theme = "light"
paths = ["~/news"]
size_cap_mb = 1
read_after_seconds = 0.5

[keys]
toggle_star = "f"
next_article = "n,ctrl+n"
"""


def test_a_good_file_sets_everything(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    path = tmp_path / "config.toml"
    path.write_text(GOOD)
    config = load_config(path, ACTIONS)
    assert config.problems == []
    assert (config.algorithm, config.sentences, config.theme) == ("TextRank", 4, "light")
    assert config.paths == [str(tmp_path / "news")]
    assert (config.size_cap_mb, config.read_after_seconds) == (1, 0.5)
    assert config.keys == {"toggle_star": "f", "next_article": "n,ctrl+n"}


def test_bad_settings_are_named_with_their_line_and_the_rest_is_kept(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(
        '[reader]\nsentences = 40\ntheme = "blue"\nalgorithm = "TextRank"\ncolour = 1\n'
        '[keys]\nfly = "x"\ntoggle_star = 3\n[extra]\n'
    )
    config = load_config(path, ACTIONS)
    assert config.algorithm == "TextRank"
    assert (config.sentences, config.theme, config.keys) == (3, "dark", {})
    assert config.problems == [
        f"{path} line 2: sentences must be between 1 and 20; using the default",
        f"{path} line 3: theme must be one of dark, light, ansi; using the default",
        f"{path} line 5: unknown setting 'colour' in [reader]",
        f"{path} line 7: [keys] fly: no such action",
        f"{path} line 8: [keys] toggle_star: give keys as a string",
        f"{path} line 9: unknown section [extra]",
    ]


def test_a_file_that_is_not_toml_gives_the_defaults_and_says_where(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("[reader]\nsentences = = 4\n")
    config = load_config(path, ACTIONS)
    assert config.sentences == 3
    [problem] = config.problems
    assert problem.startswith(f"{path}: ") and "line 2" in problem and "defaults" in problem


def test_no_file_is_fine_unless_one_was_named(tmp_path):
    assert load_config(None, ACTIONS).problems == []  # XDG_CONFIG_HOME is empty in tests
    [problem] = load_config(tmp_path / "missing.toml", ACTIONS).problems
    assert "no such file" in problem


async def test_the_app_follows_the_settings(build_app, corpus, tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(GOOD)
    app = build_app(corpus, config=load_config(path, ACTIONS))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "light"
        assert (app.reader.analysis.algorithm, len(app.reader.analysis.summary)) == ("TextRank", 4)
        articles = app.query_one(ArticleList)
        await pilot.press("f")
        await pilot.pause()
        assert len(articles.starred) == 1
        await pilot.press("asterisk")  # no longer bound
        await pilot.pause()
        assert len(articles.starred) == 1
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert articles.highlighted == 1
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert ("f", "Star or unstar the article") in app.screen.rows
        assert ("n ctrl+n", "Next article") in app.screen.rows


async def test_problems_are_shown_and_the_app_starts(build_app, corpus, tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[reader]\ntheme = "blue"\n')
    app = build_app(corpus, config=load_config(path, ACTIONS))
    async with app.run_test(size=(80, 24)) as pilot:
        # On screen, in the notice strip (a toast would be hidden: app.tcss), though sent
        # before the reader was mounted; looked at before the notice's timeout can pass.
        def shown() -> bool:
            screen = [strip.text for strip in app.screen._compositor.render_strips()]
            return any("theme must be one of" in line for line in screen)

        await wait_for(pilot, shown, seconds=10)  # the notice lasts 12 s
        await settle(pilot)
        assert app.theme == "dark"
        assert app.reader.analysis is not None


async def test_T_cycles_the_themes(build_app, corpus):
    app = build_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        seen = [app.theme]
        for _ in range(3):
            await pilot.press("T")
            seen.append(app.theme)
        assert seen == [*THEMES, "dark"]
        await settle(pilot)  # every notice given is kept for the test (conftest.notices_kept)
        assert [str(n.message) for n in app._notifications][-3:] == [
            "Theme: light",
            "Theme: ansi",
            "Theme: dark",
        ]  # the names the settings and the README use


async def test_a_share_of_sentences_and_rebound_pane_keys(build_app, corpus, tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[reader]\nsentences = "20%"\n[keys]\ndown = "ctrl+j"\n')
    config = load_config(path, ACTIONS)
    assert (config.problems, config.sentence_share) == ([], 0.2)
    app = build_app(corpus, config=config)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        seed = app.reader.body.article
        estimate = estimate_sentences(seed.text)
        assert estimate > 10
        assert len(app.reader.analysis.summary) == round(0.2 * estimate)
        articles = app.query_one(ArticleList)
        await pilot.press("ctrl+j")
        await settle(pilot)
        assert articles.highlighted == 1
        await pilot.press("j")  # no longer bound in the panes
        await settle(pilot)
        assert articles.highlighted == 1
        await pilot.press("question_mark")
        await pilot.pause()
        assert ("ctrl+j  k", "Move in the focused pane") in app.screen.rows


def test_a_bad_share_is_named(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[reader]\nsentences = "lots"\n')
    config = load_config(path, ACTIONS)
    assert config.sentence_share is None
    assert config.problems == [
        f'{path} line 2: sentences must be a count from 1 to 20 or a share such as "20%";'
        " using the default"
    ]
