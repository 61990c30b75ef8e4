"""A few worker processes whose calls can be abandoned, so a time limit is real.

pyoxigraph evaluates a query inside native calls that Python cannot
interrupt: a thread running a cartesian product could be left behind but
would burn a core until the query ends, which may be never. A process can
be killed. Each call goes to an idle worker; when it overruns its time
limit (or the caller gives up) the worker is SIGKILLed and a fresh one is
started, so a runaway query costs its time limit and nothing more, and the
other workers keep answering meanwhile. Calls are picklable top-level
functions; replies (or the exception raised) come back over a pipe.
"""

import asyncio
import contextlib
import ctypes
import importlib
import logging
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from graph.errors import Busy, Crashed, Overrun

T = TypeVar("T")
log = logging.getLogger(__name__)
PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    """Ask Linux to SIGKILL this worker when the server dies, so no query outlives it."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(0)


def _serve(conn: Connection, parent: int, preload: Sequence[str]) -> None:
    """Worker main loop: import, say ready, then answer calls until the pipe closes."""
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    for module in preload:
        importlib.import_module(module)
    conn.send("ready")
    while True:
        try:
            fn, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply: tuple[bool, Any] = (True, fn(*args))
        except Exception as exc:
            reply = (False, exc)
        try:
            conn.send(reply)
        except Exception as exc:  # an unpicklable result or exception
            conn.send((False, RuntimeError(f"{type(exc).__name__}: {exc}")))


async def _readable(conn: Connection, timeout: float) -> bool:
    """Whether conn has data within timeout, waited for on the event loop itself.

    A reader callback rather than a poll in a thread: a lookup query answers in
    well under a millisecond, and two thread hops per call cost more than that.
    """
    loop = asyncio.get_running_loop()
    ready = loop.create_future()
    fd = conn.fileno()
    loop.add_reader(fd, lambda: ready.done() or ready.set_result(None))
    try:
        await asyncio.wait_for(ready, timeout)
        return True
    except TimeoutError:
        return False
    finally:
        loop.remove_reader(fd)
        os.set_blocking(fd, True)  # uvloop (libuv) made it non-blocking; recv must wait


class _Worker:
    """One `python -m graph.sparql.workers` child (not multiprocessing's spawn, which re-runs
    the parent's main script), talking over a socket pair."""

    def __init__(self, preload: Sequence[str]) -> None:
        self.conn, child = multiprocessing.Pipe()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "graph.sparql.workers",
                str(child.fileno()),
                str(os.getpid()),
                *preload,
            ],
            pass_fds=[child.fileno()],
            stdin=subprocess.DEVNULL,
        )
        child.close()

    @property
    def pid(self) -> int:
        return self.process.pid

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=5)
        # conn is left to the garbage collector: a thread abandoned by a cancelled call may
        # still be polling it, and closing it now could let that thread read a reused fd.


class WorkerPool:
    """size worker processes; `await pool.call(timeout, fn, *args)` runs fn in one of them."""

    def __init__(self, size: int, preload: Sequence[str] = ()) -> None:
        self.size = size
        self.preload = tuple(preload)
        self._idle: asyncio.Queue[_Worker] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._workers: set[_Worker] = set()
        self._tasks: set[asyncio.Task[None]] = set()

    def start(self) -> None:
        """Start the workers (from the event loop); call() does it on first use otherwise.

        The pool belongs to one event loop. Under a different one (a test client
        that runs each request in a fresh loop) it starts over rather than hang.
        """
        loop = asyncio.get_running_loop()
        if self._idle is not None and self._loop is not loop:
            self.close()
        if self._idle is None:
            self._loop = loop
            self._idle = asyncio.Queue()
            for _ in range(self.size):
                self._spawn()

    def pids(self) -> list[int]:
        return [w.pid for w in self._workers]

    def _spawn(self) -> None:
        worker = _Worker(self.preload)
        self._workers.add(worker)
        task = asyncio.get_running_loop().create_task(self._admit(worker))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _admit(self, worker: _Worker) -> None:
        """Queue a new worker once it has imported everything, so boot time is nobody's limit."""
        try:
            ready = await asyncio.to_thread(worker.conn.recv)
        except (EOFError, OSError):
            ready = None
        if ready != "ready":
            log.error("a query worker failed to start (exit code %s)", worker.process.poll())
            self._discard(worker)
            return
        assert self._idle is not None
        self._idle.put_nowait(worker)

    def _discard(self, worker: _Worker) -> None:
        self._workers.discard(worker)
        worker.kill()

    def _replace(self, worker: _Worker) -> None:
        self._discard(worker)
        self._spawn()

    async def call(self, timeout: float, fn: Callable[..., T], *args: Any) -> T:
        """fn(*args) in a worker within timeout seconds (waiting for a free one included)."""
        self.start()
        assert self._idle is not None
        deadline = time.monotonic() + timeout
        try:
            worker = await asyncio.wait_for(self._idle.get(), timeout)
        except TimeoutError as exc:
            raise Busy(f"all {self.size} query workers stayed busy for {timeout:g}s") from exc
        answered = False
        try:
            try:
                worker.conn.send((fn, args))
                remaining = max(0.0, deadline - time.monotonic())
                if not await _readable(worker.conn, remaining):
                    raise Overrun(f"exceeded the time limit of {timeout:g}s and was stopped")
                # The worker sends a reply it has already serialised in one write, so
                # reading it here costs a copy, not a wait.
                ok, value = worker.conn.recv()
            except (EOFError, OSError) as exc:
                raise Crashed("the query worker died while answering") from exc
            answered = True
        finally:
            if answered:
                self._idle.put_nowait(worker)
            else:  # overrun, crashed or abandoned by a cancelled caller
                self._replace(worker)
        if ok:
            return value
        raise value

    def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        for worker in list(self._workers):
            self._discard(worker)
        self._idle = None


if __name__ == "__main__":
    _serve(Connection(int(sys.argv[1])), int(sys.argv[2]), sys.argv[3:])
