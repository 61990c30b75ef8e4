"""Connection policy of `govties serve`: what a client may cost before it sends a request.

uvicorn (httptools) bounds neither the request head nor the time a client takes to send
it, so a slowloris client (a byte now and then, or nothing at all) holds a socket and a
file descriptor forever, and a few hundred of them lock every client out. This protocol
adds the missing limits, all answered on the socket itself since no request exists yet:

- the head (request line and headers) may be at most Settings.max_header_bytes: 431;
- it must arrive within header_timeout seconds of the first byte (or of the connection
  opening), and a body within body_timeout seconds of its head: 408, then close (a
  connection that sent nothing is closed without an answer);
- a connection that waits between requests is closed after keep_alive_timeout (uvicorn's);
- at most max_connections are open (fewer if the descriptor limit is lower): a new
  connection first displaces the one that has waited longest for its client without a
  request running (slow clients lose, working ones never do); if every connection has
  a request running, the newcomer gets 503 and is closed.
"""

import asyncio
import json
import os
import resource
from typing import Any

import httptools
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from api.errors import body
from api.settings import Settings

FD_RESERVE = 64  # descriptors kept for the store, the workers' pipes and logs
GRACEFUL_SHUTDOWN = 3.0  # seconds


def connection_cap(wanted: int) -> int:
    """wanted, lowered so that open connections can never exhaust the descriptor limit."""
    soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    if soft == resource.RLIM_INFINITY:
        return wanted
    in_use = len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else 0
    return max(1, min(wanted, soft - in_use - FD_RESERVE))


def refusal(status: int, kind: str, message: str) -> bytes:
    """A whole HTTP answer in the one error shape (api.errors), closing the connection."""
    content = json.dumps(body(kind, message)).encode()
    head = (
        b"content-type: application/json\r\ncontent-length: %d\r\nconnection: close\r\n\r\n"
        % len(content)
    )
    return STATUS_LINE[status] + head + content


class Refused(Exception):
    """Raised from a parser callback to stop parsing a request already answered."""


class GuardedProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with head size, read deadlines and a connection cap."""

    settings: Settings
    cap: int

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None
        self._head: int | None = 0  # bytes of the head being read; None once it is whole
        self._since = 0.0  # when it last started waiting for its client (opened, answered)

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._since = self.loop.time()
        if len(self.connections) > self.cap and not self._displace():
            self.refuse(503, "unavailable", f"the server holds its limit of {self.cap} "
                        "connections, all busy: retry in a moment")  # fmt: skip
            return
        self._arm(self.settings.header_timeout, "the request head")

    def idle(self) -> bool:
        """No request of this connection is running: it waits for its client."""
        return not self.transport.is_closing() and (
            self.cycle is None or self.cycle.response_complete
        )

    def _displace(self) -> bool:
        """Close the connection that has waited longest for its client; False if none waits."""
        waiting = [c for c in self.connections if c is not self and c.idle()]
        if not waiting:
            return False
        oldest = min(waiting, key=lambda c: c._since)
        oldest.refuse(503, "unavailable", "closed to make room for another client: "
                      "the server is at its connection limit and this one was idle")  # fmt: skip
        return True

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def refuse(self, status: int, kind: str, message: str) -> None:
        """Answer on the socket (nothing has started an answer) and close it."""
        self._disarm()
        if not self.transport.is_closing():
            if self.idle() or not self.cycle.response_started:
                self.transport.write(refusal(status, kind, message))
            self.transport.close()

    def _arm(self, seconds: float, what: str) -> None:
        self._disarm()
        message = f"{what} did not arrive within {seconds:g} s"
        self._deadline = self.loop.call_later(seconds, self._expired, message)

    def _expired(self, message: str) -> None:
        """408 to a client that sent part of a request; a silent one is just closed (as
        between requests), so a client sending just then never reads a stray 408."""
        if self._head == 0:
            self._deadline = None
            self.transport.close()
        else:
            self.refuse(408, "timeout", message)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def data_received(self, data: bytes) -> None:
        """uvicorn's, counting the head's bytes (none of the websocket upgrade: ws is off)."""
        self._unset_keepalive_if_required()
        if self._head is not None:
            self._head += len(data)
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserCallbackError as exc:
            if not isinstance(exc.__context__, Refused):
                self.refuse(400, "bad_request", "invalid HTTP request")
            return
        except httptools.HttpParserError:
            self.refuse(400, "bad_request", "invalid HTTP request")
            return
        except httptools.HttpParserUpgrade:
            pass  # served as a plain request: this server speaks no websockets
        if self._head is not None and self._head > self.settings.max_header_bytes:
            self._too_large()

    def _too_large(self) -> None:
        limit = self.settings.max_header_bytes
        self.refuse(431, "too_large", f"the request head exceeds the limit of {limit} bytes")

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self._deadline is None:  # a keep-alive connection's next request
            self._arm(self.settings.header_timeout, "the request head")

    def on_headers_complete(self) -> None:
        head = len(self.url) + sum(len(n) + len(v) + 4 for n, v in self.headers)
        if head > self.settings.max_header_bytes:
            self._too_large()
            raise Refused
        self._head = None
        super().on_headers_complete()
        if not self.pipeline:  # it runs now; a pipelined one's deadline starts with it
            self._arm(self.settings.body_timeout, "the request body")

    def on_message_complete(self) -> None:
        self._disarm()
        self._head = 0
        super().on_message_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._since = self.loop.time()
        if not self.idle() and self.cycle.more_body and self._deadline is None:
            self._arm(self.settings.body_timeout, "the request body")  # a pipelined one began


def protocol(settings: Settings) -> type[GuardedProtocol]:
    """The protocol class uvicorn instantiates per connection, bound to these settings."""
    cap = connection_cap(settings.max_connections)
    return type("Guarded", (GuardedProtocol,), {"settings": settings, "cap": cap})


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for uvicorn.run / uvicorn.Config that apply this policy."""
    return {
        "http": protocol(settings),
        "ws": "none",
        "timeout_keep_alive": settings.keep_alive_timeout,
        # SIGTERM: requests in flight get this long, then the server exits (workers with it).
        "timeout_graceful_shutdown": GRACEFUL_SHUTDOWN,
    }
