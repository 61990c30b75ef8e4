"""The build pipeline: records -> validated RDF dataset -> new store version -> swap."""

import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from graph.backend.engines import Target
from graph.backend.load import write_remote
from graph.build.built_dataset import BuiltDataset
from graph.build.data_files import read_capped
from graph.build.lint import warnings
from graph.build.parallel import read_dataset, workers
from graph.build.rdf import build_dataset
from graph.build.records import load_records, record_files
from graph.build.validate import Engine, SharedChecks, check, store_check
from graph.errors import Problem, printable
from graph.network import path_index
from graph.network.from_dataset import dataset_rows
from graph.store.versions import write_store

Step = Callable[[str], None]

DEFAULT_DATA = Path("data")


@dataclass(frozen=True)
class BuildReport:
    store: Path | Target
    version: Path | str  # a folder, or a version IRI on a remote store
    quads: int
    graphs: int
    sources: int
    seconds: float


def _data_digest(data_dir: Path) -> str:
    digest = hashlib.sha256()
    for path in record_files(data_dir):
        digest.update(path.name.encode())
        digest.update(read_capped(path))
    return digest.hexdigest()


def _loading(data_dir: Path) -> str:
    """The first step's text; a directory name may hold terminal escapes (printed escaped)."""
    return printable(f"loading records from {data_dir / 'records'}")


def _no_step(_: str) -> None:
    return None


def _check(built: BuiltDataset, step: Step, engine: Engine) -> None:
    step("validating against SHACL shapes")
    check(built, engine)


def validated_dataset(
    data_dir: Path = DEFAULT_DATA, step: Step = _no_step, engine: Engine = "auto"
) -> BuiltDataset:
    """Load and convert the records and check them against the shapes (DataError if bad)."""
    step(_loading(data_dir))
    built = read_dataset(data_dir)
    _check(built, step, engine)
    return built


def reviewed_dataset(
    data_dir: Path = DEFAULT_DATA, step: Step = _no_step, engine: Engine = "auto"
) -> tuple[BuiltDataset, list[Problem]]:
    """validated_dataset, plus the warnings on likely duplicates a person should judge."""
    step(_loading(data_dir))
    records = load_records(data_dir)
    step(f"converting {len(records)} records to RDF")
    built = build_dataset(records)
    _check(built, step, engine)
    step("looking for likely duplicates")
    return built, warnings(records)


def nquads(built: BuiltDataset) -> Iterator[bytes]:
    """The named graphs as N-Quads, plus their union materialised as the default graph.

    Oxigraph's union-default-graph mode repeats a triple once per graph that
    holds it; SPARQL's default graph is a set. Writing the deduplicated union
    into the store's default graph gives plain queries set semantics and lets
    GRAPH ?g still name the sources.
    """
    return built.nquads()


def _index_in_background(built: BuiltDataset) -> Future[bytes]:
    """The path index, computed by a thread while the caller loads the store.

    pyoxigraph's bulk load runs without the GIL on one core (about 10 s at 1M), and
    the index is pure Python (about 9 s): side by side they cost the longer of the
    two. The thread is a daemon, so a build that fails meanwhile exits at once; the
    future holds its exception, raised by _finish, so the version is dropped.
    """
    future: Future[bytes] = Future()
    sets = [built.graphs, built.union_triples]  # emptied once read: the loader needs the memory

    def run() -> None:
        try:
            rows = dataset_rows(*sets)
            sets.clear()
            future.set_result(path_index.compute(rows))
        except BaseException as exc:  # handed to the loading thread, raised there
            future.set_exception(exc)

    threading.Thread(target=run, name="path-index", daemon=True).start()
    return future


def _finish(checks: SharedChecks | None, paths: Future[bytes] | None, version: Path) -> None:
    """The written version checked by the shape processes while the index thread ends;
    a violation raises (write_store then drops the version); then the index is stored."""
    checked = checks.start(version) if checks is not None else None
    index = paths.result() if paths is not None else None
    if checked is not None:
        checked()
    if index is not None:
        path_index.save(index, version)


def build(
    data_dir: Path, store: Path | Target, step: Step = _no_step, engine: Engine = "auto"
) -> BuildReport:
    """Build a new store version from data_dir and swap it in; the old one stays on failure.

    Small datasets are checked by pySHACL before anything is written; large
    ones by the shapes' SPARQL form inside the freshly loaded version, before
    the swap (see graph.build.validate).
    """
    started = time.perf_counter()
    step(_loading(data_dir) + " and converting them to RDF")
    built = read_dataset(data_dir)
    in_store = store_check(built, engine)
    if in_store is None:
        step("validating against SHACL shapes")
        check(built, "pyshacl")
    quads, graphs, sources = built.quad_count(), len(built.graphs), built.sources
    step("serialising N-Quads")
    data = b"".join(nquads(built))
    remote = isinstance(store, Target)
    paths = None if remote else _index_in_background(built)
    shared = None
    if in_store is not None and not remote and workers() > 1:
        shared, in_store = SharedChecks(built.origins, workers()), None
    del built  # the index and the loader need the memory more than the sets
    manifest = {
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "data_dir": str(data_dir.resolve()),
        "data_sha256": _data_digest(data_dir),
        "quads": quads,
        "graphs": graphs,
        "sources": [str(s) for s in sources],
    }
    what = " and validating" if in_store or shared else ""
    step(f"loading {quads} quads into a new store version{what} (path index alongside)")
    write = write_remote if remote else write_store  # graph.backend.load
    try:
        version = write(
            data, store, manifest, check=in_store, extras=partial(_finish, shared, paths)
        )
    finally:
        if shared is not None:
            shared.close()
    return BuildReport(
        store=store,
        version=version,
        quads=quads,
        graphs=graphs,
        sources=len(sources),
        seconds=time.perf_counter() - started,
    )
