"""The reader survives anything a news folder can hold, and shows nothing unsafe."""

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from tests.bad_inputs import MARKUP, SLOW, UNSAFE, write_bad_inputs
from tests.helpers import settle, shows_current, wait_for
from tui.core.ingest import formats
from tui.core.ingest.formats import load_all, load_path
from tui.core.model import AnalysisRequest
from tui.core.sanitize import clean_line
from tui.ui.widgets.article_list import ArticleList
from tui.ui.widgets.article_view import ArticleView
from tui.ui.widgets.side_panels import EntityList, SummaryList


@pytest.fixture
def bad_folder(tmp_path: Path) -> Path:
    return write_bad_inputs(tmp_path / "bad")


def screen_text(app) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def assert_safe(app, where: str) -> None:
    for number, line in enumerate(screen_text(app)):
        assert not UNSAFE.search(line), f"{where}: unsafe character on screen line {number}"


def test_every_bad_file_loads_as_an_entry_with_text_or_a_reason(bad_folder):
    articles = {Path(a.path).name: a for a in load_all([bad_folder])}
    reasons = {name: a.error for name, a in articles.items() if a.error}
    assert reasons == {
        "empty.txt": "empty",
        "whitespace.txt": "empty",
        "image.txt": "binary file (NUL bytes)",
        "nul.txt": "binary file (NUL bytes)",
        "broken_link.txt": "file not found",
        "loop_a.txt": "Too many levels of symbolic links",
        "loop_b.txt": "Too many levels of symbolic links",
    }
    for article in articles.values():
        assert not UNSAFE.search(article.title + article.text)
    assert articles["cp1252.txt"].title == "Café résumé — “quotes”"
    assert articles["latin1.txt"].text == "Café"
    assert articles["utf8_bom.txt"].title == "BOM headline"
    assert articles["utf16le_bom.txt"].title == "UTF-16 headline"
    assert articles["cr_only.txt"].title == "Old Mac headline"
    assert articles["cr_only.txt"].text.endswith("\nLast line.")
    assert articles["crlf.txt"].text.count("\n") == 1
    assert articles["invisible.txt"].title == "invoicefdp.exe ab tag softhyphen"
    assert articles["escapes_title.txt"].title == "Breaking]0;PWNED[2J]52;c;ZXZpbA=="


def test_unreadable_file_is_an_entry(tmp_path, monkeypatch):
    # Root reads mode-000 files, so the permission error is simulated.
    path = tmp_path / "secret.txt"
    path.write_text("text")

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(formats.os, "open", denied)
    [article] = load_path(path)
    assert article.error == "permission denied"


async def test_the_app_shows_every_bad_file_safely(build_app, bad_folder):
    app = build_app(bad_folder)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        articles = app.query_one(ArticleList)
        shown = articles.shown_entries()
        assert len(shown) == len(list(bad_folder.iterdir()))
        for index, article in enumerate(shown):
            articles.highlight(index)
            name = Path(article.path).name
            if name in SLOW:
                await pilot.pause(0.2)
            else:
                await settle(pilot)
            assert shows_current(app), name
            assert_safe(app, name)
            text = "\n".join(screen_text(app))
            if article.error:
                assert article.error in text, name
            elif name not in SLOW:
                assert app.reader.analysis is not None, name
            if name.startswith("markup_"):
                markup = MARKUP[int(name[7])]
                assert f"{markup} in the body." in text  # literally, in the text
                assert article.title == f"{markup} title"
                assert f"{markup} title" in text  # the list cuts it; the text's heading not
        assert app.is_running


async def test_markup_in_bodies_summaries_and_names_is_literal(build_app, tmp_path):
    names = "[bold]Ana[/bold] Lopes"
    (tmp_path / "a.txt").write_text(
        f"[red on red]secret[/] headline\n\nMayor {names} said [@click=app.quit]quit[/] today. "
        "The council met. The budget passed. Schools gain."
    )
    app = build_app(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        text = "\n".join(screen_text(app))
        assert "[red on red]secret[/] headline" in text
        assert "[@click=app.quit]quit[/]" in text
        summary = app.query_one(SummaryList)
        assert any(
            "[@click=app.quit]" in str(summary.get_option_at_index(i).prompt)
            for i in range(summary.option_count)
        )
        await pilot.click(SummaryList)
        assert app.is_running
        assert app.query_one(EntityList).option_count >= 2


async def test_moving_through_fifty_articles_quickly_keeps_results_right(
    build_app, tmp_path, analyzer
):
    for i in range(50):
        path = tmp_path / f"{i:02}.txt"
        path.write_text(
            f"Story {i}\n\nMayor Ana Lopes{i} met council member Bo Chan{i} on Monday. "
            f"They discussed budget item {i}. Lopes{i} said the vote is next week."
        )
        # One date for all, so the list is in path order: written across a second's
        # turn, the later files came first and "Story 49" was not last.
        os.utime(path, (1_900_000_000, 1_900_000_000))
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        # Every article listed and the first one shown before the first press (under load
        # the presses could otherwise start while the list was still being filled).
        await wait_for(
            pilot, lambda: app.reader.loaded.is_set() and len(app.reader.articles.entries) == 50
        )
        await app.workers.wait_for_complete()
        for _ in range(49):
            await pilot.press("n")
        await settle(pilot)
        last = app.query_one(ArticleView).article
        assert shows_current(app)
        assert last is not None and last.title == "Story 49"
        expected = analyzer.analyse(AnalysisRequest(last.text, last.digest, "NewsRank", 3))
        assert app.reader.analysis == expected


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=0, max_size=400))
def test_any_text_loads_summarises_and_renders_without_control_characters(
    analyzer, tmp_path_factory, text
):
    folder = tmp_path_factory.mktemp("prop")
    path = folder / "any.txt"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    for article in load_path(path):
        analysis = analyzer.analyse(AnalysisRequest(article.text, article.digest, "NewsRank", 2))
        pieces = [article.title, article.text, clean_line(article.path)]
        pieces += [article.text[a:b] for a, b in analysis.summary_spans()]
        pieces += [e.name for e in analysis.people + analysis.organisations]
        console = Console(width=60, color_system=None, force_terminal=True, record=True)
        for piece in pieces:
            console.print(Text(piece))
        assert not UNSAFE.search(console.export_text())


async def test_a_file_deleted_or_changed_while_shown_changes_nothing_on_screen(build_app, corpus):
    app = build_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        body = app.query_one(ArticleView)
        shown = body.article
        assert shown is not None
        Path(shown.path).unlink()
        (corpus / "ferry.txt").write_text("Rewritten\n\nSomething else entirely.")
        await pilot.press("n", "p")
        await settle(pilot)
        assert body.article is shown
        assert app.reader.analysis is not None
        first = next(line for line in body.lines if line)
        assert shown.text.startswith(first)
        assert_safe(app, "after deletion")
        assert app.is_running
