"""One article in, its summary and its people & organisations out.

`Analyzer` owns the spaCy pipeline. The TUI runs it in a worker process
(`tui.core.workers.analysis`); the CLI calls it directly. Results are plain, picklable
dataclasses.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from tui.core.model import Analysis, AnalysisRequest, Entity
from tui.core.nlp.entities import group_entities
from tui.core.nlp.pipeline import INSTALL_HINT, load_pipeline, looks_english, mentions_many, parse
from tui.core.nlp.summarize import summarize

NOT_ENGLISH_SUMMARY = "Not English: sentences picked by position and shared words only"
NOT_ENGLISH_ENTITIES = "Not English: people and organisations are found in English articles only"


class Analyzer:
    """Loads the pipeline once; `analyse` is then called for each article."""

    def __init__(self, model: str | None = None) -> None:
        self.nlp: Any | None
        self.nlp, self.model = load_pipeline(model)
        self.requested_model = model

    def analyse(self, request: AnalysisRequest) -> Analysis:
        english = looks_english(request.text)
        # The English model on other languages finds nonsense: rules split those.
        parsed = parse(request.text, self.nlp if english else None)
        summary, note = summarize(
            parsed.sentences, request.text, request.algorithm, request.sentences
        )
        people, organisations = group_entities(parsed.mentions, request.text)
        entity_note = self._entity_note(english)
        if not english:
            note = NOT_ENGLISH_SUMMARY
        return Analysis(
            algorithm=request.algorithm,
            sentences=tuple((s.start, s.end) for s in parsed.sentences),
            summary=tuple(summary),
            people=tuple(people),
            organisations=tuple(organisations),
            model=self.model,
            summary_note=note,
            entity_note=entity_note,
        )

    def entities_many(self, texts: Sequence[str]) -> Iterator[Analysis]:
        """People and organisations only, for many texts in one spaCy stream (bulk commands)."""
        english = [looks_english(text) for text in texts]
        found = (
            mentions_many((t for t, ok in zip(texts, english, strict=True) if ok), self.nlp)
            if self.nlp is not None
            else None
        )
        for text, is_english in zip(texts, english, strict=True):
            people, organisations = list[Entity](), list[Entity]()
            if is_english and found is not None:
                people, organisations = group_entities(next(found), text)
            yield Analysis(
                algorithm="",
                sentences=(),
                summary=(),
                people=tuple(people),
                organisations=tuple(organisations),
                model=self.model,
                entity_note=self._entity_note(is_english),
            )

    def _entity_note(self, english: bool) -> str | None:
        if not english:
            return NOT_ENGLISH_ENTITIES
        if self.nlp is None:
            if self.requested_model:
                return f"Model {self.requested_model!r} not found. {INSTALL_HINT}"
            return INSTALL_HINT
        return None
