"""Text cleaning before analysis: what is not the story is blanked, offsets kept (issue 13)."""

import time

import pytest

from tui.core.model import AnalysisRequest
from tui.core.nlp.cleaning import excluded_spans, mask, masked, merge_quotations, tidy_sentences
from tui.core.nlp.pipeline import Sentence, parse

CASES = {
    "(CNN)The Senate voted.": "(CNN)",
    "Marseille, France (CNN)The prosecutor spoke.": "Marseille, France (CNN)",
    "LONDON (Reuters) - Shares fell.": "LONDON (Reuters) - ",
    "WASHINGTON (AP) — The House met.": "WASHINGTON (AP) — ",
    "West of Baghdad, Iraq (CNN)The call came.": "West of Baghdad, Iraq (CNN)",
    "New Delhi  (CNN)An Indian pioneer was jailed.": "New Delhi  (CNN)",
    "By . Daily Mail Reporter . PUBLISHED: . 10:01 EST, 13 April 2013 . | . UPDATED: . "
    "11:10 EST, 13 April 2013 . A man was held.": "By . Daily Mail Reporter . PUBLISHED: . "
    "10:01 EST, 13 April 2013 . | . UPDATED: . 11:10 EST, 13 April 2013 . ",
    "Editor's note: Jane Roe is a columnist. The opinions expressed in this commentary are "
    "solely hers. (CNN)Last week it rained.": "Editor's note: Jane Roe is a columnist. The "
    "opinions expressed in this commentary are solely hers. (CNN)",
    "It rained.\nMedia playback is not supported on this device\nIt stopped.": (
        "Media playback is not supported on this device"
    ),
    "It rained. CNN's Jane Roe contributed to this report.": (
        "CNN's Jane Roe contributed to this report."
    ),
    "It rained.\nFollow us on Twitter @nutgraf and on Facebook\nIt stopped.": (
        "Follow us on Twitter @nutgraf and on Facebook"
    ),
    "It rained.\nImage copyright Getty Images\nIt stopped.": "Image copyright Getty Images",
}


@pytest.mark.parametrize("text", sorted(CASES))
def test_datelines_notes_and_boilerplate_are_found(text):
    spans = excluded_spans(text)
    assert [text[s.start : s.end] for s in spans] == [CASES[text]]
    shown = mask(text, spans)
    assert len(shown) == len(text) and shown.count("\n") == text.count("\n")
    assert CASES[text].strip() not in shown


@pytest.mark.parametrize(
    "text",
    [
        "Apple (AAPL) shares rose on Monday.",
        "The report (published by Reuters) was read by many. By then, it was late.",
        "She said she would follow the story on Twitter.",
        "Read the report before the vote, he said.",
    ],
)
def test_the_story_itself_is_kept(text):
    assert excluded_spans(text) == []


@pytest.mark.parametrize(
    "piece",
    ["(CNN", "By . ", "Editor's note: ", "READ MORE: ", "\nBy A", ". ", '"', "Follow ", "x" * 40],
)
def test_cleaning_a_whole_text_is_linear_on_adversarial_input(piece):
    """Each pattern is timed by test_regex_budget.py; this times the loop around them."""

    def seconds(size: int) -> float:
        text = piece * (size // len(piece))
        best = float("inf")
        for _ in range(3):
            start = time.process_time()
            excluded_spans(text)
            best = min(best, time.process_time() - start)
        return best

    small, large = seconds(10_000), seconds(80_000)
    assert large < 2.0
    assert large < 0.03 or large / max(small, 1e-6) < 16


def test_quotations_are_kept_whole():
    text = "“These are commitments. They cannot be taken lightly,” she said. It rained."
    cut = [
        Sentence(0, 24, ("These",), 0),
        Sentence(25, 64, ("They",), 0),
        Sentence(65, 76, ("It",), 0),
    ]
    assert [(s.start, s.end) for s in merge_quotations(cut, text)] == [(0, 64), (65, 76)]
    # a quotation that never closes in its paragraph is left as the splitter cut it
    open_quote = 'He said "this. And that. And more. And more. And the rest.'
    sentences = parse(open_quote, None).sentences
    assert len(merge_quotations(sentences, open_quote)) == len(sentences)


def test_boilerplate_sentences_are_dropped_and_offsets_index_the_text():
    text = "(CNN)The Senate voted on Tuesday. CNN's Jane Roe contributed to this report."
    shown = masked(text)
    sentences = tidy_sentences(parse(shown, None).sentences, shown)
    assert [text[s.start : s.end] for s in sentences] == ["The Senate voted on Tuesday."]


def test_the_analysis_neither_summarises_nor_names_the_dateline(analyzer):
    text = (
        "(CNN)Andrew Getty, an heir to the Getty oil fortune, died on Tuesday in Los Angeles. "
        "He was 47. Police said there were no signs of foul play. "
        "CNN's Jane Roe contributed to this report."
    )
    analysis = analyzer.analyse(AnalysisRequest(text, "getty", "NewsRank", 3))
    picked = [text[a:b] for a, b in analysis.summary_spans()]
    assert picked[0].startswith("Andrew Getty")
    assert not any("contributed" in sentence for sentence in picked)
    if analyzer.nlp is None:
        pytest.skip("no spaCy model")
    names = {e.name for e in (*analysis.people, *analysis.organisations)}
    assert "Andrew Getty" in names
    assert not any("CNN" in name or "Jane Roe" in name for name in names)
