"""Helper processes over plain pipes (`tui.core.pipes`): calls run in another process, in
order; failures come back as exceptions; a helper that ends fails what it had not answered,
and is reaped. (Functions from the standard library: the helper imports what it runs.)"""

from __future__ import annotations

import operator
import os
import threading
import time
from pathlib import Path

import pytest

from tui.core.pipes import BrokenHelper, PipeExecutor


def running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def ends(pid: int) -> bool:
    """The process ends (and is reaped) within a generous deadline."""
    deadline = time.monotonic() + 60
    while running(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not running(pid)


@pytest.fixture
def executor():
    executor = PipeExecutor()
    yield executor
    executor.shutdown(wait=True, cancel_futures=True)


def test_calls_run_in_the_helper_in_order(executor):
    futures = [executor.submit(pow, 2, n) for n in range(50)]
    assert [future.result(timeout=60) for future in futures] == [2**n for n in range(50)]
    assert executor.submit(os.getpid).result(timeout=60) == executor.pid != os.getpid()


def test_a_failure_is_raised_to_the_caller_and_the_helper_goes_on(executor):
    with pytest.raises(ZeroDivisionError):
        executor.submit(operator.truediv, 1, 0).result(timeout=60)
    with pytest.raises(RuntimeError, match="could not be sent"):
        executor.submit(threading.Lock).result(timeout=60)  # an answer that does not pickle
    assert executor.submit(operator.add, 1, 2).result(timeout=60) == 3


def test_the_caller_never_waits_on_a_busy_helper(executor):
    """A request bigger than the pipe's buffer, sent while the helper is busy, is written
    by a thread: the caller goes on at once."""
    busy = executor.submit(time.sleep, 60)
    big = executor.submit(len, "x" * 10_000_000)
    behind = executor.submit(operator.add, 1, 1)  # not sent yet: the big one fills the pipe
    assert not busy.done()
    executor.terminate()
    for call in (big, behind):  # failed as the calls sent are, not cancelled
        with pytest.raises(BrokenHelper):
            call.result(timeout=60)


def test_a_helper_that_ends_fails_every_call_not_answered_and_is_reaped(executor):
    assert executor.submit(operator.add, 1, 1).result(timeout=60) == 2
    waiting = [executor.submit(time.sleep, 60) for _ in range(3)]
    executor.terminate()
    for future in waiting:
        with pytest.raises(BrokenHelper):
            future.result(timeout=60)
    assert ends(executor.pid)
    with pytest.raises(BrokenHelper):
        executor.submit(operator.add, 1, 1)


def test_a_failing_initializer_fails_every_call():
    executor = PipeExecutor(operator.truediv, (1, 0))
    with pytest.raises(BrokenHelper):
        executor.submit(operator.add, 1, 1).result(timeout=60)
    executor.shutdown()


def test_shutdown_ends_the_helper_after_its_calls_and_cancels_the_rest_if_asked():
    executor = PipeExecutor()
    done = executor.submit(operator.add, 2, 2)
    executor.shutdown(wait=True)
    assert done.result() == 4
    assert not running(executor.pid)
    second = PipeExecutor()
    first = second.submit(time.sleep, 0.5)
    dropped = [second.submit(operator.add, 1, n) for n in range(100)]
    second.shutdown(wait=True, cancel_futures=True)
    assert first.cancelled() or first.result() is None
    assert any(future.cancelled() for future in dropped)
    assert not running(second.pid)


@pytest.mark.parametrize("helper", ["working", "ended"])
def test_a_refresh_of_many_feeds_parses_them_in_a_helper_with_the_same_items(
    tmp_path, monkeypatch, helper
):
    """From `PARALLEL_FROM` feeds, parsing runs in a helper process; if it has ended (killed,
    say), the feeds are parsed in the refresh's own process: none is lost."""
    from tests.feed_server import refreshed, rss, site_server
    from tui.core.feeds import refresh
    from tui.core.model import Subscription
    from tui.core.storage.feeds import FeedStore

    pools: list[object] = []
    real_pool = refresh.parse_pool

    def parse_pool(feeds: int):
        pools.append(pool := real_pool(feeds))
        if isinstance(pool, PipeExecutor) and helper == "ended":
            pool.terminate()
        return pool

    monkeypatch.setattr(refresh, "parse_pool", parse_pool)
    stored = {}
    with site_server() as site:
        urls = [f"{site.base}/feed{n}" for n in range(refresh.PARALLEL_FROM)]
        for n, url in enumerate(urls):
            items = [(f"g{n}.{i}", "", f"Story {i} of feed {n}. It happened.") for i in range(3)]
            site.add(url.removeprefix(site.base), rss(f"Feed {n}", items))
        for name, parallel_from in (("helper", refresh.PARALLEL_FROM), ("here", 10**6)):
            monkeypatch.setattr(refresh, "PARALLEL_FROM", parallel_from)
            store = FeedStore(tmp_path / f"{name}.sqlite3")
            store.subscribe([Subscription(url) for url in urls])
            outcomes = refreshed(store)
            assert [outcome.new_items for outcome in outcomes.values()] == [3] * len(urls)
            stored[name] = sorted((item.title, item.text) for item in store.items())
            store.close()
    assert isinstance(pools[0], PipeExecutor) and pools[1] is None
    assert ends(pools[0].pid)
    assert stored["helper"] == stored["here"] and len(stored["here"]) == 3 * len(urls)
