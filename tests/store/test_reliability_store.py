"""Faults around the store: nothing a crash or a bad disk does may lose or tear the served graph.

- `govties build` SIGKILLed while it writes the new version: the store symlink
  still points at the old complete version, the running server still answers
  from it, and the next build succeeds and removes the partial directory.
- A missing or corrupt store (no path, a plain directory, no manifest, a
  garbled manifest, RocksDB files truncated or flipped): `govties serve` and
  `govties query` exit non-zero naming the path, no traceback; a server whose
  store goes bad while it runs answers 503 with the reason, and recovers.
- Two rebuilds while threads query the running server over HTTP: zero failed
  requests, and every answer is exactly the old data's or the new data's.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest
import uvicorn
from typer.testing import CliRunner

from api.cli import app
from api.settings import Settings
from graph.build.pipeline import build
from graph.sparql.query import run_query
from graph.store.versions import MANIFEST, live_version, open_store, versions_dir
from tests.sparql_server import running
from tests.support import COUNT, copy_store, grown

GOVTIES = str(Path(sys.executable).with_name("govties"))
PATH = {"from": "Mongolia", "to": "GDS", "k": "2"}


def agreements(store: Path) -> int:
    db, _ = open_store(store)
    return int(next(iter(run_query(db, COUNT)))["n"].value)


def served_agreements(url: str) -> int:
    response = httpx.get(
        f"{url}/sparql", params={"query": COUNT, "format": "json"}, timeout=30
    ).raise_for_status()
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


@pytest.fixture(scope="module")
def grown_data(tmp_path_factory, data_dir) -> Path:
    """Big enough that writing the new version takes a few hundred milliseconds to kill in."""
    return grown(tmp_path_factory, data_dir, 150)


@pytest.fixture(scope="module")
def grown_a_little(tmp_path_factory, data_dir) -> Path:
    return grown(tmp_path_factory, data_dir, 20)


def test_kill_9_mid_build_leaves_the_old_store_served(tmp_path, built_store, grown_data):
    store = copy_store(built_store, tmp_path / "store")
    old_version, old_count = live_version(store), agreements(store)
    with running(Settings(store=store)) as server:
        build_proc = subprocess.Popen(
            [GOVTIES, "build", "--data", str(grown_data), "--store", str(store)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        partial = None
        deadline = time.monotonic() + 120
        while partial is None and build_proc.poll() is None and time.monotonic() < deadline:
            fresh = [p for p in versions_dir(store).iterdir() if p != old_version]
            partial = fresh[0] if fresh else None
            time.sleep(0.001)
        build_proc.send_signal(signal.SIGKILL)
        assert build_proc.wait(timeout=30) == -signal.SIGKILL, "the build ended before the kill"
        assert partial is not None and partial.is_dir()
        assert not (partial / MANIFEST).exists(), "killed mid-write: no manifest was written"

        assert live_version(store) == old_version
        assert agreements(store) == old_count
        assert served_agreements(server.url) == old_count
        assert httpx.get(f"{server.url}/paths", params=PATH, timeout=30).status_code == 200

        report = build(grown_data, store)  # the next build succeeds and collects the wreck
        assert live_version(store) == report.version
        assert not partial.exists()
        assert old_version.is_dir(), "the previous version stays for readers still on it"
        assert served_agreements(server.url) == agreements(store) > old_count


def _garble(version: Path, suffix: str, keep: int | None) -> None:
    """Truncate (keep bytes) or bit-flip (keep None) every file of version ending in suffix."""
    for path in version.iterdir():
        if path.name.endswith(suffix) or path.name.startswith(suffix):
            data = bytearray(path.read_bytes())
            if keep is None:
                for i in range(0, len(data), 61):
                    data[i] ^= 0xFF
            path.write_bytes(bytes(data[:keep] if keep is not None else data))


CORRUPTIONS = {
    "missing path": lambda store, version: shutil.rmtree(store.parent),
    "plain directory": lambda store, version: (store.unlink(), store.mkdir()),
    "dangling symlink": lambda store, version: shutil.rmtree(version),
    "no manifest": lambda store, version: (version / MANIFEST).unlink(),
    "garbled manifest": lambda store, version: (version / MANIFEST).write_text("{not json"),
    "no RocksDB CURRENT": lambda store, version: (version / "CURRENT").unlink(),
    "truncated sst files": lambda store, version: _garble(version, ".sst", 100),
    "bit-flipped sst files": lambda store, version: _garble(version, ".sst", None),
    "garbled RocksDB MANIFEST": lambda store, version: _garble(version, "MANIFEST-", None),
}


def corrupt_copy(pristine: Path, where: Path, corruption: str) -> Path:
    """A copy of the pristine store (symlink + one version) with the named damage done."""
    store = copy_store(pristine, where / "broken" / "store", "v1")
    CORRUPTIONS[corruption](store, live_version(store))
    return store


def test_serve_on_a_missing_store_exits_naming_the_path(tmp_path):
    store = tmp_path / "missing" / "store"
    done = subprocess.run(
        [GOVTIES, "serve", "--port", "0", "--store", str(store)],
        capture_output=True,
        timeout=60,
        env={**os.environ, "COLUMNS": "400"},  # no line wrapping inside the path
    )
    text = (done.stdout + done.stderr).decode()
    assert done.returncode != 0
    assert str(store) in text
    assert "Traceback" not in text


@pytest.mark.parametrize("command", ["serve", "query"])
@pytest.mark.parametrize("corruption", CORRUPTIONS)
def test_corrupt_store_stops_the_cli_with_a_clear_message(
    tmp_path, built_store, monkeypatch, corruption, command
):
    """`govties serve` refuses to start (and `query` to run) on each kind of damage."""
    store = corrupt_copy(built_store, tmp_path, corruption)

    def started(*args, **kwargs):
        raise AssertionError(f"the server started on a store with {corruption}")

    monkeypatch.setattr(uvicorn, "run", started)
    monkeypatch.setenv("COLUMNS", "400")
    args = ["serve", "--port", "0"] if command == "serve" else ["query", "ASK {}"]
    result = CliRunner().invoke(app, [*args, "--store", str(store)])
    assert result.exit_code != 0
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert str(store.parent) in result.output
    assert "Traceback" not in result.output


def test_store_going_bad_under_a_running_server_is_503_then_recovers(tmp_path, built_store):
    store = corrupt_copy(built_store, tmp_path, "no manifest")
    good = versions_dir(store) / "good"
    shutil.copytree(live_version(built_store), good)
    bad = versions_dir(store) / "bad"
    shutil.copytree(good, bad)
    _garble(bad, ".sst", None)

    def point(version: Path) -> None:
        link = store.with_name("store.tmp")
        link.symlink_to(os.path.relpath(version, store.parent))
        os.replace(link, store)

    point(good)
    with running(Settings(store=store)) as server, httpx.Client(timeout=30) as http:
        expected = agreements(store)
        assert served_agreements(server.url) == expected
        for version in (bad, versions_dir(store) / "v1"):  # corrupt RocksDB, then no manifest
            point(version)
            for path, params in [("/sparql", {"query": COUNT}), ("/paths", PATH), ("/stats", {})]:
                response = http.get(f"{server.url}{path}", params=params)
                assert response.status_code == 503, (version.name, path, response.text)
                assert "Traceback" not in response.text
                assert version.name in response.text, response.text
        point(good)
        assert served_agreements(server.url) == expected
        assert http.get(f"{server.url}/paths", params=PATH).status_code == 200


def test_rebuilds_while_clients_query_give_no_failed_or_torn_reads(
    tmp_path, data_dir, built_store, grown_a_little
):
    """Threads query over HTTP while `govties build` swaps old -> new -> old."""
    store = tmp_path / "store"
    reference = tmp_path / "reference"  # the new data's answers, computed beforehand
    build(grown_a_little, reference)
    copy_store(built_store, store)
    old_count, new_count = agreements(store), agreements(reference)
    assert old_count != new_count
    answers: Counter[tuple[str, str]] = Counter()
    errors: list[str] = []
    stop = threading.Event()

    def client(kind: str, url: str) -> None:
        with httpx.Client(timeout=30) as http:
            while not stop.is_set():
                try:
                    if kind == "sparql":
                        answers["sparql", str(served_agreements(url))] += 1
                    else:
                        response = http.get(f"{url}/paths", params=PATH)
                        response.raise_for_status()
                        answers["paths", json.dumps(response.json(), sort_keys=True)] += 1
                except Exception as exc:
                    errors.append(f"{kind}: {type(exc).__name__}: {exc}")

    with running(Settings(store=reference)) as ref_server:
        new_path = httpx.get(f"{ref_server.url}/paths", params=PATH, timeout=30).json()
    with running(Settings(store=store)) as server:
        old_path = httpx.get(f"{server.url}/paths", params=PATH, timeout=30).json()
        threads = [
            threading.Thread(target=client, args=(kind, server.url))
            for kind in ("sparql", "sparql", "paths", "paths")
        ]
        for thread in threads:
            thread.start()
        try:
            for data in (grown_a_little, data_dir):
                done = subprocess.run(
                    [GOVTIES, "build", "--data", str(data), "--store", str(store)],
                    capture_output=True,
                    timeout=300,
                )
                assert done.returncode == 0, done.stderr.decode()
                time.sleep(1.0)  # let the clients see this version
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=60)
    assert not errors, errors[:5]
    allowed = {
        ("sparql", str(old_count)),
        ("sparql", str(new_count)),
        ("paths", json.dumps(old_path, sort_keys=True)),
        ("paths", json.dumps(new_path, sort_keys=True)),
    }
    assert set(answers) <= allowed, set(answers) - allowed
    assert ("sparql", str(new_count)) in answers, "the clients never saw the new version"
    assert sum(answers.values()) > 100
