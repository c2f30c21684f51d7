"""Helper processes over plain pipes: no multiprocessing process, pool or queue.

Those need multiprocessing's resource tracker, a process of its own that ignores SIGINT
and SIGTERM: a loaded run of the suite saw it outlive its killed reader by minutes
(issue 16), and it held 12 MB of the reader's memory (issue 15). A spawned process also
imports the parent's `__main__` module before its work. A helper here is
`python -P -m MODULE ARGS PARENT`, started with subprocess: it reads pickled requests on
its stdin and writes pickled answers on its stdout (`Connection` framing), ends when its
input ends, and dies with its parent (`become_helper`).

`PipeExecutor` runs calls in one such helper behind the `Executor` interface, for the
analysis process and the feed parser.
"""

from __future__ import annotations

import logging
import os
import queue
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import BrokenExecutor, Executor, Future
from multiprocessing.connection import Connection
from typing import Any

from tui.core.logs import log_path
from tui.core.processes import become_helper, log_output, parent_pid

log = logging.getLogger("nutgraf.helpers")
END_SECONDS = 5.0  # a helper whose input ended gets this long to exit before it is killed


class BrokenHelper(BrokenExecutor):
    """The helper process ended before it answered."""


class Helper:
    """A started helper: `send` requests, `recv` answers; `close` ends its input (it exits),
    `kill` ends it now. Both reap it."""

    def __init__(self, module: str, *args: str) -> None:
        errors = log_output(log_path())  # until `become_helper`: an import error, say
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-P", "-m", module, *args, parent_pid()],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=errors,
            )
        finally:
            os.close(errors)
        assert self.process.stdin is not None and self.process.stdout is not None
        self._requests = Connection(os.dup(self.process.stdin.fileno()), readable=False)
        self._answers = Connection(os.dup(self.process.stdout.fileno()), writable=False)
        self.process.stdin.close()
        self.process.stdout.close()

    @property
    def pid(self) -> int:
        return self.process.pid

    def send(self, request: Any) -> None:
        """Raises OSError when the helper has ended."""
        self._requests.send(request)

    def recv(self) -> Any:
        """Raises EOFError (or OSError) when the helper has ended."""
        return self._answers.recv()

    def end_input(self) -> None:
        if not self._requests.closed:
            self._requests.close()

    def close(self) -> None:
        """End its input and reap it."""
        self.end_input()
        self.reap()

    def reap(self) -> None:
        """Wait for it to exit: it gets `END_SECONDS` to finish, then is killed."""
        try:
            self.process.wait(END_SECONDS)
        except subprocess.TimeoutExpired:
            self.kill()
        self._answers.close()

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()


def helper_ends() -> tuple[Connection, Connection]:
    """The helper's side, first thing in its `__main__`: its requests and answers; its
    stdin and stdout point away from the pipes from then on (`become_helper`, with the
    parent's pid as the last argument)."""
    requests = Connection(os.dup(0), writable=False)
    answers = Connection(os.dup(1), readable=False)
    become_helper(int(sys.argv[-1]))
    return requests, answers


class PipeExecutor(Executor):
    """Calls run one at a time, in order, in one helper process.

    `initializer(*initargs)` runs there first. Functions and arguments are pickled (a
    function by its module and name). The caller never waits on the pipe: a thread sends
    (a long text fills the pipe while the helper is busy), another takes the answers. A
    helper that ends fails every call not answered with `BrokenHelper`.
    """

    def __init__(
        self, initializer: Callable[..., object] | None = None, initargs: tuple[Any, ...] = ()
    ) -> None:
        self._helper = Helper(__name__)
        self._outbox: queue.SimpleQueue[tuple[Future[Any], tuple[Any, ...]] | None] = (
            queue.SimpleQueue()
        )
        self._waiting: deque[Future[Any]] = deque()  # sent, in order, not answered yet
        self._lock = threading.Lock()
        self._broken = False
        self._shut = False
        self._outbox.put((Future(), (initializer, initargs)))
        self._sender = threading.Thread(target=self._send_all, daemon=True)
        self._taker = threading.Thread(target=self._take_all, daemon=True)
        self._sender.start()
        self._taker.start()

    @property
    def pid(self) -> int:
        return self._helper.pid

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        with self._lock:
            if self._broken:
                raise BrokenHelper("the helper process has ended")
            if self._shut:
                raise RuntimeError("cannot submit after shutdown")
            future: Future[Any] = Future()
            self._outbox.put((future, (fn, args, kwargs)))
            return future

    def terminate(self) -> None:
        """End the helper now: calls not answered fail with `BrokenHelper`."""
        self._helper.process.kill()

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        with self._lock:
            self._shut = True
        if cancel_futures:
            self._drop_unsent(broken=False)
        self._outbox.put(None)  # after what is queued: then the helper's input ends
        if wait:
            self._sender.join()
            self._taker.join()

    def _drop_unsent(self, broken: bool) -> None:
        """The calls not sent yet: cancelled (a shutdown asked for it), or failed with
        `BrokenHelper` (the helper ended), as the calls sent are."""
        while True:
            try:
                item = self._outbox.get_nowait()
            except queue.Empty:
                return
            if item is None:
                continue
            future = item[0]
            if not broken:
                future.cancel()
            elif future.set_running_or_notify_cancel():
                future.set_exception(BrokenHelper("the helper process ended"))

    def _send_all(self) -> None:
        ended = False
        while (item := self._outbox.get()) is not None:
            future, call = item
            if not future.set_running_or_notify_cancel():
                continue  # cancelled before its turn: never sent
            self._waiting.append(future)
            try:
                self._helper.send(call)
            except OSError:
                ended = True
                break
        self._helper.end_input()
        if ended or self._broken:  # the helper ended: a call sent after the taker failed
            self._taker.join()  # what waited would wait forever
            self._fail_waiting()

    def _take_all(self) -> None:
        while True:
            try:
                failed, value = self._helper.recv()
            except (EOFError, OSError):
                break
            except Exception as error:  # read whole, but it does not unpickle here
                failed, value = True, RuntimeError(f"an answer could not be read: {error}")
            future = self._waiting.popleft()
            if failed:
                future.set_exception(value)
            else:
                future.set_result(value)
        with self._lock:
            self._broken = True
        self._fail_waiting()
        self._outbox.put(None)  # the sender ends (and ends the helper's input)
        self._helper.reap()  # here: the caller never waits for a process

    def _fail_waiting(self) -> None:
        self._drop_unsent(broken=True)
        while self._waiting:
            self._waiting.popleft().set_exception(BrokenHelper("the helper process ended"))


def serve() -> None:
    """The helper's end of `PipeExecutor`: run each call, answer (failed, value); a failing
    initializer ends the helper (every call then fails with `BrokenHelper`)."""
    requests, answers = helper_ends()
    initializer, initargs = requests.recv()
    if initializer is not None:
        try:
            initializer(*initargs)
        except Exception:
            log.exception("a helper's initializer failed")
            return
    answers.send((False, None))
    while True:
        try:
            fn, args, kwargs = requests.recv()
        except EOFError:
            return
        try:
            answer: tuple[bool, Any] = (False, fn(*args, **kwargs))
        except Exception as error:
            answer = (True, error)
        try:
            answers.send(answer)
        except Exception:  # pickling failed, before anything was written: say what it was
            log.exception("could not send an answer")
            answers.send((True, RuntimeError(f"{type(answer[1]).__name__} could not be sent")))


if __name__ == "__main__":
    serve()
