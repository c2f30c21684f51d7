import pytest

from tui.core.nlp import parse
from tui.core.summarize import ALGORITHMS, summarize

NEWS = (
    "The city council approved a new budget on Monday after a long debate. "
    "The budget raises spending on schools and public transport. "
    "Council members argued for hours about the transport plan. "
    "Some members wanted more money for road repairs instead of buses. "
    "The mayor said the budget balances schools, buses and roads. "
    "Residents will see the first changes to bus routes in spring.\n"
    "Schools will hire forty new teachers with the extra money. "
    "The teachers union welcomed the budget but asked for higher pay. "
    "A final vote on teacher pay is expected next month."
)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_every_algorithm_runs_without_nltk_data(algorithm, monkeypatch, analyzer):
    import nltk.data

    def no_data(*args, **kwargs):
        raise AssertionError("NLTK data must never be needed")

    monkeypatch.setattr(nltk.data, "load", no_data)
    monkeypatch.setattr(nltk.data, "find", no_data)
    parsed = parse(NEWS, analyzer.nlp)
    picked, note = summarize(parsed.sentences, NEWS, algorithm, 3)
    assert note is None
    assert len(picked) == 3
    assert picked == sorted(picked)
    assert all(0 <= i < len(parsed.sentences) for i in picked)


def test_fewer_sentences_than_asked_returns_them_all():
    parsed = parse("Alpha beta. Gamma delta.", None)
    assert summarize(parsed.sentences, "Alpha beta. Gamma delta.", "LexRank", 5) == ([0, 1], None)


def test_empty_text_gives_an_empty_summary():
    assert summarize([], "", "LSA", 3) == ([], None)


def test_unknown_algorithm_is_an_error():
    with pytest.raises(ValueError, match="unknown algorithm"):
        summarize([], "", "GPT", 3)


def test_sentences_never_cross_paragraphs_and_offsets_point_into_the_text(analyzer):
    text = "First paragraph ends here\nSecond one starts. It goes on."
    for nlp in (analyzer.nlp, None):
        parsed = parse(text, nlp)
        spans = [text[s.start : s.end] for s in parsed.sentences]
        assert spans[0] == "First paragraph ends here"
        assert all("\n" not in span for span in spans)
        assert parsed.sentences[0].paragraph == 0
        assert parsed.sentences[-1].paragraph == 1


def test_rule_based_splitting_without_a_model():
    text = "Dr. No said hi! Then he left. “Really?” she asked."
    parsed = parse(text, None)
    assert len(parsed.sentences) >= 3
    assert parsed.mentions == []
