"""One article in, its summary and its people & organisations out.

`Analyzer` owns the spaCy pipeline. The TUI runs it in a worker process
(`tui.core.workers.analysis`); the CLI calls it directly, and so does
`python -m tui.evaluate`, so every figure measures what a reader sees. Results
are plain, picklable dataclasses.

The steps, in order: the language check (`langid`: "not English" only when
another language is certain), cleaning (`cleaning`: datelines, bylines, notes and
boilerplate blanked, offsets kept), spaCy (`pipeline`), the summary
(`summarize`) and the names (`entities`).
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from tui.core.model import Analysis, AnalysisRequest, Entity
from tui.core.nlp.cleaning import masked, tidy
from tui.core.nlp.entities import group_entities
from tui.core.nlp.langid import ENGLISH, identify
from tui.core.nlp.pipeline import INSTALL_HINT, Mention, Parsed, load_pipeline, mentions_many, parse
from tui.core.nlp.summarize import summarize

NOT_ENGLISH_SUMMARY = "Not English ({}): sentences picked by position and shared words only"
NOT_ENGLISH_ENTITIES = (
    "Not English ({}): people and organisations are found in English articles only"
)

Steps = dict[str, float]  # seconds spent in each step, summed over calls


@dataclass(frozen=True)
class Prepared:
    """An article made ready to summarise: its language settled, cleaned and parsed."""

    language: str | None  # another language than English, when certain; else None
    parsed: Parsed


class Analyzer:
    """Loads the pipeline once; `analyse` is then called for each article."""

    def __init__(self, model: str | None = None) -> None:
        self.nlp: Any | None
        self.nlp, self.model = load_pipeline(model)
        self.requested_model = model
        # The language model loads on the first article that is not plainly English
        # (langid.py): loaded here, it would cost every reader 70 MB.

    def analyse(self, request: AnalysisRequest, steps: Steps | None = None) -> Analysis:
        """The article's summary and names; `steps`, when given, collects each step's time."""
        return self.complete(request, self.prepare(request.text, steps), steps)

    def prepare(self, text: str, steps: Steps | None = None) -> Prepared:
        """Language, cleaning and spaCy: the part every summariser shares."""
        with _timed(steps, "language"):
            language = _foreign(text)
        with _timed(steps, "cleaning"):
            shown = masked(text)
        with _timed(steps, "spaCy"):
            # The English model on other languages finds nonsense: rules split those.
            parsed = parse(shown, self.nlp if language is None else None)
        with _timed(steps, "cleaning"):
            parsed = tidy(parsed, shown, text)
        return Prepared(language, parsed)

    def complete(
        self, request: AnalysisRequest, prepared: Prepared, steps: Steps | None = None
    ) -> Analysis:
        """The summary and the names of a prepared article."""
        sentences = prepared.parsed.sentences
        with _timed(steps, "summary"):
            summary, note = summarize(sentences, request.text, request.algorithm, request.sentences)
        with _timed(steps, "names"):
            people, organisations = group_entities(prepared.parsed.mentions, request.text)
        if prepared.language is not None:
            note = NOT_ENGLISH_SUMMARY.format(prepared.language)
        return Analysis(
            algorithm=request.algorithm,
            sentences=tuple((s.start, s.end) for s in sentences),
            summary=tuple(summary),
            people=tuple(people),
            organisations=tuple(organisations),
            model=self.model,
            summary_note=note,
            entity_note=self._entity_note(prepared.language),
        )

    def mentions_many(self, texts: Sequence[str]) -> Iterator[tuple[str | None, list[Mention]]]:
        """Each text's language (None: English) and entity mentions, in one spaCy stream.

        The same language check and cleaning as `prepare`; sentence splitting off.
        """
        languages = [_foreign(text) for text in texts]
        english = [text for text, language in zip(texts, languages, strict=True) if not language]
        found = mentions_many(map(masked, english), self.nlp) if self.nlp is not None else None
        for language in languages:
            yield language, next(found) if language is None and found is not None else []

    def entities_many(self, texts: Sequence[str]) -> Iterator[Analysis]:
        """People and organisations only, for many texts in one spaCy stream (bulk commands)."""
        for text, (language, mentions) in zip(texts, self.mentions_many(texts), strict=True):
            people, organisations = list[Entity](), list[Entity]()
            if mentions:
                people, organisations = group_entities(mentions, text)
            yield Analysis(
                algorithm="",
                sentences=(),
                summary=(),
                people=tuple(people),
                organisations=tuple(organisations),
                model=self.model,
                entity_note=self._entity_note(language),
            )

    def _entity_note(self, language: str | None) -> str | None:
        if language is not None:
            return NOT_ENGLISH_ENTITIES.format(language)
        if self.nlp is None:
            if self.requested_model:
                return f"Model {self.requested_model!r} not found. {INSTALL_HINT}"
            return INSTALL_HINT
        return None


def _foreign(text: str) -> str | None:
    """The language of `text` when it is certainly not English; None otherwise."""
    language = identify(text)
    return None if language in (None, ENGLISH) else language


@contextmanager
def _timed(steps: Steps | None, name: str) -> Iterator[None]:
    if steps is None:
        yield
        return
    started = time.perf_counter()
    try:
        yield
    finally:
        steps[name] = steps.get(name, 0.0) + time.perf_counter() - started
