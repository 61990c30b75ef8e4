"""One query worker process: its main loop (`python -m graph.sparql.worker_process`) and
the server's handle on it (graph.sparql.workers keeps a pool of them).

The handle can kill the process from any thread and read its memory from /proc,
which is all the pool's time limit and memory cap need.
"""

import contextlib
import ctypes
import importlib
import multiprocessing
import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from graph.errors import Unavailable

PR_SET_PDEATHSIG = 1
PAGE = os.sysconf("SC_PAGE_SIZE")


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


class Worker:
    """One `python -m graph.sparql.worker_process` child (not multiprocessing's spawn, which re-runs
    the parent's main script), talking over a socket pair."""

    def __init__(self, preload: Sequence[str]) -> None:
        self.conn, child = multiprocessing.Pipe()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "graph.sparql.worker_process",
                str(child.fileno()),
                str(os.getpid()),
                *preload,
            ],
            pass_fds=[child.fileno()],
            stdin=subprocess.DEVNULL,
        )
        child.close()
        self.stopped: Unavailable | None = None  # why the pool killed it mid-call, if it did

    @property
    def pid(self) -> int:
        return self.process.pid

    def anonymous_bytes(self) -> int:
        """Resident memory not backed by a file (what a query allocates), from /proc."""
        try:
            fields = Path(f"/proc/{self.pid}/statm").read_text().split()
        except OSError:  # already gone
            return 0
        return (int(fields[1]) - int(fields[2])) * PAGE

    def stop(self, reason: Unavailable) -> None:
        """Kill it mid-call (from any thread); the call raises reason instead of Crashed."""
        self.stopped = reason
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)  # not yet reaped: only kill() waits for it

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=5)
        # conn is left to the garbage collector: a thread abandoned by a cancelled call may
        # still be polling it, and closing it now could let that thread read a reused fd.


if __name__ == "__main__":
    _serve(Connection(int(sys.argv[1])), int(sys.argv[2]), sys.argv[3:])
