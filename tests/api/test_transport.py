"""What a client may cost before its request runs, against a real `govties serve` process.

Raw sockets on 127.0.0.1 play the slow clients (silent, a header byte at a time, a body
that stops), a 10 MB header and a 200 MB body; the server's descriptor limit is lowered
so that idle sockets would lock every client out without the connection cap. Also HEAD
on every GET route, the Host header kept out of absolute URLs, and one log line (not a
traceback) for a client that leaves mid-body. Timeouts are set low for the test.
"""

import json
import resource
import select
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from fastapi.routing import APIRoute

from api.app import create_app
from api.settings import Settings
from tests.support import AUTH, GDS, TOKEN
from tools import load
from tools.load import Served

HEADER_TIMEOUT, BODY_TIMEOUT = 2, 3  # seconds, as given to the server below
SERVE_ARGS = ["--header-timeout", str(HEADER_TIMEOUT), "--body-timeout", str(BODY_TIMEOUT),
              "--keep-alive-timeout", "2"]  # fmt: skip
FD_LIMIT = 200  # the server's descriptor limit: fewer than the idle sockets below
IDLE_SOCKETS = 260
MB = 1_000_000
WAIT = 20.0  # seconds: the bound of every wait for the server (a loaded machine)


def _low_fd_limit() -> None:
    resource.setrlimit(resource.RLIMIT_NOFILE, (FD_LIMIT, FD_LIMIT))


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, built_store: Path) -> Iterator[Served]:
    with serving(built_store, tmp_path_factory.mktemp("serve"), *SERVE_ARGS) as server:
        yield server


@contextmanager
def serving(store: Path, folder: Path, *args: str) -> Iterator[Served]:
    """`govties serve` on a free port (descriptor limit FD_LIMIT), its output in a log."""
    with load.served(
        store, "--update-token", TOKEN, *args, log=folder / "serve.log", preexec_fn=_low_fd_limit
    ) as server:
        yield server


def _status_kb(pid: int, field: str) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith(field)))


def reset_peak(pid: int) -> int:
    """Reset the server's peak RSS (VmHWM) to its RSS now, and return that, in kB."""
    Path(f"/proc/{pid}/clear_refs").write_text("5")
    return _status_kb(pid, "VmRSS")


def peak_growth_mb(pid: int, before_kb: int) -> int:
    return (_status_kb(pid, "VmHWM") - before_kb) // 1000


def connect(served: Served) -> socket.socket:
    return socket.create_connection(("127.0.0.1", served.port), timeout=WAIT)


def answer_of(sock: socket.socket, within: float = WAIT) -> tuple[bytes, float]:
    """Everything the server sends until it closes (or `within` passes), and when it closed."""
    started, data = time.monotonic(), b""
    sock.settimeout(0.5)
    while time.monotonic() - started < within:
        try:
            chunk = sock.recv(65536)
        except TimeoutError:
            continue
        except ConnectionResetError:
            break
        if not chunk:
            break
        data += chunk
    return data, time.monotonic() - started


def status_of(data: bytes) -> int | None:
    parts = data.split(b" ", 2)
    return int(parts[1]) if data.startswith(b"HTTP/1.") and len(parts) > 2 else None


def error_body(data: bytes) -> dict:
    return json.loads(data.partition(b"\r\n\r\n")[2])


def second_client(served: Served) -> tuple[int, float]:
    started = time.monotonic()
    response = httpx.get(f"{served.url}/health", timeout=WAIT)
    return response.status_code, time.monotonic() - started


# Slowloris: every kind of slow client is answered and closed within its deadline.


def test_a_silent_connection_is_closed_after_the_header_timeout(served):
    with connect(served) as sock:
        data, after = answer_of(sock)
    assert after < WAIT, "a connection that sends nothing stays open"
    assert data == b"", "an answer nobody asked for"
    assert after >= HEADER_TIMEOUT * 0.8


def test_a_head_sent_a_byte_at_a_time_gets_no_more_time(served):
    """The deadline counts from the first byte: dripping bytes does not extend it."""
    head = b"GET /health HTTP/1.1\r\nHost: x\r\n" + b"X-Slow: " + b"a" * 200
    started = time.monotonic()
    with connect(served) as sock:
        for byte in head:
            try:
                sock.send(bytes([byte]))
            except OSError:
                break
            if select.select([sock], [], [], 0.1)[0] or time.monotonic() - started > WAIT:
                break
        data, _ = answer_of(sock)
    assert status_of(data) == 408, data[:200]
    assert time.monotonic() - started < HEADER_TIMEOUT + 10


def test_a_body_that_stops_is_answered_408(served):
    head = b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
    with connect(served) as sock:
        sock.sendall(head + b"Content-Length: 100\r\n\r\nASK {")
        data, after = answer_of(sock)
    assert after < WAIT, "a body that never ends holds the connection"
    assert status_of(data) == 408, data[:200]
    assert "body" in error_body(data)["message"]


def test_a_10_mb_header_is_refused_431_before_it_is_read(served):
    big = b"a" * (10 * MB)
    before = reset_peak(served.pid)
    with connect(served) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ")
        sent = 0
        while sent < len(big) and not select.select([sock], [], [], 0)[0]:
            try:
                sent += sock.send(big[sent : sent + 65536])
            except OSError:
                break
        data, _ = answer_of(sock)
    grown = peak_growth_mb(served.pid, before)
    print(f"10 MB header: {status_of(data)} after {sent // MB} MB sent; peak RSS grew {grown} MB")
    assert status_of(data) == 431, data[:200]
    assert error_body(data)["error"] == "too_large"
    assert grown < 5, f"the server held {grown} MB of the header"


def test_idle_sockets_beyond_the_descriptor_limit_lock_nobody_out(served):
    """More idle sockets than the server has descriptors: the oldest idle ones are closed
    with a 503 to make room, and another client is answered at once."""
    socks = []
    try:
        for _ in range(IDLE_SOCKETS):
            socks.append(connect(served))
        status, seconds = second_client(served)
        print(f"{IDLE_SOCKETS} idle sockets: second client {status} in {seconds * 1000:.0f} ms")
        assert status == 200
        assert seconds < HEADER_TIMEOUT, "the second client waited for the idle ones to expire"
        displaced = [s for s in socks if select.select([s], [], [], 0)[0]]
        assert displaced, "no idle connection made room"
        data, _ = answer_of(displaced[0], within=1)
        assert status_of(data) == 503 and error_body(data)["message"]
    finally:
        for sock in socks:
            sock.close()


def test_at_the_cap_with_every_connection_busy_a_newcomer_gets_503(built_store, tmp_path):
    """Connections with a request running are never displaced: the newcomer is refused."""
    args = ("--max-connections", "2", "--body-timeout", "30", *SERVE_ARGS[:2])
    head = b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
    with serving(built_store, tmp_path, *args) as server:
        busy = [connect(server) for _ in range(2)]
        for sock in busy:  # heads whole, bodies pending: requests running
            sock.sendall(head + b"Content-Length: 100\r\n\r\nASK {")
        time.sleep(0.5)
        with connect(server) as newcomer:
            data, _ = answer_of(newcomer)
        assert status_of(data) == 503, data[:200]
        assert "connections" in error_body(data)["message"]
        assert not any(select.select([s], [], [], 0)[0] for s in busy), "a busy one was closed"
        for sock in busy:
            sock.close()


# The body cap and the token check come before any body is held.


def stream_chunked(served: Served, path: str, total: int, **headers: str) -> tuple[bytes, int]:
    """POST `total` bytes chunked until the server answers; (its answer, bytes sent)."""
    lines = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    head = f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n{lines}"
    chunk = b"%x\r\n%s\r\n" % (MB, b" " * MB)
    sent = 0
    with connect(served) as sock:
        sock.sendall(head.encode() + b"Transfer-Encoding: chunked\r\n\r\n")
        while sent < total and not select.select([sock], [], [], 0)[0]:
            try:
                sock.sendall(chunk)
            except OSError:
                break
            sent += MB
        data, _ = answer_of(sock, within=10)
    return data, sent


def test_200_mb_to_save_without_a_token_is_refused_first_and_costs_no_memory(served):
    before = reset_peak(served.pid)
    data, sent = stream_chunked(served, "/review/save", 200 * MB)
    grown = peak_growth_mb(served.pid, before)
    print(f"200 MB chunked to /review/save without a token: {status_of(data)} after {sent // MB}"
          f" MB sent; peak RSS grew {grown} MB")  # fmt: skip
    assert status_of(data) == 401, data[:300]
    assert sent < 100 * MB, "the server read the body before checking the token"
    assert grown < 50, f"peak RSS grew {grown} MB"


def test_a_chunked_body_over_the_cap_is_cut_off_at_the_cap(served):
    before = reset_peak(served.pid)
    data, sent = stream_chunked(served, "/extract", 200 * MB, **AUTH)
    grown = peak_growth_mb(served.pid, before)
    assert status_of(data) == 413, data[:300]
    assert error_body(data)["error"] == "too_large"
    assert sent < 100 * MB and grown < 50, (sent, grown)


@pytest.mark.parametrize("path", ["/extract", "/sparql", "/rdf-graph-store?graph=urn:x", "/"])
def test_a_declared_length_over_the_cap_is_refused_at_once(served, path):
    """413 before any route runs, whatever the route (even one without a body)."""
    with connect(served) as sock:
        sock.sendall(f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: {200 * MB}\r\n"
                     "Content-Type: application/json\r\n\r\n".encode())  # fmt: skip
        data, after = answer_of(sock)
    assert status_of(data) == 413 and error_body(data)["error"] == "too_large", data[:300]
    assert after < BODY_TIMEOUT, "the refusal waited for the body"


# HTTP details: HEAD, the Host header, a client that leaves.

FILLED = {"{kind}": "org", "{slug}": GDS.rsplit("/", 1)[1], "{name}": "vis-network.css",
          "{ext}": "ttl"}  # fmt: skip


def get_paths() -> list[str]:
    """Every GET route of the application, path parameters filled in."""
    app = create_app(Settings())

    def routes(items):
        for route in items:
            inner = getattr(route, "original_router", None)
            yield from routes(inner.routes) if inner is not None else [route]

    found = []
    for route in routes(app.routes):
        if isinstance(route, APIRoute) and "GET" in route.methods:
            path = route.path
            for name, value in FILLED.items():
                path = path.replace(name, value)
            found.append(path)
    return found


def test_every_get_route_answers_head_with_the_same_headers(served):
    paths = get_paths()
    assert len(paths) > 15 and "/sparql" in paths
    with httpx.Client(base_url=served.url, timeout=WAIT) as http:
        for path in paths:
            got, head = http.get(path), http.head(path)
            assert head.status_code == got.status_code != 405, (path, head.status_code)
            assert head.content == b"", path
            for name in ("content-type", "content-length"):
                assert head.headers.get(name) == got.headers.get(name), (path, name)


def test_the_host_header_is_not_reflected_in_absolute_urls(served):
    """Not in the Service Description, nor in the base IRI of a query."""
    evil = {"Host": "evil.example"}
    response = httpx.get(f"{served.url}/sparql", headers={**evil, "Accept": "text/turtle"})
    assert response.status_code == 200
    assert "evil.example" not in response.text
    assert f"<{served.url}/sparql>" in response.text
    query = {"query": "SELECT ?x WHERE { BIND(<here> AS ?x) }", "format": "json"}
    response = httpx.get(f"{served.url}/sparql", params=query, headers=evil)
    assert response.status_code == 200, response.text
    assert response.json()["results"]["bindings"][0]["x"]["value"] == f"{served.url}/here"


def test_a_configured_base_url_names_the_endpoint(built_store):
    from fastapi.testclient import TestClient

    app = create_app(Settings(store=built_store, base_url="https://govties.example/"))
    with TestClient(app) as client:
        response = client.get("/sparql", headers={"Accept": "text/turtle", "Host": "evil"})
    assert "<https://govties.example/sparql>" in response.text
    assert "evil" not in response.text


def test_a_client_leaving_mid_body_is_one_log_line(served):
    offset = served.log.stat().st_size
    with connect(served) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query"
                     b"\r\nContent-Length: 1000\r\n\r\nASK {")  # fmt: skip
        time.sleep(0.3)
    deadline = time.monotonic() + WAIT
    while "left" not in served.log_since(offset) and time.monotonic() < deadline:
        time.sleep(0.1)
    logged = served.log_since(offset)
    assert "Traceback" not in logged, logged
    lines = [line for line in logged.splitlines() if "/sparql" in line and "left" in line]
    assert len(lines) == 1, logged
    status, _ = second_client(served)
    assert status == 200
