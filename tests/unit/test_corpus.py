"""The lazy corpus: entries, the title index and its invalidation, the scanner process."""

from __future__ import annotations

import asyncio
import contextlib
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core import corpus
from tui.core.corpus import BATCH, FIRST_BATCH, load_entry, scan
from tui.core.ingest.discovery import discover
from tui.core.ingest.formats import DEFAULT_SIZE_CAP, load_all, load_path
from tui.core.model import (
    Article,
    Entry,
    ascii_words,
    file_date,
    numbered,
    pack,
    pack_article,
    row_key,
    sort_date,
    unpack,
)
from tui.core.sanitize import clean_line, clean_text
from tui.core.storage.index import CorpusIndex
from tui.core.workers.messages import Entries, Listed, Notice
from tui.core.workers.scanner import (
    PACE_SECONDS,
    Listing,
    Paced,
    ProcessScanner,
    StartedScanner,
    StoreFiles,
    ThreadScanner,
    produce,
)


def write_articles(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (folder / f"{number:05d}.txt").write_text(f"Story {number}\n\nBody {number}. More text.")
    return folder


def listed(paths: list[Path], index: CorpusIndex | None = None) -> list[Entry]:
    return [unpack(row) for batch in scan(paths, index) for row in batch]


def count_reads(monkeypatch: pytest.MonkeyPatch) -> list[str | Path]:
    """Record every file the scan reads (the index should spare most of them)."""
    reads: list[str | Path] = []
    real = corpus.load_listed

    def spy(path: str, *options: object) -> object:
        reads.append(path)
        return real(path, *options)  # type: ignore[arg-type]

    monkeypatch.setattr(corpus, "load_listed", spy)
    return reads


@given(
    title=st.text().map(clean_line),
    source=st.text().map(clean_line),
    words=st.integers(0, 10**6),
    error=st.one_of(st.none(), st.text(min_size=1).map(clean_line).filter(bool)),
    index=st.integers(0, 10**5),
    file=st.text(min_size=1),
    key=st.sampled_from(["", "0123456789abcdef"]),
)
def test_pack_and_unpack_round_trip(title, source, words, error, index, file, key):
    """The real path may hold anything, even the separator; it is packed last."""
    entry = Entry(file, index, title, source, "2026-01-02", words, error, key)
    assert unpack(pack(entry)) == entry
    assert row_key(pack(entry)).strip() == key


@settings(max_examples=400, deadline=None)
@given(
    text=st.text(st.sampled_from(list("ab. U.S.\n\n\t\r\x0b\x00\x1b\x7fé\u2028 ")), max_size=60),
    name=st.sampled_from(["a.txt", "b.TXT", "feed:c.txt", "d.md", "e"]),
)
def test_a_listed_row_is_the_row_of_the_article_the_reader_opens(tmp_path_factory, text, name):
    """Plain ASCII files are listed without making an `Article` (issue 15): each row must
    still be what the article `load_path` gives (the one the reader opens) packs to."""
    folder = tmp_path_factory.mktemp("rows")
    (folder / name).write_bytes(text.encode("utf-8"))
    with contextlib.chdir(folder):  # a relative "feed:c.txt" is named as feed items are
        signature = corpus._signature(name)
        assert signature is not None
        modified = file_date(signature[1] / 1e9)
        assert corpus.rows_of(name, signature) == [
            pack_article(name, article, sort_date(article.published) or modified)
            for article in load_path(name)
        ]


def test_scan_lists_what_the_loader_loads_in_growing_batches(tmp_path, corpus):
    folder = write_articles(tmp_path / "many", FIRST_BATCH + 10)
    batches = list(scan([corpus, folder]))
    assert [len(b) for b in batches] == [FIRST_BATCH, 3 + 10]
    expected = load_all([corpus, folder])
    entries = [unpack(row) for b in batches for row in b]
    assert [(e.path, e.title, e.words, e.error) for e in entries] == [
        (a.path, a.title, a.words, a.error) for a in expected
    ]
    assert BATCH > FIRST_BATCH


def test_a_second_scan_reads_no_file_and_a_changed_file_is_read_again(tmp_path, monkeypatch):
    folder = write_articles(tmp_path / "news", 5)
    index = CorpusIndex(tmp_path / "index.sqlite3")
    reads = count_reads(monkeypatch)
    first = listed([folder], index)
    assert len(reads) == 5
    reads.clear()
    assert listed([folder], index) == first
    assert reads == []

    changed = folder / "00002.txt"
    changed.write_text("Rewritten story\n\nNew body.")
    touched = folder / "00003.txt"
    os.utime(touched, ns=(10**18, 10**18))  # same content, new mtime
    (folder / "00004.txt").unlink()
    (folder / "00005.txt").write_text("Brand new\n\nBody.")
    again = listed([folder], index)
    assert sorted(Path(p).name for p in reads) == ["00002.txt", "00003.txt", "00005.txt"]
    assert [e.title for e in again] == [
        "Story 0",
        "Story 1",
        "Rewritten story",
        "Story 3",
        "Brand new",
    ]


@pytest.mark.parametrize(
    ("schema", "kept"),
    [(2, '[[0, "Old", "", "", 3, null, "k"]]'), (3, '["k                \\u001fOld"]')],
    ids=["entry fields", "rows as JSON"],
)
def test_rows_kept_by_an_older_index_are_read_again(tmp_path, monkeypatch, schema, kept):
    """What an older index kept (an entry's fields in schema 2, rows as JSON in 3) must
    never be taken for a row."""
    folder = write_articles(tmp_path / "news", 2)
    index = CorpusIndex(tmp_path / "index.sqlite3")
    first = listed([folder], index)
    with index.connection:
        index.connection.execute("UPDATE files SET schema=?, entries=?", (schema, kept))
    reads = count_reads(monkeypatch)
    assert listed([folder], index) == first
    assert len(reads) == 2
    reads.clear()
    assert listed([folder], index) == first  # and stored again, as rows
    assert reads == []


def test_the_index_keeps_rows_apart_whatever_the_file_name_holds(tmp_path):
    """Rows are joined by the record separator: a file name may hold it (only the rows
    without their name are joined), a row that holds it is not kept (read again)."""
    index = CorpusIndex(tmp_path / "index.sqlite3")
    odd, bad, signature = f"{tmp_path}/a\x1eb.txt", f"{tmp_path}/bad.txt", (1, 2, 3)
    rows = [f"first\x1f{odd}", f"second\x1f{odd}"]
    index.store([(odd, signature, rows), (bad, signature, [f"x\x1ey\x1f{bad}"])])
    assert index.lookup([(odd, signature), (bad, signature)]) == {odd: rows}


def test_the_index_has_every_file_read_once_the_list_is_whole(tmp_path):
    """The reader may quit as soon as the list is whole (`Listed`): by then the index
    must have every file read, or the next start reads them all again."""
    folder = write_articles(tmp_path / "news", FIRST_BATCH + 5)
    found = [(path, corpus._signature(path)) for path in discover([folder])]
    kept: list[int] = []

    def put(message: object) -> None:
        if isinstance(message, Listed):
            index = CorpusIndex(tmp_path / "index.sqlite3")
            kept.append(len(index.lookup(found)))  # type: ignore[arg-type]
            index.close()

    produce([str(folder)], StoreFiles(str(tmp_path / "index.sqlite3")), DEFAULT_SIZE_CAP, put)
    assert kept == [FIRST_BATCH + 5]


def test_a_permission_change_is_seen_through_the_index(tmp_path, monkeypatch):
    """chmod changes only the ctime: the index must notice and read the file again.

    Root reads a mode-000 file, and CI runs as root, so the kernel's refusal is played
    by `os.open` refusing a file whose mode grants no reading, as it would for a user.
    """
    folder = write_articles(tmp_path / "news", 1)
    index = CorpusIndex(tmp_path / "index.sqlite3")
    listed([folder], index)
    real_open = os.open

    def as_a_user(path, flags, *args, **kwargs):
        if not os.stat(path).st_mode & 0o444:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", as_a_user)
    (folder / "00000.txt").chmod(0)
    assert [e.error for e in listed([folder], index)] == ["permission denied"]


def test_a_damaged_index_is_rebuilt_and_the_scan_works(tmp_path):
    folder = write_articles(tmp_path / "news", 2)
    path = tmp_path / "index.sqlite3"
    path.write_bytes(b"not a database at all" * 100)
    index = CorpusIndex(path)
    assert [e.title for e in listed([folder], index)] == ["Story 0", "Story 1"]
    assert index.notice is not None and "article index was damaged" in index.notice


def test_load_entry_reads_the_body_and_notices_a_file_that_changed(tmp_path):
    (tmp_path / "a.jsonl").write_text(
        '{"title": "A", "text": "Alpha."}\n{"title": "B", "text": "Beta."}\n'
    )
    entries = listed([tmp_path])
    assert [load_entry(e).text for e in entries] == ["Alpha.", "Beta."]
    (tmp_path / "a.jsonl").write_text('{"title": "A", "text": "Alpha."}\n')
    assert load_entry(entries[1]).error == "changed since listed"


async def drain(scanner: ProcessScanner | ThreadScanner, paths: list[Path], index: Path) -> tuple:
    listing = scanner.start([str(p) for p in paths], StoreFiles(str(index)), DEFAULT_SIZE_CAP)
    rows, notices = [], []
    async for message in listing.messages():
        if isinstance(message, Entries):
            rows.extend(message.rows)
        elif not isinstance(message, Listed):
            notices.append(message)
    listing.stop()
    return [unpack(row) for row in rows], notices


@pytest.mark.parametrize("scanner", [ProcessScanner(), ThreadScanner()], ids=["process", "thread"])
async def test_scanners_stream_what_scan_finds(scanner, tmp_path, corpus):
    folder = write_articles(tmp_path / "many", FIRST_BATCH + 1)
    entries, notices = await drain(scanner, [corpus, folder], tmp_path / "index.sqlite3")
    assert entries == listed([corpus, folder])
    assert notices == []


def test_rows_are_put_at_once_then_at_most_once_a_pace():
    """Each put costs the UI a sort and a repaint: batches that come quickly go together."""
    now = [0.0]
    put: list[object] = []
    rows = Paced(put.append, clock=lambda: now[0])
    a, b, c, d, e = (pack(Entry(f"{name}.txt", 0, name)) for name in "abcde")
    rows.add([a])  # the first rows: at once (the first paint)
    assert put == [Entries(numbered([a], 0))]
    now[0] += PACE_SECONDS / 2
    rows.add([b])
    rows.add([c])
    assert len(put) == 1
    now[0] += PACE_SECONDS / 2
    rows.add([d])
    assert put[1:] == [Entries(numbered([b, c, d], 1))]
    rows.add([e])
    rows.flush()
    rows.flush()  # nothing left: nothing put
    assert put[2:] == [Entries(numbered([e], 4))]


def test_numbered_rows_sort_newest_first_then_in_listing_order():
    """The list sorts rows as plain strings, in reverse: the number breaks equal dates."""
    same, older = "2030-01-01T00:00:00", "2029-12-31T23:59:59"
    rows = [pack(Entry(f"{n}.txt", 0, str(n), key=f"{9 - n:016x}", date=same)) for n in range(3)]
    rows.insert(1, pack(Entry("old.txt", 0, "old", date=older)))
    listed = numbered(rows, 0)
    listed.sort(reverse=True)
    assert [unpack(row).title for row in listed] == ["0", "1", "2", "old"]
    assert [unpack(row) for row in numbered(rows, 5)] == [unpack(row) for row in rows]
    assert numbered(rows, 2) == numbered(rows[:2], 2) + numbered(rows[2:], 4)
    with pytest.raises(ValueError):  # 16 million rows at most
        numbered(rows[:2], 16**6 - 1)
    assert numbered(rows[:1], 16**6 - 1)[0][19:25] == "000000"


async def test_the_scanner_reports_a_damaged_index(tmp_path, corpus):
    (tmp_path / "index.sqlite3").write_bytes(b"garbage" * 200)
    entries, notices = await drain(ThreadScanner(), [corpus], tmp_path / "index.sqlite3")
    assert len(entries) == 3
    assert [type(notice) for notice in notices] == [Notice]


async def test_stopping_a_listing_ends_it_at_once(tmp_path):
    folder = write_articles(tmp_path / "many", 3_000)
    listing = ProcessScanner().start([str(folder)], StoreFiles(None), DEFAULT_SIZE_CAP)
    messages = listing.messages()
    assert isinstance(await anext(messages), Entries)
    listing.stop()
    assert await asyncio.wait_for(_count(messages), timeout=1) == 0


async def _count(messages) -> int:
    return len([m async for m in messages])


@given(
    st.integers(min_value=-(10**13), max_value=10**13).map(lambda halves: halves / 2)
    | st.sampled_from([1e20, float("nan")])
)
def test_file_dates_are_written_as_datetime_writes_them(seconds):
    """`file_date` uses `time.gmtime` for speed; the dates must be those of `datetime`
    (to the half second: `datetime` rounds to the microsecond first, `gmtime` does not)."""
    try:
        when = datetime.fromtimestamp(seconds, UTC)
        expected = when.isoformat(timespec="seconds")[:19] if 1000 <= when.year <= 9999 else ""
    except (OverflowError, OSError, ValueError):
        expected = ""
    assert file_date(seconds) == expected


@given(st.binary(max_size=60).map(lambda raw: bytes(b % 128 for b in raw)))
def test_words_are_counted_as_split_counts_them(text):
    assert ascii_words(text) == len(text.split())
    sanitised = clean_text(text.decode("ascii"))
    assert Article(path="a.txt", title="t", text=sanitised).words == len(sanitised.split())


class CountingScanner:
    """Counts the listings it starts and the ones stopped (by their number)."""

    def __init__(self) -> None:
        self.asked: list[list[str]] = []
        self.stopped: list[int] = []

    def start(self, paths, files, size_cap) -> Listing:
        self.asked.append(list(paths))
        number = len(self.asked)
        return Listing(None, lambda: self.stopped.append(number))


def test_a_listing_started_before_the_reader_is_its_first_and_only_that():
    counting, files = CountingScanner(), StoreFiles("index.sqlite3")
    scanner = StartedScanner(counting, ["news"], files, 10)
    assert counting.asked == [["news"]]  # at once, before the reader asks
    first = scanner.start(["news"], files, 10)
    assert counting.asked == [["news"]]
    assert scanner.start(["news"], files, 10) is not first  # listing again: a new one
    assert counting.asked == [["news"], ["news"]]
    assert counting.stopped == []


def test_a_listing_started_before_the_reader_is_stopped_if_it_asks_for_another():
    counting, files = CountingScanner(), StoreFiles("index.sqlite3")
    scanner = StartedScanner(counting, ["news"], files, 10)
    scanner.start(["news"], files, 20)  # another size cap
    assert counting.stopped == [1]
    assert counting.asked == [["news"], ["news"]]


def test_a_file_named_like_a_feed_item_is_read_as_a_file(tmp_path, monkeypatch):
    """`nutgraf feed:x.txt`: stored feed items are `feed:<identity>` entries; a file of
    that name must still open as the file."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "feed:x.txt").write_text("Ferry title\n\nThe ferry runs on time today.")
    [entry] = listed([Path("feed:x.txt")])
    article = load_entry(entry)
    assert (article.error, article.title, article.text) == (
        None,
        "Ferry title",
        "The ferry runs on time today.",
    )
