"""One govties server per backend over the shipped data: the embedded store, the Oxigraph
server and Virtuoso (tests.engines starts them on loopback). The oracle is the embedded
store queried in-process: every backend must answer what it answers.

The parametrised fixture is session-scoped, so pytest runs every test of a backend
before the next backend is started, and each engine is loaded once.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

from api.settings import Settings
from graph.backend.engines import Target, target
from graph.backend.mirror import sync
from graph.build.pipeline import build
from graph.store.versions import open_store
from tests.engines import credentials, running
from tests.sparql_server import Live
from tests.sparql_server import running as serving
from tests.support import DATA, TOKEN

BACKENDS = ("embedded", "oxigraph", "virtuoso")
MAX_RESULTS = 5_000  # below the shipped data's size, so a cap is reachable
TIMEOUT = 30.0


@dataclass(frozen=True)
class Backend:
    name: str
    live: Live
    store: Path  # the served store path: the embedded store, or the mirror of the remote one
    target: Target | None  # None for the embedded store


def settings_for(store: Path, remote: Target | None) -> Settings:
    return Settings(
        store=store,
        remote=remote,
        update_token=TOKEN,
        max_results=MAX_RESULTS,
        query_timeout=TIMEOUT,
        cache_bytes=0,  # every request reaches the store
    )


@pytest.fixture(scope="session", params=BACKENDS)
def backend(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, shipped_built: Path
) -> Iterator[Backend]:
    name = request.param
    if name == "embedded":
        with serving(settings_for(shipped_built, None)) as live:
            yield Backend(name, live, shipped_built, None)
        return
    folder = tmp_path_factory.mktemp(name)
    with running(name, folder) as engine, credentials(engine):
        remote = target(engine.url, name)
        build(DATA, remote)
        mirror = folder / "mirror" / "store"
        sync(remote, mirror, TIMEOUT)
        with serving(settings_for(mirror, remote)) as live:
            yield Backend(name, live, mirror, remote)


@pytest.fixture(scope="session")
def oracle(shipped_built: Path) -> ox.Store:
    """The shipped data in the embedded store, queried in-process."""
    return open_store(shipped_built)[0]
