"""ASGI rules every route gets from one place: the body cap, HEAD, a client that leaves.

- Body cap: a declared Content-Length over Settings.max_request_bytes is answered 413
  before any route runs; a body without one (chunked) is counted as it streams and cut
  off at the cap, so no route ever holds more than the cap in memory, whatever it does
  with the body. The 413 is sent here, in the one error shape (api.errors); what the
  route then answers is dropped.
- HEAD is GET without the body (RFC 9110 9.3.2; the Graph Store Protocol requires it):
  the route runs as GET and its headers, Content-Length included, are sent alone.
- A client that disconnects before its body is whole is one log line, not a traceback.
"""

import logging

from starlette.requests import ClientDisconnect, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import answer, body
from graph.errors import TooLarge

log = logging.getLogger("govties")


def _declared(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            return int(value) if value.isdigit() else None
    return None


class HttpRules:
    """The three rules above around the whole application."""

    def __init__(self, app: ASGIApp, max_request_bytes: int) -> None:
        self.app = app
        self.limit = max_request_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] == "HEAD":
            scope, send = {**scope, "method": "GET"}, _headers_only(send)
        declared = _declared(scope)
        if declared is not None and declared > self.limit:
            await self._too_large(scope, send, f"request body of {declared} bytes")
            return
        seen, refused = 0, False

        async def capped_receive() -> Message:
            nonlocal seen, refused
            message = await receive()
            if message["type"] == "http.request" and not refused:
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    refused = True
                    await self._too_large(scope, send, "request body")
                    raise TooLarge(f"request body exceeds the limit of {self.limit} bytes")
            return message

        async def unless_refused(message: Message) -> None:
            if not refused:
                await send(message)

        try:
            await self.app(scope, capped_receive, unless_refused)
        except ClientDisconnect:
            log.warning("%s %s: the client left before its request body was whole",
                        scope["method"], scope["path"])  # fmt: skip

    async def _too_large(self, scope: Scope, send: Send, what: str) -> None:
        message = f"{what} exceeds the limit of {self.limit} bytes"
        response = answer(Request(scope), 413, body("too_large", message), {"Connection": "close"})
        await response(scope, _nothing, send)


async def _nothing() -> Message:
    return {"type": "http.disconnect"}


def _headers_only(send: Send) -> Send:
    async def headers_only(message: Message) -> None:
        if message["type"] == "http.response.body":
            message = {**message, "body": b""}
        await send(message)

    return headers_only
