"""Copying (OSC 52), opening and exporting: what reaches the clipboard, the browser and files."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.helpers import settle
from tui.cli import main
from tui.core.export import export_path, to_markdown, web_url, write_atomically
from tui.core.ingest.formats import load_path
from tui.core.model import AnalysisRequest
from tui.ui.widgets.article_list import ArticleList

URL = "https://example.org/news/ferry?id=1&x=[red]y[/]"


def ferry_json(folder):
    path = folder / "ferry.json"
    path.write_text(
        json.dumps(
            {
                "title": "Harbour council approves new ferry timetable",
                "url": URL,
                "source": "Harbour Post",
                "published": "2026-11-27T09:00:00Z",
                "text": "The Harbour Council voted on Tuesday to approve a new ferry timetable. "
                "Mayor Ana Lopes said the change would cut waiting times. "
                "Lopes added that the Port Authority had agreed to fund two extra crossings.",
            }
        )
    )
    return path


def test_markdown_has_title_source_link_summary_and_names(analyzer, tmp_path):
    [article] = load_path(ferry_json(tmp_path))
    analysis = analyzer.analyse(AnalysisRequest(article.text, article.digest, "NewsRank", 2))
    markdown = to_markdown(article, analysis)
    assert markdown.startswith("# Harbour council approves new ferry timetable\n")
    assert f"Harbour Post · 2026-11-27 · <{URL}>" in markdown
    assert "## Summary (NewsRank, 2 sentences)" in markdown
    assert "- Ana Lopes (2 mentions; also Lopes)" in markdown
    assert "## Organisations" in markdown


def test_only_web_addresses_are_links(tmp_path):
    [article] = load_path(ferry_json(tmp_path))
    assert web_url(article) == URL
    for bad in ("javascript:alert(1)", "file:///etc/passwd", "ftp://x", ""):
        assert web_url(article.__class__(path="p", title="t", text="x", url=bad)) is None


def test_exports_are_written_whole_with_a_readable_name(tmp_path):
    [article] = load_path(ferry_json(tmp_path))
    path = export_path(tmp_path / "exports", article)
    assert path.name.startswith("harbour-council-approves-new-ferry-timetable-")
    write_atomically(path, "# one\n")
    write_atomically(path, "# two\n")
    assert path.read_text() == "# two\n"
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary files left


async def test_c_C_u_copy_and_e_exports(build_app, tmp_path, monkeypatch):
    ferry_json(tmp_path)
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        assert app.clipboard.startswith("• The Harbour Council voted on Tuesday")
        await pilot.press("C")
        assert app.clipboard.startswith("Harbour council approves new ferry timetable\n\nThe")
        await pilot.press("u")
        assert app.clipboard == URL
        await pilot.press("e")
        await settle(pilot)
        assert app.clipboard.startswith("# Harbour council approves")
        [saved] = Path(os.environ["XDG_DATA_HOME"]).glob("nutgraf/exports/*.md")
        assert saved.read_text() == app.clipboard


async def test_o_opens_locally_and_copies_over_ssh(build_app, tmp_path, monkeypatch):
    ferry_json(tmp_path)
    app = build_app(tmp_path)
    opened: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
    monkeypatch.delenv("SSH_CONNECTION", raising=False)
    monkeypatch.delenv("SSH_TTY", raising=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        assert opened == [URL]
        monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 5000 10.0.0.2 22")
        await pilot.press("o")
        assert opened == [URL]
        assert app.clipboard == URL


async def test_the_url_is_a_link_shown_literally(build_app, tmp_path):
    ferry_json(tmp_path)
    app = build_app(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        body = app.reader.body
        row = body.lines.index(URL)  # "[red]" is text, not markup
        strip = body.render_line(row - round(body.scroll_y))
        assert strip.text.strip() == URL
        assert any(segment.style and segment.style.link == URL for segment in strip)


async def test_without_a_url_or_summary_the_keys_say_so(build_app, corpus):
    app = build_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.query_one(ArticleList).focus()
        await pilot.press("u", "o")
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
        assert "This article has no URL" in messages
        assert "This article has no web address" in messages
        assert app.clipboard == ""


def test_summarize_format_markdown(capsys, tmp_path):
    ferry_json(tmp_path)
    assert main(["summarize", "--format", "markdown", "-n", "1", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Harbour council approves new ferry timetable\n")
    assert "## Summary (NewsRank, 1 sentence)" in out
