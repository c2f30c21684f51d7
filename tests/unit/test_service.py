"""The analysis worker process: a real helper process, one model load, restart after a crash."""

import asyncio
import os
import signal
import time
from pathlib import Path

import pytest

from tui.core.model import AnalysisRequest
from tui.core.workers.analysis import AnalysisError, AnalysisService

TEXT = "Ada Lovelace wrote the first program. Charles Babbage built the engine. Lovelace was first."


def request(text: str = TEXT, algorithm: str = "LexRank", sentences: int = 2) -> AnalysisRequest:
    return AnalysisRequest(text, str(hash(text)), algorithm, sentences)


@pytest.fixture
async def process_service():
    service = AnalysisService()
    yield service
    service.close()


async def test_analysis_runs_in_another_process_and_is_cached(process_service):
    first = await process_service.analyse(request())
    assert [p.name for p in first.people] == ["Ada Lovelace", "Charles Babbage"]
    assert process_service.cached(request()) is first
    executor = process_service._executor
    assert executor is not None
    assert executor.pid != os.getpid()  # type: ignore[attr-defined]


def _running(pid: int) -> bool:
    """The process exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


async def until(condition, seconds: float = 60) -> None:
    """Wait (without blocking the loop) until `condition()` holds; fail after a deadline."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"still waiting after {seconds} s"
        await asyncio.sleep(0.02)


async def test_a_dead_worker_gives_an_error_then_is_replaced(process_service):
    await process_service.analyse(request())
    pid = process_service._executor.pid  # type: ignore[union-attr]
    os.kill(pid, signal.SIGKILL)
    await until(lambda: not _running(pid))
    with pytest.raises(AnalysisError, match="restarted"):
        await process_service.analyse(request(sentences=1))
    again = await process_service.analyse(request(sentences=1))
    assert len(again.summary) == 1


async def test_a_request_cancelled_before_its_turn_is_never_sent(process_service):
    """While one article is analysed, requests for articles skipped past are dropped."""
    sent: list[str] = []
    executor_submit = None

    process_service.start()
    executor = process_service._executor
    executor_submit = executor.submit

    def counting_submit(fn, *args):
        if args:
            sent.append(args[0].text)
        return executor_submit(fn, *args)

    executor.submit = counting_submit
    long_text = " ".join(f"Sentence number {i} is about Paris and Rome." for i in range(800))
    first = asyncio.create_task(process_service.analyse(request(long_text)))
    await until(lambda: sent == [long_text])  # the long one is in the worker
    skipped = asyncio.create_task(process_service.analyse(request("Skipped article. Yes.")))
    await until(lambda: process_service._lock.locked() and not skipped.done())
    for _ in range(3):  # let it reach the lock and wait there
        await asyncio.sleep(0)
    skipped.cancel()
    last = await process_service.analyse(request("Last article. It matters."))
    await first
    assert len(last.sentences) == 2
    assert "Skipped article. Yes." not in sent
    assert sent == [long_text, "Last article. It matters."]


async def test_a_failing_analysis_is_logged_not_shown(tmp_path, monkeypatch):
    from concurrent.futures import ThreadPoolExecutor

    from tui.core.logs import log_path, setup_logging
    from tui.core.workers import analysis as service

    path = setup_logging()
    assert path == log_path() and str(path).startswith(str(tmp_path.parent.parent))

    class Broken:
        def analyse(self, request):
            raise RuntimeError("model exploded")

    def executor(model):
        return ThreadPoolExecutor(1, initializer=setattr, initargs=(service, "_analyzer", Broken()))

    failing = AnalysisService(executor_factory=executor)
    with pytest.raises(AnalysisError, match="analysis failed: RuntimeError"):
        await failing.analyse(request())
    failing.close()
    logged = path.read_text()
    assert "model exploded" in logged and "Traceback" in logged


async def test_a_long_stale_job_is_stopped_for_the_article_on_screen(process_service):
    await process_service.analyse(request())  # the worker is up and the model loaded
    long_text = " ".join(
        f"Sentence {i} is about Paris, Rome and Ada Lovelace." for i in range(8000)
    )
    assert len(long_text) > 100_000
    stale = asyncio.create_task(process_service.analyse(request(long_text)))
    await asyncio.sleep(0.5)
    stale.cancel()
    started = asyncio.get_running_loop().time()
    fresh = await process_service.analyse(request("The article now on screen. It is short."))
    waited = asyncio.get_running_loop().time() - started
    assert len(fresh.sentences) == 2
    assert process_service.cached(request(long_text)) is None  # it was stopped, not finished
    assert waited < 8  # a restart and a short analysis, not the long job (about 10 s here)
