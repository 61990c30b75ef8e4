"""The query worker pool on its own: replies of any size, errors, and the time limit."""

import asyncio
import os
import time

import pytest
import uvloop

from graph.sparql.workers import Overrun, WorkerPool


@pytest.fixture(params=["asyncio", "uvloop"])
def run(request):
    """Run body(pool) on a fresh one-worker pool, under each event loop uvicorn may use."""
    factory = uvloop.new_event_loop if request.param == "uvloop" else asyncio.new_event_loop

    async def calls(body) -> object:
        pool = WorkerPool(1)
        try:
            return await body(pool)
        finally:
            pool.close()

    def runner(body) -> object:
        with asyncio.Runner(loop_factory=factory) as loop:
            return loop.run(calls(body))

    return runner


def test_a_reply_larger_than_the_socket_buffer_arrives_whole(run):
    size = 8_000_000  # far beyond a socket buffer: the reader must wait for the rest

    async def body(pool: WorkerPool) -> list[bytes]:
        return [await pool.call(10, bytes, size) for _ in range(3)]

    replies = run(body)
    assert [len(r) for r in replies] == [size] * 3
    assert all(r == bytes(size) for r in replies)


def test_an_exception_in_the_worker_is_raised_in_the_caller_and_the_worker_stays(run):
    async def body(pool: WorkerPool) -> tuple[list[int], int, list[int]]:
        await pool.call(10, int, "1")  # the worker is up
        before = pool.pids()
        with pytest.raises(ValueError, match="invalid literal"):
            await pool.call(10, int, "not a number")
        return before, await pool.call(10, int, "42"), pool.pids()

    before, answer, after = run(body)
    assert answer == 42
    assert before == after


def test_an_overrun_kills_the_worker_and_a_fresh_one_answers(run):
    async def body(pool: WorkerPool) -> tuple[list[int], float, list[int], int]:
        await pool.call(10, int, "1")  # the first worker is up
        first = pool.pids()
        started = time.monotonic()
        with pytest.raises(Overrun):
            await pool.call(0.5, time.sleep, 30)
        waited = time.monotonic() - started
        return first, waited, pool.pids(), await pool.call(10, os.getpid)

    first, waited, replaced, answered_by = run(body)
    assert waited < 3
    assert replaced != first and answered_by in replaced
    with pytest.raises(ProcessLookupError):
        os.kill(first[0], 0)
