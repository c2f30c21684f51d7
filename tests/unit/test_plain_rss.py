"""The fast reading of plain RSS 2.0 (issue 15) gives what feedparser gives, or declines.

Each feed below is one the fast reading takes; `parse_feed` through it must equal
`parse_feed` through feedparser alone, field for field. The declined ones must go to
feedparser (which the refresh then uses, so they read as before).
"""

from __future__ import annotations

from unittest import mock

import pytest

from tui.core.feeds import plain_rss
from tui.core.feeds.parse import parse_feed

URL = "http://127.0.0.1:8000/news/feed.xml"
RSS = "application/rss+xml"


def rss(items: str, channel: str = "<title>Harbour news</title>", head: str = "") -> bytes:
    return (
        f'{head}<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        f' xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>{channel}{items}</channel></rss>'
    ).encode()


TAKEN = {
    "plain": rss(
        "<item><title>Council votes</title><link>http://127.0.0.1:8000/a</link>"
        "<guid>http://127.0.0.1:8000/a</guid><pubDate>Sun, 29 Nov 2026 06:00:00 GMT</pubDate>"
        "<description>The council voted.</description></item>"
    ),
    "relative links and guids, a guid that is not a permalink": rss(
        "<item><title>One</title><link>../story/1?a=1&amp;amp;b=2</link>"
        "<guid>story-1</guid><description>x</description></item>"
        '<item><title>Two</title><guid isPermaLink="false">tag:two</guid>'
        "<description>y</description></item>"
        "<item><title>Three</title><guid>/story/3</guid><description>z</description></item>"
        "<item><guid>/story/4</guid><title>Four</title><link>/story/4b</link></item>"
    ),
    "markup and entities": rss(
        "<item><title>Fish &amp;amp; chips: &lt;b&gt;bold&lt;/b&gt; claims</title>"
        "<description><![CDATA[<p>First <a href='/x'>link</a>.</p><script>x()</script>"
        "<p>Second &amp; last.</p>]]></description></item>"
        "<item><title>5 &lt; 6 and 7 &gt; 2</title><description>&lt;p&gt;a&lt;/p&gt;"
        "</description></item>"
    ),
    "content before and after the description": rss(
        "<item><title>A</title><content:encoded>&lt;p&gt;Full text A.&lt;/p&gt;</content:encoded>"
        "<description>Teaser A</description></item>"
        "<item><title>B</title><description>Teaser B</description>"
        "<content:encoded>&lt;p&gt;Full text B, longer.&lt;/p&gt;</content:encoded></item>"
        "<item><title>C</title><content:encoded>Only content.</content:encoded></item>"
    ),
    "double-encoded UTF-8 and cp1252 code points": rss(
        "<item><title>Caf\u00c3\u00a9 opens</title><description>\u0093Quoted\u0094 and"
        " \u0080 5</description></item><item><title>Na\u00efve \u2014 ok</title></item>"
    ),
    "empty and missing fields, odd dates": rss(
        "<item><title></title><description>Only a text here. It goes on.</description>"
        "<pubDate>yesterday</pubDate></item>"
        "<item><title>No text</title><link></link><pubDate>2026-11-28T10:00:00+01:00</pubDate>"
        "</item><item><link>http://127.0.0.1:8000/only-link</link></item><item/>"
        "<item><title>Repeat</title><guid>same</guid></item>"
        "<item><title>Repeat 2</title><guid>same</guid></item>"
    ),
    "fields feedparser keeps apart": rss(
        "<item><title>Kept apart</title><author>a@example.invalid (A)</author>"
        "<category domain='x'>Port</category><comments>/c</comments>"
        '<enclosure url="/a.mp3" length="1" type="audio/mpeg"/><source url="/s">Wire</source>'
        "<dc:creator>B. Writer</dc:creator><description>Text.</description></item>",
        channel="<image><title>Logo title</title><url>/l.png</url><link>/</link></image>"
        "<title>Channel &lt;i&gt;title&lt;/i&gt;</title><language>en</language>",
    ),
    "declared UTF-8, comment first, no channel title": rss(
        "<item><title>Ünïcode</title></item>",
        channel="",
        head='<?xml version="1.0" encoding="UTF-8"?>\n<!-- a comment -->\n',
    ),
}


def reference(data: bytes, headers: dict[str, str]):
    with mock.patch.object(plain_rss, "read", return_value=None):
        return parse_feed(data, URL, headers)


@pytest.mark.parametrize("name", TAKEN)
def test_a_plain_feed_reads_as_feedparser_reads_it(name):
    data, headers = TAKEN[name], {"Content-Type": RSS}
    assert plain_rss.read(data, {"content-type": RSS}, URL) is not None
    ours = parse_feed(data, URL, headers)
    assert ours.items or ours.skipped
    assert ours == reference(data, headers)


DECLINED = {
    "a DOCTYPE": (rss("<item><title>a</title></item>", head="<!DOCTYPE rss>"), RSS),
    "another charset": (rss("<item><title>a</title></item>"), "text/xml; charset=iso-8859-1"),
    "declared Latin-1": (
        rss("<item><title>a</title></item>", head='<?xml version="1.0" encoding="latin-1"?>'),
        RSS,
    ),
    "served as HTML": (rss("<item><title>a</title></item>"), "text/html"),
    "a BOM": (b"\xef\xbb\xbf" + rss("<item><title>a</title></item>"), RSS),
    "a type attribute": (rss('<item><title type="html">a</title></item>'), RSS),
    "xml:base": (rss('<item xml:base="/x/"><link>y</link></item>'), RSS),
    "two titles": (rss("<item><title>a</title><title>b</title></item>"), RSS),
    "media:title": (
        rss(
            '<item><media:title xmlns:media="http://search.yahoo.com/mrss/">a</media:title></item>'
        ),
        RSS,
    ),
    "markup as elements": (rss("<item><description>a <b>b</b></description></item>"), RSS),
    "RSS 0.91": (rss("<item><title>a</title></item>").replace(b'"2.0"', b'"0.91"'), RSS),
    "Atom": (b'<feed xmlns="http://www.w3.org/2005/Atom"><title>a</title></feed>', RSS),
    "not well-formed": (b'<rss version="2.0"><channel><item><title>a</item></channel></rss>', RSS),
}


@pytest.mark.parametrize("name", DECLINED)
def test_an_unusual_feed_goes_to_feedparser(name):
    data, kind = DECLINED[name]
    assert plain_rss.read(data, {"content-type": kind}, URL) is None
