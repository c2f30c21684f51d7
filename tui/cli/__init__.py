"""The `nutgraf` command: the reader by default, `summarize` and `entities` for scripts.

Heavy imports (Textual, spaCy, sumy) happen inside the commands that need them,
so `nutgraf --help` stays quick.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui import __version__
from tui.cli.feeds import FEED_COMMANDS, run_feed_command
from tui.cli.output import complain, say, warn, warn_where_seen
from tui.core.nlp.summarize import ALGORITHMS, DEFAULT_ALGORITHM, DEFAULT_SENTENCES
from tui.core.paths import default_seeds

if TYPE_CHECKING:
    from tui.core.config import Config
    from tui.core.workers.scanner import StoreFiles
    from tui.ui.app import NutgrafApp

COMMANDS = ("summarize", "entities", "serve", *FEED_COMMANDS)
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it
# A first argument shaped like a command word (not a path) that names no command.
_COMMAND_SHAPED = re.compile(r"[a-z][a-z-]{1,30}")


class Parser(argparse.ArgumentParser):
    """argparse whose every message (which echoes what was typed) passes the output boundary."""

    def _print_message(self, message: str, file: Any = None) -> None:
        for line in message.rstrip("\n").split("\n") if message else ():
            (complain if file is sys.stderr else say)(line)


def _reader_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="nutgraf",
        description="Read and summarise news in the terminal. "
        f"Commands for scripts: {', '.join(COMMANDS)} (nutgraf COMMAND --help).",
    )
    parser.add_argument("--version", action="version", version=f"nutgraf {__version__}")
    parser.add_argument(
        "--config",
        type=Path,
        metavar="PATH",
        help="settings file (default: ~/.config/nutgraf/config.toml; see README)",
    )
    _add_common(
        parser,
        "article files or folders: only these are listed (default: the settings' paths and"
        " every feed, or the seeds when there are neither)",
    )
    return parser


def _command_parser(command: str) -> argparse.ArgumentParser:
    parser = Parser(prog=f"nutgraf {command}")
    _add_common(parser)
    parser.add_argument("--json", action="store_true", help="one JSON object per article a line")
    if command == "summarize":
        parser.add_argument(
            "--algorithm",
            "-a",
            default=DEFAULT_ALGORITHM,
            type=_algorithm,
            help=f"one of {', '.join(ALGORITHMS)} (default {DEFAULT_ALGORITHM})",
        )
        parser.add_argument(
            "--sentences", "-n", type=_positive, default=DEFAULT_SENTENCES, metavar="N"
        )
        parser.add_argument(
            "--format",
            choices=("text", "json", "markdown"),
            default="text",
            help="markdown: title, summary, people and organisations (as the app's e key)",
        )
    return parser


def _add_common(
    parser: argparse.ArgumentParser,
    paths_help: str = "article files or folders (default: the seeds)",
) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help=paths_help)
    parser.add_argument("--model", help="spaCy pipeline to load (package name or path)")


def _algorithm(value: str) -> str:
    for name in ALGORITHMS:
        if name.casefold().replace("-", "") == value.casefold().replace("-", ""):
            return name
    raise argparse.ArgumentTypeError(f"choose from {', '.join(ALGORITHMS)}")


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; Ctrl+C ends it quietly with status 130, whatever it was doing."""
    from tui.core.processes import DIE_WITH_PARENT, die_with_parent

    if (parent := os.environ.pop(DIE_WITH_PARENT, None)) is not None:  # serve, refresh
        die_with_parent(int(parent) if parent.isdigit() else None)
    try:
        return _dispatch(list(sys.argv[1:] if argv is None else argv))
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED


# The reader's options that take a value: `nutgraf --config F refresh` is `refresh`.
_VALUED_OPTIONS = frozenset({"--config", "--model"})


def _command_first(args: list[str]) -> list[str]:
    """`args` with a command word that follows the leading options moved before them, so
    that `nutgraf --config F refresh` refreshes instead of opening the reader on a file
    called "refresh"; the options then go to the command, which says if it has none such."""
    index = 0
    while index < len(args) and args[index].startswith("-") and args[index] != "--":
        takes_value = args[index] in _VALUED_OPTIONS
        index += 2 if takes_value else 1
    if 0 < index < len(args) and args[index] in COMMANDS:
        return [args[index], *args[:index], *args[index + 1 :]]
    return args


def _dispatch(args: list[str]) -> int:
    args = _command_first(args)
    command = args[0] if args else ""
    if command in COMMANDS:
        from tui.core.logs import setup_logging

        setup_logging()  # failures' details go to the log file, as in the reader
    if command == "serve":
        from tui.cli.serve import run_serve

        description = "Open the reader in a web browser. Other options are passed to nutgraf."
        return run_serve(Parser(prog="nutgraf serve", description=description), args[1:])
    if command in FEED_COMMANDS:
        return run_feed_command(Parser(prog=f"nutgraf {command}"), command, args[1:])
    if command in COMMANDS:
        from tui.cli.articles import run_article_command

        return run_article_command(command, _command_parser(command).parse_args(args[1:]))
    if _COMMAND_SHAPED.fullmatch(command) and not os.path.lexists(command):
        near = difflib.get_close_matches(command, COMMANDS, n=1)
        hint = f" (did you mean {near[0]}?)" if near else f"; commands: {', '.join(COMMANDS)}"
        warn(f"{command!r} is neither a command nor a file or folder{hint}")
        return EXIT_USAGE
    options = _reader_parser().parse_args(args)
    if not has_terminal():  # cron, a pipe: the reader would wait for keys forever
        warn_where_seen(
            "the reader needs a terminal (standard input, output and error); for scripts: "
            + ", ".join(COMMANDS)
        )
        return EXIT_USAGE
    from tui.core.config import load_config
    from tui.ui.keys import ACTIONS

    config = load_config(options.config, ACTIONS)
    paths, feeds, notice = reader_sources(options.paths, config.paths)
    app = open_reader(paths, config, feeds, options.model)
    if notice:  # the feed store was opened (and a bad file moved aside) before the app
        app.notify(notice, severity="warning")
    app.run()
    return 0


def open_reader(
    paths: list[str],
    config: Config,
    feeds: bool,
    model: str | None = None,
    files: StoreFiles | None = None,
) -> NutgrafApp:
    """The reader on `paths`, its listing started before the app is imported: importing
    it (Textual's app, the screens) and building it took 0.4 s of every start, while the
    scanner process could list (issue 15). `files`: where the listing keeps its indexes
    (the reader's own unless given)."""
    from tui.core.workers.scanner import ProcessScanner, StartedScanner, StoreFiles

    files = files or StoreFiles.of_reader(feeds)
    scanner = StartedScanner(ProcessScanner(), paths, files, config.size_cap)
    from tui.ui.app import make_app

    return make_app(
        paths, model=model, config=config, feeds=feeds, scanner=scanner, store_files=files
    )


def has_terminal() -> bool:
    """Keys come from a terminal and frames go to it (or to a browser: `nutgraf serve`).
    Textual draws on standard error: redirected, the screen went into the file; closed,
    the reader hung at its exit."""
    streams = (sys.stdin, sys.stdout, sys.stderr)
    return all(s is not None and s.isatty() for s in streams) or "TEXTUAL_DRIVER" in os.environ


def reader_sources(given: list[str], configured: list[str]) -> tuple[list[str], bool, str | None]:
    """What the reader lists: `nutgraf PATH` that path only; plain `nutgraf` the paths of
    the settings and every feed, or the bundled seeds when there is neither. Last, what
    opening the feed store to know had to say."""
    if given:
        return given, False, None
    if configured:
        return configured, True, None
    from tui.core.corpus import subscribed
    from tui.core.storage.feeds import feeds_path

    feeds, notice = subscribed(feeds_path())
    return ([] if feeds else [str(default_seeds())]), True, notice
