"""`nutgraf summarize` and `nutgraf entities`: the analysis the reader shows, for scripts.

The same `Analyzer.analyse` as the reader's worker process, in this process.
Every readable article is processed; each unreadable one is named on stderr and
the exit status is 2.
"""

from __future__ import annotations

import argparse
import logging
from typing import Any

from tui.cli.output import json_line, say, warn
from tui.core.model import Analysis, Article, Entity
from tui.core.nlp.summarize import DEFAULT_ALGORITHM, DEFAULT_SENTENCES
from tui.core.paths import default_seeds

EXIT_FAILED = 1
EXIT_UNREADABLE = 2
log = logging.getLogger("nutgraf.cli")


def run_article_command(command: str, options: argparse.Namespace) -> int:
    from tui.core.export import to_markdown
    from tui.core.ingest.formats import load_all
    from tui.core.model import AnalysisRequest
    from tui.core.nlp.analyzer import Analyzer

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
            warn(f"{_where(article)}: {article.error}")
            status = EXIT_UNREADABLE
            continue
        try:
            if bulk is not None:
                analysis = next(bulk)
            else:
                request = AnalysisRequest(article.text, article.digest, algorithm, sentences)
                analysis = analyzer.analyse(request)
        except Exception as error:  # one article's failure is its own; the rest go on
            log.exception("analysis failed: %s", article.path)
            warn(f"{_where(article)}: analysis failed ({type(error).__name__}); see the log")
            status = status or EXIT_FAILED
            bulk = None  # the stream is broken: the rest one at a time
            continue
        record = _record(command, article, analysis)
        if getattr(options, "format", "text") == "markdown":
            say(to_markdown(article, analysis))
        elif options.json or getattr(options, "format", "text") == "json":
            json_line(record)
        else:
            _print_readable(command, record)
        notes = (analysis.summary_note, analysis.entity_note)
        for note in notes if command == "summarize" else notes[1:]:
            if note:
                warn(f"{article.path}: {note}")
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


def _print_readable(command: str, record: dict[str, Any]) -> None:
    say(record["title"])
    say(record["path"])
    if command == "summarize":
        for sentence in record["sentences"]:
            say(f"  • {sentence}")
    else:
        for heading, key in (("People", "people"), ("Organisations", "organisations")):
            names = ", ".join(f"{e['name']} ({e['count']})" for e in record[key]) or "none"
            say(f"  {heading}: {names}")
    say()
