"""Fetching and parsing feeds against a local server: the fixtures and every failure mode."""

from __future__ import annotations

import asyncio

import pytest

from tests.bad_inputs import UNSAFE
from tests.feed_server import LAUGHS, NOWHERE, XXE, feed_server
from tui.core.feeds.addresses import address_problem
from tui.core.feeds.fetch import Limits, client, fetch, fetch_all
from tui.core.feeds.opml import ListError, read_subscriptions, write_opml
from tui.core.feeds.parse import parse_feed
from tui.core.model import Subscription

FAST = Limits(timeout=1, deadline=3, max_bytes=1024 * 1024, max_redirects=3)


@pytest.fixture(scope="module")
def server():
    with feed_server() as base:
        yield base


async def get(url: str, **conditional: str):
    async with client(FAST) as http:
        return await fetch(http, url, limits=FAST, **conditional)


async def test_rss_atom_and_rdf_parse_into_clean_items(server):
    rss = parse_feed((await get(f"{server}/rss")).body, f"{server}/rss")
    assert rss.title == "Harbour Post" and rss.error is None
    ferry, storm = rss.items
    assert ferry.link == f"{server}/news/ferry"  # relative link made absolute
    assert ferry.text.startswith("The Harbour Council voted on Tuesday.")
    assert "evil" not in ferry.text and "Ana Lopes" in ferry.text
    assert ferry.teaser  # short: the page would have the rest
    assert ferry.published == "2026-11-27T09:00:00Z"  # RFC 822 in the feed, ISO here
    assert storm.link == ""  # javascript: dropped
    assert not UNSAFE.search(storm.title)
    atom = parse_feed((await get(f"{server}/atom")).body, f"{server}/atom")
    assert [(i.title, i.link) for i in atom.items] == [("Atom story", f"{NOWHERE}/a")]
    rdf = parse_feed((await get(f"{server}/rdf")).body, f"{server}/rdf")
    assert [i.title for i in rdf.items] == ["RDF story"]


async def test_a_latin1_feed_and_a_malformed_one(server):
    latin = parse_feed((await get(f"{server}/latin1")).body, f"{server}/latin1")
    assert latin.title == "Café" and latin.items[0].title == "Résumé du jour"
    bozo = parse_feed((await get(f"{server}/bozo")).body, f"{server}/bozo")
    assert bozo.items and bozo.warning is not None and bozo.error is None


async def test_entity_tricks_are_harmless():
    # Expanded, the laughs would be 10^8 characters: a generous deadline, not a timing.
    laughs = await asyncio.wait_for(
        asyncio.to_thread(parse_feed, LAUGHS, f"{NOWHERE}/laughs"), timeout=60
    )
    assert all(len(item.title) < 10_000 for item in laughs.items)
    xxe = parse_feed(XXE, f"{NOWHERE}/xxe")
    assert all("root:" not in item.title + item.text for item in xxe.items)


async def test_conditional_get_gives_304_without_a_body(server):
    first = await get(f"{server}/etag")
    assert first.etag == '"v1"' and first.body
    again = await get(f"{server}/etag", etag=first.etag, last_modified=first.last_modified)
    assert again.not_modified and again.body == b"" and again.error is None


@pytest.mark.parametrize(
    ("path", "error"),
    [
        ("/404", "HTTP 404"),
        ("/500", "HTTP 500"),
        ("/slow", "timed out"),
        ("/drip", "took longer than 3 s"),
        ("/loop", "more than 3 redirects"),
        ("/huge", "larger than 1 MB"),
        ("/bomb", "larger than 1 MB"),
    ],
)
async def test_each_failure_is_one_clear_error(server, path, error):
    result = await get(f"{server}{path}")
    assert result.error is not None and result.error.startswith(error), result.error
    assert result.body == b""


async def test_a_tls_failure_is_named(server):
    """https to a server that speaks plain HTTP fails the handshake."""
    result = await get(server.replace("http://", "https://") + "/rss")
    assert result.error == "TLS error: the certificate or handshake failed"


async def test_refused_addresses_and_unreachable_hosts():
    assert (await get("file:///etc/passwd")).error == (
        "not a valid address: only http and https addresses are fetched"
    )
    assert (await get("http://127.0.0.1:9/feed")).error == "cannot connect"


async def test_many_feeds_at_once_each_with_its_own_state(server):
    """`/after/T` answers only once `/mark/T` was requested: one at a time, it would fail."""
    urls = [f"{server}/after/many", f"{server}/404", f"{server}/atom", f"{server}/mark/many"]
    patient = Limits(timeout=30, deadline=30, max_bytes=1024 * 1024)
    results = await fetch_all([(url, None, None) for url in urls], patient)
    assert [r.error for r in results] == [None, "HTTP 404 Not Found", None, None]
    assert parse_feed(results[0].body, urls[0]).title == "Harbour Post"


def test_opml_and_newsboat_lists_in_and_out():
    opml = write_opml([Subscription("https://127.0.0.1:9/feed", 'A & "B" <news>')])
    assert usable(read_subscriptions(opml.encode())) == [
        Subscription("https://127.0.0.1:9/feed", 'A & "B" <news>')
    ]
    urls = b'# mine\nhttps://127.0.0.1:9/feed tech "~Alpha"\nfile:///etc/passwd\n\nhttp://127.0.0.2:9/rss\n'
    assert [s.url for s in usable(read_subscriptions(urls))] == [
        "https://127.0.0.1:9/feed",
        "http://127.0.0.2:9/rss",
    ]
    with pytest.raises(ListError, match="refused"):
        read_subscriptions(LAUGHS.replace(b"<rss", b"<opml").replace(b"</rss>", b"</opml>"))


def usable(found):
    """What an import subscribes; the rest is read as written and skipped with a message."""
    return [s for s in found if not address_problem(s.url)]
