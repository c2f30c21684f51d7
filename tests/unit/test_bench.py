"""The benchmark's own helpers (the benchmark reports figures; it is not a timed test)."""

from tui.bench.__main__ import main
from tui.bench.common import article, percentile
from tui.bench.synthetic import make_corpus
from tui.core.ingest.formats import load_all


def test_article_has_the_words_asked_for_in_paragraphs():
    text = article(600)
    words = len(text.split("\n\n", 1)[1].split())
    assert 600 <= words < 620
    assert text.count("\n") > 5


def test_percentile():
    assert percentile([5, 1, 4, 2, 3], 0.5) == 3
    assert percentile([5, 1, 4, 2, 3], 0.9) == 5


def test_synthetic_corpus_has_realistic_articles_in_subfolders(tmp_path):
    folder = make_corpus(tmp_path / "c", 1_003)
    articles = load_all([folder])
    assert len(articles) == 1_003
    assert len({a.title for a in articles}) == 1_003
    assert all(300 <= a.words <= 1_000 and not a.error for a in articles)
    assert sorted(p.name for p in folder.iterdir() if p.is_dir()) == ["000", "001"]
    first = (folder / "000" / "000000.txt").stat().st_mtime_ns
    make_corpus(folder, 1_003)  # complete: kept, not rewritten
    assert (folder / "000" / "000000.txt").stat().st_mtime_ns == first


def test_start_up_figures_run(capsys):
    assert main(["--only", "start", "--repeats", "1"]) == 0
    assert "nutgraf --help" in capsys.readouterr().out
