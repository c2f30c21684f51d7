"""What of an article is not the story: datelines, bylines, notes, credits, boilerplate.

`excluded_spans(text)` returns `(start, end, kind)` spans of `text` to leave out
of the summary and of the people & organisations; the text itself is never
changed. `mask(text, spans)` blanks them with spaces (same length, newlines
kept), so the masked copy can be parsed and every offset still indexes the
original text: "(CNN)Andrew Getty" is then read as "Andrew Getty", a person,
instead of the organisation "CNN)Andrew Getty".

After parsing, `tidy_sentences` trims sentences to their visible text (a
sentence of boilerplate only has no words and is dropped), and
`merge_quotations` joins sentences that the splitter cut inside a quotation
("“These are substantive commitments. They cannot be taken lightly,” she said").
`masked` and `tidy` are what the analyser calls around `pipeline.parse`.

Every pattern here runs in linear time on any input: each is anchored (at the
start of the text, of a line, or after sentence punctuation) and every repeat is
bounded, or is a single character class followed by a literal that the class
cannot match; no repeat is nested in an unbounded repeat
(`tests/unit/test_regex_budget.py` times each one on adversarial text).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tui.core.ingest.sentence_rules import (
    AGENCIES,
    CAPS_DATELINE,
    MONTH,
    SOURCE_TAG,
    false_break,
)
from tui.core.nlp.pipeline import Parsed, Sentence


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str


# --- the start of an article: place, source tag, Daily Mail header -----------------

_INDENT = 20  # spaces before a header: bounded (see `sentence_rules`)
_MONTH = MONTH
_AGENCIES = AGENCIES
_SOURCE_TAG = SOURCE_TAG
# A source tag in the middle of a text (after an editor's note): known agencies only.
_AGENCY_TAG = re.compile(rf"\((?:{_AGENCIES})\)")
# Daily Mail: "By . Daily Mail Reporter . PUBLISHED: . 10:01 EST, 13 April 2013 . | .
# UPDATED: . 11:10 EST, 13 April 2013 . " (fields end in " ." with a space before it,
# which running text does not).
_DAILY_MAIL = re.compile(
    rf"[ \t]{{0,{_INDENT}}}(?:By \.(?: [^.\n]{{1,60}} \.){{0,3}}(?: \| \.)?)?"
    r"(?: ?(?:PUBLISHED|UPDATED|Last updated)[^.\n]{0,40} \."
    r"(?: [^.\n|]{1,60} \.)?(?: \| \.)?){1,3} ?"
    rf"|[ \t]{{0,{_INDENT}}}By \.(?: [^.\n]{{1,60}} \.){{1,3}} ?"
)
# A line that is only a wire dateline: "BUCHAREST 1996-08-30", "LONDON, Aug 30".
_DATELINE_LINE = re.compile(
    rf"^[A-Z][A-Z .,'’-]{{1,40}}(?: \d{{4}}-\d{{2}}-\d{{2}}|, {_MONTH} \d{{1,2}})[ \t]*$", re.M
)

# --- whole lines -----------------------------------------------------------------

# "By Glenn Campbell, BBC Scotland political correspondent" (no sentence ending)
_BYLINE = re.compile(r"^[ \t]*By [A-Z][^\n]{0,100}(?<![.!?\"”:])[ \t]*$", re.M)
_CREDIT_BYLINE = re.compile(
    r"^[ \t]*(?:Analysis|Report|Reporting|Text|Words|Interview|Pictures) by "
    r"[^\n]{1,100}(?<![.!?\"”])[ \t]*$",
    re.M,
)
_CREDIT_LINE = re.compile(
    r"^[ \t]*(?:Image|Photo|Picture|Video)s? (?:copyright|caption|credit|source)\b"
    r"[^\n]{0,300}$",
    re.M,
)
_CREDIT_LABEL = re.compile(
    r"^[ \t]*(?:Photo|Picture|Image|Video)s?(?: credit)?: [^\n]{0,200}$", re.M
)
_PLAYBACK_LINE = re.compile(
    r"^[ \t]*Media playback is (?:not supported|unsupported) on (?:this|your) device[ \t]*$", re.M
)
_UPDATED_LINE = re.compile(
    r"^[ \t]*\d{1,2} [A-Z][a-z]{2,8} \d{4} Last updated at [^\n]{1,20}$", re.M
)
_SIGN_UP_LINE = re.compile(r"^[ \t]*(?:Sign up|Subscribe) (?:to|for) [^\n]{0,200}$", re.M)
_MORE_LINE = re.compile(
    r"^[ \t]*(?:READ MORE|Read more|Read more from|More from|Watch|WATCH|Listen|RELATED|"
    r"Related)\b:?[^\n.!?]{0,120}[ \t]*$",
    re.M,
)
_IPLAYER_LINE = re.compile(
    r"^[ \t]*You can (?:watch|listen to|see|hear) [^\n]{0,150}(?:iPlayer|BBC Sounds)"
    r"[^\n]{0,60}$",
    re.M,
)
# e-mail and social handles of the writer: "Jonathan.Amos-INTERNET@bbc.co.uk and follow me on"
_EMAIL_LINE = re.compile(
    r"^[ \t]*[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,4}\b[^\n]{0,150}$", re.M
)
_FOLLOW_LINE = re.compile(
    r"^[ \t]*Follow (?=[^\n]{0,250}$)[^\n]{0,150}?(?:Twitter|Facebook|Instagram|YouTube|@\w)",
    re.M,
)
_LINE_PATTERNS = (
    ("byline", _BYLINE),
    ("byline", _CREDIT_BYLINE),
    ("credit", _CREDIT_LINE),
    ("credit", _CREDIT_LABEL),
    ("boilerplate", _PLAYBACK_LINE),
    ("boilerplate", _UPDATED_LINE),
    ("boilerplate", _SIGN_UP_LINE),
    ("boilerplate", _MORE_LINE),
    ("boilerplate", _IPLAYER_LINE),
    ("boilerplate", _EMAIL_LINE),
    ("boilerplate", _FOLLOW_LINE),
)

# --- anywhere (sentences that are notices) -----------------------------------------

# Where a sentence may start: the start of a line, or after sentence punctuation and a
# space (each look-behind has a fixed width).
_AT_SENTENCE = r"(?:^|(?<=[.!?] )|(?<=[.!?][\"”'’)] )|(?<=\n))"
_FOLLOW_US = re.compile(
    rf"{_AT_SENTENCE}(?:Social media \. )?Follow (?:us|me|him|her|them|@\w{{1,30}}|"
    r"[A-Z][\w'’-]{0,30}(?: [A-Z][\w'’-]{0,30}){0,3}) on (?:Twitter|Facebook|Instagram|X\b)"
    r"[^\n.!?]{0,160}[.!]?",
    re.M,
)
_PLAYBACK = re.compile(
    r"Media playback is (?:not supported|unsupported) on (?:this|your) device", re.M
)
_FIND_ALL = re.compile(
    rf"{_AT_SENTENCE}Find all the latest [^\n.]{{0,80}} on our dedicated page\.", re.M
)
_NEWSLETTER = re.compile(
    rf"{_AT_SENTENCE}Subscribe to [^\n.]{{0,80}}newsletter[^\n.]{{0,150}}\.", re.M
)
_IREPORT = re.compile(
    rf"{_AT_SENTENCE}Share your (?:photos|videos|stories|story|pictures) with CNN iReport\.",
    re.M,
)
_COPYRIGHT = re.compile(
    rf"{_AT_SENTENCE}Copyright \d{{4}} [^\n.]{{0,60}}\. (?:Some|All) rights reserved\.", re.M
)
# "READ MORE: Japan unveils Izumo, its largest warship since World War II ." (a link)
_READ_MORE = re.compile(
    r"\b(?:READ MORE|READ|WATCH|RELATED|Read more|Related): "
    r"[^\n]{1,300}?(?: \.|[.?!])(?=\s|$)",
    re.M,
)
_CLICK_HERE = re.compile(
    rf"{_AT_SENTENCE}(?:Read more (?:about|on|from)|Click here) "
    r"[^\n]{1,200}?(?: \.|[.?!])(?=\s|$)",
    re.M,
)
_SCROLL_DOWN = re.compile(rf"{_AT_SENTENCE}Scroll down for (?:video|photos)\.?", re.M)
_HIDE_CAPTION = re.compile(r"Hide Caption \d{1,3} of \d{1,3}", re.M)
_CREDIT = re.compile(
    r"\((?:Photo|Picture|Image|Video)s? (?:by|credit|courtesy of|courtesy|source)\b"
    r"[^()\n]{1,120}\)",
    re.M,
)
_OPINION_NOTE = re.compile(
    rf"{_AT_SENTENCE}The (?:opinions|views) expressed in this (?:commentary|article|column|"
    r"piece|essay|story) are (?:solely )?"
    r"(?:those of [^\n.]{1,80}|(?:his|hers|theirs|her own|his own))\.",
    re.M,
)
_CONTRIBUTED = re.compile(
    rf"{_AT_SENTENCE}[^.!?\n]{{0,250}}\b(?:contributed (?:to )?(?:this|the) (?:report|story|"
    r"article)|contributed reporting)\.",
    re.M,
)
_REPORTING_BY = re.compile(
    r"\((?:Additional )?(?:[Rr]eporting|[Ww]riting|[Ee]diting) by [^()\n]{1,200}\)", re.M
)
_ANYWHERE_PATTERNS = (
    ("boilerplate", _FOLLOW_US),
    ("boilerplate", _PLAYBACK),
    ("boilerplate", _FIND_ALL),
    ("boilerplate", _NEWSLETTER),
    ("boilerplate", _IREPORT),
    ("boilerplate", _COPYRIGHT),
    ("boilerplate", _READ_MORE),
    ("boilerplate", _CLICK_HERE),
    ("boilerplate", _SCROLL_DOWN),
    ("boilerplate", _HIDE_CAPTION),
    ("credit", _CREDIT),
    ("opinion-note", _OPINION_NOTE),
    ("contributors", _CONTRIBUTED),
    ("contributors", _REPORTING_BY),
)

_EDITORS_NOTE = re.compile(r"(?i:editor['’]?s['’]? note)[ \t]*[:.-]")
_NOTE_LIMIT = 1500
_SENTENCE_END = re.compile(r"[.!?][\"”'’)]?(?=\s)|$")


def excluded_spans(text: str) -> list[Span]:
    """Spans of `text` that are not the story, sorted and not overlapping."""
    spans: list[Span] = []
    position = _leading(text, 0, spans)
    search_from = position
    while match := _EDITORS_NOTE.search(text, search_from):
        end = _note_end(text, match.start())
        spans.append(Span(match.start(), end, "editors-note"))
        search_from = _leading(text, end, spans) if end < len(text) else end
        search_from = max(search_from, match.end())
    for kind, pattern in _LINE_PATTERNS:
        spans.extend(
            Span(m.start(), m.end(), kind) for m in pattern.finditer(text) if m.group().strip()
        )
    spans.extend(Span(m.start(), m.end(), "dateline") for m in _DATELINE_LINE.finditer(text))
    for kind, pattern in _ANYWHERE_PATTERNS:
        spans.extend(
            Span(m.start(), m.end(), kind) for m in pattern.finditer(text) if m.group().strip()
        )
    spans = _merge(spans)
    first = _first_visible(text, spans)
    if first is not None and first > position:
        _leading(text, first, spans)  # the story's first paragraph, after boilerplate
        spans = _merge(spans)
    elif first is not None:
        # a headline line first ("Storm shuts airport"): the dateline opens the next one
        line_end = text.find("\n", first, first + _HEADLINE_CHARS + 1)
        headline = text[first:line_end].rstrip()
        if line_end > 0 and headline and not headline.endswith((".", "!", "?", ":", ",", ";")):
            before = len(spans)
            _leading(text, line_end, spans)
            if len(spans) > before:
                spans = _merge(spans)
    return spans


_HEADLINE_CHARS = 150


def _first_visible(text: str, spans: Sequence[Span]) -> int | None:
    """The first character of `text` that is neither a space nor inside a span."""
    position = 0
    for span in spans:
        while position < min(span.start, len(text)) and text[position].isspace():
            position += 1
        if position < span.start:
            return position
        position = max(position, span.end)
    while position < len(text) and text[position].isspace():
        position += 1
    return position if position < len(text) else None


def _leading(text: str, position: int, spans: list[Span]) -> int:
    """Daily Mail header and dateline at `position` (blank lines skipped); the position after."""
    for kind, pattern in (
        ("byline", _DAILY_MAIL),
        ("dateline", _SOURCE_TAG),
        ("dateline", CAPS_DATELINE),
    ):
        start = position
        while start < len(text) and text[start] in "\r\n":
            start += 1
        match = pattern.match(text, start)
        if match and match.end() > start and match.group().strip():
            spans.append(Span(start, match.end(), kind))
            position = match.end()
    return position


def _note_end(text: str, start: int) -> int:
    """Where an editor's note that starts at `start` ends.

    Up to a source tag ("... solely hers. Washington (CNN)Last week") when one
    follows soon; else the end of its line when the line is short; else the
    end of its first sentence.
    """
    window_end = min(len(text), start + _NOTE_LIMIT)
    line_end = text.find("\n", start, window_end)
    tag = _AGENCY_TAG.search(text, start, line_end if line_end >= 0 else window_end)
    if tag:
        # the place before the tag belongs to the story's dateline: back to the last
        # sentence end before it
        cut = max(text.rfind(". ", start, tag.start()), text.rfind(".\n", start, tag.start()))
        return cut + 1 if cut >= 0 else tag.start()
    if line_end >= 0:
        return line_end
    if window_end == len(text) and len(text) - start <= _NOTE_LIMIT:
        return len(text)
    match = _SENTENCE_END.search(text, start + 15, window_end)
    return match.end() if match else window_end


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if merged and span.start <= merged[-1].end:
            last = merged[-1]
            if span.end > last.end:
                merged[-1] = Span(last.start, span.end, last.kind)
            continue
        merged.append(span)
    return merged


def mask(text: str, spans: Sequence[Span]) -> str:
    """`text` with every span blanked by spaces (newlines kept): same length, same offsets."""
    if not spans:
        return text
    parts, position = [], 0
    for span in spans:
        parts.append(text[position : span.start])
        parts.append("".join("\n" if char == "\n" else " " for char in text[span.start : span.end]))
        position = span.end
    parts.append(text[position:])
    return "".join(parts)


# --- after parsing ---------------------------------------------------------------


def tidy_sentences(sentences: Sequence[Sentence], masked: str) -> list[Sentence]:
    """Sentences trimmed to their visible text in `masked`; those with no words left dropped."""
    tidy = []
    for sentence in sentences:
        start, end = sentence.start, sentence.end
        while start < end and masked[start].isspace():
            start += 1
        while end > start and masked[end - 1].isspace():
            end -= 1
        if end > start and sentence.words:
            tidy.append(Sentence(start, end, sentence.words, sentence.paragraph))
    return tidy


MAX_QUOTE_SENTENCES = 4  # a quotation longer than this is left as the splitter cut it
MAX_QUOTE_CHARS = 900


def _open_after(sentence_text: str, open_straight: bool, curly_depth: int) -> tuple[bool, int]:
    for char in sentence_text:
        if char == '"':
            open_straight = not open_straight
        elif char == "“":
            curly_depth += 1
        elif char == "”":
            curly_depth = max(0, curly_depth - 1)
    return open_straight, curly_depth


def merge_quotations(sentences: Sequence[Sentence], text: str) -> list[Sentence]:
    """Join sentences cut inside a quotation, within a paragraph.

    A run is joined only when the quotation closes within `MAX_QUOTE_SENTENCES`
    sentences and `MAX_QUOTE_CHARS` characters; otherwise (a stray quote mark, a
    quotation that runs on into the next paragraph, as newspapers write long
    quotes) the sentences stay as they were.
    """
    merged: list[Sentence] = []
    index = 0
    while index < len(sentences):
        run = _quotation_run(sentences, text, index)
        if len(run) > 1:
            first, last = run[0], run[-1]
            words = tuple(word for sentence in run for word in sentence.words)
            merged.append(Sentence(first.start, last.end, words, first.paragraph))
        else:
            merged.append(sentences[index])
        index += len(run)
    return merged


def _quotation_run(sentences: Sequence[Sentence], text: str, index: int) -> list[Sentence]:
    run = [sentences[index]]
    straight, curly = _open_after(text[run[0].start : run[0].end], False, 0)
    while straight or curly:
        following = index + len(run)
        if (
            following >= len(sentences)
            or sentences[following].paragraph != run[0].paragraph
            or len(run) >= MAX_QUOTE_SENTENCES
            or sentences[following].end - run[0].start > MAX_QUOTE_CHARS
        ):
            return run[:1]
        run.append(sentences[following])
        straight, curly = _open_after(
            text[sentences[following].start : sentences[following].end], straight, curly
        )
    return run


MAX_JOINED_CHARS = 1200  # a bracket never closed does not swallow the paragraph


def join_false_breaks(sentences: Sequence[Sentence], text: str) -> list[Sentence]:
    """Join sentences the splitter cut after an abbreviation or initial, or inside brackets.

    "Warner Bros. | Pictures", "N. | Korea", "the U.S. | envoy", "(CNN and Warner
    Bros. | Pictures are ...)": the rules are `sentence_rules.false_break`, which
    the titles use too. Only within a paragraph.
    """
    joined: list[Sentence] = []
    for sentence in sentences:
        if joined:
            last = joined[-1]
            if (
                last.paragraph == sentence.paragraph
                and sentence.end - last.start <= MAX_JOINED_CHARS
                and false_break(text[last.start : last.end], text[sentence.start : sentence.end])
            ):
                joined[-1] = Sentence(
                    last.start, sentence.end, last.words + sentence.words, last.paragraph
                )
                continue
        joined.append(sentence)
    return joined


def masked(text: str) -> str:
    """`text` with what `excluded_spans` finds blanked: what spaCy is given."""
    return mask(text, excluded_spans(text))


def tidy(parsed: Parsed, shown: str, text: str) -> Parsed:
    """A parse of `shown` (the masked `text`) with sentences trimmed and quotations whole."""
    sentences = join_false_breaks(tidy_sentences(parsed.sentences, shown), text)
    return Parsed(merge_quotations(sentences, text), parsed.mentions)
