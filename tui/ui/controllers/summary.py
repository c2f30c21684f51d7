"""Which summariser and how long a summary: `s`, `+` and `-`, and the request they make."""

from __future__ import annotations

from tui.core.config import MAX_SENTENCES, Config
from tui.core.model import AnalysisRequest, Article
from tui.core.nlp.pipeline import estimate_sentences
from tui.core.nlp.summarize import ALGORITHMS


class SummaryChoice:
    def __init__(self, config: Config) -> None:
        self.algorithm = config.algorithm
        self.count = config.sentences
        # "20%" in the settings: the length follows each article until + or - is pressed.
        self.share = config.sentence_share

    def request(self, article: Article) -> AnalysisRequest:
        count = self.count
        if self.share is not None:
            count = max(1, min(MAX_SENTENCES, round(self.share * estimate_sentences(article.text))))
        return AnalysisRequest(article.text, article.digest, self.algorithm, count)

    def cycle(self) -> None:
        self.algorithm = ALGORITHMS[(ALGORITHMS.index(self.algorithm) + 1) % len(ALGORITHMS)]

    def resize(self, step: int, shown: int | None) -> None:
        """One sentence more or fewer; from a share, start at the length on screen."""
        if self.share is not None:
            self.count = shown or 3
            self.share = None
        self.count = max(1, min(MAX_SENTENCES, self.count + step))

    @property
    def label(self) -> str:
        return f"{self.algorithm}, {self.count} sentences"
