"""SPARQL engines on loopback for the tests: the Oxigraph server and OpenLink Virtuoso.

Each runs in a temporary directory on a free 127.0.0.1 port and is stopped when its
block ends. Both are installed by the project's files (`make engines`: `oxigraph` from
PyPI as a test extra, Debian's virtuoso-opensource-7-bin); a missing one fails the test
rather than skipping it, so `make test` on a fresh machine really runs every backend.

Virtuoso gets a generated virtuoso.ini: loopback ports, DirsAllowed limited to its
directory, small buffers, and ResultSetMaxRows above govties' row cap, so an answer
over the cap reaches govties whole enough to be refused (Virtuoso's default of 10,000
would truncate it silently). Its `dba` account keeps the factory password: the
server listens on loopback only and its database lives for one test session.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

ENGINES = ("oxigraph", "virtuoso")
READY_WITHIN = 60.0  # seconds; Virtuoso creates its database on first start (~5 s)
ENGINE_TIMEOUT = 60  # seconds an engine gives a query at most (Oxigraph's --timeout-s)


@dataclass
class RunningEngine:
    """An engine process: its base URL, the account govties writes with, its folder."""

    name: str
    url: str
    process: subprocess.Popen
    folder: Path
    user: str | None = None
    password: str | None = None
    ready_seconds: float = 0.0

    def credentials_env(self) -> dict[str, str]:
        """The environment a govties process needs to write to this engine."""
        if self.user is None:
            return {}
        return {"GOVTIES_STORE_USER": self.user, "GOVTIES_STORE_PASSWORD": self.password or ""}

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _binary(name: str, install: str) -> str:
    beside = Path(sys.executable).with_name(name)  # the venv's bin: `make` puts it on no PATH
    found = str(beside) if beside.is_file() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: run `make engines` ({install})")
    return found


def _oxigraph(folder: Path, port: int) -> tuple[list[str], str, str]:
    binary = _binary("oxigraph", "the oxigraph package from PyPI, a test extra")
    argv = [binary, "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"]
    argv += ["--timeout-s", str(ENGINE_TIMEOUT)]  # it has no per-query limit of its own
    return argv, f"http://127.0.0.1:{port}", "/query"


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
MaxClientConnections = 8
ServerThreads = 8
CheckpointInterval = 60
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = {dir}
CaseMode = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
MaxClientConnections = 8
ServerThreads = 8
KeepAliveTimeout = 10
EnabledDavVSP = 0

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = {timeout}
MaxQueryCostEstimationTime = 0
"""


def _virtuoso(folder: Path, http_port: int) -> tuple[list[str], str, str]:
    sql_port = free_port()
    ini = folder / "virtuoso.ini"
    values = {"dir": folder, "sql_port": sql_port, "http_port": http_port}
    ini.write_text(VIRTUOSO_INI.format(**values, timeout=ENGINE_TIMEOUT))
    binary = _binary("virtuoso-t", "Debian's virtuoso-opensource-7-bin")
    argv = [binary, "+foreground", "+configfile", str(ini)]
    return argv, f"http://127.0.0.1:{http_port}", "/sparql"


def start(name: str, folder: Path, port: int | None = None) -> RunningEngine:
    """Start engine `name` with its data in folder (HTTP on port, else a free one); return
    once it answers ASK."""
    layout = {"oxigraph": _oxigraph, "virtuoso": _virtuoso}[name]
    argv, url, query_path = layout(folder, port or free_port())
    started = time.monotonic()
    with (folder / f"{name}.out").open("wb") as log:
        process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, cwd=folder)
    engine = RunningEngine(name, url, process, folder)
    if name == "virtuoso":
        engine.user, engine.password = "dba", "dba"
    while time.monotonic() - started < READY_WITHIN:
        if process.poll() is not None:
            said = (folder / f"{name}.out").read_text(errors="replace")[-2000:]
            pytest.fail(f"{name} exited with {process.returncode}: {said}")
        try:
            answer = httpx.get(f"{url}{query_path}", params={"query": "ASK {}"}, timeout=5)
            if answer.status_code == 200:
                engine.ready_seconds = time.monotonic() - started
                return engine
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    engine.stop()
    pytest.fail(f"{name} did not answer within {READY_WITHIN:.0f} s")


@contextmanager
def running(name: str, folder: Path, port: int | None = None) -> Iterator[RunningEngine]:
    """Engine `name` for the duration of the block (folder must exist)."""
    engine = start(name, folder, port)
    try:
        yield engine
    finally:
        engine.stop()


@contextmanager
def credentials(engine: RunningEngine) -> Iterator[None]:
    """The engine's account in this process's environment (GOVTIES_STORE_*) for the block."""
    saved = {key: os.environ.get(key) for key in engine.credentials_env()}
    os.environ.update(engine.credentials_env())
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningEngine]:
    """One Oxigraph server for the session (tests keep to their own graph names)."""
    with running("oxigraph", tmp_path_factory.mktemp("oxigraph")) as engine:
        yield engine


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningEngine]:
    """One Virtuoso for the session, its dba account in GOVTIES_STORE_USER/PASSWORD."""
    with running("virtuoso", tmp_path_factory.mktemp("virtuoso")) as engine, credentials(engine):
        yield engine


def main() -> None:
    """`python -m tests.engines ENGINE FOLDER PORT`: one engine on 127.0.0.1:PORT until ^C
    (`make virtuoso`)."""
    name, folder, port = sys.argv[1], Path(sys.argv[2]).resolve(), int(sys.argv[3])
    folder.mkdir(parents=True, exist_ok=True)
    with running(name, folder, port) as engine:
        print(f"{name} at {engine.url} (data in {folder}); ^C stops it", flush=True)
        with suppress(KeyboardInterrupt):
            engine.process.wait()


if __name__ == "__main__":
    main()
