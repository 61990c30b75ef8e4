"""A few worker processes whose calls can be abandoned, so a time limit is real.

pyoxigraph evaluates a query inside native calls that Python cannot
interrupt: a thread running a cartesian product could be left behind but
would burn a core until the query ends, which may be never. A process can
be killed. Each call goes to an idle worker; when it overruns its time
limit (or the caller gives up) the worker is SIGKILLed and a fresh one is
started, so a runaway query costs its time limit and nothing more, and the
other workers keep answering meanwhile. Calls are picklable top-level
functions; replies (or the exception raised) come back over a pipe.

Memory is bounded the same way: a watchdog thread reads the anonymous resident
memory of every busy worker from /proc every few milliseconds and kills one
over its cap (OverMemory). Not RLIMIT_AS or RLIMIT_DATA: an allocation that
fails inside pyoxigraph aborts the process (Rust's default), which reads like
any other crash, while the watchdog knows why it killed, and file pages that
RocksDB maps are not counted against the query.

Admission (docs/RELIABILITY.md, "Query memory, admission"): a call waits at most
`queue_wait` for a worker (longer only while a fresh one boots), then Busy; and
while anyone waits, at most size - 1 calls may run past `slow_after` seconds: the
youngest beyond that are stopped (Busy), so a few slow queries, from one client or
several, cannot hold every worker while cheap queries queue behind them.
"""

import asyncio
import logging
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from graph.errors import Busy, Crashed, OverMemory, Overrun
from graph.sparql.worker_process import Worker

T = TypeVar("T")
log = logging.getLogger(__name__)
WATCH_EVERY = 0.005  # seconds between memory readings of busy workers: a few MB at 1 GB/s
WAIT_TICK = 0.05  # seconds between admission checks while a caller waits for a worker


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


class WorkerPool:
    """size worker processes; `await pool.call(timeout, fn, *args)` runs fn in one of them.

    memory caps each worker's anonymous resident memory in bytes (None: no cap);
    queue_wait and slow_after are the admission rules of the module docstring.
    """

    def __init__(
        self,
        size: int,
        preload: Sequence[str] = (),
        memory: int | None = None,
        queue_wait: float = 5.0,
        slow_after: float = 1.0,
    ) -> None:
        self.size = size
        self.preload = tuple(preload)
        self.memory = memory
        self.queue_wait = queue_wait
        self.slow_after = slow_after
        self._loop: asyncio.AbstractEventLoop | None = None  # None: not started
        self._workers: set[Worker] = set()
        self._free: list[Worker] = []
        self._waiting: list[tuple[str, asyncio.Future[Worker]]] = []  # (client, its worker)
        self._busy: dict[Worker, tuple[float, str]] = {}  # when its call started, for whom
        self._starting: set[Worker] = set()  # booting, not yet idle
        self._tasks: set[asyncio.Task[None]] = set()
        self._closed = threading.Event()
        self._watchdog: threading.Thread | None = None

    def start(self) -> None:
        """Start the workers (from the event loop); call() does it on first use otherwise.

        The pool belongs to one event loop. Under a different one (a test client
        that runs each request in a fresh loop) it starts over rather than hang.
        """
        loop = asyncio.get_running_loop()
        if self._loop is not None and self._loop is not loop:
            self.close()
        if self._loop is None:
            self._loop = loop
            for _ in range(self.size):
                self._spawn()
        if self.memory is not None and self._watchdog is None:
            self._closed.clear()
            self._watchdog = threading.Thread(target=self._watch, name="memory-cap", daemon=True)
            self._watchdog.start()

    def pids(self) -> list[int]:
        return [w.pid for w in self._workers]

    def busy(self) -> int:
        """How many workers are answering a call now."""
        return len(self._busy)

    def memory_used(self) -> list[int]:
        """Anonymous resident bytes of each worker (what the cap counts)."""
        return [w.anonymous_bytes() for w in list(self._workers)]

    def _watch(self) -> None:
        """Kill any busy worker over the memory cap (a thread: the event loop may be busy)."""
        assert self.memory is not None
        cap_mb = self.memory // 1_000_000
        while not self._closed.wait(WATCH_EVERY if self._busy else WAIT_TICK):
            for worker in list(self._busy):
                used = worker.anonymous_bytes()
                if used > self.memory and worker.stopped is None:
                    worker.stop(
                        OverMemory(
                            f"used more than the memory limit of {cap_mb} MB and was stopped: "
                            "narrow the query (fewer OPTIONALs or cross products, a LIMIT "
                            "that needs no ORDER BY over everything)"
                        )
                    )

    def _spawn(self) -> None:
        worker = Worker(self.preload)
        self._workers.add(worker)
        self._starting.add(worker)
        task = asyncio.get_running_loop().create_task(self._admit(worker))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _admit(self, worker: Worker) -> None:
        """Queue a new worker once it has imported everything, so boot time is nobody's limit."""
        try:
            ready = await asyncio.to_thread(worker.conn.recv)
        except (EOFError, OSError):
            ready = None
        finally:
            self._starting.discard(worker)
        if ready != "ready":
            log.error("a query worker failed to start (exit code %s)", worker.process.poll())
            self._discard(worker)
            return
        self._release(worker)

    def _release(self, worker: Worker) -> None:
        """An idle worker goes to the waiting client with the fewest calls running (the
        earliest among equals), so one client's queued calls cannot starve another's."""
        waiting = [w for w in self._waiting if not w[1].done()]
        if not waiting:
            self._free.append(worker)
            return
        running = Counter(client for _, client in self._busy.values())
        chosen = min(waiting, key=lambda w: running[w[0]])
        self._waiting.remove(chosen)
        chosen[1].set_result(worker)

    def _discard(self, worker: Worker) -> None:
        self._workers.discard(worker)
        worker.kill()

    def _replace(self, worker: Worker) -> None:
        self._discard(worker)
        self._spawn()

    async def _acquire(self, client: str, deadline: float) -> Worker:
        """An idle worker, stopping surplus slow calls meanwhile (the module docstring).

        Waited for queue_wait seconds, or while a fresh worker is starting (one
        stopped for this caller takes a second or two to boot) up to deadline.
        """
        if self._free:
            return self._free.pop()
        assert self._loop is not None
        turn: asyncio.Future[Worker] = self._loop.create_future()
        self._waiting.append((client, turn))
        began = time.monotonic()
        patience = min(deadline, began + self.queue_wait)
        try:
            while not turn.done():
                self._preempt()
                now = time.monotonic()
                if now >= deadline or (now >= patience and not self._starting):
                    raise Busy(
                        f"all {self.size} query workers stayed busy for {now - began:.1f}s: "
                        "retry shortly"
                    )
                await asyncio.wait({turn}, timeout=min(WAIT_TICK, deadline - now))
        except BaseException:  # gave up or cancelled: a worker handed over meanwhile goes on
            if (client, turn) in self._waiting:
                self._waiting.remove((client, turn))
            if turn.done() and not turn.cancelled():
                self._release(turn.result())
            turn.cancel()
            raise
        return turn.result()

    def _preempt(self) -> None:
        """Keep the size - 1 oldest calls past slow_after; stop the younger slow ones."""
        now = time.monotonic()
        slow = sorted(
            (w for w, (began, _) in self._busy.items() if now - began > self.slow_after),
            key=self._busy.__getitem__,
        )
        kept = max(1, self.size - 1)
        for worker in slow[kept:]:
            if worker.stopped is None:
                worker.stop(
                    Busy(
                        f"stopped after {now - self._busy[worker][0]:.1f}s to free a worker for "
                        "waiting clients, the others being held by older slow queries: "
                        "retry later"
                    )
                )

    async def call(self, timeout: float, fn: Callable[..., T], *args: Any, client: str = "") -> T:
        """fn(*args) in a worker within timeout seconds (waiting for a free one included);
        client (an address) is whom it is for, so that clients take turns for workers."""
        self.start()
        deadline = time.monotonic() + timeout
        worker = await self._acquire(client, deadline)
        self._busy[worker] = (time.monotonic(), client)
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
                raise worker.stopped or Crashed("the query worker died while answering") from exc
            answered = True
        finally:
            del self._busy[worker]
            if answered and worker.stopped is None:
                self._release(worker)
            else:  # overrun, crashed, stopped or abandoned by a cancelled caller
                self._replace(worker)
        if ok:
            return value
        raise value

    def close(self) -> None:
        self._closed.set()
        self._starting.clear()
        self._watchdog = None
        for task in self._tasks:
            task.cancel()
        for worker in list(self._workers):
            self._discard(worker)
        for _, turn in self._waiting:
            turn.cancel()
        self._free, self._waiting, self._loop = [], [], None
