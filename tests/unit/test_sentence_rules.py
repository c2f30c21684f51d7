"""Sentences end where a reader says they do; datelines and non-prose stay out of summaries."""

import pytest

from tui.core.ingest.sentence_rules import false_break
from tui.core.ingest.titles import derive_title
from tui.core.model import AnalysisRequest
from tui.core.nlp.cleaning import excluded_spans, join_false_breaks
from tui.core.nlp.pipeline import Sentence
from tui.core.nlp.summarize import prose_sentences, summarize


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("The film came from Warner Bros.", "Pictures, the studio said."),
        ("A naturalised U.S.", "citizen was charged."),
        ("Talks between S. Korea and N.", "Korea resumed."),
        ("Le ministre M.", "Dupont a parlé."),
        ("She met Mr.", "Lambert on Monday."),
        ("The Lions Club Assn. [LCA", "] has been asked to help."),
        ("(The paper and Parent Co.", "Holdings share an owner.)"),
        ("Gen.", "Ramirez took command."),
    ],
)
def test_no_sentence_ends_after_an_initial_an_abbreviation_or_inside_brackets(before, after):
    assert false_break(before, after)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("The company moved to the U.S.", "The move cost millions."),
        ("Shares of Acme Inc.", "He said nothing more."),
        ("It rained all day.", "Then it stopped."),
        ("She wrote to example.com.", "Nobody answered."),
        ("Apples, pears, etc.", "It was a market."),
    ],
)
def test_sentences_still_end_at_real_ends(before, after):
    assert not false_break(before, after)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "S. Korea asks N. Korea to reopen a border post.\nSEOUL 2001-01-01\nMore.",
            "S. Korea asks N. Korea to reopen a border post.",
        ),
        (
            "Carmakers, U.S. regulator agree on recall rules. The deal came late. More text.",
            "Carmakers, U.S. regulator agree on recall rules.",
        ),
        (
            "(CNN)A retired U.S. Navy captain opened a bakery. It sells bread.",
            "A retired U.S. Navy captain opened a bakery.",
        ),
        (
            "DENVER - A snowstorm closed the airport on Monday. Flights resumed later.",
            "A snowstorm closed the airport on Monday.",
        ),
        (
            "PORTLAND, Ore. (AP) — The river rose overnight. People left.",
            "The river rose overnight.",
        ),
    ],
)
def test_titles_from_the_first_sentence_keep_abbreviations_and_drop_datelines(text, title):
    assert derive_title(text, "a.txt") == title


def test_split_sentences_are_joined_back_within_a_paragraph():
    pieces = ["Mr.", "Lambert met Gov. Ames.", "They spoke.", "The U.S.", "envoy came too."]
    text = " ".join(pieces)  # a splitter's bad cuts
    sentences, start = [], 0
    for piece in pieces:
        sentences.append(Sentence(start, start + len(piece), tuple(piece.split()), 0))
        start += len(piece) + 1
    joined = join_false_breaks(sentences, text)
    assert [text[s.start : s.end] for s in joined] == [
        "Mr. Lambert met Gov. Ames.",
        "They spoke.",
        "The U.S. envoy came too.",
    ]


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("DENVER - A snowstorm closed the airport.", "DENVER - "),
        ("SAN DIEGO — The port reopened on Friday.", "SAN DIEGO — "),
        ("ST. PAUL, Minn. (AP) - Lawmakers met.", "ST. PAUL, Minn. (AP) - "),
        ("Editor's note: Some images are graphic.\n\n(CNN)Crews searched the hillside.", None),
    ],
)
def test_all_caps_datelines_and_tags_after_a_note_are_cleaned(text, dateline):
    found = [text[s.start : s.end] for s in excluded_spans(text)]
    if dateline is None:
        assert "(CNN)" in "".join(found) and "Crews" not in "".join(found)
    else:
        assert found == [dateline]


def test_a_dateline_after_a_title_line_is_cleaned():
    text = "Storm shuts airport\n\nDENVER - A snowstorm closed the airport on Monday."
    found = [text[s.start : s.end] for s in excluded_spans(text)]
    assert found == ["DENVER - "]


def test_capitals_in_the_story_are_not_datelines():
    for text in ("NATO and the EU met. Talks - long ones - followed.", "I - for one - agree."):
        assert excluded_spans(text) == []


def _sentences(paragraphs: list[list[str]]) -> tuple[list[Sentence], str]:
    text, sentences = "", []
    for number, paragraph in enumerate(paragraphs):
        for sentence in paragraph:
            start = len(text)
            text += sentence + " "
            sentences.append(
                Sentence(start, start + len(sentence), tuple(sentence.split()), number)
            )
        text = text.rstrip() + "\n"
    return sentences, text


def test_headings_table_rows_and_link_headlines_are_not_summary_candidates():
    sentences, text = _sentences(
        [
            ["Rates decision."],
            ["The central bank kept its main rate at four percent on Tuesday, as expected."],
            ["Rovers 2 United 0"],
            ["Harbour town approves new ferry terminal ."],
            ["Mayor backs the new ferry plan"],
            ["Officials said the terminal would open in the spring of next year."],
            ["Traders had priced in a pause after weeks of mixed signals from the bank."],
        ]
    )
    assert prose_sentences(sentences, text) == [1, 5, 6]
    picked, _ = summarize(sentences, text, "NewsRank", 3)
    assert picked == [1, 5, 6]


def test_when_nothing_is_prose_every_sentence_is_a_candidate():
    sentences, text = _sentences([["Rovers 2 United 0"], ["City 1 Town 1"], ["Vale 0 Park 3"]])
    picked, _ = summarize(sentences, text, "NewsRank", 2)
    assert len(picked) == 2


def test_the_analysis_summary_has_no_dateline_and_whole_sentences(analyzer):
    text = (
        "Quiet town elects mayor\n\n"
        "DENVER - Voters chose a new mayor on Tuesday, the county clerk said in a statement.\n"
        "The winner, a former teacher, moved from the U.S. capital in 2010 with her family.\n"
        "Turnout was the highest in two decades, officials said after the count ended."
    )
    analysis = analyzer.analyse(AnalysisRequest(text, "mayor", "NewsRank", 3))
    picked = [text[a:b] for a, b in analysis.summary_spans()]
    assert picked[0].startswith("Voters chose")
    assert any("U.S. capital in 2010" in sentence for sentence in picked)
