"""The benchmark's own helpers (the benchmark reports figures; it is not a timed test)."""

from tui.bench import article, main, percentile


def test_article_has_the_words_asked_for_in_paragraphs():
    text = article(600)
    words = len(text.split("\n\n", 1)[1].split())
    assert 600 <= words < 620
    assert text.count("\n") > 5


def test_percentile():
    assert percentile([5, 1, 4, 2, 3], 0.5) == 3
    assert percentile([5, 1, 4, 2, 3], 0.9) == 5


def test_start_up_figures_run(capsys, monkeypatch):
    import tui.bench as bench

    monkeypatch.setattr(bench, "bench_analysis", lambda out, repeats: {})
    monkeypatch.setattr(bench, "bench_keys", lambda out, presses, words: {})
    assert main(["--repeats", "1"]) == 0
    assert "nutgraf --help" in capsys.readouterr().out
