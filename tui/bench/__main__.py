"""`python -m tui.bench`: speed figures, each pair measured side by side in one run.

This machine is noisy, so what counts is the ratio of two figures taken
together, not the absolute times. The sections (issue 5's P1 to P7):

- listing: first paint of 10,000 and 100,000 articles against 1 (P1), a second
  start against the first (P2), the UI process's peak memory (P7);
- keys: key press to repaint in a 100,000-entry list against 10 entries (P3a),
  and while a 30,000-word article is analysed against idle, with the analysis
  in the app's worker process and in a thread (P3b); `n` to the next article's text on
  screen (issue 15);
- analysis: a 600-word article end to end against raw `nlp(text)` (P4), cached
  against cold (P5);
- bulk: `nutgraf entities --json` over 1,000 articles against raw `nlp.pipe` (P6);
- start: `nutgraf --help` against `python -c pass`;
- feeds: 200 local feeds of 50 items refreshed by nutgraf and by Newsboat, side by side
  (first refresh, second refresh, OPML import; issue 15), then memory at rest of each
  reader open on those 10,000 items (every process, PSS and RSS).

Synthetic folders are generated on the first run into --corpora and kept for
the next (100,000 articles take about 560 MB and 20 s to write).
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console

from tui.bench.analysis import bench_analysis, bench_bulk, bench_start
from tui.bench.feeds import bench_feeds
from tui.bench.keys import bench_busy_keys, bench_list_keys, bench_next_article
from tui.bench.listing import bench_listing
from tui.bench.synthetic import make_corpus
from tui.core.paths import user_file

SECTIONS = ("start", "analysis", "listing", "keys", "bulk", "feeds")


def _default_corpora() -> Path:
    return user_file("cache", "bench-corpora")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tui.bench", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--only",
        default=",".join(SECTIONS),
        help=f"comma-separated, of {', '.join(SECTIONS)}; next: only the n figure of keys",
    )
    parser.add_argument("--sizes", default="10000,100000", help="folder sizes against 1 article")
    parser.add_argument("--bulk", type=int, default=1000, help="articles for P6")
    parser.add_argument("--corpora", type=Path, default=None, help="where synthetic folders go")
    parser.add_argument("--presses", type=int, default=40)
    parser.add_argument("--words", type=int, default=30_000, help="the long article's length")
    parser.add_argument("--repeats", type=int, default=3)
    options = parser.parse_args(argv)
    sections = set(options.only.split(","))
    out = Console(highlight=False)
    corpora = options.corpora or _default_corpora()
    sizes = [int(size) for size in options.sizes.split(",")]

    def folders(*counts: int) -> dict[int, Path]:
        return {n: make_corpus(corpora / f"{n}", n) for n in counts}

    with tempfile.TemporaryDirectory() as scratch:
        indexes = Path(scratch)
        # Our own cache and logs: the user's cache would answer analyses at once,
        # and the benchmark must not fill it. Child processes inherit these.
        os.environ["XDG_CACHE_HOME"] = str(indexes / "cache")
        os.environ["XDG_STATE_HOME"] = str(indexes / "state")
        os.environ["XDG_DATA_HOME"] = str(indexes / "data")  # read marks: not yours either
        if "start" in sections:
            bench_start(out, options.repeats)
        if "listing" in sections:
            bench_listing(out, folders(1, *sizes), indexes, options.repeats)
        if "keys" in sections:
            bench_list_keys(out, folders(10, max(sizes)), indexes, options.presses, options.repeats)
            bench_busy_keys(out, options.presses, options.words)
        if sections & {"keys", "next"}:
            bench_next_article(out, options.presses)
        if "analysis" in sections:
            bench_analysis(out, options.repeats)
        if "bulk" in sections:
            bench_bulk(out, folders(options.bulk)[options.bulk])
        if "feeds" in sections:
            bench_feeds(out, options.repeats)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
