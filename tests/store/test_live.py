"""The live store handle: one computation per version, shared by concurrent callers."""

import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from graph.build.pipeline import build
from graph.store.live import LiveStore


def test_concurrent_callers_share_one_computation_and_a_rebuild_recomputes(tmp_path, data_dir):
    store = tmp_path / "store"
    build(data_dir, store)
    live = LiveStore(store)
    calls: list[int] = []
    counting = threading.Lock()

    def slow(db) -> int:
        with counting:
            calls.append(len(db))
        time.sleep(0.3)
        return len(calls)

    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(lambda _: live.cached("slow", slow), range(6)))
    assert answers == [1] * 6
    assert len(calls) == 1
    assert live.cached("slow", slow) == 1  # cached

    shutil.copytree(data_dir, tmp_path / "data")
    build(tmp_path / "data", store)  # a new version: computed again, once
    assert live.cached("slow", slow) == 2
    assert live.cached("slow", slow) == 2


def test_keep_warm_projects_each_new_version_before_anyone_asks(tmp_path, data_dir, monkeypatch):
    from graph.store import warm

    store = tmp_path / "store"
    build(data_dir, store)
    live = LiveStore(store)
    projected: list[int] = []
    real = warm._index_or_projection

    def counting(db, version):  # loads the version's path index, or projects its store
        projected.append(len(db))
        return real(db, version)

    monkeypatch.setattr(warm, "_index_or_projection", counting)
    stop = threading.Event()
    warming = threading.Thread(target=warm.keep_warm, args=(live, stop, 0.05))
    warming.start()
    try:

        def wait_for(count: int) -> None:
            deadline = time.monotonic() + 20
            while len(projected) < count and time.monotonic() < deadline:
                time.sleep(0.02)
            assert len(projected) == count

        wait_for(1)
        shutil.copytree(data_dir, tmp_path / "data")
        build(tmp_path / "data", store)
        wait_for(2)
        time.sleep(0.2)
        assert len(projected) == 2, "each version is projected once"
    finally:
        stop.set()
        warming.join(5)
    assert not warming.is_alive()

    def not_again(db):
        raise AssertionError("the projection was not warm")

    graph = live.cached("projection", not_again)
    assert graph.number_of_nodes() > 0
