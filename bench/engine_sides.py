"""The two sides bench/engines.py compares, on one engine: govties over its copy, and the
engine alone over its own (bench/engines.py's docstring says what each holds and answers).

Every server listens on 127.0.0.1, ports 7900-7949; the engines start as tests/engines.py
starts them for the tests (the same settings and time limit), each in its own folder.
"""

import argparse
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import harness

from graph.backend.client import JSON_RESULTS, EngineClient
from graph.backend.engines import target
from graph.backend.remote import RemoteStore
from graph.backend.scope import prologue
from graph.sparql import service
from graph.store.versions import live_version, read_manifest
from ontology import PREFIXES
from tests import engines as test_engines

ENGINES = ("oxigraph", "virtuoso")
UNION = "urn:bench:union"  # Virtuoso alone: where its bulk loader puts the default graph
PORTS = range(7900, 7950)
_taken: set[int] = set()


def port() -> int:
    """The next free loopback port of this bench's range, never handed out twice."""
    for candidate in (p for p in PORTS if p not in _taken):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", candidate))
            except OSError:
                continue
        _taken.add(candidate)
        return candidate
    raise RuntimeError(f"no free port in {PORTS.start}-{PORTS.stop - 1}")


test_engines.free_port = port  # Virtuoso's SQL port is tests/engines.py's pick: keep it in range


@dataclass
class Engine:
    """One engine's two sides: govties serving its copy, and the engine alone with its own."""

    name: str
    govties: test_engines.RunningEngine
    alone: test_engines.RunningEngine
    server: harness.Server  # govties serve
    handle: RemoteStore  # the live version, opened as a query worker opens it
    version: str  # the mirror's live version folder
    defaults: list[str]  # the engine alone's dataset, as protocol parameters
    named: list[str]
    seconds: dict[str, float] = field(default_factory=dict)  # each side's load
    quads: dict[str, int] = field(default_factory=dict)  # each side holds

    def stop(self) -> None:
        for process in (self.server, self.govties, self.alone):
            process.stop()


def _govties_side(
    name: str, folder: Path, args: argparse.Namespace
) -> tuple[test_engines.RunningEngine, harness.Server, float, str]:
    """An engine instance loaded by `govties build --store`, and `govties serve` over it."""
    engine = test_engines.start(name, fresh(folder / f"{name}-govties"), port())
    try:
        started = time.perf_counter()
        build = [str(harness.BIN / "govties"), "build", "--data", str(folder / "data")]
        build += ["--store", engine.url, "--engine", name]
        env = {**os.environ, **engine.credentials_env()}
        _checked(build, cwd=harness.ROOT, env=env)
        loaded = time.perf_counter() - started
        at, mirror = port(), folder / f"{name}-mirror" / "store"
        serve = [str(harness.BIN / "govties"), "serve", "--store", engine.url, "--engine", name]
        serve += ["--mirror", str(mirror), "--port", str(at), "--query-timeout", str(args.timeout)]
        server = harness.start("govties", serve, at, "/sparql", folder / f"{name}-serve.log", 120)
    except BaseException:
        engine.stop()
        raise
    return engine, server, loaded, str(live_version(mirror).resolve())


def _alone_side(name: str, folder: Path, nquads: Path) -> tuple[test_engines.RunningEngine, float]:
    """An engine instance holding the N-Quads, loaded by the engine's own loader."""
    home = fresh(folder / f"{name}-alone")
    started = time.perf_counter()
    if name == "oxigraph":
        load = [str(harness.BIN / "oxigraph"), "load", "--location", str(home / "db")]
        _checked([*load, "--file", str(nquads)])
        return test_engines.start(name, home, port()), time.perf_counter() - started
    shutil.copy(nquads, home / "all.nq")  # inside its DirsAllowed
    engine = test_engines.start(name, home, port())
    started = time.perf_counter()  # its start is not its load
    sql = re.search(r"ServerPort = 127\.0\.0\.1:(\d+)", (home / "virtuoso.ini").read_text())
    script = f"ld_dir('{home}', 'all.nq', '{UNION}'); rdf_loader_run(); checkpoint;"
    isql = ["isql-vt", f"127.0.0.1:{sql.group(1)}", engine.user, engine.password, f"exec={script}"]
    try:  # the factory account of a database that lives for this run only (tests/engines.py)
        _checked(isql, timeout=3600)
    except BaseException:
        engine.stop()
        raise
    return engine, time.perf_counter() - started


def _checked(argv: list[str], **options: Any) -> None:
    """Run argv; a failure says what the command printed last."""
    done = subprocess.run(argv, capture_output=True, text=True, **options)
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip()[-1500:]
        raise RuntimeError(f"{Path(argv[0]).name} {argv[1]} exited with {done.returncode}: {said}")


def fresh(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def start_engine(name: str, folder: Path, graphs: list[str], args: argparse.Namespace) -> Engine:
    harness.log(f"[{folder.name}] {name}: govties build --store, govties serve")
    engine, server, loaded, version = _govties_side(name, folder, args)
    try:
        harness.log(f"[{folder.name}] {name}: the engine alone, its own loader")
        alone, own = _alone_side(name, folder, folder / "all.nq")
    except BaseException:
        server.stop()
        engine.stop()
        raise
    defaults, named = ([UNION], graphs) if name == "virtuoso" else ([], [])
    found = Engine(name, engine, alone, server, service.open_version(version), version,
                   defaults, named, {"govties": loaded, "alone": own})  # fmt: skip
    found.quads["govties"] = read_manifest(Path(version))["quads"]
    count = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
    found.quads["alone"] = int(alone_select(found, args.timeout)(count)[0][0])
    return found


def alone_select(engine: Engine, timeout: float) -> Callable[[str], list[tuple]]:
    """graph.network.remote's SELECT function over the engine alone: govties' prefixes
    declared, the engine's own dataset, values in SELECT order."""
    client = EngineClient(target(engine.alone.url, engine.name), timeout)
    head = prologue(PREFIXES, None)

    def select(query: str) -> list[tuple]:
        body, _ = client.query(head + query, JSON_RESULTS, engine.defaults, engine.named)
        doc = json.loads(body)
        names = doc["head"]["vars"]
        rows = doc["results"]["bindings"]
        return [tuple(row[n]["value"] if n in row else None for n in names) for row in rows]

    return select


def ask(engine: Engine, side: str, timeout: float) -> Callable[[str], bytes]:
    """GET a query text to govties' /sparql or the engine alone's own endpoint (Virtuoso
    told its default graph), on one kept-alive connection; the answer's body."""
    if side == "govties":
        at, path, extra = engine.server.port, "/sparql", {}
    else:
        at = int(engine.alone.url.rsplit(":", 1)[1])
        path = "/query" if engine.name == "oxigraph" else "/sparql"
        extra = {"default-graph-uri": UNION} if engine.name == "virtuoso" else {}
    conn = http.client.HTTPConnection("127.0.0.1", at, timeout=timeout)

    def send(text: str) -> bytes:
        try:
            status, body = harness.get(at, path, {"query": text, **extra}, conn=conn)
        except (http.client.RemoteDisconnected, ConnectionError):  # it closed an idle one
            conn.close()
            status, body = harness.get(at, path, {"query": text, **extra}, conn=conn)
        if status != 200:
            raise RuntimeError(f"HTTP {status}: {body[:120]!r}")
        return body

    return send
