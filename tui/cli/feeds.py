"""`nutgraf add | import | remove | rename | export-opml | refresh | feeds`: subscriptions
from the command line.

Imported by `nutgraf --help`: everything heavier than argparse is imported inside.
Exit status: 0 when all went well, 1 when a feed failed (`refresh`) or a URL was not
subscribed (`remove`, `rename`), 2 for a usage error or a refused address, 130 on Ctrl+C.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tui.cli.output import complain, raw, say, warn

FEED_COMMANDS = ("add", "import", "remove", "rename", "export-opml", "refresh", "feeds")
INTERRUPTED = 130


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
    elif command == "remove":
        parser.add_argument(
            "urls", nargs="+", metavar="URL", help="subscriptions to remove, with their items"
        )
    elif command == "rename":
        parser.add_argument("url", metavar="URL", help="a subscription")
        parser.add_argument(
            "title", nargs="?", default="", help="its new name (none: the feed's own title)"
        )
    elif command == "refresh":
        parser.add_argument("--json", action="store_true", help="one JSON line per feed")
        parser.add_argument("--config", type=Path, help="settings file ([feeds] limits)")
    options = parser.parse_args(args)

    from tui.core.feeds.addresses import address_problem, shown
    from tui.core.feeds.opml import ListError, read_subscriptions, write_opml
    from tui.core.model import Subscription
    from tui.core.sanitize import clean_line
    from tui.core.storage.feeds import FeedStore, StoreError

    store = FeedStore()
    try:
        if store.in_memory:  # nothing written now would be kept, nothing stored can be read
            complain(f"nutgraf {command}: {store.notice}")
            return 1
        if store.notice:  # moved aside: said here, not only in the log
            warn(f"nutgraf {command}: {store.notice}")
        if command == "add":
            for url in options.urls:
                problem = address_problem(url)
                if problem:
                    complain(f"nutgraf add: {problem}: {shown(url)}")
                    return 2
            added = store.subscribe([Subscription(url) for url in options.urls], options.full_text)
            say(f"{added} new subscription{'s' * (added != 1)}; nutgraf refresh fetches them")
        elif command == "import":
            try:
                found = read_subscriptions(options.file.read_bytes())
            except (OSError, ListError) as error:
                complain(f"nutgraf import: {shown(str(options.file))}: {error}")
                return 2
            usable = [s for s in found if not address_problem(s.url)]
            for subscription in found:
                if problem := address_problem(subscription.url):
                    complain(f"nutgraf import: skipped, {problem}: {shown(subscription.url)}")
            added = store.subscribe(usable)
            folders = len({s.folder for s in usable if s.folder})
            kept = f" in {folders} folder{'s' * (folders != 1)}" if folders else ""
            say(f"{len(found)} feeds{kept} in {shown(str(options.file))}, {added} new")
        elif command == "remove":
            return _remove(store, options.urls)
        elif command == "rename":
            if not store.rename(options.url, options.title):
                complain(f"nutgraf rename: not subscribed: {shown(options.url)}")
                return 1
            named = clean_line(options.title)
            say(f"{shown(options.url)} is now called {named}" if named else "title reset")
        elif command == "export-opml":
            raw(write_opml(store.subscriptions()))
        elif command == "feeds":
            for state in store.states():
                say(_feed_line(state))
        else:
            return _refresh(store, options.json, options.config)
    except StoreError as error:
        complain(f"nutgraf {command}: could not save: {error}")
        return 1
    finally:
        store.close()
    return 0


def _feed_line(state: object) -> str:
    """One feed for `nutgraf feeds`: name, address, items and last error, what the last
    refresh deleted or skipped, folder and tags."""
    from tui.core.feeds.addresses import shown
    from tui.core.model import FeedState
    from tui.core.sanitize import clean_line

    assert isinstance(state, FeedState)
    parts = [f"{state.items} item{'s' * (state.items != 1)}"]
    if state.error:
        parts.append(f"last refresh: {state.error}")
    if state.pruned:
        parts.append(f"{state.pruned} old deleted by the last refresh")
    if state.skipped:
        parts.append(
            f"{state.skipped} entr{'ies' if state.skipped != 1 else 'y'} without text skipped"
        )
    if state.repeated:
        parts.append(_repeated(state.repeated))
    if state.warning and not state.error:
        parts.append(f"last refresh warned: {state.warning}")
    if state.folder:
        parts.append(f"folder {state.folder}")
    if state.tags:
        parts.append(f"tags {', '.join(state.tags)}")
    title = state.custom_title or state.title or "(no title yet)"
    if state.custom_title and state.title and state.title != state.custom_title:
        title += f" (the feed's title: {state.title})"
    return f"{clean_line(title)}  {shown(state.url)}  {clean_line(', '.join(parts))}"


def _repeated(count: int) -> str:
    return f"{count} entr{'ies' if count != 1 else 'y'} with a repeated id skipped"


def _remove(store: object, urls: list[str]) -> int:
    from tui.core.feeds.addresses import shown
    from tui.core.storage.feeds import FeedStore

    assert isinstance(store, FeedStore)
    missing = 0
    for url in urls:
        items = store.remove(url)
        if items is None:
            missing += 1
            complain(f"nutgraf remove: not subscribed: {shown(url)}")
        else:
            say(f"removed {shown(url)} and its {items} item{'s' * (items != 1)}")
    return 1 if missing else 0


def _refresh(store: object, as_json: bool, config_path: Path | None) -> int:
    import asyncio
    import contextlib
    import signal
    import threading
    from dataclasses import asdict

    from tui.core.config import load_config
    from tui.core.feeds.addresses import shown
    from tui.core.feeds.refresh import Outcome, refresh
    from tui.core.storage.feeds import FeedStore
    from tui.core.workers.messages import RefreshStep
    from tui.core.workers.refresh import FEEDS_FAILED

    assert isinstance(store, FeedStore)
    config = load_config(config_path)
    for problem in config.problems:
        complain(f"nutgraf refresh: {problem}")

    def report(done: int, total: int, outcome: Outcome) -> None:
        if as_json:
            say(RefreshStep(done, total, **asdict(outcome)).to_json())
        else:
            state = outcome.error or (
                "unchanged" if outcome.unchanged else f"{outcome.new_items} new"
            )
            if outcome.updated and not outcome.error:
                state += f", {outcome.updated} updated"
            if outcome.repeated and not outcome.error:
                state += f", {_repeated(outcome.repeated)}"
            if outcome.pruned:
                state += f", {outcome.pruned} old deleted (keeping {config.keep})"
            if outcome.warning and not outcome.error:
                state += f" (warning: {outcome.warning})"
            say(f"[{done}/{total}] {shown(outcome.url)}: {state}")

    interrupted = threading.Event()

    async def refreshing() -> list[Outcome]:
        # Ctrl+C cancels the refresh and is remembered: a feed's request that turns the
        # cancellation into an error of its own must not make it "1 with errors".
        main = asyncio.current_task()
        assert main is not None

        def interrupt() -> None:
            interrupted.set()
            main.cancel()

        with contextlib.suppress(ValueError, RuntimeError):  # not the main thread: as before
            asyncio.get_running_loop().add_signal_handler(signal.SIGINT, interrupt)
        return await refresh(store, progress=report, budget=config.feeds, keep=config.keep)

    try:
        outcomes = asyncio.run(refreshing())
    except (KeyboardInterrupt, asyncio.CancelledError):
        interrupted.set()
    if interrupted.is_set():
        complain("nutgraf refresh: interrupted; the feeds finished so far are saved")
        return INTERRUPTED
    failed = sum(1 for outcome in outcomes if outcome.error)
    pruned = sum(outcome.pruned for outcome in outcomes)
    if not as_json:
        deleted = f"; {pruned} old items deleted (keeping {config.keep} a feed)" if pruned else ""
        say(f"{len(outcomes) - failed} feeds refreshed, {failed} with errors{deleted}")
    return FEEDS_FAILED if failed else 0
