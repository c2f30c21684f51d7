"""Listing is total (issue 12, item 4): whatever a folder holds, every file is an entry.

Organised by class, each with cases nobody listed in the report: special files
(never opened for reading, also through links), reads bounded whatever `stat`
says, any failure of one file becoming that file's entry, malformed formats,
deep trees, names that are not UTF-8 (through the scanner and both indexes),
and property tests: each parser given anything never raises and never returns
a control character.
"""

from __future__ import annotations

import asyncio
import fcntl
import json
import logging
import os
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.bad_inputs import UNSAFE
from tui.core import corpus
from tui.core.corpus import load_entry, scan
from tui.core.ingest import formats
from tui.core.ingest.discovery import discover
from tui.core.ingest.formats import load_all, load_path, markdown_heading
from tui.core.ingest.html_text import html_to_text
from tui.core.model import Article, Entry, unpack
from tui.core.storage.index import CorpusIndex, path_key
from tui.core.storage.search import SearchIndex, rowid
from tui.core.workers.messages import Entries, Notice
from tui.core.workers.scanner import StoreFiles, ThreadScanner

ROOT = os.geteuid() == 0
NEWS = "Harbour council approves ferry timetable\n\nThe council voted on Tuesday. Ana Lopes spoke."
SURROGATE = "[\ud800-\udfff]"
CAP = 64 * 1024


def finishes(action: Callable[[], Any], seconds: float = 60) -> Any:
    """`action()`, asserting that it returns (a hang fails the test instead of stalling it)."""
    result: list[Any] = []
    worker = threading.Thread(target=lambda: result.append(action()), daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "hung"
    assert result, "raised (see the thread's traceback above)"
    return result[0]


def by_name(articles: list[Article]) -> dict[str, Article]:
    return {Path(article.path).name: article for article in articles}


def assert_safe(article: Article) -> None:
    import re

    for text in (article.path, article.title, article.text, article.error or ""):
        assert not UNSAFE.search(text), f"unsafe character in {text[:80]!r}"
        assert not re.search(SURROGATE, text), f"lone surrogate in {text[:80]!r}"


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every path `load_path` opens."""
    paths: list[str] = []
    real = os.open

    def spy(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        paths.append(os.fsdecode(path))
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(formats.os, "open", spy)
    return paths


@pytest.fixture
def ingest_log() -> Iterator[list[logging.LogRecord]]:
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("nutgraf.ingest")
    logger.addHandler(handler)
    try:
        yield records
    finally:
        logger.removeHandler(handler)


# Special files: never opened for reading, also through links.


def special_folder(folder: Path) -> Path:
    folder.mkdir()
    (folder / "good.txt").write_text(NEWS)
    os.mkfifo(folder / "pipe.txt")
    os.symlink(folder / "pipe.txt", folder / "link_to_pipe.md")
    os.symlink("/dev/zero", folder / "zero.txt")
    os.symlink("/dev/tty", folder / "tty.md")
    os.symlink("/proc/self/fd/0", folder / "stdin.txt")
    os.symlink(folder, folder / "itself.txt")  # a link to a folder, named like a file
    (folder / "folder.html").mkdir()  # a real folder named like a file: walked
    (folder / "folder.html" / "inner.txt").write_text(NEWS)
    return folder


def test_special_files_are_listed_with_a_reason_and_never_opened(tmp_path, opened):
    folder = special_folder(tmp_path / "special")
    with socket.socket(socket.AF_UNIX) as server:
        cwd = os.getcwd()
        os.chdir(folder)  # a socket's path must be short
        try:
            server.bind("socket.txt")
        finally:
            os.chdir(cwd)
        articles = by_name(finishes(lambda: load_all([folder])))
    assert {name: a.error for name, a in articles.items()} == {
        "good.txt": None,
        "inner.txt": None,
        "pipe.txt": "not a regular file (a named pipe), not read",
        "link_to_pipe.md": "not a regular file (a named pipe), not read",
        "zero.txt": "not a regular file (a character device), not read",
        "tty.md": "not a regular file (a character device), not read",
        "stdin.txt": articles["stdin.txt"].error,  # whatever standard input is here
        "itself.txt": "is a folder",
        "socket.txt": "not a regular file (a socket), not read",
    }
    assert articles["stdin.txt"].error is not None
    assert articles["stdin.txt"].error.startswith("not a regular file")
    assert sorted(Path(path).name for path in opened) == ["good.txt", "inner.txt"]


def test_a_special_file_given_by_name_is_an_entry(tmp_path):
    os.mkfifo(tmp_path / "fifo")
    [fifo] = finishes(lambda: load_path(tmp_path / "fifo"))
    [zero] = load_path(Path("/dev/zero"))
    [folder] = load_path(tmp_path)
    assert fifo.error == "not a regular file (a named pipe), not read"
    assert zero.error == "not a regular file (a character device), not read"
    assert folder.error == "is a folder"


def test_a_file_swapped_for_a_fifo_after_the_check_is_refused_without_waiting(
    tmp_path, monkeypatch
):
    """The race: `stat` saw a regular file, the open finds a FIFO with no writer."""
    os.mkfifo(tmp_path / "swapped.txt")
    (tmp_path / "regular.txt").write_text("x")
    real_stat = os.stat
    monkeypatch.setattr(
        formats.os, "stat", lambda path, *a, **k: real_stat(tmp_path / "regular.txt")
    )
    [article] = finishes(lambda: load_path(tmp_path / "swapped.txt"))
    assert article.error == "not a regular file (a named pipe), not read"


def test_the_scanner_process_reads_nothing_from_the_terminal(tmp_path):
    """Its standard input is the null device, even when ours is a pipe full of keys."""
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "good.txt").write_text(NEWS)
    os.symlink("/proc/self/fd/0", folder / "stdin.txt")
    script = textwrap.dedent(
        f"""
        import asyncio, os, sys
        from tui.core.model import unpack
        from tui.core.workers.messages import Entries
        from tui.core.workers.scanner import ProcessScanner, StoreFiles

        async def main():
            listing = ProcessScanner().start([{str(folder)!r}], StoreFiles(None), 10**6)
            async for message in listing.messages():
                if isinstance(message, Entries):
                    for row in message.rows:
                        entry = unpack(row)
                        print(os.path.basename(entry.file), entry.error)
            listing.stop()

        asyncio.run(main())
        print("left for us:", sys.stdin.read())
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        input="keys the user typed",
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).parents[2],
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "good.txt None" in lines
    # The scanner's /proc/self/fd/0 was the null device, not our pipe.
    assert "stdin.txt not a regular file (a character device), not read" in lines
    assert lines[-1] == "left for us: keys the user typed"
    assert done.stderr == ""


# Reading is bounded by the cap, whatever stat says.


def test_a_file_over_the_cap_is_not_read(tmp_path, opened):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * (CAP + 1))
    [article] = load_path(path, size_cap=CAP)
    assert article.error is not None and article.error.startswith("too large")
    assert opened == []


def test_a_lying_stat_or_a_growing_file_is_read_only_to_the_cap(tmp_path, monkeypatch):
    """`stat` says 10 bytes; reads never end (a file that grows as it is read)."""
    path = tmp_path / "grows.txt"
    path.write_text("x")
    requested: list[int] = []

    def small(status: os.stat_result) -> os.stat_result:
        return os.stat_result((status.st_mode, *status[1:6], 10, *status[7:]))

    real_stat, real_fstat = os.stat, os.fstat
    monkeypatch.setattr(formats.os, "stat", lambda p, *a, **k: small(real_stat(p, *a, **k)))
    monkeypatch.setattr(formats.os, "fstat", lambda fd: small(real_fstat(fd)))

    def endless(descriptor: int, count: int) -> bytes:
        requested.append(count)
        return b"y" * count

    monkeypatch.setattr(formats.os, "read", endless)
    [article] = finishes(lambda: load_path(path, size_cap=CAP))
    assert article.error is not None and article.error.startswith("too large (over")
    assert sum(requested) == CAP + 1


def test_a_file_that_shrinks_while_read_gives_what_was_there(tmp_path, monkeypatch):
    path = tmp_path / "shrinks.txt"
    path.write_text(NEWS + " More." * 100)
    real_read = os.read
    calls = iter([60])  # 60 bytes, then the end: the file was cut meanwhile
    monkeypatch.setattr(formats.os, "read", lambda fd, count: real_read(fd, next(calls, 0)))
    [article] = load_path(path)
    assert article.error is None
    assert article.title == "Harbour council approves ferry timetable"
    assert len(article.text) < 60


def test_a_regular_looking_file_that_would_wait_is_not_waited_for(tmp_path, monkeypatch):
    """/proc/kmsg looks regular and blocks; opened non-blocking, its read says so."""
    path = tmp_path / "kmsg.txt"
    path.write_text("x")

    def would_block(descriptor: int, count: int) -> bytes:
        flags = fcntl.fcntl(descriptor, fcntl.F_GETFL)
        assert flags & os.O_NONBLOCK
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(formats.os, "read", would_block)
    [article] = finishes(lambda: load_path(path))
    assert article.error == "would wait for more data, not read"


def test_a_regular_file_whose_stat_says_empty_is_read(tmp_path):
    """/proc files say size 0 and have text."""
    os.symlink("/proc/self/status", tmp_path / "status.txt")
    [article] = load_path(tmp_path / "status.txt")
    assert article.error is None and "Pid:" in article.text


# Unreadable files and folders.


def test_permission_denied_on_open_is_an_entry(tmp_path, monkeypatch):
    path = tmp_path / "secret.txt"
    path.write_text(NEWS)
    real_open = os.open

    def denied(target: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if os.fsdecode(target) == str(path):
            raise PermissionError(13, "Permission denied", str(target))
        return real_open(target, flags, *args, **kwargs)

    monkeypatch.setattr(formats.os, "open", denied)
    [article] = load_path(path)
    assert article.error == "permission denied"


UNPRIVILEGED = textwrap.dedent(
    """
    import json, os, sys
    from tui.core.ingest.formats import load_all  # while Python's own files are readable
    os.setgid(65534)
    os.setuid(65534)
    print(json.dumps([(a.path, a.title, a.error) for a in load_all([sys.argv[1]])]))
    """
)


@pytest.mark.skipif(not ROOT, reason="needs root to become another user")
def test_unreadable_files_and_folders_are_entries_for_a_real_user():
    """Root reads mode-000 files, so the listing runs as `nobody` in a subprocess."""
    with tempfile.TemporaryDirectory(prefix="nutgraf-perm-") as top:
        folder = Path(top)
        folder.chmod(0o755)
        (folder / "a_good.txt").write_text(NEWS)
        (folder / "b_secret.txt").write_text(NEWS)
        (folder / "b_secret.txt").chmod(0)
        (folder / "c_closed").mkdir()
        (folder / "c_closed" / "inside.txt").write_text(NEWS)
        (folder / "c_closed").chmod(0)
        (folder / "d_good.md").write_text("# Title\n\nText.")
        done = subprocess.run(
            [sys.executable, "-c", UNPRIVILEGED, str(folder)],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=Path(__file__).parents[2],
            check=False,
        )
        (folder / "c_closed").chmod(0o755)
    assert done.returncode == 0, done.stderr
    listed = {Path(path).name: error for path, _, error in json.loads(done.stdout)}
    assert listed == {
        "a_good.txt": None,
        "b_secret.txt": "permission denied",
        "c_closed": "permission denied",
        "d_good.md": None,
    }


# Any failure of one file is that file's entry, logged with its traceback.


def test_an_unforeseen_error_in_one_file_is_its_entry_and_is_logged(
    tmp_path, monkeypatch, ingest_log
):
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(NEWS)
    real = formats.decode_bytes

    def flaky(data: bytes) -> str:
        if data == (tmp_path / "b.txt").read_bytes() and flaky.calls == 1:
            flaky.calls += 1
            raise RuntimeError("a bug in a parser")
        flaky.calls += 1
        return real(data)

    flaky.calls = 0  # type: ignore[attr-defined]
    monkeypatch.setattr(formats, "decode_bytes", flaky)
    articles = by_name(load_all([tmp_path]))
    assert articles["a.txt"].error is None and articles["c.txt"].error is None
    assert articles["b.txt"].error == "could not be read (RuntimeError)"
    [record] = [r for r in ingest_log if r.levelno >= logging.ERROR]
    assert record.exc_info is not None and "b.txt" in record.getMessage()


@pytest.mark.parametrize(
    "error", [RecursionError(), MemoryError(), UnicodeDecodeError("utf-8", b"", 0, 1, "x")]
)
def test_no_exception_from_a_format_escapes(tmp_path, monkeypatch, error):
    path = tmp_path / "a.html"
    path.write_text("<p>x</p>")

    def broken(text: str) -> tuple[str, str]:
        raise error

    monkeypatch.setattr(formats, "html_to_text", broken)
    [article] = load_path(path)
    assert article.error is not None and article.title == "a.html"


# Malformed formats.


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("deep.json", "[" * 100_000, "JSON nested too deeply"),
        ("deep_object.json", '{"a":' * 100_000 + "1" + "}" * 100_000, "JSON nested too deeply"),
        ("huge_int.json", '{"text": "x", "n": ' + "9" * 5_000 + "}", "invalid JSON (a number too long)"),  # noqa: E501
        ("nan.json", "NaN", 'not an object with a "text" string'),
        ("nan_text.json", '{"text": NaN}', 'not an object with a "text" string'),
        ("empty_list.json", "[]", "no articles in file"),
        ("binary.md", b"\x89PNG\r\n\x1a\n\x00\x00", "binary file (NUL bytes)"),
        ("broken_utf16.txt", b"\xff\xfeA", "broken UTF-16 text"),
    ],
)  # fmt: skip
def test_malformed_files_are_entries_with_a_reason(tmp_path, name, data, reason):
    path = tmp_path / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data)
    [article] = load_path(path)
    assert article.error == reason
    assert_safe(article)


def test_a_bad_line_of_jsonl_is_its_own_entry(tmp_path):
    lines = [
        json.dumps({"title": "One", "text": "First text."}),
        "[" * 100_000,
        '{"text": ' + "1" * 5_000 + "}",
        '{"title": "Four", "text": "Last text.", "n": -Infinity, "m": 1e999999}',
    ]  # fmt: skip
    (tmp_path / "a.jsonl").write_text("\n".join(lines))
    articles = load_path(tmp_path / "a.jsonl")
    assert [a.error for a in articles] == [
        None,
        "line 2: JSON nested too deeply",
        "line 3: invalid JSON (a number too long)",
        None,
    ]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("numbers.json", "[" + "1," * 200_000 + "1]"),
        ("junk.jsonl", "x\n" * 200_000),
        ("objects.jsonl", "{}\n" * 200_000),
    ],
)
def test_a_json_file_of_junk_records_is_a_hundred_entries_and_a_count(tmp_path, name, text):
    """Not 200,000 entries: a 5 MB file of them made 2.5 million entries and 1 GB."""
    (tmp_path / name).write_text(text)
    articles = load_path(tmp_path / name)
    assert len(articles) == formats.MAX_BAD_RECORDS + 1
    assert articles[-1].error is not None
    assert articles[-1].error.endswith("more records that are not articles")
    assert len({(a.path, a.index) for a in articles}) == len(articles)


def test_good_records_after_junk_are_listed_and_opened(tmp_path):
    good = [json.dumps({"title": f"Story {n}", "text": f"Text {n}."}) for n in range(3)]
    (tmp_path / "mixed.jsonl").write_text("\n".join([good[0], *["7"] * 500, good[1], good[2]]))
    entries = [unpack(row) for batch in scan([tmp_path]) for row in batch]
    assert [e.title for e in entries if not e.error] == ["Story 0", "Story 1", "Story 2"]
    assert [load_entry(e).text for e in entries if not e.error] == ["Text 0.", "Text 1.", "Text 2."]
    assert len(entries) == 3 + formats.MAX_BAD_RECORDS + 1


def test_json_with_lone_surrogates_gives_an_article_that_can_be_stored(tmp_path):
    (tmp_path / "s.json").write_text('{"title": "Bad \\ud800 title", "text": "Body \\udfff text."}')
    [article] = load_path(tmp_path / "s.json")
    assert article.error is None
    assert article.title == "Bad \ufffd title" and article.text == "Body \ufffd text."
    search = SearchIndex(tmp_path / "search.sqlite3")
    search.add([article])
    assert search.search("body") == [rowid(article.key)]


def test_invalid_utf8_content_is_read_as_best_it_can_be(tmp_path):
    (tmp_path / "mixed.txt").write_bytes(b"Caf\xe9 news\n\nBytes \x80\x81\xfe\xff and \xc3 text.")
    [article] = load_path(tmp_path / "mixed.txt")
    assert article.error is None and article.title.startswith("Caf")
    assert_safe(article)


@pytest.mark.parametrize(
    "markup",
    [
        "<![foo[",
        "<![CDATA[hidden]]>",
        "<![",
        "<!DOCTYPE html",
        "<!--",
        "<!-- unclosed <p>comment",
        "<?xml version='1.0'",
        "</ 3>",
        "</",
        "<a b='>",
        '<a b="x>y">',
        "<script>never closed",
        "<style>",
        "&#99999999999999999999;",
        "&#" + "0" * 5000 + "65;",
        "&#x110000;",
        "<title>",
        "<<<>>>",
    ],
)
def test_html_oddities_give_the_text_around_them(tmp_path, markup):
    html = f"<h1>Storm warning</h1><p>Before the markup.</p>{markup}<p>After it.</p>"
    (tmp_path / "odd.html").write_text(html)
    [article] = load_path(tmp_path / "odd.html")
    assert article.error is None
    assert article.title == "Storm warning"
    assert "Before the markup." in article.text
    assert_safe(article)


def test_html_text_follows_the_browser_for_the_usual_markup():
    title, text = html_to_text(
        "<!DOCTYPE html><html><head><title>Site &amp; Co</title>"
        "<script>if (a < b) { document.write('<p>no</p>') }</script>"
        "<style>p { color: red }</style></head><body>"
        "<nav>Home</nav><p class=\"lead\" data-x='a>b'>Rain fell <b>all</b> day&nbsp;long.</p>"
        "<!-- a comment with <p>markup</p> -->"
        "<p>Rivers rose &#8212; roads &#x26; rails closed.<br/>Schools shut.</p>"
        "<![CDATA[not text in HTML]]><p>3 < 4 and 5 > 2.</p></body></html>"
    )
    assert title == "Site & Co"
    assert text.split("\n\n") == [
        "Rain fell all day long.",
        "Rivers rose — roads & rails closed.",
        "Schools shut.",
        "3 < 4 and 5 > 2.",
    ]


# Deep trees.


def make_deep_tree(top: Path, levels: int, name: str = "d") -> Path:
    """A chain of `levels` folders, made without recursion (os.makedirs recurses)."""
    folder = top
    for _ in range(levels):
        folder = folder / name
        folder.mkdir()
    return folder


def test_a_tree_1200_levels_deep_is_listed(tmp_path):
    top = tmp_path / "deep"
    top.mkdir()
    (top / "top.txt").write_text(NEWS)
    (make_deep_tree(top, 1_200) / "bottom.txt").write_text(NEWS)
    cwd = os.getcwd()
    try:
        entries = [unpack(row) for batch in scan([top]) for row in batch]
    finally:
        remove_chain(top, "d")
        os.chdir(cwd)
    assert [(Path(e.file).name, e.error) for e in entries] == [
        ("top.txt", None),
        ("bottom.txt", None),
    ]


def test_a_tree_deeper_than_a_path_can_name_is_listed_as_far_as_it_goes(tmp_path):
    """Past PATH_MAX nothing can be opened by its path: that folder is an entry with a reason."""
    top = tmp_path / "deeper"
    top.mkdir()
    (top / "top.txt").write_text(NEWS)
    cwd = os.getcwd()
    os.chdir(top)
    try:
        for _ in range(1_500):  # 1,500 * 5 characters: past PATH_MAX (4,096)
            os.mkdir("dddd")
            os.chdir("dddd")
        Path("bottom.txt").write_text(NEWS)
        articles = finishes(lambda: load_all([top]))
    finally:
        remove_chain(top, "dddd")
        os.chdir(cwd)
    assert articles[0].title == "Harbour council approves ferry timetable"
    assert [a.error for a in articles[1:]] == ["File name too long"]
    assert_safe(articles[1])


def remove_chain(top: Path, name: str) -> None:
    """Remove a chain of folders too deep for shutil.rmtree (it recurses), from the inside."""
    os.chdir(top)
    depth = 0
    while os.path.isdir(name):
        os.chdir(name)
        depth += 1
    for entry in os.listdir("."):
        os.unlink(entry)
    for _ in range(depth):
        os.chdir("..")
        os.rmdir(name)


def test_a_folder_that_cannot_be_listed_is_an_entry(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(NEWS)
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "c.txt").write_text(NEWS)
    (tmp_path / "d.txt").write_text(NEWS)
    real = os.scandir

    def refuse(path: Any = ".") -> Any:
        if os.fspath(path) == str(tmp_path / "b"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", refuse)
    articles = by_name(load_all([tmp_path]))
    assert {name: a.error for name, a in articles.items()} == {
        "a.txt": None,
        "b": "permission denied",
        "d.txt": None,
    }


def test_links_to_folders_are_not_followed_so_loops_end(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text(NEWS)
    os.symlink(tmp_path, tmp_path / "a" / "up")
    os.symlink(tmp_path / "a", tmp_path / "a" / "same")
    assert [Path(p).name for p in finishes(lambda: list(discover([tmp_path])))] == ["x.txt"]


# Names that are not UTF-8: shown with replacement characters, stored safely, still opened.


@pytest.fixture
def bad_names(tmp_path: Path) -> Path:
    folder = tmp_path / "names"
    folder.mkdir()
    raw = os.fsencode(folder)
    with open(raw + b"/caf\xe9.txt", "wb") as file:
        file.write(NEWS.encode())
    with open(raw + b"/\xff\xfe\x1b[2J.md", "wb") as file:
        file.write(b"# Escape title\n\nMarkdown text.")
    os.mkdir(raw + b"/sub\x80")
    with open(raw + b"/sub\x80/inner.txt", "wb") as file:
        file.write(b"Inner story\n\nInner text.")
    (folder / "plain.txt").write_text("Plain story\n\nPlain text.")
    return folder


def test_names_that_are_not_utf8_are_listed_shown_and_opened(bad_names):
    entries = [unpack(row) for batch in scan([bad_names]) for row in batch]
    assert [e.error for e in entries] == [None, None, None, None]
    assert sorted(e.title for e in entries) == [
        "Escape title",
        "Harbour council approves ferry timetable",
        "Inner story",
        "Plain story",
    ]
    for entry in entries:
        shown = entry.path
        assert not UNSAFE.search(shown)
        assert "\ufffd" in shown or shown.endswith("plain.txt")
        assert load_entry(entry).text  # the real name still opens the file
    articles = load_all([bad_names])
    for article in articles:
        assert_safe(article)


def test_names_that_are_not_utf8_are_kept_in_the_title_index(bad_names, monkeypatch):
    index = CorpusIndex(bad_names.parent / "index.sqlite3")
    first = [unpack(row) for batch in scan([bad_names], index) for row in batch]
    reads: list[Path] = []
    real = corpus.load_listed
    monkeypatch.setattr(
        corpus,
        "load_listed",
        lambda path, *options: reads.append(path) or real(path, *options),
    )
    again = [unpack(row) for batch in scan([bad_names], index) for row in batch]
    assert again == first
    assert reads == []


def test_a_path_key_is_stored_as_utf8_and_is_one_to_one():
    names = ["/a/caf\udce9.txt", "/a/caf\udce9\udce9.txt", "/a/café.txt", "/a/\ud800x"]
    keys = [path_key(name) for name in names]
    assert len(set(keys)) == len(keys)
    for key in keys:
        key.encode("utf-8")
    assert path_key("/a/café.txt") == "/a/café.txt"


async def test_names_that_are_not_utf8_go_through_the_scanner_and_the_search_index(
    bad_names, tmp_path
):
    files = StoreFiles(str(tmp_path / "index.sqlite3"), str(tmp_path / "search.sqlite3"))
    listing = ThreadScanner().start([str(bad_names)], files, formats.DEFAULT_SIZE_CAP)
    rows: list[str] = []
    notices = []
    async for message in listing.messages():
        if isinstance(message, Entries):
            rows.extend(message.rows)
        elif isinstance(message, Notice):
            notices.append(message)
    assert notices == []
    keys = [unpack(row).key for row in rows]
    assert len(keys) == 4 and all(keys)
    search = SearchIndex(tmp_path / "search.sqlite3")
    assert search.missing(keys) == []
    assert len(search.search("text")) == 3


# Property tests: each parser, given anything, returns entries and nothing unsafe.

SUFFIX_ALPHABETS = {
    ".txt": "ab .!?\n\r\t\x1b\x00é“",
    ".md": "#[]()*_`!ab \n\t\x1b",
    ".html": "<>!-[]/?&#;x=\"' \nabpt\x1b",
    ".json": '{}[]",:\\ud80tex1.-\n ',
    ".jsonl": '{}[]",:\\ud80tex1.-\n ',
}


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("properties")


def check_file(folder: Path, suffix: str, data: bytes) -> None:
    path = folder / f"case{suffix}"
    path.write_bytes(data)
    articles = load_path(path)
    assert articles
    for article in articles:
        assert isinstance(article, Article)
        assert_safe(article)
        assert article.error or article.text.strip()
        Entry.of(str(path), article)


@pytest.mark.parametrize("suffix", sorted(SUFFIX_ALPHABETS))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=400))
def test_any_bytes_in_any_format_give_entries(scratch, suffix, data):
    check_file(scratch, suffix, data)


@pytest.mark.parametrize("suffix", sorted(SUFFIX_ALPHABETS))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_text_made_of_the_format_syntax_gives_entries(scratch, suffix, data):
    text = data.draw(st.text(alphabet=SUFFIX_ALPHABETS[suffix], max_size=300))
    check_file(scratch, suffix, text.encode("utf-8", "surrogatepass"))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300) | st.text(alphabet="<>!-[]/?&#;x=\"' ab", max_size=300))
def test_html_to_text_never_raises(html):
    title, text = html_to_text(html)
    assert isinstance(title, str) and isinstance(text, str)
    assert "\n\n\n" not in text


@given(st.text(max_size=200))
def test_markdown_heading_never_raises(line):
    heading = markdown_heading(line)
    assert heading is None or heading == heading.strip()


def test_listing_never_stops_for_a_bad_file(tmp_path):
    """Everything above at once, listed by the scanner: one entry per file, in order."""
    folder = special_folder(tmp_path / "all")
    (folder / "deep.json").write_text("[" * 100_000)
    (folder / "marked.html").write_text("<p>a</p><![foo[<p>b</p>")
    raw = os.fsencode(folder)
    with open(raw + b"/bad\xff.txt", "wb") as file:
        file.write(NEWS.encode())
    entries = finishes(lambda: asyncio.run(_drain(folder, tmp_path)))
    assert [Path(entry.file).name for entry in entries] == [
        "bad\udcff.txt",
        "deep.json",
        "good.txt",
        "itself.txt",
        "link_to_pipe.md",
        "marked.html",
        "pipe.txt",
        "stdin.txt",
        "tty.md",
        "zero.txt",
        "inner.txt",  # in folder.html, after the files of the folder
    ]
    assert [entry.title for entry in entries][:3] == [
        "Harbour council approves ferry timetable",
        "deep.json",
        "Harbour council approves ferry timetable",
    ]
    assert entries[0].path.endswith("bad\ufffd.txt")


async def _drain(folder: Path, tmp_path: Path) -> list[Entry]:
    files = StoreFiles(str(tmp_path / "index.sqlite3"), str(tmp_path / "search.sqlite3"))
    listing = ThreadScanner().start([str(folder)], files, formats.DEFAULT_SIZE_CAP)
    entries = []
    async for message in listing.messages():
        if isinstance(message, Entries):
            entries.extend(unpack(row) for row in message.rows)
        assert not (isinstance(message, Notice) and message.error)
    return entries
