"""Answers kept per store version, with ETags, in front of every read route.

A store version never changes once it is live, so an answer computed for a
version stays right for as long as that version is live. The key of an answer
therefore starts with the version the store symlink points at when the request
arrives; a rebuild or an HTTP update moves the symlink, after which no request
can form an old key again, and old entries age out of the LRU. Handlers read
the symlink after this middleware does, so an answer is never older than its
key. The ETag is a digest of the same key, so `If-None-Match` is answered 304
before any work, and `Cache-Control: no-cache` makes clients and proxies
revalidate on every use instead of trusting a copy across a rebuild. A request
saying `Cache-Control: no-cache` (or `Pragma: no-cache`) is computed afresh.

Identical requests arriving while the first is computed wait for it and take its
answer (one computation, not one per client: a slow query asked by many at once
would otherwise fill every worker). Only 200 answers are kept, only up to
`entry_bytes` each and `max_bytes` in all.
SPARQL queries are keyed by their parameters whatever the transport (GET, POST
form, POST body), with the query text stripped of surrounding whitespace; a query
calling a function whose value changes per call (RAND, NOW, UUID, STRUUID, BNODE)
or written with \\u escapes (which could spell one) is never kept.
"""

import asyncio
import hashlib
import os
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Read routes whose answer is a function of the store version and the request alone.
CACHED_PREFIXES = ("/id/", "/ontology")
CACHED_PATHS = frozenset(
    {"/sparql", "/rdf-graph-store", "/paths", "/neighbours", "/ties", "/search", "/stats"}
    | {"/view", "/view.json", "/view.graphml", "/view.html", "/map.json", "/timeline.json"}
)
VOLATILE = re.compile(rb"\b(rand|now|uuid|struuid|bnode)\s*\(|\\u", re.IGNORECASE)
FORM = b"application/x-www-form-urlencoded"
QUERY = b"application/sparql-query"
VARY_BY = (b"accept", b"host")


@dataclass
class AnswerCache:
    """A byte-bounded LRU of finished answers: (status, headers, body) by key digest."""

    max_bytes: int
    entry_bytes: int
    hits: int = 0
    misses: int = 0
    size: int = 0
    _entries: OrderedDict[str, tuple[list[tuple[bytes, bytes]], bytes]] = field(
        default_factory=OrderedDict
    )

    def get(self, etag: str) -> tuple[list[tuple[bytes, bytes]], bytes] | None:
        entry = self._entries.get(etag)
        if entry is None:
            self.misses += 1
            return None
        self._entries.move_to_end(etag)
        self.hits += 1
        return entry

    def put(self, etag: str, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
        if len(body) > self.entry_bytes or etag in self._entries:
            return
        self._entries[etag] = (headers, body)
        self.size += len(body)
        while self.size > self.max_bytes and self._entries:
            _, (_, dropped) = self._entries.popitem(last=False)
            self.size -= len(dropped)

    def summary(self) -> dict[str, int]:
        return {"entries": len(self._entries), "bytes": self.size, "hits": self.hits}


def _cacheable_path(path: str) -> bool:
    return path in CACHED_PATHS or path.startswith(CACHED_PREFIXES)


def _header(scope: Scope, name: bytes) -> bytes:
    return next((v for k, v in scope["headers"] if k == name), b"")


def sparql_key(query_string: bytes, content_type: bytes, body: bytes) -> tuple | None:
    """The query's parameters in a transport-independent order; None if not to be kept."""
    try:
        pairs = parse_qsl(query_string.decode(), keep_blank_values=True, errors="strict")
        if content_type == FORM:
            pairs += parse_qsl(body.decode(), keep_blank_values=True, errors="strict")
        elif content_type == QUERY:
            if any(k == "query" for k, _ in pairs):
                return None
            pairs.append(("query", body.decode()))
        elif body:
            return None
    except UnicodeDecodeError:
        return None
    if any(k == "update" for k, _ in pairs):
        return None
    queries = [v for k, v in pairs if k == "query"]
    if any(VOLATILE.search(q.encode()) for q in queries):
        return None
    pairs = [(k, v.strip() if k == "query" else v) for k, v in pairs]
    return tuple(sorted(pairs, key=lambda pair: pair[0]))  # stable: per-key order kept


def etag_of(version: str, key: tuple) -> str:
    return '"' + hashlib.blake2b(repr((version, key)).encode(), digest_size=12).hexdigest() + '"'


def _matches(if_none_match: bytes, etag: str) -> bool:
    given = [t.strip().removeprefix(b"W/") for t in if_none_match.split(b",")]
    return b"*" in given or etag.encode() in given


class CacheMiddleware:
    """Pure ASGI, so a miss costs a readlink and a digest, and a hit no handler at all."""

    def __init__(self, app: ASGIApp, cache: AnswerCache, store: os.PathLike[str]) -> None:
        self.app, self.cache, self.store = app, cache, store
        self._computing: dict[str, asyncio.Event] = {}  # answers being computed, by ETag

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _cacheable_path(scope["path"]):
            return await self.app(scope, receive, send)
        method = scope["method"]
        body, receive = b"", receive
        if method == "POST" and scope["path"] == "/sparql":
            body, receive, complete = await _read_small(receive, self.cache.entry_bytes)
            if not complete:
                return await self.app(scope, receive, send)
        elif method not in ("GET", "HEAD"):
            return await self.app(scope, receive, send)
        try:
            version = os.readlink(self.store)
        except OSError:  # no store: the handler answers why
            return await self.app(scope, receive, send)
        if scope["path"] == "/sparql":
            content_type = _header(scope, b"content-type").split(b";")[0].strip().lower()
            request_key = sparql_key(scope["query_string"], content_type, body)
            if request_key is None:
                return await self.app(scope, receive, send)
        else:
            request_key = (scope["path"], scope["query_string"].decode("latin-1"))
        key = (request_key, tuple(_header(scope, name) for name in VARY_BY))
        etag = etag_of(version, key)
        validators = [(b"etag", etag.encode()), (b"cache-control", b"no-cache")]
        fresh = any(b"no-cache" in _header(scope, h).lower() for h in (b"cache-control", b"pragma"))
        if not fresh and _matches(_header(scope, b"if-none-match"), etag):
            await send({"type": "http.response.start", "status": 304, "headers": validators})
            return await send({"type": "http.response.body", "body": b""})
        stored = None if fresh else self.cache.get(etag)
        computing = self._computing.get(etag)
        if stored is None and computing is not None and not fresh:
            await computing.wait()  # the same answer is being computed: take it, once kept
            stored = self.cache.get(etag)
        if stored is not None:
            headers, answer = stored
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            return await send(
                {"type": "http.response.body", "body": b"" if method == "HEAD" else answer}
            )
        done = self._computing.setdefault(etag, asyncio.Event())
        try:
            await self.app(scope, receive, self._keeping(send, etag, validators, method != "HEAD"))
        finally:
            done.set()
            if self._computing.get(etag) is done:
                del self._computing[etag]

    def _keeping(
        self, send: Send, etag: str, validators: list[tuple[bytes, bytes]], keep: bool
    ) -> Send:
        """send, adding the validators to a 200 and keeping its answer if it is small."""
        headers: list[tuple[bytes, bytes]] | None = None
        chunks: list[bytes] = []
        size = 0

        async def sending(message: Message) -> None:
            nonlocal headers, size, keep
            if message["type"] == "http.response.start":
                if message["status"] == 200:
                    headers = [*message.get("headers", ()), *validators]
                    message = {**message, "headers": headers}
                else:
                    keep = False
            elif message["type"] == "http.response.body" and keep and headers is not None:
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > self.cache.entry_bytes:
                    keep = False
                else:
                    chunks.append(chunk)
                    if not message.get("more_body", False):
                        self.cache.put(etag, headers, b"".join(chunks))
            await send(message)

        return sending


async def _read_small(receive: Receive, limit: int) -> tuple[bytes, Receive, bool]:
    """Up to limit bytes of the body, and a receive that replays what was read.

    complete is False when the body is larger (or the client left): the handler
    then reads the replayed part and the rest of the stream itself.
    """
    messages: list[Message] = []
    size, more = 0, True
    while more and size <= limit:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            break
        size += len(message.get("body", b""))
        more = message.get("more_body", False)
    complete = not more and size <= limit and messages[-1]["type"] == "http.request"
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.request")
    replay = iter(messages)

    async def replaying() -> Message:
        return next(replay, None) or await receive()

    return body, replaying, complete
