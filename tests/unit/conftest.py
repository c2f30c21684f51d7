"""Fixtures the feed tests share: a local site and a feed store of the test's own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.feed_server import Site, site_server
from tui.core.storage.feeds import FeedStore


@pytest.fixture
def home() -> Iterator[Site]:
    """A site on 127.0.0.1: the feeds' own origin."""
    with site_server("127.0.0.1") as site:
        yield site


@pytest.fixture
def store(tmp_path: Path) -> Iterator[FeedStore]:
    feeds = FeedStore(tmp_path / "state.sqlite3")
    yield feeds
    feeds.close()
