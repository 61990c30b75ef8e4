"""The live store handle: one computation per version, shared by concurrent callers."""

import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from graph.build import build
from graph.live import LiveStore


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
