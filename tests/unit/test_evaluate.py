"""The evaluator itself: data readers, matching, scores, and the command on small fixtures."""

import json
from pathlib import Path

import pytest

from tui.core.nlp.summarize import ALGORITHMS
from tui.evaluate.__main__ import main
from tui.evaluate.data import detokenize, read_entities, read_summaries
from tui.evaluate.entities import evaluate_entities
from tui.evaluate.metrics import gold_entities, names_match, score_names
from tui.evaluate.product import analysed, as_articles, write_input
from tui.evaluate.product import printed as printed_record
from tui.evaluate.summaries import evaluate_summaries, systems

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
    assert "Lead-1 (same sentences)" in printed and "NewsRank (default)" in printed
    assert "KL-Sum" in printed
    result = json.loads(out.read_text())
    assert result["articles"] == 3 and result["default"] == "NewsRank"
    # Article "a" is summarised by its first sentence, and "c" is the whole reference.
    assert result["scores"]["Lead-1 (spaCy split)"]["rouge1"] > 60
    assert set(result["scores"]) == set(systems(1))
    assert set(systems(1)) == {*ALGORITHMS, "Lead-1 (same sentences)", "Lead-1 (spaCy split)"}


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
    assert set(result["summary_seconds"]) == set(ALGORITHMS)
    assert {"language", "cleaning", "spaCy"} <= set(result["steps_seconds"])


# The product, not its parts (issue 13, item 1): the evaluation scores what the CLI prints.


def cli_json(capsys, *args: str) -> list[dict]:
    from tui.cli import main as nutgraf

    capsys.readouterr()
    assert nutgraf(list(args)) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_the_evaluation_scores_exactly_what_nutgraf_summarize_prints(analyzer, tmp_path, capsys):
    from rouge_score.rouge_scorer import RougeScorer

    cases = read_summaries(FIXTURES / "product.jsonl")
    texts = [(case.id, case.article) for case in cases]
    printed = cli_json(capsys, "summarize", "--json", "-n", "2", str(write_input(texts, tmp_path)))
    assert [record["title"] for record in printed] == [case.id for case in cases]
    articles = as_articles(texts)
    ours = [
        printed_record("summarize", a, b)
        for a, b in analysed("summarize", articles, analyzer, "NewsRank", 2)
    ]
    assert [{**r, "path": ""} for r in ours] == [{**r, "path": ""} for r in printed]
    # the scores are of those very strings
    run = evaluate_summaries(cases, analyzer, 2)
    scorer = RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    for case, record, scores in zip(cases, printed, run.scores["NewsRank"], strict=True):
        expected = scorer.score(case.reference, "\n".join(record["sentences"]))
        assert scores == pytest.approx(
            tuple(100 * expected[m].fmeasure for m in ("rouge1", "rouge2", "rougeL"))
        )
    # what the product does is what is measured: no dateline, no credit line, French named
    first = printed[0]["sentences"][0]
    assert first.startswith("The state senate voted") and "(CNN)" not in first
    assert not any("Image copyright" in s for r in printed for s in r["sentences"])
    assert run.languages == [None, None, "fr", None]


def test_the_evaluation_scores_exactly_what_nutgraf_entities_prints(analyzer, tmp_path, capsys):
    cases = read_entities(FIXTURES / "sample.conll") + read_entities(FIXTURES / "entities.jsonl")
    texts = [(case.id, case.text) for case in cases]
    printed = cli_json(capsys, "entities", "--json", str(write_input(texts, tmp_path)))
    run = evaluate_entities(cases, analyzer, ablations=True)
    shown = [
        (
            [[e["name"], *e["aliases"]] for e in record["people"]],
            [[e["name"], *e["aliases"]] for e in record["organisations"]],
        )
        for record in printed
    ]
    assert run.predictions["nutgraf"] == shown
    assert any(people for people, _ in shown)


def test_the_report_has_every_set_both_halves_and_intervals(tmp_path, capsys):
    from tui.evaluate.report import half

    sets = tmp_path / "eval"
    sets.mkdir()
    (sets / "cnndm_dev.jsonl").write_text((FIXTURES / "product.jsonl").read_text())
    (sets / "xsum_dev.jsonl").write_text((FIXTURES / "summaries.jsonl").read_text())
    (sets / "conll2003_valid.txt").write_text((FIXTURES / "sample.conll").read_text())
    out = tmp_path / "report.json"
    assert main(["report", "--eval-dir", str(sets), "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Not found" in printed and "crossner_politics_train.txt" in printed
    result = json.loads(out.read_text())
    assert result["missing"] == ["crossner_politics_train.txt"]
    ids = {"cnndm_dev.jsonl": ["cnn-style", "bbc-style", "french", "wire"]}
    halves = {half(i) for i in ids["cnndm_dev.jsonl"]}
    cnn = [row for row in result["summaries"] if row["set"] == "cnndm_dev.jsonl"]
    assert {row["half"] for row in cnn} == halves
    systems_shown = {row["system"] for row in cnn}
    assert {
        "NewsRank (default)",
        "Lead-3 (same sentences)",
        "Lead-3 (spaCy split)",
    } <= systems_shown
    assert any(name.endswith("(best sumy on tune)") for name in systems_shown)
    assert all("[" in row["default_minus_rouge1"] for row in cnn if "default" not in row["system"])
    assert {row["set"] for row in result["entities"]} == {"conll2003_valid.txt"}
    language = {(row["set"], row["what"]): row["not_english"] for row in result["language"]}
    assert language[("cnndm_dev.jsonl", "articles")] == {"french": "fr"}
    assert language[("conll2003_valid.txt", "documents")] == {}
    assert {row["set"] for row in result["time"]} == {"cnndm_dev.jsonl", "xsum_dev.jsonl"}
    assert "Summaries: ROUGE F1" in printed and "People and organisations" in printed


def test_halves_are_md5_parity():
    """As when NewsRank's weights were fitted: an even MD5 of the id is the tuning half."""
    from tui.evaluate.report import half

    assert [half(i) for i in "abcde12"] == ["held"] * 4 + ["tune", "held", "tune"]
