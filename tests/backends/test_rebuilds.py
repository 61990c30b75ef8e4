"""Rebuilds on a remote store never leave readers on a half-loaded graph: a build killed
halfway (SIGKILL, after some of its graphs are on the engine) changes nothing readers
see, and the next build drops what it left. Also: the engine's failures (time limit,
engine down) answer as the embedded store's do (503), never a 5xx of govties' own."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import httpx
import pytest

from graph.backend import control
from graph.backend.client import EngineClient
from graph.backend.engines import Target, target
from graph.backend.mirror import sync
from graph.build.pipeline import build
from tests.backends.conftest import settings_for
from tests.engines import RunningEngine, credentials, running
from tests.sparql_server import Live
from tests.sparql_server import running as serving
from tests.support import COUNT, grown

SYNTHETIC_AGREEMENTS = 600  # ~50k quads: several Graph Store requests to kill a build between


@dataclass(frozen=True)
class Rebuilt:
    engine: RunningEngine
    target: Target
    live: Live
    mirror: Path


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def rebuilt(request, tmp_path_factory, data_dir: Path) -> Iterator[Rebuilt]:
    """An engine of its own holding the seed records, and a server over it (2 s limit)."""
    folder = tmp_path_factory.mktemp(f"rebuilt-{request.param}")
    with running(request.param, folder) as engine, credentials(engine):
        remote = target(engine.url, request.param)
        build(data_dir, remote)
        mirror = folder / "mirror" / "store"
        sync(remote, mirror, 2.0)
        with serving(replace(settings_for(mirror, remote), query_timeout=2.0)) as live:
            yield Rebuilt(engine, remote, live, mirror)


def agreements(live: Live) -> int:
    answer = httpx.post(f"{live.url}/sparql", data={"query": COUNT}, timeout=30)
    assert answer.status_code == 200, answer.text
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def unfinished(client: EngineClient) -> list:
    return [names for names, done in control.versions(client) if not done]


@pytest.fixture(scope="module")
def bigger(tmp_path_factory, data_dir: Path) -> Path:
    return grown(tmp_path_factory, data_dir, SYNTHETIC_AGREEMENTS)


def test_a_killed_build_changes_nothing_readers_see(rebuilt: Rebuilt, bigger: Path, data_dir):
    client = EngineClient(rebuilt.target)
    live_before = control.live(client)[0]
    assert agreements(rebuilt.live) == 3
    govties = Path(sys.executable).with_name("govties")
    command = [str(govties), "build", "--data", str(bigger), "--store", rebuilt.target.url]
    command += ["--engine", rebuilt.target.engine.value]
    env = {**os.environ, **rebuilt.engine.credentials_env()}
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    loading = []
    while time.monotonic() < deadline and proc.poll() is None:
        loading = [n for n in unfinished(client) if control.quads(client, n) > 0]
        if loading:
            break
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert loading, f"the build ended before any of its graphs was seen: {proc.stderr.read()}"
    (killed,) = loading
    assert control.quads(client, killed) > 0  # killed halfway: some graphs are there
    assert control.live(client)[0] == live_before
    time.sleep(1.5)  # a server following the engine would have switched by now
    assert agreements(rebuilt.live) == 3

    build(data_dir, rebuilt.target)  # the next build drops what the killed one left
    assert control.quads(client, killed) == 0
    assert killed not in [names for names, _ in control.versions(client)]
    assert unfinished(client) == []
    now = control.live(client)[0]
    assert now != live_before
    deadline = time.monotonic() + 10
    while httpx.get(f"{rebuilt.live.url}/health").json()["version"] != now.id:
        assert time.monotonic() < deadline, "the server did not follow the new version"
        time.sleep(0.1)
    assert agreements(rebuilt.live) == 3


def test_an_overrunning_query_is_stopped_with_503(rebuilt: Rebuilt):
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.monotonic()
    answer = httpx.post(f"{rebuilt.live.url}/sparql", data={"query": heavy}, timeout=30)
    assert answer.status_code == 503, answer.text
    assert time.monotonic() - started < 10
    assert agreements(rebuilt.live) == 3  # the next query is answered


def test_an_engine_that_is_down_is_a_503(rebuilt: Rebuilt):
    """Last in the module: the engine is stopped for good."""
    rebuilt.engine.stop()
    answer = httpx.post(f"{rebuilt.live.url}/sparql", data={"query": COUNT}, timeout=30)
    assert answer.status_code == 503, answer.text
    assert "cannot be reached" in answer.json()["message"]
    assert httpx.get(f"{rebuilt.live.url}/health").status_code == 200
