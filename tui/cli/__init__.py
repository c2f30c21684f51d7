"""The `nutgraf` command: the reader by default, `summarize` and `entities` for scripts.

Heavy imports (Textual, spaCy, sumy) happen inside the commands that need them,
so `nutgraf --help` stays quick.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui import __version__
from tui.cli.feeds import FEED_COMMANDS, run_feed_command
from tui.core.nlp.summarize import ALGORITHMS, DEFAULT_ALGORITHM, DEFAULT_SENTENCES
from tui.core.paths import default_seeds

if TYPE_CHECKING:
    from tui.core.model import Analysis, Article, Entity

EXIT_UNREADABLE = 2
COMMANDS = ("summarize", "entities", "serve", *FEED_COMMANDS)


def _reader_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
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
    _add_common(parser)
    return parser


def _command_parser(command: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f"nutgraf {command}")
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


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="article files or folders (default: the seeds)"
    )
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
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "serve":
        return _serve(args[1:])
    if args and args[0] in FEED_COMMANDS:
        return run_feed_command(args[0], args[1:])
    if args and args[0] in COMMANDS:
        options = _command_parser(args[0]).parse_args(args[1:])
        return _run_command(args[0], options)
    options = _reader_parser().parse_args(args)
    from tui.core.config import load_config
    from tui.ui.app import make_app
    from tui.ui.keys import ACTIONS

    config = load_config(options.config, ACTIONS)
    paths = options.paths or config.paths or [default_seeds()]
    make_app(paths, model=options.model, config=config).run()
    return 0


def _serve(args: list[str]) -> int:
    """The reader in a browser: textual-serve runs `nutgraf` for each page it serves."""
    import shlex

    parser = argparse.ArgumentParser(
        prog="nutgraf serve",
        description="Open the reader in a web browser (textual-serve). "
        "Other options are passed on to nutgraf.",
    )
    parser.add_argument("--host", default="localhost", help="default: localhost only")
    parser.add_argument("--port", type=int, default=8000)
    options, rest = parser.parse_known_args(args)
    from textual_serve.server import Server

    command = shlex.join([sys.executable, "-m", "tui", *rest])
    Server(command, host=options.host, port=options.port, title="nutgraf").serve()
    return 0


def _run_command(command: str, options: argparse.Namespace) -> int:
    from rich.console import Console

    from tui.core.export import to_markdown
    from tui.core.ingest.formats import load_all
    from tui.core.model import AnalysisRequest
    from tui.core.nlp.analyzer import Analyzer

    out = Console(highlight=False, soft_wrap=options.json)
    analyzer = Analyzer(options.model)
    algorithm = getattr(options, "algorithm", DEFAULT_ALGORITHM)
    sentences = getattr(options, "sentences", DEFAULT_SENTENCES)
    articles = load_all(options.paths or [default_seeds()])
    readable = [article for article in articles if not article.error]
    # Entities alone go through one spaCy stream (nlp.pipe) for all the articles.
    bulk = analyzer.entities_many([a.text for a in readable]) if command == "entities" else None
    status = 0
    for article in articles:
        if article.error:
            print(f"nutgraf: {_where(article)}: {article.error}", file=sys.stderr)
            status = EXIT_UNREADABLE
            continue
        if bulk is not None:
            analysis = next(bulk)
        else:
            request = AnalysisRequest(article.text, article.digest, algorithm, sentences)
            analysis = analyzer.analyse(request)
        record = _record(command, article, analysis)
        if getattr(options, "format", "text") == "markdown":
            out.out(to_markdown(article, analysis), highlight=False)
        elif options.json or getattr(options, "format", "text") == "json":
            out.out(json.dumps(record, ensure_ascii=False), highlight=False)
        else:
            _print_readable(out, command, record)
        notes = (analysis.summary_note, analysis.entity_note)
        for note in notes if command == "summarize" else notes[1:]:
            if note:
                print(f"nutgraf: {article.path}: {note}", file=sys.stderr)
    return status


def _where(article: Article) -> str:
    return f"{article.path} [{article.index + 1}]" if article.index else article.path


def _record(command: str, article: Article, analysis: Analysis) -> dict[str, Any]:
    record: dict[str, Any] = {"path": article.path, "title": article.title}
    if article.index:
        record["index"] = article.index
    if command == "summarize":
        record["algorithm"] = analysis.algorithm
        record["sentences"] = [article.text[a:b].strip() for a, b in analysis.summary_spans()]
    else:
        record["people"] = [_entity(e) for e in analysis.people]
        record["organisations"] = [_entity(e) for e in analysis.organisations]
    return record


def _entity(entity: Entity) -> dict[str, Any]:
    return {"name": entity.name, "count": entity.count, "aliases": list(entity.aliases)}


def _print_readable(out: Any, command: str, record: dict[str, Any]) -> None:
    from rich.text import Text

    out.print(Text(record["title"], style="bold"))
    out.print(Text(record["path"], style="dim"))
    if command == "summarize":
        for sentence in record["sentences"]:
            out.print(Text(f"  • {sentence}"))
    else:
        for heading, key in (("People", "people"), ("Organisations", "organisations")):
            names = ", ".join(f"{e['name']} ({e['count']})" for e in record[key]) or "none"
            out.print(Text.assemble((f"  {heading}: ", "bold"), names))
    out.print()
