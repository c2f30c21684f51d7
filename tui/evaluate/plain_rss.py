"""Whether the fast reading of plain RSS 2.0 reads as feedparser does, on feedparser's files.

    python -m tui.evaluate.plain_rss FOLDER [--show 5]

FOLDER holds feedparser's test feeds (kurtmckee/feedparser `tests/`). Each file is parsed
by `parse_feed` with the headers it declares, once as nutgraf does (the fast reading of
`tui.core.feeds.plain_rss` where it applies, else feedparser) and once with feedparser
alone; the two results (title, items, warnings, counts) must be equal. Prints how many
files the fast reading took and how many differ (it must be none).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from unittest import mock

from tui.core.feeds import plain_rss
from tui.core.feeds.parse import Feed, parse_feed
from tui.evaluate.feedparser_corpus import corpus, declared_headers

URL = "http://127.0.0.1/feed"


def both_ways(data: bytes, headers: dict[str, str]) -> tuple[Feed, Feed, bool]:
    """The feed as nutgraf reads it, as feedparser alone reads it, and whether the fast
    reading took it."""
    received = {name.lower(): value for name, value in headers.items()}
    taken = plain_rss.read(data, received, received.get("content-location", URL)) is not None
    ours = parse_feed(data, URL, headers)
    with mock.patch.object(plain_rss, "read", return_value=None):
        reference = parse_feed(data, URL, headers)
    return ours, reference, taken


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tui.evaluate.plain_rss")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--show", type=int, default=5, help="differing files to name")
    options = parser.parse_args(argv)
    files = corpus(options.folder)
    taken, differing = 0, []
    for path in files:
        data = path.read_bytes()
        headers = declared_headers(path, data)
        ours, reference, took = both_ways(data, headers)
        taken += took
        if ours != reference:
            differing.append(path.relative_to(options.folder))
    print(f"{len(files)} files; the fast reading took {taken}; {len(differing)} read differently")
    for path in differing[: options.show]:
        print(f"  differs: {path}")
    return 1 if differing else 0


if __name__ == "__main__":
    raise SystemExit(main())
