"""An HTTP server on 127.0.0.1 that records every connection: the oracle of the tests that
nothing a query names (SERVICE, LOAD, FROM, dataset parameters) makes a server reach out,
shared by the embedded store's tests and the remote backends'."""

import contextlib
import socketserver
import threading
from collections.abc import Iterator

import pytest


class Canary(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        self.connections: list[bytes] = []
        super().__init__(("127.0.0.1", 0), CanaryHandler)


class CanaryHandler(socketserver.BaseRequestHandler):
    """Records every connection (even one that never sends a request) and answers RDF."""

    def handle(self) -> None:
        self.server.connections.append(b"connected")
        self.request.settimeout(2)
        with contextlib.suppress(OSError):
            self.server.connections.append(self.request.recv(4096))
        body = b"<http://canary/s> <http://canary/p> <http://canary/o> ."
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/n-triples\r\n"
        self.request.sendall(head + b"Content-Length: %d\r\n\r\n" % len(body) + body)


@pytest.fixture
def canary() -> Iterator[tuple[str, list[bytes]]]:
    server = Canary()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server.connections
    finally:
        server.shutdown()
        server.server_close()


def outbound_queries(url: str) -> dict[str, str]:
    return {
        "SERVICE": f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
        "SERVICE SILENT": f"SELECT * WHERE {{ SERVICE SILENT <{url}/s> {{ ?s ?p ?o }} }}",
        "lower-case service": f"select * where {{ service <{url}/s> {{ ?s ?p ?o }} }}",
        "SERVICE by prefix": f"PREFIX c: <{url}/> SELECT * WHERE {{ SERVICE c:s {{ ?s ?p ?o }} }}",
        "SERVICE variable": f"SELECT * WHERE {{ VALUES ?e {{ <{url}/s> }} "
        "SERVICE ?e { ?s ?p ?o } }",
        "SERVICE in a subquery": "SELECT * WHERE { { SELECT * WHERE { "
        f"SERVICE <{url}/s> {{ ?s ?p ?o }} }} }} }}",
        "SERVICE with comments": f"SELECT * WHERE {{ #\n SERVICE #}}\n <{url}/s> {{ ?s ?p ?o }} }}",
        "SERVICE with a unicode escape": "SELECT * WHERE { \\u0053ERVICE "
        f"<{url}/s> {{ ?s ?p ?o }} }}",
        "FROM": f"SELECT * FROM <{url}/g> WHERE {{ ?s ?p ?o }}",
        "FROM NAMED": f"SELECT * FROM NAMED <{url}/g> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    }
