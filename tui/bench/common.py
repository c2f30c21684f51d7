"""Helpers shared by the benchmark's sections."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Executor, ThreadPoolExecutor

from rich.table import Table

SENTENCE = "The council member {i} told reporters in Lisbon that Ana Lopes would review the budget."


def article(words: int) -> str:
    sentences: list[str] = []
    count = 0
    while count < words:
        sentence = SENTENCE.format(i=len(sentences))
        sentences.append(sentence)
        count += len(sentence.split())
    paragraphs = [" ".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5)]
    return f"Budget review {words}\n\n" + "\n".join(paragraphs)


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def thread_executor(model: str | None) -> Executor:
    """The analysis worker's code in a thread: what the app's process avoids."""
    from tui.core.nlp.analyzer import Analyzer
    from tui.core.workers import analysis as service

    def load() -> None:
        service._analyzer = Analyzer(model)

    return ThreadPoolExecutor(1, initializer=load)


def table(title: str, *columns: str) -> Table:
    result = Table(title=title)
    for column in columns:
        result.add_column(column, justify="right")
    return result


def ms(seconds: float, digits: int = 0) -> str:
    return f"{1000 * seconds:,.{digits}f} ms"
