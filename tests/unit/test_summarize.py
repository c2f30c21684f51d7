import pytest

from tui.core.nlp.pipeline import parse
from tui.core.nlp.summarize import ALGORITHMS, summarize

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


def test_leadrank_is_the_default_and_prefers_the_lead_of_news(analyzer):
    from tui.core.nlp.summarize import DEFAULT_ALGORITHM

    assert DEFAULT_ALGORITHM == "LeadRank"
    parsed = parse(NEWS, analyzer.nlp)
    picked, note = summarize(parsed.sentences, NEWS, "LeadRank", 3)
    assert note is None
    assert picked[0] == 0
    assert len(picked) == 3


def test_leadrank_skips_datelines_and_avoids_repeating_itself():
    text = (
        "LONDON (Reuters).\n"
        "The bank raised interest rates to five percent on Thursday.\n"
        "The bank raised interest rates to five percent on Thursday, it said.\n"
        "Markets had expected the move after inflation rose for a sixth month.\n"
        "Mortgage holders will pay more from next month."
    )
    parsed = parse(text, None)
    picked, _ = summarize(parsed.sentences, text, "LeadRank", 2)
    assert 0 not in picked  # the dateline
    assert picked != [1, 2]  # not the same sentence twice


def test_sentences_sharing_no_words_give_way_to_leadrank_instead_of_nan():
    text = "Alpha beta. Gamma delta. Epsilon zeta. Eta theta."
    parsed = parse(text, None)
    for algorithm in ALGORITHMS:
        picked, note = summarize(parsed.sentences, text, algorithm, 2)
        assert len(picked) == 2, algorithm
        if note:
            assert note.endswith("LeadRank used")


def test_an_all_caps_article_is_summarised(analyzer):
    text = NEWS.upper()
    parsed = parse(text, analyzer.nlp)
    assert len(parsed.sentences) >= 5
    for algorithm in ALGORITHMS:
        picked, _ = summarize(parsed.sentences, text, algorithm, 3)
        assert len(picked) == 3, algorithm


def test_very_long_articles_cap_slow_sumy_algorithms(monkeypatch):
    from tui.core.nlp import summarize as module

    text = " ".join(f"Sentence {i} talks about topic {i % 7} and more." for i in range(60))
    parsed = parse(text, None)
    monkeypatch.setattr(module, "SUMY_LIMIT", 20)
    monkeypatch.setattr(module, "SUMY_LIMITS", {"KL-Sum": 10, "LeadRank": 50})
    picked, note = summarize(parsed.sentences, text, "LexRank", 3)
    assert note == "LexRank ranked the first 20 of 60 sentences"
    assert max(picked) < 20
    picked, note = summarize(parsed.sentences, text, "KL-Sum", 3)
    assert max(picked) < 10 and note is not None
    picked, note = summarize(parsed.sentences, text, "LeadRank", 3)
    assert note == "LeadRank ranked the first 50 of 60 sentences"


def test_language_detection():
    from tui.core.nlp.pipeline import looks_english

    assert looks_english(NEWS)
    assert looks_english("Short headline")
    assert not looks_english(
        "Президент заявил, что участие в саммите имеет смысл только при наличии сигнала. "
        "Он сказал это в интервью. Многие страны боятся. Саммит пройдет в июле. "
        "Решение еще не принято. Эксперты ожидают долгих переговоров между союзниками."
    )
    assert not looks_english(
        "乌克兰总统表示，只有在获得明确信号的情况下，参加峰会才有意义。他在接受采访时说了这番话。"
    )
    assert not looks_english(
        "Le président a déclaré que la participation au sommet de Vilnius ne serait utile "
        "que si le pays reçoit un signal clair sur son avenir dans l'alliance atlantique "
        "et que plusieurs membres hésitent encore à s'engager pleinement."
    )


def test_non_english_articles_get_a_note_and_no_entities(analyzer):
    from tui.core.model import AnalysisRequest

    text = (
        "乌克兰总统表示，只有在获得明确信号的情况下，参加峰会才有意义。"
        "他在接受采访时说了这番话。许多国家害怕。峰会将于七月举行。"
    )
    analysis = analyzer.analyse(AnalysisRequest(text, "zh", "LeadRank", 2))
    assert len(analysis.sentences) == 4
    assert len(analysis.summary) == 2
    assert analysis.summary_note is not None and analysis.summary_note.startswith("Not English")
    assert analysis.people == analysis.organisations == ()
