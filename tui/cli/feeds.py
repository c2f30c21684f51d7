"""`nutgraf add | import | export-opml | refresh | feeds`: subscriptions from the command line.

Imported by `nutgraf --help`: everything heavier than argparse is imported inside.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tui.cli.output import raw, say, warn

FEED_COMMANDS = ("add", "import", "export-opml", "refresh", "feeds")


def run_feed_command(parser: argparse.ArgumentParser, command: str, args: list[str]) -> int:
    if command == "add":
        parser.add_argument("urls", nargs="+", metavar="URL", help="feed addresses (http/https)")
        parser.add_argument(
            "--full-text",
            choices=("auto", "always", "never"),
            default="auto",
            help="fetch each item's page for its full text: auto = when the feed has a teaser",
        )
    elif command == "import":
        parser.add_argument("file", type=Path, help="an OPML file or newsboat's urls file")
    elif command == "refresh":
        parser.add_argument("--json", action="store_true", help="one JSON line per feed")
    options = parser.parse_args(args)

    from tui.core.feeds.opml import ListError, read_subscriptions, write_opml
    from tui.core.model import Subscription
    from tui.core.storage.feeds import FeedStore

    store = FeedStore()
    try:
        if command == "add":
            bad = [u for u in options.urls if not u.startswith(("http://", "https://"))]
            if bad:
                warn(f"add: not an http(s) address: {bad[0]}")
                return 2
            added = store.subscribe([Subscription(url) for url in options.urls], options.full_text)
            say(f"{added} new subscription{'s' * (added != 1)}; nutgraf refresh fetches them")
        elif command == "import":
            try:
                found = read_subscriptions(options.file.read_bytes())
            except (OSError, ListError) as error:
                warn(f"import: {options.file}: {error}")
                return 2
            added = store.subscribe(found)
            say(f"{len(found)} feeds in {options.file}, {added} new")
        elif command == "export-opml":
            raw(write_opml(store.subscriptions()))
        elif command == "feeds":
            for state in store.states():
                status = f"error: {state.error}" if state.error else f"{state.items} items"
                say(f"{state.title or '(no title yet)'}  {state.url}  {status}")
        else:
            return _refresh(store, options.json)
    finally:
        store.close()
    return 0


def _refresh(store: object, as_json: bool) -> int:
    import asyncio
    from dataclasses import asdict

    from tui.core.feeds.refresh import Outcome, refresh
    from tui.core.storage.feeds import FeedStore
    from tui.core.workers.messages import RefreshStep

    assert isinstance(store, FeedStore)

    def report(done: int, total: int, outcome: Outcome) -> None:
        if as_json:
            say(RefreshStep(done, total, **asdict(outcome)).to_json())
        else:
            state = outcome.error or (
                "unchanged" if outcome.unchanged else f"{outcome.new_items} new"
            )
            say(f"[{done}/{total}] {outcome.url}: {state}")

    outcomes = asyncio.run(refresh(store, progress=report))
    failed = sum(1 for outcome in outcomes if outcome.error)
    if not as_json:
        say(f"{len(outcomes) - failed} feeds refreshed, {failed} with errors")
    return 0
