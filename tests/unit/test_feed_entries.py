"""Every entry feedparser gives is kept under its feed (feeds2): identity by GUID, else
link, else title, text and date; a repeated GUID counted, never silent; a changed item
updated in place with its read mark kept unless the text changed substantially; titles
and texts without HTML tags; an HTML page named as such; the last warning kept. Every
server here is on 127.0.0.1.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.feed_server import PAGE, Site, refreshed
from tui.cli import main
from tui.core.feeds.parse import parse_feed, plain_line, plain_text
from tui.core.model import Subscription, content_key, item_key
from tui.core.storage.feed_versions import similar
from tui.core.storage.feeds import FeedStore
from tui.core.storage.state import ReadingState


def feed(items: str, title: str = "Feed") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title>{items}</channel></rss>"
    ).encode()


def item(guid: str = "", link: str = "", title: str = "", text: str = "", date: str = "") -> str:
    parts = [
        f"<guid>{guid}</guid>" if guid else "",
        f"<link>{link}</link>" if link else "",
        f"<title>{title}</title>" if title else "",
        f"<description>{text}</description>" if text else "",
        f"<pubDate>{date}</pubDate>" if date else "",
    ]
    return f"<item>{''.join(parts)}</item>"


# 1. No entry silently dropped


def test_items_that_share_their_text_are_each_stored(home: Site, store: FeedStore):
    url = f"{home.base}/feed"
    same = "Same title", "Same text of the story."
    home.add(
        "/feed",
        feed(
            item(guid="a", title=same[0], text=same[1])
            + item(guid="b", title=same[0], text=same[1])
            + item(link="/c", title=same[0], text=same[1])
            + item(title="One title", text="A body both share.")
            + item(title="Another title", text="A body both share.")
            + item(title="Dated", text="Same.", date="Tue, 10 Jun 2003 04:00:00 GMT")
            + item(title="Dated", text="Same.", date="Wed, 11 Jun 2003 04:00:00 GMT")
        ),
    )
    store.subscribe([Subscription(url)])
    assert refreshed(store)[url].new_items == 7
    titles = sorted(i.title for i in store.items())
    assert titles == ["Another title", "Dated", "Dated", "One title"] + [same[0]] * 3
    assert refreshed(store)[url].new_items == 0  # known again by the same identities
    assert len(store.items()) == 7


def test_a_repeated_guid_keeps_the_first_and_is_counted(home: Site, capsys):
    url = f"{home.base}/feed"
    home.add(
        "/feed",
        feed(
            item(guid="x", title="First", text="First text.")
            + item(guid="x", title="Second", text="Second text.")
            + item(guid="y", title="Other", text="Other text.")
        ),
    )
    assert main(["add", "--full-text", "never", url]) == 0
    assert main(["refresh"]) == 0
    assert "2 new, 1 entry with a repeated id skipped" in capsys.readouterr().out
    assert main(["feeds"]) == 0
    assert "2 items, 1 entry with a repeated id skipped" in capsys.readouterr().out
    titles = [i.title for i in FeedStore().items()]
    assert sorted(titles) == ["First", "Other"]


OLD_ITEMS = (
    "CREATE TABLE feeds (url TEXT PRIMARY KEY, title TEXT NOT NULL DEFAULT '',"
    " etag TEXT, last_modified TEXT, error TEXT, checked REAL,"
    " full_text TEXT NOT NULL DEFAULT 'auto', skipped INTEGER NOT NULL DEFAULT 0,"
    " custom_title TEXT NOT NULL DEFAULT '', folder TEXT NOT NULL DEFAULT '',"
    " tags TEXT NOT NULL DEFAULT '[]', pruned INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE feed_items (identity TEXT PRIMARY KEY, feed TEXT NOT NULL,"
    " guid TEXT, link TEXT, title TEXT, published TEXT, text TEXT, hash TEXT, added REAL,"
    " note TEXT NOT NULL DEFAULT '', UNIQUE (feed, hash));"
    "CREATE TABLE feed_gone (identity TEXT PRIMARY KEY, feed TEXT NOT NULL,"
    " hash TEXT, gone REAL);"
    "CREATE TABLE articles (key TEXT PRIMARY KEY, read INTEGER NOT NULL DEFAULT 0,"
    " starred INTEGER NOT NULL DEFAULT 0, changed REAL);"
)


def test_a_store_with_unique_content_is_migrated_keeping_items_and_marks(home: Site, tmp_path):
    url = f"{home.base}/feed"
    old_feed = feed(
        item(guid="g1", title="Story", text="The story text.")
        + item(title="Untitled", text="A text with no id.")
    )
    home.add("/feed", old_feed)
    path = tmp_path / "state.sqlite3"
    # The store as the previous version wrote it: the same items, from the same parser.
    parsed = parse_feed(old_feed, url)
    old = sqlite3.connect(path)
    old.executescript(OLD_ITEMS)
    old.execute("INSERT INTO feeds (url, title) VALUES (?, 'Feed')", (url,))
    for number, entry in enumerate(parsed.items):
        from tui.core.model import item_identity

        basis = entry.guid or entry.link or entry.text  # the old identity
        old.execute(
            "INSERT INTO feed_items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '')",
            (item_identity(url, basis), url, entry.guid, entry.link, entry.title,
             entry.published, entry.text, f"h{number}", float(number)),
        )  # fmt: skip
    read_key = content_key("The story text.")
    old.execute("INSERT INTO articles VALUES (?, 1, 1, 0)", (read_key,))
    old.commit()
    old.close()

    store = FeedStore(path)
    assert store.notice is None  # migrated, not moved aside
    assert sorted(i.title for i in store.items()) == ["Story", "Untitled"]
    assert ReadingState(path).load() == ({read_key}, {read_key})
    # The same items are known: nothing new, nothing updated.
    outcome = refreshed(store)[url]
    assert (outcome.new_items, outcome.updated) == (0, 0)
    # And two items with the same content can now be stored.
    home.add("/feed", old_feed.replace(b"</channel>", item(guid="g2", title="Story",
             text="The story text.").encode() + b"</channel>"))  # fmt: skip
    assert refreshed(store)[url].new_items == 1
    assert len(store.items()) == 3
    store.close()
    schema = (
        sqlite3.connect(path)
        .execute("SELECT sql FROM sqlite_master WHERE name = 'feed_items'")
        .fetchone()[0]
    )
    assert "UNIQUE" not in schema


# 2. A changed item is updated


def test_a_corrected_item_is_updated_and_stays_read(home: Site, store: FeedStore, capsys):
    url = f"{home.base}/feed"
    story = " ".join(f"word{n}" for n in range(40))
    home.add("/feed", feed(item(guid="u1", title="Original headline", text=story)
                           + item(guid="u2", title="Kept", text="Kept text.")))  # fmt: skip
    store.subscribe([Subscription(url)], full_text="never")
    assert refreshed(store)[url].new_items == 2
    state = ReadingState(store.path)
    state.set_read(item_key("Original headline", story), True)  # read, as the reader keys it
    corrected = story.replace("word7", "word7,")  # one word of forty changed
    home.add("/feed", feed(item(guid="u1", title="Corrected headline", text=corrected)
                           + item(guid="u2", title="Kept", text="Kept text.")))  # fmt: skip
    outcome = refreshed(store)[url]
    assert (outcome.new_items, outcome.updated) == (0, 1)
    [updated] = [i for i in store.items() if i.title.endswith("headline")]
    assert (updated.title, updated.text) == ("Corrected headline", corrected)
    read, _ = state.load()
    assert item_key("Corrected headline", corrected) in read  # title and text corrected
    # Rewritten: the same GUID, another story: unread again.
    home.add("/feed", feed(item(guid="u1", title="New story", text="Something else entirely.")
                           + item(guid="u2", title="Kept", text="Kept text.")))  # fmt: skip
    assert refreshed(store)[url].updated == 1
    read, _ = state.load()
    assert item_key("New story", "Something else entirely.") not in read
    assert refreshed(store)[url].updated == 0  # the same version again: nothing to update
    state.close()


def test_a_teaser_keeps_its_page_text_and_gets_the_page_again_when_it_changes(
    home: Site, store: FeedStore
):
    url, page = f"{home.base}/feed", f"{home.base}/page/ferry"
    home.add("/page/ferry", PAGE, Content_Type="text/html")
    home.add("/feed", feed(item(guid="t", link=page, title="Ferry", text="Read more.")))
    store.subscribe([Subscription(url)])  # auto: a teaser's page is fetched
    assert refreshed(store)[url].new_items == 1
    [stored] = store.items()
    assert "Paragraph 11" in stored.text and home.hits.count("/page/ferry") == 1
    # The same teaser again: the page's text stays, no page is fetched, nothing updated.
    assert refreshed(store)[url].updated == 0
    assert "Paragraph 11" in store.items()[0].text and home.hits.count("/page/ferry") == 1
    # Stored before versions were kept: the feed's version is adopted, the page text kept.
    store.connection.execute("UPDATE feed_items SET version = NULL")
    store.connection.commit()
    assert refreshed(store)[url].updated == 0
    assert "Paragraph 11" in store.items()[0].text and home.hits.count("/page/ferry") == 1
    # The teaser changed: updated, with its page fetched again.
    home.add("/feed", feed(item(guid="t", link=page, title="Ferry, later", text="More soon.")))
    assert refreshed(store)[url].updated == 1
    [stored] = store.items()
    assert stored.title == "Ferry, later" and "Paragraph 11" in stored.text
    assert home.hits.count("/page/ferry") == 2


def test_the_refresh_line_says_how_many_were_updated(home: Site, capsys):
    url = f"{home.base}/feed"
    home.add("/feed", feed(item(guid="a", title="A", text="Alpha.")
                           + item(guid="b", title="B", text="Beta.")))  # fmt: skip
    assert main(["add", "--full-text", "never", url]) == 0
    assert main(["refresh"]) == 0
    home.add("/feed", feed(item(guid="a", title="A2", text="Alpha.")
                           + item(guid="b", title="B", text="Beta, corrected.")))  # fmt: skip
    capsys.readouterr()
    assert main(["refresh"]) == 0
    assert ": 0 new, 2 updated" in capsys.readouterr().out


def test_similar_is_about_words_kept():
    text = " ".join(f"w{n}" for n in range(20))
    assert similar(text, text.replace("w3", "w3x"))
    assert not similar(text, "a different story altogether")
    assert similar("", "")
    assert not similar("", "new")


# 4. No HTML tag shown


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ('<img src="x.png"/>', ""),
        ("<br>", ""),
        ("<p></p>", ""),
        ("<![CDATA[ <p></p> ]]>", ""),
        ("Line<br>break", "Line break"),
        ("x<y and y>z", "x<y and y>z"),
        ("3 < 4 and a <tag> word", "3 < 4 and a <tag> word"),
        ("History of the <blink> tag", "History of the <blink> tag"),  # not an element now
    ],
)
def test_plain_values_lose_the_tags_of_html_elements(title, shown):
    assert plain_line(title, "text/plain") == shown


def test_html_values_cdata_markers_and_a_lone_bang():
    assert plain_line("<![CDATA[ <p></p> ]]>", "text/html") == ""
    assert plain_line("<![CDATA[<b>Bold</b> text]]> after", "text/html") == "after"
    assert plain_text('<!\' <a href="foo">', "text/html") == "<!'"


def test_a_markup_only_title_is_derived_from_the_text():
    data = feed(
        item(guid="1", title="&lt;img src=&quot;x.png&quot;/&gt;", text="The text. More.")
        + item(guid="2", title="&lt;![CDATA[ &lt;p&gt;&lt;/p&gt; ]]&gt;", text="Second one.")
        + item(guid="3", title="]]&gt;", link="http://127.0.0.1:9/only")
    )
    items = parse_feed(data, "http://127.0.0.1:9/feed").items
    assert [i.title for i in items][:2] == ["The text.", "Second one."]
    assert all("<" not in i.title and "]]>" not in i.title for i in items)


# 6. An HTML page is not a feed; 7. the last warning is kept


HOME_PAGE = b"<!DOCTYPE html><html><head><title>Home</title></head><body><p>Hi</p></body></html>"


@pytest.mark.parametrize("content_type", ["text/html; charset=utf-8", "text/plain"])
def test_an_html_page_is_not_a_feed(home: Site, capsys, content_type):
    url = f"{home.base}/page"
    home.add("/page", HOME_PAGE, Content_Type=content_type)
    assert main(["add", url]) == 0
    assert main(["refresh"]) == 1
    assert f"{url}: not a feed (an HTML page)" in capsys.readouterr().out
    assert main(["feeds"]) == 0
    assert "last refresh: not a feed (an HTML page)" in capsys.readouterr().out


def test_feeds_shows_the_last_refreshs_warning(home: Site, capsys):
    url = f"{home.base}/feed"
    home.add("/feed", feed(item(guid="a", title="A", text="Alpha.")).replace(b"</rss>", b""))
    assert main(["add", url]) == 0
    assert main(["refresh"]) == 0
    assert "read as far as possible" in capsys.readouterr().out
    assert main(["feeds"]) == 0
    line = capsys.readouterr().out
    assert "1 item, last refresh warned: the feed is not well-formed XML" in line
    home.add("/feed", feed(item(guid="a", title="A", text="Alpha.")))
    assert main(["refresh"]) == 0
    capsys.readouterr()
    assert main(["feeds"]) == 0
    assert "warned" not in capsys.readouterr().out  # the next clean refresh clears it


# 3. The corpus tool's reference side is its own


def test_the_corpus_reference_is_made_plain_without_nutgrafs_code():
    import ast

    import tui.evaluate.feedparser_corpus as tool

    tree = ast.parse(Path(tool.__file__).read_text())
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not {name for name in imported if name and name.startswith("tui.core")}
    html = "<p>Rain &amp; wind</p><script>x()</script><p>Tides\n  high</p>"
    assert tool.reference_text(html, "text/html") == "Rain & wind Tides high"
    assert tool.reference_text("x<y and y>z", "text/plain") == "x<y and y>z"
    assert tool.reference_text("un<b>bold</b>ed", "text/html") == "unbolded"


def test_the_readers_refresh_notice_says_how_many_were_updated():
    from tui.core.workers.refresh import Refresh
    from tui.ui.controllers.sources import refresh_notice

    done = Refresh()
    done.new_items, done.updated = 3, 2
    assert refresh_notice(done, {}, auto=False) == "3 new items, 2 updated"


def test_the_warning_stays_while_the_feed_is_unchanged(store: FeedStore):
    url = "http://127.0.0.1:9/feed"
    store.subscribe([Subscription(url)])
    store.record(url, items=[], warning="the feed is malformed; read as far as possible")
    store.record(url)  # a 304: the same document, the same warning
    assert store.states()[0].warning == "the feed is malformed; read as far as possible"
    store.record(url, items=[], warning="")  # read cleanly
    assert store.states()[0].warning is None


def test_a_headline_corrected_alone_keeps_the_read_mark_and_the_star(home: Site, store: FeedStore):
    """Feed items are keyed by title with text: a new title is a new key, and the marks
    follow it (the text is the same, so nothing was rewritten)."""
    url = f"{home.base}/feed"
    home.add("/feed", feed(item(guid="h1", title="Ferry timetabel", text="The ferry runs.")))
    store.subscribe([Subscription(url)], full_text="never")
    refreshed(store)
    state = ReadingState(store.path)
    state.set_read(item_key("Ferry timetabel", "The ferry runs."), True)
    state.set_starred(item_key("Ferry timetabel", "The ferry runs."), True)
    home.add("/feed", feed(item(guid="h1", title="Ferry timetable", text="The ferry runs.")))
    assert refreshed(store)[url].updated == 1
    read, starred = state.load()
    assert item_key("Ferry timetable", "The ferry runs.") in read & starred
    state.close()


async def test_a_refresh_that_fails_leaves_its_words_and_status_in_the_log(monkeypatch):
    """The reader says "The refresh failed; see the log": the log must then say why."""
    import sys

    from tui.core.logs import log_path, setup_logging
    from tui.core.workers import refresh

    setup_logging()  # as the reader has
    failing = "import sys; print('the refresh broke', file=sys.stderr); sys.exit(3)"
    monkeypatch.setattr(refresh, "nutgraf_command", lambda *args: [sys.executable, "-c", failing])
    done = refresh.Refresh()
    assert [step async for step in done.steps()] == []
    assert done.crashed
    logged = log_path().read_text()
    assert "the refresh broke" in logged
    assert "nutgraf refresh ended with status 3" in logged
