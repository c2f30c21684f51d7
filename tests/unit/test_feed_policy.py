"""The fetching policy (issue 12): which addresses pages may come from, every URL checked,
budgets and a deadline, items saved feed by feed, failed writes reported, removal, and
items unique per feed (issue 17). Every server here is on 127.0.0.x; an address off this
machine appears only as a bare IP for the classifier or behind a resolver the test owns.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import httpcore
import pytest

from tests.feed_server import PAGE, PATIENT, WAIT, Site, refreshed, rss, site_server
from tui.cli import main
from tui.core.config import load_config
from tui.core.feeds.addresses import Reach, Refused, address_problem, non_public
from tui.core.feeds.fetch import Limits, client, fetch
from tui.core.feeds.refresh import refresh
from tui.core.model import RefreshBudget, Subscription, item_identity, text_basis
from tui.core.storage.feeds import FeedStore
from tui.core.storage.state import ReadingState

TEASER = "Read more."


@pytest.fixture
def elsewhere() -> Site:
    """Another loopback host: not the feed's origin, so no page may come from it."""
    with site_server("127.0.0.2") as site:
        site.add("/page", PAGE, Content_Type="text/html")
        site.add("/feed", rss("Moved", [("m1", "", "Moved feed item")]))
        yield site


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Every (address, port) a connection is opened to, by any client."""
    opened: list[tuple[str, int]] = []
    connect = httpcore.AnyIOBackend.connect_tcp

    async def spy(self, host, port, *args, **kwargs):  # type: ignore[no-untyped-def]
        opened.append((host, port))
        return await connect(self, host, port, *args, **kwargs)

    monkeypatch.setattr(httpcore.AnyIOBackend, "connect_tcp", spy)
    return opened


def texts(store: FeedStore) -> dict[str, str]:
    return {item.title: item.text for item in store.items()}


# Which addresses


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.2", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped
        ("2002:7f00:1::1", "loopback"),  # 6to4 around 127.0.0.1
        ("10.0.0.1", "private"),
        ("192.168.1.1", "private"),
        ("fd00::1", "private"),
        ("169.254.169.254", "link-local"),  # cloud metadata
        ("fe80::1%eth0", "link-local"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "non-public"),  # shared address space (CGNAT)
        ("192.0.2.1", "private"),  # documentation
        ("93.184.216.34", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_each_kind_of_address_is_named(address, kind):
    assert non_public(address) == kind


async def test_every_resolved_address_is_checked_and_the_feeds_origin_is_exempt():
    answers = {"mixed.test": ["93.184.216.34", "127.0.0.1"], "public.test": ["93.184.216.34"]}

    async def resolver(host: str, port: int) -> list[str]:
        return answers.get(host, ["10.1.2.3"])

    reach = Reach(frozenset({("lan.test", 8080)}), resolver)
    assert await reach.addresses("public.test", 443) == ["93.184.216.34"]
    with pytest.raises(Refused, match=r"mixed.test \(127.0.0.1\) is a loopback address"):
        await reach.addresses("mixed.test", 443)
    assert await reach.addresses("lan.test", 8080) == ["10.1.2.3"]  # the feed's own origin
    with pytest.raises(Refused, match="private"):
        await reach.addresses("lan.test", 8081)  # the same host, another port: another service


async def test_the_checked_address_is_the_one_connected_to(home: Site, connections):
    """A name the system cannot resolve: only our resolver's answer can be connected to,
    so a second lookup (DNS rebinding) never happens."""
    home.add("/page", PAGE)

    async def resolver(host: str, port: int) -> list[str]:
        return ["127.0.0.1"]

    url = f"http://rebind.test:{home.port}/page"
    async with client(PATIENT, Reach(frozenset(), resolver)) as http:
        refused = await fetch(http, url, limits=PATIENT)
    assert refused.error == "refused: rebind.test (127.0.0.1) is a loopback address"
    assert home.hits == [] and connections == []
    async with client(PATIENT, Reach(frozenset({("rebind.test", home.port)}), resolver)) as http:
        allowed = await fetch(http, url, limits=PATIENT)
    assert allowed.error is None and allowed.body == PAGE
    assert connections == [("127.0.0.1", home.port)] and home.hits == ["/page"]


async def test_pages_redirected_off_the_feeds_origin_are_refused_without_connecting(
    home: Site, elsewhere: Site, connections
):
    home.add("/own", PAGE)
    home.redirect("/to-elsewhere", f"{elsewhere.base}/page")
    home.redirect("/to-private", "http://10.0.0.1/admin")
    home.redirect("/to-metadata", "http://169.254.169.254/latest/meta-data/")
    home.redirect("/to-file", "file:///etc/passwd")
    home.redirect("/to-own", "/own")
    reach = Reach.of_feed([f"{home.base}/feed"])
    async with client(PATIENT, reach) as http:
        results = {
            path: await fetch(http, f"{home.base}{path}", limits=PATIENT)
            for path in ("/to-elsewhere", "/to-private", "/to-metadata", "/to-file", "/to-own")
        }
    assert {path: result.error for path, result in results.items()} == {
        "/to-elsewhere": f"redirected to {elsewhere.base}/page:"
        " refused: 127.0.0.2 is a loopback address",
        "/to-private": "redirected to http://10.0.0.1/admin:"
        " refused: 10.0.0.1 is a private address",
        "/to-metadata": "redirected to http://169.254.169.254/latest/meta-data/:"
        " refused: 169.254.169.254 is a link-local address",
        "/to-file": "redirected to file:///etc/passwd: not a valid address:"
        " only http and https addresses are fetched",
        "/to-own": None,
    }
    assert results["/to-own"].body == PAGE and results["/to-own"].final_url.endswith("/own")
    assert elsewhere.hits == []
    assert {host for host, _ in connections} == {"127.0.0.1"}


def test_a_refresh_fetches_pages_only_from_the_feeds_origin(
    home: Site, elsewhere: Site, store: FeedStore
):
    with site_server("127.0.0.1") as other_port:  # the feed's host, another port
        other_port.add("/page", PAGE)
        home.add("/own", PAGE, Content_Type="text/html")
        home.redirect("/hop", f"{elsewhere.base}/page")
        links = {
            "own": f"{home.base}/own",
            "other-host": f"{elsewhere.base}/page",
            "same-server-by-name": f"http://localhost:{home.port}/own",
            "other-port": f"{other_port.base}/page",
            "redirected": f"{home.base}/hop",
        }
        home.add("/feed", rss("Mixed", [(name, link, TEASER) for name, link in links.items()]))
        store.subscribe([Subscription(f"{home.base}/feed")])
        outcome = refreshed(store)[f"{home.base}/feed"]
        assert outcome.error is None and outcome.new_items == 5
        stored = texts(store)
        assert stored["own"].count("Paragraph") == 12  # the page's article
        assert all(stored[name] == TEASER for name in links if name != "own")
        assert elsewhere.hits == [] and other_port.hits == []
        assert sorted(home.hits) == ["/feed", "/hop", "/own"]  # not /own by another name


def test_a_feed_may_be_anywhere_but_redirects_only_within_its_origin_or_to_public_addresses(
    home: Site, elsewhere: Site, store: FeedStore
):
    """Subscribing to an address on this machine is the reader's choice; a feed that sends
    the reader from there to another service (or a public feed that sends it into the
    reader's machine or network) is refused, and so are the item pages of such a feed."""
    home.add("/feed", rss("Here", [("h1", f"{elsewhere.base}/page", TEASER)]))
    home.redirect("/moved", "/feed", status=301)  # within its origin: followed
    home.redirect("/elsewhere", f"{elsewhere.base}/feed", status=302)
    home.redirect("/to-ftp", "ftp://127.0.0.1/feed")
    elsewhere.add("/feed", rss("There", [("t1", f"{elsewhere.base}/page", TEASER)]))
    elsewhere.add("/page", PAGE, Content_Type="text/html")
    urls = [f"{home.base}/{path}" for path in ("moved", "elsewhere", "to-ftp")]
    store.subscribe([Subscription(url) for url in urls])
    outcomes = refreshed(store)
    assert outcomes[urls[0]].new_items == 1
    assert outcomes[urls[1]].error == (
        f"redirected to {elsewhere.base}/feed: refused: 127.0.0.2 is a loopback address"
    )
    assert outcomes[urls[2]].error == (
        "redirected to ftp://127.0.0.1/feed: not a valid address:"
        " only http and https addresses are fetched"
    )
    assert elsewhere.hits == []


async def test_a_redirect_whose_name_rebinds_to_this_machine_is_refused_where_it_connects(
    home: Site, monkeypatch: pytest.MonkeyPatch
):
    """A DNS server that answers a public address to the redirect's check and 127.0.0.1 to
    the request (rebinding): the request's own connection is checked, and refused."""
    answers = iter([["8.8.4.4"]])  # a bare public IP, never connected to: the check's answer

    async def rebinding(host: str, port: int) -> list[str]:
        return next(answers, ["127.0.0.1"])

    monkeypatch.setattr("tui.core.feeds.addresses.resolve", rebinding)
    with site_server("127.0.0.1") as service:  # a service on this machine, not the feed's
        service.add("/admin", rss("Private", [("secret", "", "Not for the feed.")]))
        home.redirect("/rebind", f"http://localhost:{service.port}/admin")
        async with client() as http:
            result = await fetch(http, f"{home.base}/rebind", limits=Limits(timeout=20))
        assert result.error == "refused: localhost (127.0.0.1) is a loopback address"
        assert service.hits == []


@pytest.mark.parametrize(("hops", "error"), [(5, None), (6, "more than 5 redirects")])
async def test_five_redirects_are_followed_and_no_more(home: Site, hops, error):
    home.add("/chain/0", rss("Chain", []))
    for hop in range(1, hops + 1):
        home.redirect(f"/chain/{hop}", f"/chain/{hop - 1}")
    async with client() as http:
        result = await fetch(http, f"{home.base}/chain/{hops}", limits=Limits(timeout=20))
    assert result.error == error


# Every URL checked before use


BAD_URLS = {
    "http://[::1": "invalid ipv6 url",
    "http://127.0.0.1:70000/feed": "port out of range",
    "http://127.0.0.1/" + "a" * 70_000: "longer than 8,192 characters",
    "ftp://127.0.0.1/feed": "only http and https",
    "javascript:alert(1)": "only http and https",
    "http://127.0.0.1/a feed": "spaces or control characters",
    "http://127.0.0.1/\x1b]52;c;aGk=\x07": "spaces or control characters",
    "http://:80/feed": "no host name",
    "http://": "no host name",
    "": "empty",
}


@pytest.mark.parametrize(("url", "reason"), BAD_URLS.items(), ids=range(len(BAD_URLS)))
def test_a_bad_address_is_named(url, reason):
    problem = address_problem(url)
    assert problem is not None and problem.startswith("not a valid address: ")
    assert reason in problem and "\x1b" not in problem and len(problem) < 200


def test_bad_subscriptions_are_their_own_errors_and_never_stop_the_refresh(
    home: Site, store: FeedStore, capsys
):
    home.add("/feed", rss("Good", [("g1", "", "A good item")]))
    store.subscribe([Subscription(url) for url in BAD_URLS if url])
    store.subscribe([Subscription(f"{home.base}/feed")])
    outcomes = refreshed(store)
    assert outcomes.pop(f"{home.base}/feed").new_items == 1
    assert len(outcomes) == len(BAD_URLS) - 1
    assert all(o.error and o.error.startswith("not a valid address") for o in outcomes.values())
    store.close()
    # The same through the command, on the default store: no traceback, exit 1.
    default = FeedStore()
    default.subscribe([Subscription(url) for url in BAD_URLS if url])
    default.subscribe([Subscription(f"{home.base}/feed")])
    default.close()
    assert main(["refresh"]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "\x1b" not in out
    assert f"{len(BAD_URLS) - 1} with errors" in out
    assert max(len(line) for line in out.splitlines()) < 400  # the 70 KB URL is shortened
    assert main(["feeds"]) == 0
    assert capsys.readouterr().out.count("last refresh: not a valid address") == len(BAD_URLS) - 1


@pytest.mark.parametrize("url", [u for u in BAD_URLS if u], ids=range(len(BAD_URLS) - 1))
def test_add_refuses_a_bad_address(url, capsys):
    assert main(["add", url]) == 2
    err = capsys.readouterr().err
    assert err.startswith("nutgraf add: not a valid address: ") and "\x1b" not in err
    assert len(err) < 400
    assert FeedStore().subscriptions() == []


def test_import_skips_bad_addresses_and_says_so(tmp_path, capsys):
    listing = tmp_path / "urls"
    listing.write_text("http://127.0.0.1:70000/feed\nhttp://127.0.0.1:9/feed\n")
    assert main(["import", str(listing)]) == 0
    captured = capsys.readouterr()
    assert "skipped, not a valid address: port out of range" in captured.err
    assert [s.url for s in FeedStore().subscriptions()] == ["http://127.0.0.1:9/feed"]


# Budgets and the deadline


def teasers(site: Site, name: str, count: int) -> str:
    items = [(f"{name}-{n}", f"{site.base}/{name}/page/{n}", TEASER) for n in range(count)]
    for _, link, _ in items:
        site.add(link.removeprefix(site.base), PAGE, Content_Type="text/html")
    site.add(f"/{name}", rss(name, items))
    return f"{site.base}/{name}"


def pages_fetched(site: Site) -> int:
    return sum("/page/" in hit for hit in site.hits)


def test_pages_are_capped_per_feed(home: Site, store: FeedStore):
    url = teasers(home, "thirty", 30)
    store.subscribe([Subscription(url)])
    outcome = refreshed(store, budget=RefreshBudget(pages_per_feed=5))[url]
    assert pages_fetched(home) == 5 and outcome.new_items == 30
    assert outcome.warning is not None and outcome.warning.startswith("25 pages not fetched")
    full = [text for text in texts(store).values() if text != TEASER]
    assert len(full) == 5  # the rest keep the feed's text: stored, not lost


def test_pages_are_capped_per_refresh(home: Site, store: FeedStore):
    urls = [teasers(home, name, 10) for name in ("one", "two", "three")]
    store.subscribe([Subscription(url) for url in urls])
    outcomes = refreshed(store, budget=RefreshBudget(pages_per_feed=5, pages_per_refresh=7))
    assert pages_fetched(home) == 7
    assert sum(o.new_items for o in outcomes.values()) == 30


class Hold:
    """A route that answers only when released (or after WAIT), for deadlines and kills."""

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.released = threading.Event()
        self.asked = threading.Event()

    def __call__(self) -> tuple[int, dict[str, str], bytes]:
        self.asked.set()
        self.released.wait(WAIT)
        return 200, {}, self.body


@pytest.fixture
def hold(home: Site) -> Hold:
    held = Hold(rss("Late", [("late", "", "Late item")]))
    home.routes["/hold"] = held
    yield held
    held.released.set()


def test_the_deadline_ends_the_refresh_and_keeps_what_arrived(
    home: Site, hold: Hold, store: FeedStore
):
    home.add("/fast", rss("Fast", [("f1", "", "Fast item")]))
    home.add("/teasers", rss("Teasers", [("t1", f"{home.base}/hold", TEASER)]))
    urls = [f"{home.base}/fast", f"{home.base}/hold", f"{home.base}/teasers"]
    store.subscribe([Subscription(url) for url in urls])
    outcomes = refreshed(store, budget=RefreshBudget(seconds=1))
    assert outcomes[urls[0]].new_items == 1
    assert outcomes[urls[1]].error == "not fetched: the refresh stops after 1 s"
    assert outcomes[urls[2]].new_items == 1  # its page did not come in time: the feed's text
    assert texts(store) == {"f1": "Fast item", "t1": TEASER}
    assert {s.url: s.error for s in store.states()}[urls[1]].startswith("not fetched")


async def test_each_feed_is_saved_as_it_completes(home: Site, hold: Hold, tmp_path):
    """A refresh cancelled (as Ctrl+C does) keeps the feeds it finished."""
    home.add("/fast", rss("Fast", [("f1", "", "Fast item")]))
    store = FeedStore(tmp_path / "feeds.sqlite3")
    store.subscribe([Subscription(f"{home.base}/fast"), Subscription(f"{home.base}/hold")])
    task = asyncio.create_task(refresh(store, limits=PATIENT))
    reader = FeedStore(tmp_path / "feeds.sqlite3")  # another connection: what is on disk
    async with asyncio.timeout(WAIT):
        while not reader.items():
            await asyncio.sleep(0.02)
    assert not task.done() and hold.asked.is_set()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert [item.title for item in reader.items()] == ["f1"]
    reader.close()
    store.close()


def test_a_killed_refresh_keeps_the_feeds_it_finished(home: Site, hold: Hold):
    home.add("/fast", rss("Fast", [("f1", "", "Fast item")]))
    assert main(["add", f"{home.base}/fast", f"{home.base}/hold"]) == 0
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", "refresh"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()  # blocks until the first feed is done
        assert first.startswith("[1/2]") and "/fast: 1 new" in first
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(WAIT)
    store = FeedStore()
    assert [item.title for item in store.items()] == ["f1"]
    store.close()


def test_refresh_reads_its_limits_from_the_settings(home: Site, tmp_path, capsys):
    url = teasers(home, "set", 4)
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "nutgraf" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("[feeds]\npages_per_feed = 1\n")
    assert main(["add", url]) == 0
    assert main(["refresh"]) == 0
    assert pages_fetched(home) == 1
    assert "3 pages not fetched" in capsys.readouterr().out


def test_feed_settings_are_checked_one_by_one(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(
        "[feeds]\npages_per_feed = 5\npages_per_refresh = 'lots'\n"
        "refresh_seconds = 0\nfetch_everything = true\n"
    )
    config = load_config(path)
    assert config.feeds == RefreshBudget(pages_per_feed=5)
    assert config.problems == [
        f"{path} line 3: pages_per_refresh must be a number; using the default",
        f"{path} line 4: refresh_seconds must be between 1 and 86400; using the default",
        f"{path} line 5: unknown setting 'fetch_everything' in [feeds]",
    ]
    assert load_config(tmp_path / "none.toml").feeds == RefreshBudget()


# Failed writes are reported


def test_a_full_disk_is_the_feeds_error_and_earlier_items_stay(home: Site, store: FeedStore):
    home.add("/small", rss("Small", [("s1", "", "Small item")]))
    home.add("/big", rss("Big", [(f"b{n}", "", "word " * 2000) for n in range(50)]))
    store.subscribe([Subscription(f"{home.base}/small"), Subscription(f"{home.base}/big")])
    refreshed(store)  # both saved
    home.add("/big", rss("Big", [(f"c{n}", "", "other " * 2000) for n in range(50)]))
    home.add("/small", rss("Small", [("s1", "", "Small item"), ("s2", "", "Second")]))
    pages = store.connection.execute("PRAGMA page_count").fetchone()[0]
    store.connection.execute(f"PRAGMA max_page_count = {pages}")  # the disk is now full
    outcomes = refreshed(store)
    assert outcomes[f"{home.base}/big"].error == "could not save: database or disk is full"
    assert outcomes[f"{home.base}/big"].new_items == 0
    assert {item.title for item in store.items()} >= {"s1", "b0", "b49"}


def test_a_locked_store_is_the_feeds_error(home: Site, store: FeedStore):
    home.add("/feed", rss("Feed", [("x1", "", "An item")]))
    store.subscribe([Subscription(f"{home.base}/feed")])
    store.connection.execute("PRAGMA busy_timeout = 50")
    other = sqlite3.connect(store.path)
    other.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    try:
        outcome = refreshed(store)[f"{home.base}/feed"]
    finally:
        other.rollback()
        other.close()
    assert outcome.error == "could not save: database is locked"
    assert store.items() == []


def test_a_store_that_cannot_be_opened_fails_every_feed(home: Site, monkeypatch, capsys, tmp_path):
    home.add("/feed", rss("Feed", [("x1", "", "An item")]))
    assert main(["add", f"{home.base}/feed"]) == 0
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the data folder should be")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocked))
    assert main(["refresh"]) == 1
    assert main(["add", f"{home.base}/other"]) == 1  # it would be forgotten at once
    captured = capsys.readouterr()
    assert captured.err.count("kept in memory only") == 2 and "0 feeds" not in captured.out
    assert home.hits == []  # nothing fetched that could not be kept


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 200 KB tmpfs (root only; skipped elsewhere)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_tmpfs_makes_refresh_fail_loudly(home: Site, small_disk, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(small_disk))
    home.add("/small", rss("Small", [("s1", "", "Small item")]))
    home.add("/big", rss("Big", [(f"b{n}", "", f"{n} " + "word " * 4000) for n in range(40)]))
    assert main(["add", f"{home.base}/small"]) == 0
    assert main(["refresh"]) == 0
    assert main(["add", f"{home.base}/big"]) == 0
    assert main(["refresh"]) == 1
    out = capsys.readouterr().out
    assert "could not save: database or disk is full" in out
    store = FeedStore()
    assert [item.title for item in store.items()] == ["s1"]
    store.close()


# Removal and identity


def test_remove_drops_the_feed_and_its_items_but_not_the_read_marks(home: Site, capsys):
    home.add("/feed", rss("Feed", [("x1", "", "An item"), ("x2", "", "Another")]))
    assert main(["add", f"{home.base}/feed"]) == 0
    assert main(["refresh"]) == 0
    store = FeedStore()
    key = next(item.article().key for item in store.items())
    state = ReadingState()
    state.set_starred(key, True)
    capsys.readouterr()
    assert main(["remove", f"{home.base}/feed", "http://127.0.0.1:9/never"]) == 1
    captured = capsys.readouterr()
    assert "removed" in captured.out and "2 items" in captured.out
    assert "not subscribed: http://127.0.0.1:9/never" in captured.err
    assert store.subscriptions() == [] and store.items() == []
    assert store.remove(f"{home.base}/feed") is None
    assert key in state.load()[1]  # still starred: the mark is kept by content
    store.close()
    state.close()


def test_feeds_sharing_guids_each_keep_their_items(home: Site, store: FeedStore):
    same = [("shared-1", "", "The same story"), ("shared-2", "", "Another story")]
    home.add("/a", rss("A", same))
    home.add("/b", rss("B", same))
    store.subscribe([Subscription(f"{home.base}/a"), Subscription(f"{home.base}/b")])
    assert {url: o.new_items for url, o in refreshed(store).items()} == {
        f"{home.base}/a": 2,
        f"{home.base}/b": 2,
    }
    assert sorted((s.title, s.items) for s in store.states()) == [("A", 2), ("B", 2)]
    assert {url: o.new_items for url, o in refreshed(store).items()} == {
        f"{home.base}/a": 0,
        f"{home.base}/b": 0,
    }


OLD_SCHEMA = (
    "CREATE TABLE feeds (url TEXT PRIMARY KEY, title TEXT NOT NULL DEFAULT '',"
    " etag TEXT, last_modified TEXT, error TEXT, checked REAL,"
    " full_text TEXT NOT NULL DEFAULT 'auto');"
    "CREATE TABLE items (identity TEXT PRIMARY KEY, feed TEXT NOT NULL,"
    " guid TEXT, link TEXT, title TEXT, published TEXT, text TEXT, hash TEXT, added REAL,"
    " UNIQUE (feed, hash));"
)


def test_items_stored_before_identities_were_per_feed_are_kept(home: Site, tmp_path):
    """The old table keyed items by GUID alone: every row is re-keyed (one with neither GUID
    nor link by its title, text and date), none dropped."""
    path = tmp_path / "old.sqlite3"
    url = f"{home.base}/feed"
    old = sqlite3.connect(path)
    old.executescript(OLD_SCHEMA)
    old.execute("INSERT INTO feeds (url, title) VALUES (?, 'Old')", (url,))
    rows = [
        ("id1", url, "urn:g1", f"{url}/1", "By GUID", "", "one", "h1", 2.0),
        ("id2", url, "", f"{url}/2", "By link", "", "two", "h2", 1.0),
        ("id3", url, "", "", "By text", "", "three", "h3", 1.0),
    ]
    old.executemany("INSERT INTO items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    old.commit()
    old.close()
    store = FeedStore(path)
    assert [(i.identity, i.title) for i in store.items()] == [
        (item_identity(url, "urn:g1"), "By GUID"),
        (item_identity(url, f"{url}/2"), "By link"),
        (item_identity(url, text_basis("By text", "three", "")), "By text"),
    ]
    tables = {row[0] for row in store.connection.execute("SELECT name FROM sqlite_master")}
    assert "items" not in tables
    # The feed still serves two of them: recognised under their new identities.
    home.add("/feed", rss("Old", [("urn:g1", f"{url}/1", "one")]))
    assert refreshed(store)[url].new_items == 0
    store.close()
    assert len(FeedStore(path).items()) == 3  # opening again migrates nothing twice
