"""The product path: evaluation texts read, analysed and printed as `nutgraf` does.

Every figure of `python -m tui.evaluate` comes through here (issue 13, item 1):

- the texts are written as a JSON-lines file of `{"title", "text"}` records and
  read back by the CLI's own loader (`load_all`: decoding, sanitising, titles);
  the title is the record's id, so no line of the text is taken for a title;
- each article is analysed by `tui.cli.articles.analyse_articles`, the loop of
  `nutgraf summarize` / `nutgraf entities` (`Analyzer.analyse`, or
  `Analyzer.entities_many` for names: language check, cleaning, caps, fallbacks);
- what is scored is what the command prints with `--json` (`record`, sanitised
  by `cleaned` as `json_line` does).

`tests/unit/test_evaluate.py` runs `nutgraf summarize --json` and `nutgraf
entities --json` in process on the same file and checks the output is identical.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from tui.cli.articles import analyse_articles, record
from tui.cli.output import cleaned
from tui.core.ingest.formats import load_all
from tui.core.model import Analysis, Article
from tui.core.nlp.analyzer import NOT_ENGLISH_SUMMARY, Analyzer
from tui.core.nlp.summarize import DEFAULT_ALGORITHM, DEFAULT_SENTENCES

INPUT_NAME = "articles.jsonl"


def write_input(texts: Sequence[tuple[str, str]], folder: Path) -> Path:
    """`(id, text)` pairs as the JSON-lines file the product reads; its path."""
    path = folder / INPUT_NAME
    with path.open("w", encoding="utf-8") as out:
        for identifier, text in texts:
            out.write(json.dumps({"title": identifier, "text": text}, ensure_ascii=False) + "\n")
    return path


def read_input(path: Path) -> list[Article]:
    """The articles of `path` exactly as `nutgraf summarize PATH` reads them."""
    return load_all([path])


def as_articles(texts: Sequence[tuple[str, str]]) -> list[Article]:
    """`(id, text)` pairs written as the product's input and read back: one article each."""
    with tempfile.TemporaryDirectory(prefix="nutgraf-evaluate-") as folder:
        articles = read_input(write_input(texts, Path(folder)))
    broken = [article.error for article in articles if article.error]
    if len(articles) != len(texts) or broken:
        raise ValueError(f"{len(texts)} texts read as {len(articles)} articles: {broken[:3]}")
    return articles


def printed(command: str, article: Article, analysis: Analysis) -> dict[str, Any]:
    """The record `nutgraf COMMAND --json` prints for this article."""
    value: dict[str, Any] = cleaned(record(command, article, analysis))
    return value


def analysed(
    command: str,
    articles: Sequence[Article],
    analyzer: Analyzer,
    algorithm: str = DEFAULT_ALGORITHM,
    sentences: int = DEFAULT_SENTENCES,
) -> Iterator[tuple[Article, Analysis]]:
    """Each article with the analysis `nutgraf COMMAND` computes; a failure is raised."""
    for article, analysis in analyse_articles(command, articles, analyzer, algorithm, sentences):
        if isinstance(analysis, Exception):
            raise RuntimeError(f"analysis of {article.title!r} failed") from analysis
        yield article, analysis


def summary_sentences(article: Article, analysis: Analysis) -> list[str]:
    """The summary as `nutgraf summarize --json` prints it."""
    return list(printed("summarize", article, analysis)["sentences"])


def name_groups(article: Article, analysis: Analysis) -> tuple[list[list[str]], list[list[str]]]:
    """People and organisations as `nutgraf entities --json` prints them: each name with
    its aliases, the forms a reader sees for one entry."""
    shown = printed("entities", article, analysis)
    return (
        [[entry["name"], *entry["aliases"]] for entry in shown["people"]],
        [[entry["name"], *entry["aliases"]] for entry in shown["organisations"]],
    )


def language_named(note: str | None) -> str | None:
    """The language a "Not English (xx): ..." note names; None for any other note."""
    prefix = NOT_ENGLISH_SUMMARY.partition("{")[0]  # the entity note starts the same way
    if note is None or not note.startswith(prefix) or ")" not in note:
        return None
    return note[len(prefix) : note.index(")")]
