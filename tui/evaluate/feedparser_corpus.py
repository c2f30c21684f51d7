"""How well nutgraf reads feeds, measured on feedparser's own test files (issue 17).

    python -m tui.evaluate.feedparser_corpus FOLDER [--rounds 3] [--show 5]

FOLDER holds feedparser's test feeds (kurtmckee/feedparser `tests/`). Each file is
served from 127.0.0.1 with the headers it declares (`Header: Content-type: ...` in its
opening comment, as feedparser's own harness serves them; else the type its name
suggests), subscribed to with `nutgraf add --full-text never` (no page is fetched: the
files link to hosts off this machine) and refreshed with `nutgraf refresh --json`, in a
temporary XDG home, the same code path as a reader's. Then each file is compared with
`feedparser.parse(bytes, response_headers=the same headers)`, with feedparser's defaults
(its own sanitised output), made plain by a small converter of this tool's own
(`reference_text`: the standard library's `html.parser` for values feedparser types as
HTML, entities unescaped, whitespace collapsed; nothing of nutgraf's):

- entries: those feedparser finds with a title or a text (markup counts), against the
  items stored; an entry with the identity of an earlier one (the same GUID, else link,
  else the same title, text and date: the rule nutgraf is meant to follow), against
  those counted as repeated;
- titles: each feedparser title (made plain, when anything is left) stored as an item's
  title; texts likewise (whitespace collapsed on both sides), where every entry of the
  file was stored;
- charsets: the feed and item titles of the `encoding/` and `chardet/` files equal to
  feedparser's, and no replacement character stored;
- verdicts: no feed called malformed (or failed) that feedparser reads cleanly.

Last, parse time with feedparser's HTML sanitising and relative-URI resolution (its
defaults) against without them (what nutgraf does), on the corpus and on a generated
feed of HTML items.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import io
import json
import mimetypes
import os
import re
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import feedparser
from feedparser.exceptions import CharacterEncodingUnknown, ThingsNobodyCaresAboutButMe

HEADER = re.compile(rb"^Header:\s+([^:]+):(.+)$", re.MULTILINE)
SKIPPED_FILES = {"README.md", "LICENSE"}


# The reference side: feedparser's output as plain text, by this tool alone.

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "html", "xhtml"})
# Tags that separate words (a paragraph, a line break, a cell); others join their text.
SEPARATING = frozenset(
    """address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3
    h4 h5 h6 header hr li main nav ol p pre section table td th tr ul""".split()
)
DROPPED = frozenset({"script", "style"})  # their content is not text


class _PlainText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.dropping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROPPED:
            self.dropping += 1
        elif tag in SEPARATING:
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SEPARATING:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in DROPPED:
            self.dropping = max(0, self.dropping - 1)
        elif tag in SEPARATING:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.parts.append(data)


def collapsed(text: str) -> str:
    return " ".join(text.split())


def reference_text(value: str, kind: str) -> str:
    """A value feedparser gives (of type `kind`) as one plain line: HTML through the
    standard library's parser (tags dropped, script and style with their content,
    entities unescaped), plain text as it is; whitespace collapsed."""
    if kind.lower() in HTML_TYPES:
        parser = _PlainText()
        try:
            parser.feed(value)
            parser.close()
            value = "".join(parser.parts)
        except AssertionError:  # marked sections it cannot read: their text, unescaped
            value = html.unescape(re.sub(r"<[^<>]*>", " ", value))
    return collapsed(value)


def _kind(holder: Any, key: str, default: str = "text/plain") -> str:
    detail = holder.get(f"{key}_detail") or {}
    return str(detail.get("type") or default)


def reference_entry(entry: Any) -> tuple[str, str] | None:
    """An entry's title and longest text as plain lines; None when feedparser gives
    neither a title nor a text (markup counts as one)."""
    values = [entry.get("title"), entry.get("summary")]
    values += [c.get("value") for c in entry.get("content") or []]
    if not any(isinstance(value, str) and value.strip() for value in values):
        return None
    texts = [
        reference_text(c.get("value") or "", c.get("type") or "text/html")
        for c in entry.get("content") or []
    ]
    if entry.get("summary"):
        texts.append(reference_text(entry["summary"], _kind(entry, "summary", "text/html")))
    title = reference_text(entry.get("title") or "", _kind(entry, "title"))
    return title, max(texts, key=len, default="")


def reference_feed_title(parsed: Any) -> str:
    return reference_text(parsed.feed.get("title") or "", _kind(parsed.feed, "title"))


def declared_headers(path: Path, data: bytes) -> dict[str, str]:
    """The headers a test file asks to be served with, as feedparser's harness sends them."""
    headers = {
        name.decode("latin-1").strip(): value.decode("latin-1").strip()
        for name, value in HEADER.findall(data)
    }
    headers.pop("Status", None)
    if not any(name.lower() == "content-type" for name in headers):
        headers["Content-type"] = mimetypes.guess_type(path.name)[0] or "application/xml"
    return headers


def corpus(folder: Path) -> list[Path]:
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file() and path.name not in SKIPPED_FILES and not path.name.startswith(".")
    )


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """The folder on 127.0.0.1, each file with its declared headers."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            path = (folder / unquote(self.path.lstrip("/"))).resolve()
            if not path.is_relative_to(folder.resolve()) or not path.is_file():
                self.send_error(404)
                return
            data = path.read_bytes()
            self.send_response(200)
            for name, value in declared_headers(path, data).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def private_home() -> Iterator[Path]:
    """A temporary XDG home, so the reader's own store and settings are never touched."""
    names = ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")
    saved = {name: os.environ.get(name) for name in names}
    with tempfile.TemporaryDirectory(prefix="nutgraf-corpus-") as home:
        for name in names:
            os.environ[name] = str(Path(home) / name.lower())
        try:
            yield Path(home)
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value


@dataclass
class Counts:
    files: int = 0
    entries: int = 0  # feedparser entries with a title or a text
    stored: int = 0  # of those, stored (per file, at most as many as feedparser has)
    titles: int = 0  # feedparser entries with a title after markup removal
    titles_equal: int = 0
    texts: int = 0  # feedparser entries with a text, in files where all were stored
    texts_equal: int = 0
    repeated: int = 0  # entries with the identity of an earlier entry of the file
    repeated_reported: int = 0  # such entries counted as repeated by us
    skipped_reported: int = 0  # entries with neither title nor text, counted by us
    no_text_entries: int = 0  # such entries according to feedparser
    charset_files: int = 0
    charset_right: int = 0
    replacement_chars: int = 0  # stored titles or texts holding U+FFFD
    clean: int = 0  # files feedparser reads without a fault (bozo 0)
    clean_called_malformed: int = 0
    clean_failed: int = 0
    server_quirk_only: int = 0  # bozo only for a Content-Type or charset matter
    quirk_called_malformed: int = 0
    faulty: int = 0  # bozo for the document itself
    faulty_warned: int = 0
    feeds_failed: int = 0
    failures: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def example(self, kind: str, text: str) -> None:
        self.examples.setdefault(kind, []).append(text)


def measure(folder: Path, show: int) -> Counts:
    from tui.cli import main

    files = corpus(folder)
    counts = Counts(files=len(files))
    with private_home() as home, serve(folder) as base:
        urls = {f"{base}/{quote(str(path.relative_to(folder)))}": path for path in files}
        config = home / "xdg_config_home" / "nutgraf" / "config.toml"
        config.parent.mkdir(parents=True)
        config.write_text("[feeds]\nrefresh_seconds = 86400\npages_per_feed = 0\n")
        quiet = io.StringIO()
        with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
            main(["add", "--full-text", "never", *urls])
        output = io.StringIO()
        started = time.perf_counter()
        with contextlib.redirect_stdout(output), contextlib.redirect_stderr(quiet):
            main(["refresh", "--json"])
        print(
            f"refresh of {len(urls)} feeds: {time.perf_counter() - started:.1f} s", file=sys.stderr
        )
        steps = {}
        for line in output.getvalue().splitlines():
            step = json.loads(line)
            steps[step["url"]] = step
        database = sqlite3.connect(home / "xdg_data_home" / "nutgraf" / "state.sqlite3")
        stored: dict[str, list[tuple[str, str]]] = {}
        for feed, title, text in database.execute(
            "SELECT feed, title, text FROM feed_items ORDER BY rowid"
        ):
            stored.setdefault(feed, []).append((title, text))
        feeds = {
            url: (title, skipped, repeated)
            for url, title, skipped, repeated in database.execute(
                "SELECT url, title, skipped, repeated FROM feeds"
            )
        }
        database.close()
    for url, path in urls.items():
        compare(counts, path, folder, steps.get(url, {}), stored.get(url, []), feeds.get(url))
    for kind, found in counts.examples.items():
        counts.examples[kind] = found[:show]
    return counts


def compare(
    counts: Counts,
    path: Path,
    folder: Path,
    step: dict[str, Any],
    items: list[tuple[str, str]],
    feed: tuple[str, int, int] | None,
) -> None:
    name = str(path.relative_to(folder))
    data = path.read_bytes()
    headers = {k.lower(): v for k, v in declared_headers(path, data).items()}
    reference = feedparser.parse(data, response_headers=headers)
    expected = []
    no_text = repeated = 0
    ids: set[object] = set()
    for entry in reference.entries:
        plain = reference_entry(entry)
        if plain is None:
            no_text += 1
            continue
        date = entry.get("published") or entry.get("updated") or ""
        identity = entry.get("id") or entry.get("link") or (*plain, date)
        if identity in ids:
            repeated += 1  # one item, the first: counted apart
        else:
            expected.append(plain)
            ids.add(identity)
    counts.entries += len(expected)
    counts.stored += min(len(items), len(expected))
    counts.no_text_entries += no_text
    counts.skipped_reported += min(no_text, feed[1] if feed else 0)
    counts.repeated += repeated
    counts.repeated_reported += min(repeated, feed[2] if feed else 0)
    if len(items) < len(expected):
        counts.example("entries not stored", f"{name}: {len(items)} of {len(expected)}")
    items = [(collapsed(title), collapsed(text)) for title, text in items]
    stored_titles = Counter(title for title, _ in items)
    for title, _ in expected:
        if title:
            counts.titles += 1
            if stored_titles[title] > 0:
                stored_titles[title] -= 1
                counts.titles_equal += 1
            else:
                shown = ", ".join(repr(t[:40]) for t, _ in items[:2])
                counts.example("titles differ", f"{name}: {title[:40]!r} not in [{shown}]")
    if len(items) == len(expected):
        for (_, want), (_, got) in zip(expected, items, strict=True):
            if want:
                counts.texts += 1
                counts.texts_equal += want == got
                if want != got:
                    counts.example("texts differ", f"{name}: {want[:40]!r} / {got[:40]!r}")
    # U+FFFD stored where feedparser has none: a byte decoded wrongly on the way.
    theirs = sum("\ufffd" in title + text for title, text in expected)
    extra = max(0, sum("\ufffd" in t + x for t, x in items) - theirs)
    counts.replacement_chars += extra
    if extra:
        counts.example("U+FFFD feedparser has not", name)
    if name.startswith(("encoding", "illformed/chardet")):
        counts.charset_files += 1
        want_title = reference_feed_title(reference)
        right = (not want_title or (feed is not None and collapsed(feed[0]) == want_title)) and all(
            title in dict(items) for title, _ in expected if title
        )
        counts.charset_right += right
        if not right:
            got = feed[0] if feed else ""
            counts.example("charset", f"{name}: feed title {want_title[:30]!r} / {got[:30]!r}")
    error, warning = step.get("error"), step.get("warning") or ""
    malformed = bool(error) or "read as far as possible" in warning
    counts.feeds_failed += bool(error)
    if error:
        counts.failures[re.sub(r"\d+", "N", error)[:60]] += 1
    fault = reference.get("bozo_exception")
    if not reference.get("bozo"):
        counts.clean += 1
        counts.clean_called_malformed += malformed
        counts.clean_failed += bool(error)
        if malformed:
            counts.example("clean but called malformed", f"{name}: {error or warning}")
    elif isinstance(fault, ThingsNobodyCaresAboutButMe) and not isinstance(
        fault, CharacterEncodingUnknown
    ):
        counts.server_quirk_only += 1
        counts.quirk_called_malformed += malformed
    else:
        counts.faulty += 1
        counts.faulty_warned += malformed


def html_feed(items: int = 50) -> bytes:
    """An RSS feed of `items` HTML items with relative links and images, as news sites send."""
    body = "".join(
        f"<item><title>Story {n}: the council &amp; the port</title><link>/news/{n}</link>"
        f"<guid>story-{n}</guid><description><![CDATA[<p>Story {n}, with <a href='/more/{n}'>"
        "a link</a> and <img src='/img.png' alt='a picture'>.</p>"
        + "<p>Officials said the plan would be <b>reviewed</b> next week.</p>" * 8
        + "<script>track()</script>]]></description></item>"
        for n in range(items)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>HTML news</title>'
        f"{body}</channel></rss>"
    ).encode()


def parse_times(documents: list[tuple[bytes, dict[str, str]]], rounds: int) -> tuple[float, float]:
    """Median seconds to parse all `documents`: feedparser's defaults, then nutgraf's."""

    def once(**options: bool) -> float:
        started = time.perf_counter()
        for data, headers in documents:
            feedparser.parse(data, response_headers=headers, **options)
        return time.perf_counter() - started

    defaults, ours = [], []
    for _ in range(rounds):
        defaults.append(once())
        ours.append(once(sanitize_html=False, resolve_relative_uris=False))
    return statistics.median(defaults), statistics.median(ours)


def report(counts: Counts, timings: dict[str, tuple[float, float]]) -> None:
    def line(label: str, value: object) -> None:
        print(f"  {label:<58} {value}")

    def share(part: int, whole: int) -> str:
        return f"{part:,} of {whole:,}" + (f" ({100 * part / whole:.1f}%)" if whole else "")

    print(f"feedparser's test corpus: {counts.files:,} files, served from 127.0.0.1")
    line("entries with a title or text (feedparser) stored", share(counts.stored, counts.entries))
    line(
        "titles stored as feedparser gives them (markup removed)",
        share(counts.titles_equal, counts.titles),
    )
    line("texts equal (files with every entry stored)", share(counts.texts_equal, counts.texts))
    line(
        "entries repeating an earlier one's identity, counted",
        share(counts.repeated_reported, counts.repeated),
    )
    line(
        "entries without title or text, counted as skipped",
        share(counts.skipped_reported, counts.no_text_entries),
    )
    line(
        "charset files read as feedparser reads them",
        share(counts.charset_right, counts.charset_files),
    )
    line("stored titles or texts with a U+FFFD feedparser has not", counts.replacement_chars)
    line("files feedparser reads cleanly (with headers)", counts.clean)
    line("  of those called malformed by nutgraf", counts.clean_called_malformed)
    line("  of those failed", counts.clean_failed)
    line("files feedparser flags only for Content-Type or charset", counts.server_quirk_only)
    line("  of those called malformed by nutgraf", counts.quirk_called_malformed)
    line("files with a fault in the document (feedparser)", counts.faulty)
    line("  of those with a warning or error from nutgraf", counts.faulty_warned)
    line("feeds failed (nutgraf)", counts.feeds_failed)
    for reason, number in counts.failures.most_common(8):
        line(f"  {reason}", number)
    for kind, (default, ours) in timings.items():
        line(
            f"parse time, {kind}: defaults → no sanitising",
            f"{default:.2f} s → {ours:.2f} s ({ours / default:.2f}×)",
        )
    for kind, found in counts.examples.items():
        print(f"examples, {kind}:")
        for example in found:
            print(f"    {example}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tui.evaluate.feedparser_corpus", description=__doc__.split("\n")[0]
    )
    parser.add_argument("folder", type=Path, help="feedparser's test feeds")
    parser.add_argument("--rounds", type=int, default=3, help="timing rounds (median)")
    parser.add_argument("--show", type=int, default=5, help="examples of each difference")
    options = parser.parse_args(argv)
    if not options.folder.is_dir():
        print(f"not a folder: {options.folder}", file=sys.stderr)
        return 2
    counts = measure(options.folder, options.show)
    documents = []
    for path in corpus(options.folder):
        data = path.read_bytes()
        documents.append((data, {k.lower(): v for k, v in declared_headers(path, data).items()}))
    html = [
        (
            html_feed(),
            {"content-type": "application/rss+xml", "content-location": "http://127.0.0.1/"},
        )
    ] * 20
    timings = {
        "corpus": parse_times(documents, options.rounds),
        "20 feeds of 50 HTML items": parse_times(html, options.rounds),
    }
    report(counts, timings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
