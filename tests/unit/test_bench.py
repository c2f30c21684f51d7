"""The benchmark's own helpers (the benchmark reports figures; it is not a timed test)."""

import os
import sys

import pytest

from tui.bench.__main__ import main
from tui.bench.common import article, percentile
from tui.bench.feeds import timed
from tui.bench.memory import at_rest
from tui.bench.next_newsboat import newsboat_installed, newsboat_next
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


def test_the_benchmark_contacts_nothing_but_its_own_local_servers():
    """Every address a reader could fetch from the benchmark's feeds (the feeds, their
    items' links and GUIDs) is one of the local servers, and no other address is written
    in the benchmark's code."""
    import re
    import urllib.request
    from pathlib import Path

    from tui.bench.feeds import local_feeds

    with local_feeds(feeds=6, items=3, delay=0, hosts=3) as urls:
        for url in urls:
            with urllib.request.urlopen(url, timeout=30) as response:
                feed = response.read().decode()
            found = re.findall(r"https?://[^<\s\"']+", feed)
            assert found and all(re.match(r"http://127\.0\.0\.\d+:\d+/", u) for u in found), found
    bench = Path(__file__).resolve().parents[2] / "tui" / "bench"
    written = {
        url
        for path in bench.glob("*.py")
        for url in re.findall(r"https?://[\w.\[\]:-]+", path.read_text(encoding="utf-8"))
    }
    assert all(url.startswith("http://127.") for url in written), written


def test_memory_at_rest_measures_every_process_of_the_tree():
    """The memory figure sums the reader and its helper processes, each named."""
    script = (
        "import subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
        "data = bytearray(40 * 1024 * 1024)\n"  # 40 MB the parent touches
        "time.sleep(60)\n"
    )
    processes = at_rest([sys.executable, "-c", script], dict(os.environ), least=1.0)
    assert len(processes) == 2
    parent, child = processes
    assert parent.rss_mb > 40 > child.rss_mb > 0
    assert 0 < child.pss_mb <= child.rss_mb


@pytest.mark.skipif(not newsboat_installed(), reason="newsboat is not installed")
def test_newsboats_next_article_is_timed_on_its_screen():
    """The peer's `n` figure: one time per press, each the next article's text on screen."""
    times = newsboat_next(3, words=100)
    assert len(times) == 3 and all(0 < t < 30 for t in times)


def test_a_runs_peak_memory_is_its_own_and_its_childrens():
    """Not the benchmark's size (a forked child inherits it in rusage), but what the
    process and its children hold at most."""
    small = timed([sys.executable, "-c", "import time; time.sleep(0.3)"], dict(os.environ))
    child = "import time; b = bytearray(150 * 2**20); time.sleep(0.5)"
    parent = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {child!r}])"
    big = timed([sys.executable, "-c", parent], dict(os.environ))
    assert small.status == big.status == 0
    assert small.peak_mb < 30
    assert 150 < big.peak_mb < 230
