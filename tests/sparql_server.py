"""A real govties server on 127.0.0.1 for the SPARQL tests: uvicorn in a thread, free port.

Tests talk to it over real HTTP (httpx, SPARQLWrapper, rdflib's SPARQLStore),
not through the ASGI test client, so the worker processes, time limits and
headers are the ones a deployment has.
"""

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx
import uvicorn
from fastapi import FastAPI

from api.app import create_app
from api.settings import Settings


@dataclass(frozen=True)
class Live:
    url: str  # base URL, e.g. http://127.0.0.1:40123
    app: FastAPI

    @property
    def sparql(self) -> str:
        return f"{self.url}/sparql"


def _ready(url: str, deadline: float) -> None:
    """Wait until a trivial query answers, i.e. the query workers have booted."""
    while time.monotonic() < deadline:
        if httpx.get(f"{url}/sparql", params={"query": "ASK {}"}, timeout=30).status_code == 200:
            return
        time.sleep(0.05)
    raise RuntimeError("the query workers did not become ready")


@contextmanager
def running(settings: Settings, wait_for_store: bool = True) -> Iterator[Live]:
    """Serve create_app(settings) until the block ends."""
    app = create_app(settings)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    try:
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        if wait_for_store:
            _ready(url, deadline)
        yield Live(url, app)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
