"""A first listing shares its files with a helper process (issue 15): same rows, in order,
whether the helper works, cannot start or dies; and no helper is left behind."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tui.core import corpus, pipes
from tui.core.workers import loader
from tui.core.workers.messages import Entries
from tui.core.workers.scanner import StoreFiles, produce


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    articles = tmp_path / "articles"
    for number in range(150):
        part = articles / f"part{number % 3}"
        part.mkdir(parents=True, exist_ok=True)
        (part / f"{number:03}.txt").write_text(
            f"Story {number} headline\n\nThe council met on day {number}. It voted again.\n"
        )
    (articles / "part1" / "broken.json").write_text("{not json")
    return articles


def listed(folder: Path, index: Path) -> list[str]:
    rows: list[str] = []
    produce(
        [str(folder)],
        StoreFiles(str(index)),
        1_000_000,
        lambda message: rows.extend(message.rows if isinstance(message, Entries) else []),
    )
    return rows


def helpers_started(monkeypatch: pytest.MonkeyPatch, executable: str | None = None) -> list:
    """Patch the helper's start: record each command and pid (running `executable`
    instead, if given)."""
    started: list[list[str]] = []
    real = subprocess.Popen

    def popen(command: list[str], **options: object) -> subprocess.Popen[bytes]:
        if executable is not None:
            command = [executable, *command[1:]]
        started.append(list(command))
        process: subprocess.Popen[bytes] = real(command, **options)  # type: ignore[call-overload]
        started[-1].append(str(process.pid))
        return process

    monkeypatch.setattr(pipes.subprocess, "Popen", popen)
    monkeypatch.setattr(loader, "WORTH_IT", 8)
    return started


def test_the_helper_reads_half_and_the_rows_are_the_same(folder, tmp_path, monkeypatch):
    alone = listed(folder, tmp_path / "alone.sqlite3")
    started = helpers_started(monkeypatch)
    shared = listed(folder, tmp_path / "shared.sqlite3")
    assert len(started) == 1 and "tui.core.workers.loader" in started[0]
    assert shared == alone and len(alone) == 151
    helper = started[0][-1]
    assert any("broken.json" in row for row in shared)
    assert not Path(f"/proc/{helper}").exists()  # it ended with the listing, and was reaped


@pytest.mark.parametrize("executable", ["/nonexistent/python", "/bin/true"])
def test_a_helper_that_cannot_start_or_dies_leaves_the_listing_whole(
    folder, tmp_path, monkeypatch, executable
):
    alone = listed(folder, tmp_path / "alone.sqlite3")
    started = helpers_started(monkeypatch, executable)
    assert listed(folder, tmp_path / "shared.sqlite3") == alone
    assert len(started) == 1  # tried once, then read on in one process


def test_rows_stay_in_order_over_many_batches_and_a_helper_that_dies_midway(
    folder, tmp_path, monkeypatch
):
    """Each batch is started before the one before it is finished: the order must hold
    whatever part the helper takes, and when it dies with a batch of ours in hand."""
    monkeypatch.setattr(corpus, "BATCH", 20)
    alone = listed(folder, tmp_path / "alone.sqlite3")
    started = helpers_started(monkeypatch)
    assert listed(folder, tmp_path / "shared.sqlite3") == alone
    taken = 0
    real = loader.Loader._take_answer

    def lost() -> object:
        """Where the third answer was to come from: the helper died before it."""
        raise EOFError

    def dies_before_the_third_answer(self: loader.Loader) -> None:
        nonlocal taken
        if self._out is not None:
            taken += 1
            if taken == 3:
                assert self._helper is not None
                self._helper.recv = lost  # type: ignore[method-assign]
        real(self)

    monkeypatch.setattr(loader.Loader, "_take_answer", dies_before_the_third_answer)
    assert listed(folder, tmp_path / "dies.sqlite3") == alone
    assert taken == 3 and len(started) == 2  # read on here, without a new helper


@pytest.mark.parametrize(
    ("files", "ours", "theirs", "other", "share"),
    [
        (1000, 0.0, 0.0, 0.0, 500),  # not measured yet: half
        (1000, 1e-4, 1e-4, 0.0, 500),  # alike, nothing else to do here: half
        (1000, 1e-4, 1e-4, 0.05, 750),  # 50 ms of other work here: more for the helper
        (1000, 1e-4, 3e-4, 0.0, 250),  # a slower helper (a busy core): less for it
        (1000, 1e-4, 1e-4, 9.0, 1000),  # never more than all
    ],
)
def test_the_helper_takes_the_part_that_ends_with_ours(files, ours, theirs, other, share):
    assert loader.helper_share(files, ours, theirs, other) == share


def test_a_warm_index_starts_no_helper(folder, tmp_path, monkeypatch):
    index = tmp_path / "index.sqlite3"
    first = listed(folder, index)
    started = helpers_started(monkeypatch)
    assert listed(folder, index) == first
    assert started == []
