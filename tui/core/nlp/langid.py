"""Which language an article is in, said only when it is certain.

The rule the reader needs: never drop the names of an English article. So a
text is called foreign only when there is enough running text to judge and
the identifier is sure; everything else (short wires, results tables, lists of
names, headlines in capitals) returns None and is analysed as English.

How:

1. Only *running-text words* are judged: words that do not start with a capital
   (names, places, all-caps headlines and table rows say little about the
   language and mislead every identifier tried: "MILAN 1996-08-30" came out
   Javanese, a results table Kinyarwanda), and no digits.
2. Without at least `MIN_EVIDENCE` letters of such words (a Han, kana or Hangul
   character counts `WIDE_WEIGHT`) there is no verdict.
3. Most news is English, and says so in its commonest words: when at least
   `ENGLISH_SHARE` of the running-text words are English function words that
   other languages do not use ("the", "which", "would"...), the text is English
   without asking the model. So a reader of English news never loads it (70 MB
   of the analysis process: `python -m tui.bench --only memory`).
4. Otherwise py3langid (langid.py's naive Bayes over byte n-grams; model shipped inside
   the wheel, numpy only) gives calibrated probabilities; a language other than
   English is returned only at `MIN_PROBABILITY` or above. A text whose letters
   are mostly of another script (Cyrillic, Arabic, Han...) cannot be English,
   so there the best non-English label is returned at any probability.

Dependency: py3langid==0.4.0 (pure Python + numpy, 4.6 MB); its model loads
once, on the first text that needs it (about 0.8 s).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

ENGLISH = "en"
MIN_EVIDENCE = 30  # letters of running-text words
MIN_PROBABILITY = 0.9
WIDE_WEIGHT = 3  # a Han / kana / Hangul character carries about a word's worth
ENGLISH_SHARE = 0.12  # of running-text words: 0.2-0.35 in English news, 0 in French
ENGLISH_LEAST = 8  # function words, so that a line of quoted English is not enough
# Frequent English words that are not frequent words of other languages written
# in Latin letters (no "a", "in", "an", "was", "will", "is", "of", "on", "to" (Polish,
# Czech), "also" (German), "over" (Dutch, Danish), "has" (Spanish), "but" (French)).
_ENGLISH_WORDS = frozenset(
    "the and that for with said were would their which this from been they not who "
    "its his she are could should there what when than about after into more other "
    "some such these those our your".split()
)
SAMPLE_CHARS = 20_000  # the start of a long article is enough (and keeps calls ~ms)
# Letters only (no digits, no underscore), optionally joined by apostrophes.
# Linear: the repeated group must start with an apostrophe, which the letter
# class cannot match, so there is one way to match any string.
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def _wide(char: str) -> bool:
    code = ord(char)
    return 0x2E80 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF or 0xF900 <= code <= 0xFAFF


def running_text(text: str) -> tuple[str, int]:
    """The words that are not names or capitals, joined; and how much evidence they give."""
    kept = [word for word in _WORD.findall(text) if not word[:1].isupper()]
    evidence = sum(WIDE_WEIGHT if _wide(char) else 1 for word in kept for char in word)
    return " ".join(kept), evidence


def _plainly_english(words: str) -> bool:
    """English by its function words alone (see the module's note, step 3)."""
    tokens = words.lower().split()
    english = sum(token in _ENGLISH_WORDS for token in tokens)
    return english >= ENGLISH_LEAST and english >= ENGLISH_SHARE * len(tokens)


def _mostly_other_script(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    return bool(letters) and sum(char.isascii() for char in letters) < 0.5 * len(letters)


@lru_cache(maxsize=1)
def load_identifier() -> Any:
    """py3langid's identifier with probabilities, loaded once (about 0.8 s)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify(text: str) -> str | None:
    """An ISO 639-1 code when certain ("en" included); None when unsure.

    Callers treat None like "en": only another code means "not English".
    """
    sample = text[:SAMPLE_CHARS]
    words, evidence = running_text(sample)
    if evidence < MIN_EVIDENCE:
        return None
    if _plainly_english(words):
        return ENGLISH
    ranked = load_identifier().rank(words)
    language, probability = ranked[0]
    if language == ENGLISH:
        return ENGLISH if probability >= MIN_PROBABILITY else None
    if probability >= MIN_PROBABILITY:
        return str(language)
    if _mostly_other_script(sample):
        return str(language)
    return None


def is_foreign(text: str) -> bool:
    """True only when another language than English is certain."""
    return identify(text) not in (None, ENGLISH)
