"""The persistent analysis cache: survives restarts, kill -9, two writers and damage."""

import errno
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import Executor

import pytest

from tests.helpers import SEEDS
from tui.core.model import AnalysisRequest, Subscription
from tui.core.storage import sqlite as sqlite_module
from tui.core.storage.cache import AnalysisCache, cache_path, from_json, to_json
from tui.core.storage.feeds import FeedStore
from tui.core.storage.sqlite import SqliteStore, _first_columns
from tui.core.storage.state import ReadingState
from tui.core.workers.analysis import AnalysisService

WRITER = """
import sys
from pathlib import Path
from tui.core.model import Analysis
from tui.core.storage.cache import AnalysisCache
cache = AnalysisCache(Path(sys.argv[1]))
analysis = Analysis("LeadRank", ((0, 5),) * 200, (0,))
for i in range(int(sys.argv[3])):
    cache.put((f"{sys.argv[2]}-{i}", "LeadRank", 3), "m", analysis)
    if i == 10:
        print("writing", flush=True)
"""


@pytest.fixture
def seed_request(analyzer):
    text = next(SEEDS.iterdir()).read_text(encoding="utf-8")
    return AnalysisRequest(text, "seed-digest", "LeadRank", 3)


def test_an_analysis_survives_the_round_trip(analyzer, seed_request):
    analysis = analyzer.analyse(seed_request)
    assert from_json(to_json(analysis)) == analysis


async def test_a_new_session_shows_a_cached_analysis_without_the_model(
    analyzer, seed_request, thread_executor
):
    first = AnalysisService(executor_factory=thread_executor, store=AnalysisCache())
    analysis = await first.analyse(seed_request)
    first.close()

    def no_worker(model: str | None) -> Executor:
        raise AssertionError("a cached article must not start the analysis worker")

    second = AnalysisService(executor_factory=no_worker, store=AnalysisCache())
    assert await second.analyse(seed_request) == analysis
    second.close()
    assert cache_path().exists()


def _writer(path, name, rows):
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), name, str(rows)],
        stdout=subprocess.PIPE,
        text=True,
    )


def _rows(path) -> int:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as reader:
            return reader.execute("SELECT COUNT(*) FROM analyses").fetchone()[0]
    except sqlite3.Error:  # not created yet
        return 0


def test_kill_9_mid_write_leaves_a_sound_store(tmp_path):
    path = tmp_path / "c.sqlite3"
    writer = _writer(path, "a", 1_000_000)
    assert writer.stdout is not None and writer.stdout.readline() == "writing\n"
    deadline = time.monotonic() + 60
    while _rows(path) <= 10:  # killed mid-loop, once some rows are in
        assert time.monotonic() < deadline
        time.sleep(0.02)
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    cache = AnalysisCache(path)
    cache.open()
    assert cache.notice is None
    assert cache.connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert cache.get(("a-0", "LeadRank", 3), "m") is not None
    stored = cache.connection.execute("SELECT COUNT(*) FROM analyses").fetchone()[0]
    assert stored > 10


def test_two_instances_write_at_once(tmp_path):
    path = tmp_path / "c.sqlite3"
    writers = [_writer(path, name, 300) for name in ("x", "y")]
    assert [w.wait(timeout=120) for w in writers] == [0, 0]
    cache = AnalysisCache(path)
    count = cache.connection.execute("SELECT COUNT(*) FROM analyses").fetchone()[0]
    assert count == 600


def test_a_damaged_store_is_moved_aside_and_rebuilt(tmp_path, analyzer, seed_request):
    path = tmp_path / "c.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    cache = AnalysisCache(path)
    cache.open()
    assert cache.notice is not None and "damaged" in cache.notice
    assert [p.name.startswith("c.sqlite3.corrupt-") for p in tmp_path.iterdir()].count(True) == 1
    cache.put(seed_request.key, "m", analyzer.analyse(seed_request))
    assert cache.get(seed_request.key, "m") is not None


def test_two_stores_of_one_foreign_file_opened_at_once_set_it_aside_once(tmp_path):
    """The reading state and the feed store share a file, and the reader opens both at
    once (marks in one thread, the listing in another). One moves the foreign file aside
    and says so; the other opens the new file: nothing is overwritten, and both write to
    the same file."""
    path = tmp_path / "state.sqlite3"
    for round_ in range(20):  # a race: many rounds, each from a new foreign file
        with sqlite3.connect(path) as foreign:
            foreign.execute("CREATE TABLE articles (name TEXT)")
            foreign.execute("INSERT INTO articles VALUES (?)", (f"theirs {round_}",))
        foreign.close()
        stores = [ReadingState(path), FeedStore(path)]
        start = threading.Barrier(2)
        threads = [threading.Thread(target=_open_together, args=(store, start)) for store in stores]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert [store.notice is not None for store in stores].count(True) == 1
        stores[0].set_read("k" * 16, True)
        stores[1].subscribe([Subscription(f"http://127.0.0.1:9/{round_}")])
        seen = FeedStore(path)  # what is in the file at `path`: both stores wrote there
        assert seen.connection.execute("SELECT key FROM articles").fetchall() == [("k" * 16,)]
        assert [state.url for state in seen.states()] == [f"http://127.0.0.1:9/{round_}"]
        for store in (*stores, seen):
            store.close()
        path.unlink()
    asides = sorted(tmp_path.glob("state.sqlite3.corrupt-*"))
    assert len(asides) == 20  # one a round, none overwritten (names within one second)
    kept = set()
    for aside in asides:
        with sqlite3.connect(aside) as moved:
            kept.update(name for (name,) in moved.execute("SELECT name FROM articles"))
    assert kept == {f"theirs {round_}" for round_ in range(20)}


def test_a_folder_that_cannot_be_locked_still_opens_the_store(tmp_path, monkeypatch):
    """Some network mounts have no locks (ENOLCK): the store opens unlocked, as before."""

    def no_locks(descriptor: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(sqlite_module.fcntl, "flock", no_locks)
    path = tmp_path / "state.sqlite3"
    path.write_bytes(b"not a database" * 100)
    store = ReadingState(path)
    store.set_read("k" * 16, True)
    assert store.notice is not None and "damaged" in store.notice
    assert store.load() == ({"k" * 16}, set())


def test_the_stores_of_one_file_know_each_others_tables():
    own = {t: (k,) for t, k in _first_columns(FeedStore.SCHEMA_SQL).items()}
    assert own | FeedStore.LEGACY_TABLES == ReadingState.SHARED_FILE_TABLES
    own = {t: (k,) for t, k in _first_columns(ReadingState.SCHEMA_SQL).items()}
    assert own | ReadingState.LEGACY_TABLES == FeedStore.SHARED_FILE_TABLES


def _open_together(store: SqliteStore, start: threading.Barrier) -> None:
    start.wait()
    store.open()


def test_an_unwritable_directory_keeps_analyses_in_memory(tmp_path, analyzer, seed_request):
    blocker = tmp_path / "file"
    blocker.write_text("")
    cache = AnalysisCache(blocker / "sub" / "c.sqlite3")
    cache.open()
    assert cache.notice is not None and cache.notice.startswith(
        "The analysis cache is kept in memory"
    )
    cache.put(seed_request.key, "m", analyzer.analyse(seed_request))
    assert cache.get(seed_request.key, "m") is not None


def test_an_entry_from_another_model_is_not_used(tmp_path, analyzer, seed_request):
    cache = AnalysisCache(tmp_path / "c.sqlite3")
    cache.put(seed_request.key, "model-a", analyzer.analyse(seed_request))
    assert cache.get(seed_request.key, "model-b") is None
    with pytest.raises(sqlite3.ProgrammingError):
        cache.close()
        cache.connection.execute("SELECT 1")


def test_nothing_is_opened_before_first_use(tmp_path):
    cache = AnalysisCache(tmp_path / "new" / "c.sqlite3")
    assert not (tmp_path / "new").exists()
    assert cache.get(("d", "LeadRank", 3), "m") is None
    assert (tmp_path / "new" / "c.sqlite3").exists()
