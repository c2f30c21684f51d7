"""Analysis off the UI process: one long-lived worker, one article at a time.

spaCy holds the GIL for long stretches, so a thread would stall key presses;
a separate process does not. The worker loads the model once. Requests are
serialised: a request whose caller gave up (the selection moved on) before its
turn is never sent, and a long job whose caller gave up is stopped (the worker
is restarted) instead of delaying the article now on screen. Results are cached
in memory by content hash, algorithm and length. If the process dies, the next
request starts a new one.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import BrokenExecutor, Executor, Future
from contextlib import suppress
from functools import partial

from tui.core.model import Analysis, AnalysisRequest
from tui.core.nlp.analyzer import Analyzer
from tui.core.nlp.pipeline import model_key
from tui.core.pipes import PipeExecutor
from tui.core.storage.cache import AnalysisCache

CACHE_SIZE = 512
# A stale job on a text longer than this is stopped rather than waited for
# (spaCy reads roughly 50,000 characters a second here; a restart costs ~2 s).
ABANDON_ABOVE_CHARS = 100_000
# A prefetch runs only on texts this short (~0.3 s of spaCy here): the most it
# can delay an article the reader moves to while it runs.
PREFETCH_MAX_CHARS = 20_000
log = logging.getLogger("nutgraf.analysis")

_analyzer: Analyzer | None = None


class AnalysisError(RuntimeError):
    """Analysis of one article failed; the message is safe to show."""


def _init_worker(model: str | None) -> None:
    global _analyzer
    _analyzer = Analyzer(model)


def _analyse_in_worker(request: AnalysisRequest) -> Analysis:
    assert _analyzer is not None, "worker not initialised"
    return _analyzer.analyse(request)


def _worker_model() -> str | None:
    assert _analyzer is not None, "worker not initialised"
    return _analyzer.model


def process_executor(model: str | None) -> Executor:
    """One helper process (`tui.core.pipes`) that loads `model`."""
    return PipeExecutor(_init_worker, (model,))


class AnalysisService:
    def __init__(
        self,
        model: str | None = None,
        executor_factory: Callable[[str | None], Executor] = process_executor,
        store: AnalysisCache | None = None,
    ) -> None:
        self._model = model
        self._model_key = model_key(model)
        self.store = store
        self._executor_factory = executor_factory
        self._executor: Executor | None = None
        self._busy: Future[Analysis] | None = None
        self._busy_chars = 0
        self._lock = asyncio.Lock()
        self._cache: OrderedDict[tuple[str, str, int], Analysis] = OrderedDict()

    def start(self) -> None:
        """Start the worker and let it load the model before the first request."""
        if self._executor is None:
            self._executor = self._executor_factory(self._model)
            self._executor.submit(_worker_model)

    def cached(self, request: AnalysisRequest) -> Analysis | None:
        result = self._cache.get(request.key)
        if result is not None:
            self._cache.move_to_end(request.key)
        return result

    def _store(self, key: tuple[str, str, int], result: Analysis) -> None:
        self._cache[key] = result
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)

    def _store_from_thread(
        self, loop: asyncio.AbstractEventLoop, key: tuple[str, str, int], done: Future[Analysis]
    ) -> None:
        """Cache a result even when its caller was cancelled: it was paid for."""
        if done.cancelled() or done.exception() is not None:
            return
        with suppress(RuntimeError):  # the loop may be closed at exit
            loop.call_soon_threadsafe(self._store, key, done.result())

    async def analyse(self, request: AnalysisRequest) -> Analysis:
        """Analyse in the worker; cancelling the caller drops a request not yet sent."""
        if (hit := self.cached(request)) is not None:
            return hit
        async with self._lock:
            if self._busy is not None and not self._busy.done():
                # A cancelled caller's job still runs. A long one is not worth waiting
                # for: stop the worker (a new one loads the model in ~2 s).
                if self._busy_chars > ABANDON_ABOVE_CHARS and self._stop_worker():
                    log.info("stopped the worker on a stale %d-character job", self._busy_chars)
                else:
                    await asyncio.wait([asyncio.wrap_future(self._busy)])
            if (hit := self.cached(request)) is not None:
                return hit
            if self.store is not None:
                stored = await asyncio.to_thread(self.store.get, request.key, self._model_key)
                if stored is not None:
                    self._store(request.key, stored)
                    return stored
            self.start()
            assert self._executor is not None
            loop = asyncio.get_running_loop()
            try:
                future = self._executor.submit(_analyse_in_worker, request)
            except (BrokenExecutor, RuntimeError):
                log.warning("analysis process was gone; restarting it", exc_info=True)
                self._restart()
                raise AnalysisError("the analysis process had stopped; restarted it") from None
            self._busy, self._busy_chars = future, len(request.text)
            future.add_done_callback(partial(self._store_from_thread, loop, request.key))
            try:
                result = await asyncio.shield(asyncio.wrap_future(future))
            except BrokenExecutor:
                log.warning("analysis process died during a request; restarting it")
                self._restart()
                raise AnalysisError("the analysis process stopped; it has been restarted") from None
            except Exception as error:
                log.exception("analysis failed (text digest %s)", request.digest)
                raise AnalysisError(f"analysis failed: {type(error).__name__}") from error
            self._store(request.key, result)
            if self.store is not None:
                await asyncio.to_thread(self.store.put, request.key, self._model_key, result)
            return result

    async def prefetch(self, request: AnalysisRequest) -> None:
        """Analyse ahead of need: only a short text, only while nothing else is in flight."""
        busy = self._lock.locked() or (self._busy is not None and not self._busy.done())
        if busy or len(request.text) > PREFETCH_MAX_CHARS or self.cached(request) is not None:
            return
        with suppress(AnalysisError):
            await self.analyse(request)

    def _stop_worker(self) -> bool:
        """End the worker process now; False for executors that cannot be stopped."""
        if not isinstance(self._executor, PipeExecutor):
            return False
        self._executor.terminate()
        self._close_executor()
        return True

    def _restart(self) -> None:
        self._close_executor()
        self.start()

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None
        self._close_executor()

    def _close_executor(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
