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


def test_newsrank_is_the_default_and_prefers_the_lead_of_news(analyzer):
    from tui.core.nlp.summarize import DEFAULT_ALGORITHM

    assert DEFAULT_ALGORITHM == "NewsRank"
    parsed = parse(NEWS, analyzer.nlp)
    picked, note = summarize(parsed.sentences, NEWS, "NewsRank", 3)
    assert note is None
    assert picked[0] == 0
    assert len(picked) == 3


def test_every_summariser_is_a_sumy_summariser():
    """The summary the reader sees always comes out of sumy (issue 13, item 5)."""
    from sumy.summarizers._summarizer import AbstractSummarizer

    from tui.core.nlp import lead_rank, news_rank
    from tui.core.nlp.summarize import LEAD_RANK, NEWS_RANK, _document, _summarizer

    assert (news_rank.NAME, lead_rank.NAME) == (NEWS_RANK, LEAD_RANK)
    document, _ = _document(parse(NEWS, None).sentences, NEWS)
    for algorithm in ALGORITHMS:
        assert isinstance(_summarizer(algorithm, document), AbstractSummarizer), algorithm


def test_newsrank_weights_by_the_shape_of_the_article():
    """Block text (CNN-style, one long paragraph) and paragraphed text (BBC-style) are
    ranked with different weights; both return the asked number, in article order."""
    from tui.core.nlp import news_rank

    assert len(news_rank.BLOCK_WEIGHTS) == len(news_rank.FEATURES)
    assert len(news_rank.PARAGRAPHED_WEIGHTS) == len(news_rank.FEATURES)
    block = " ".join(
        f"Sentence number {i} talks about the budget vote in parliament." for i in range(12)
    )
    paragraphed = "\n".join(block.split(". "))
    for text in (block, paragraphed):
        for count in (1, 3):
            picked, note = summarize(parse(text, None).sentences, text, "NewsRank", count)
            assert len(picked) == count and picked == sorted(picked) and note is None


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
            assert note.endswith("NewsRank used")


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
    monkeypatch.setattr(module, "SUMY_LIMITS", {"KL-Sum": 10, "LeadRank": 50, "NewsRank": 50})
    picked, note = summarize(parsed.sentences, text, "LexRank", 3)
    assert note == "LexRank ranked the first 20 of 60 sentences"
    assert max(picked) < 20
    picked, note = summarize(parsed.sentences, text, "KL-Sum", 3)
    assert max(picked) < 10 and note is not None
    for algorithm in ("LeadRank", "NewsRank"):
        picked, note = summarize(parsed.sentences, text, algorithm, 3)
        assert note == f"{algorithm} ranked the first 50 of 60 sentences"


def test_non_english_articles_get_a_note_and_no_entities(analyzer):
    from tui.core.model import AnalysisRequest

    text = (
        "乌克兰总统表示，只有在获得明确信号的情况下，参加峰会才有意义。"
        "他在接受采访时说了这番话。许多国家害怕。峰会将于七月举行。"
    )
    analysis = analyzer.analyse(AnalysisRequest(text, "zh", "NewsRank", 2))
    assert len(analysis.sentences) == 4
    assert len(analysis.summary) == 2
    assert analysis.summary_note is not None and analysis.summary_note.startswith("Not English")
    assert analysis.people == analysis.organisations == ()


def test_when_every_ranking_fails_the_first_sentences_are_shown(monkeypatch):
    from tui.core.nlp import summarize as module

    monkeypatch.setattr(module, "_run", lambda *args: [])
    parsed = parse(NEWS, None)
    picked, note = summarize(parsed.sentences, NEWS, "LexRank", 2)
    assert picked == [0, 1]
    assert note == "LexRank found no ranking here: the first sentences shown"


REPEATED = (
    "The ferry strike closed the harbour on Monday morning. "
    "Union leaders said the crossings would stop until Friday. "
    "The ferry strike closed the harbour on Monday morning. "
    "Commuters waited for buses at the terminal.\n"
    "the ferry  strike closed the harbour on monday morning. "
    "The council asked both sides to meet on Wednesday. "
    "The ferry strike closed the harbour on Monday morning. "
    "Shops near the port said trade had fallen by half."
)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("count", [3, 5])
def test_a_repeated_sentence_is_in_a_summary_once(algorithm, count, analyzer):
    """The stranger's long article said one sentence many times; the summary said it three
    times. Identical sentences (also after folding case and spaces) appear once."""
    parsed = parse(REPEATED, analyzer.nlp)
    picked, _ = summarize(parsed.sentences, REPEATED, algorithm, count)
    said = [
        " ".join(REPEATED[s.start : s.end].split()).casefold()
        for s in (parsed.sentences[i] for i in picked)
    ]
    assert len(said) == len(set(said)) == min(count, 5)
    assert picked == sorted(picked)
