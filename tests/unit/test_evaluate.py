"""The evaluator itself: data readers, matching, scores, and the command on small fixtures."""

import json
from pathlib import Path

import pytest

from tui.core.nlp.summarize import ALGORITHMS
from tui.evaluate.__main__ import main
from tui.evaluate.data import detokenize, read_entities, read_summaries
from tui.evaluate.metrics import gold_entities, names_match, score_names

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize(
    ("a", "b", "exact", "lenient"),
    [
        ("NATO", "NATO", True, True),
        ("Volodymyr  Zelensky", "Volodymyr Zelensky", True, True),
        ("nato", "NATO", False, True),
        ("Zelensky", "Volodymyr Zelensky", False, True),
        ("Ian", "Brian Smith", False, False),
        ("Acme", "Acme Corp", False, True),
        ("UN", "United Nations", False, False),
    ],
)
def test_name_matching(a, b, exact, lenient):
    assert names_match(a, b, lenient=False) is exact
    assert names_match(a, b, lenient=True) is lenient
    assert names_match(b, a, lenient=True) is lenient


def test_gold_names_that_match_are_one_entity():
    groups = gold_entities(["Hussain", "Nasser Hussain", "Peter Such", "SUCH"], lenient=True)
    assert sorted(sorted(g) for g in groups) == [
        ["Hussain", "Nasser Hussain"],
        ["Peter Such", "SUCH"],
    ]
    assert len(gold_entities(["Hussain", "Nasser Hussain"], lenient=False)) == 2


def test_an_acronym_and_its_expansion_are_one_gold_entity():
    gold = ["EPA", "Environmental Protection Agency", "SPD", "Social Democratic Party of Germany"]
    text = "the Social Democratic Party of Germany (SPD) and the EPA"
    for lenient in (True, False):
        assert len(gold_entities(gold, lenient, text)) == 2
    assert len(gold_entities(gold, True)) == 3  # "SPD" is not its initials
    twice = score_names([["EPA"], ["Environmental Protection Agency"]], gold[:2], lenient=False)
    assert (twice.precision, twice.recall) == (0.5, 1.0)


def test_a_sidebar_listing_one_person_twice_gets_one_right_one_wrong():
    gold = ["Volodymyr Zelensky", "Zelensky"]
    twice = score_names([["Volodymyr Zelensky"], ["Zelensky"]], gold, lenient=True)
    assert (twice.precision, twice.recall) == (0.5, 1.0)
    merged = score_names([["Volodymyr Zelensky", "Zelensky"]], gold, lenient=True)
    assert (merged.precision, merged.recall, merged.f1) == (1.0, 1.0, 1.0)
    wrong = score_names([["Kyiv"]], gold, lenient=True)
    assert (wrong.precision, wrong.recall, wrong.f1) == (0.0, 0.0, 0.0)


def test_matching_is_one_to_one_and_maximal():
    # "Smith" could take either gold entity; the best pairing matches both predictions.
    counts = score_names([["Smith"], ["Ann Smith"]], ["Ann Smith", "Bob Smith"], lenient=False)
    assert counts.correct_predictions == 1
    counts = score_names([["Smith"], ["Ann Smith"]], ["Ann Smith", "Bob Smith"], lenient=True)
    assert counts.correct_predictions == 2


def test_readers():
    cases = read_summaries(FIXTURES / "summaries.jsonl")
    assert [c.id for c in cases] == ["a", "b", "c"]
    assert read_summaries(FIXTURES / "summaries.jsonl", limit=1)[0].reference.startswith("The city")
    docs = read_entities(FIXTURES / "sample.conll")
    assert len(docs) == 2
    assert docs[0].text == "Peter Blackburn of the European Commission said Blackburn's plan works."
    assert docs[0].persons == {"Peter Blackburn", "Blackburn"}
    assert docs[0].orgs == {"European Commission"}
    assert docs[1].orgs == {"Acme", "Reuters"}
    assert read_entities(FIXTURES / "entities.jsonl")[1].orgs == {
        "United Nations",
        "UN",
        "Red Cross",
    }


def test_detokenize():
    assert detokenize(["Smith", "'s", "car", ",", "(", "red", ")", "."]) == "Smith's car, (red)."


def test_summaries_command_prints_the_table_and_writes_json(tmp_path, capsys):
    out = tmp_path / "s.json"
    assert (
        main(["summaries", str(FIXTURES / "summaries.jsonl"), "-n", "1", "--json", str(out)]) == 0
    )
    printed = capsys.readouterr().out
    assert "Lead-1" in printed and "LeadRank (default)" in printed and "KL-Sum" in printed
    result = json.loads(out.read_text())
    assert result["articles"] == 3 and result["default"] == "LeadRank"
    # Article "a" is summarised by its first sentence, and "c" is the whole reference.
    assert result["scores"]["Lead-1"]["rouge1"] > 60
    assert set(result["scores"]) == {"Lead-1", *ALGORITHMS}


@pytest.mark.parametrize("name", ["entities.jsonl", "sample.conll"])
def test_entities_command_reports_raw_spacy_the_app_and_each_rule(tmp_path, capsys, name):
    out = tmp_path / "e.json"
    assert main(["entities", str(FIXTURES / name), "--json", str(out)]) == 0
    result = json.loads(out.read_text())
    for matching in ("lenient", "exact"):
        rows = result[matching]
        assert {"spaCy (raw)", "nutgraf", "nutgraf without merge_surnames"} <= set(rows)
        assert all(0 <= row["f1"] <= 1 for row in rows.values())
    assert "lenient matching" in capsys.readouterr().out


def test_speed_command_times_every_summariser(tmp_path):
    out = tmp_path / "t.json"
    assert main(["speed", str(FIXTURES / "summaries.jsonl"), "-n", "40", "--json", str(out)]) == 0
    result = json.loads(out.read_text())
    assert result["sentences"] == 40
    assert set(result["summary_seconds"]) >= {"LeadRank", "LexRank"}
