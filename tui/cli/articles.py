"""`nutgraf summarize` and `nutgraf entities`: the analysis the reader shows, for scripts.

The same `Analyzer.analyse` as the reader's worker process, in this process.
Every readable article is processed; each unreadable one is named on stderr and
the exit status is 2.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from tui.cli.output import json_line, say, warn
from tui.core.model import Analysis, Article, Entity
from tui.core.nlp.summarize import DEFAULT_ALGORITHM, DEFAULT_SENTENCES
from tui.core.paths import default_seeds

if TYPE_CHECKING:
    from tui.core.nlp.analyzer import Analyzer

EXIT_FAILED = 1
EXIT_UNREADABLE = 2
log = logging.getLogger("nutgraf.cli")


def run_article_command(command: str, options: argparse.Namespace) -> int:
    from tui.core.export import to_markdown
    from tui.core.ingest.formats import load_all
    from tui.core.nlp.analyzer import Analyzer

    analyzer = Analyzer(options.model)
    algorithm = getattr(options, "algorithm", DEFAULT_ALGORITHM)
    sentences = getattr(options, "sentences", DEFAULT_SENTENCES)
    articles = load_all(options.paths or [default_seeds()])
    analyses = iter(analyse_articles(command, articles, analyzer, algorithm, sentences))
    status = 0
    for article in articles:
        if article.error:
            warn(f"{_where(article)}: {article.error}")
            status = EXIT_UNREADABLE
            continue
        analysed, analysis = next(analyses)
        assert analysed is article
        if isinstance(analysis, Exception):
            log.error("analysis failed: %s", article.path, exc_info=analysis)
            warn(f"{_where(article)}: analysis failed ({type(analysis).__name__}); see the log")
            status = status or EXIT_FAILED
            continue
        output = record(command, article, analysis)
        if getattr(options, "format", "text") == "markdown":
            say(to_markdown(article, analysis))
        elif options.json or getattr(options, "format", "text") == "json":
            json_line(output)
        else:
            _print_readable(command, output)
        notes = (analysis.summary_note, analysis.entity_note)
        for note in notes if command == "summarize" else notes[1:]:
            if note:
                warn(f"{article.path}: {note}")
    return status


def analyse_articles(
    command: str,
    articles: Sequence[Article],
    analyzer: Analyzer,
    algorithm: str = DEFAULT_ALGORITHM,
    sentences: int = DEFAULT_SENTENCES,
) -> Iterator[tuple[Article, Analysis | Exception]]:
    """Each readable article with its analysis, or the exception that analysing it raised.

    What `nutgraf summarize` and `nutgraf entities` print, and what `python -m
    tui.evaluate` scores. Entities alone go through one spaCy stream (`nlp.pipe`)
    for all the articles; if that stream breaks, the rest are analysed one at a time.
    """
    from tui.core.model import AnalysisRequest

    readable = [article for article in articles if not article.error]
    bulk = analyzer.entities_many([a.text for a in readable]) if command == "entities" else None
    for article in readable:
        try:
            if bulk is not None:
                analysis = next(bulk)
            else:
                request = AnalysisRequest(article.text, article.digest, algorithm, sentences)
                analysis = analyzer.analyse(request)
        except Exception as error:  # one article's failure is its own; the rest go on
            bulk = None  # the stream is broken: the rest one at a time
            yield article, error
            continue
        yield article, analysis


def _where(article: Article) -> str:
    return f"{article.path} [{article.index + 1}]" if article.index else article.path


def record(command: str, article: Article, analysis: Analysis) -> dict[str, Any]:
    """What the command prints for one article (`--json` prints it as it is)."""
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
