"""HTTP to a remote engine, and its failures as govties' errors (the embedded store's classes).

Refused before sending is the guard's business (graph.sparql.guard, run by the caller);
here: connection refused or reset -> Unavailable (503: the engine is down, retrying
may work), no answer within the time limit -> Overrun, 400 -> Malformed with the engine's
message, an answer the engine itself cut short (Virtuoso's S1TAT "incomplete results")
-> Overrun rather than a partial answer, an answer beyond the byte cap -> TooLarge, a
refused account -> StoreError naming the variables to set, other 4xx/5xx ->
Unavailable with the engine's message. Requests are abandoned (the connection closed)
once the time limit passes; Virtuoso is also sent the limit, so it stops the query.
"""

import time
from collections.abc import Mapping, Sequence

import httpx

from graph.backend.engines import PASSWORD_ENV, USER_ENV, Target, auth
from graph.errors import Malformed, Overrun, StoreError, TooLarge, Unavailable

MAX_ANSWER_BYTES = 512_000_000  # past this an answer is refused unread (rows are capped later)
ENGINE_MESSAGE_CHARS = 600
JSON_RESULTS = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
N_QUADS = "application/n-quads"
# Virtuoso's answers to concurrent Graph Store PUTs under load that a second try clears:
# "Transaction deadlocked" (SR172, rolled back whole) and two PUTs registering one new
# language tag or datatype at once (SR197 on RDF_LANGUAGE / RDF_DATATYPE). A PUT replaces
# its graph, so sending it again is safe.
TRANSIENT = ("SR172", "SR197: Non unique primary key on DB.DBA.RDF_LANGUAGE",
             "SR197: Non unique primary key on DB.DBA.RDF_DATATYPE")  # fmt: skip
WRITE_ATTEMPTS = 4


def _said(body: bytes) -> str:
    text = " ".join(body.decode("utf-8", "replace").split())
    return text[:ENGINE_MESSAGE_CHARS] or "(no message)"


class EngineClient:
    """One engine's SPARQL and Graph Store endpoints over a pooled HTTP connection."""

    def __init__(self, target: Target, timeout: float = 30.0) -> None:
        self.target, self.timeout = target, timeout
        self.account = auth(target.layout)
        # Reads carry the account only in Basic (a proxy's): a digest challenge per read
        # would double its round trips, and Virtuoso's /sparql reads anonymously.
        read_auth = None if target.layout.digest else self.account
        self._http = httpx.Client(timeout=httpx.Timeout(timeout, connect=5.0), auth=read_auth)

    def close(self) -> None:
        self._http.close()

    def query(
        self,
        text: str,
        accept: str,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
    ) -> tuple[bytes, str]:
        """POST a query (form-encoded: a dataset of thousands of graphs fits); the answer's
        bytes and media type."""
        form: list[tuple[str, str]] = [("query", text)]
        form += [("default-graph-uri", g) for g in default_graphs]
        form += [("named-graph-uri", g) for g in named_graphs]
        layout = self.target.layout
        if layout.timeout_param:
            form.append((layout.timeout_param, str(int(self.timeout * 1000))))
        request = self._http.build_request(
            "POST",
            self.target.endpoint(layout.query),
            data=dict_of(form),
            headers={"Accept": accept},
        )
        headers, body = self._send(request, "query")
        return body, headers.get("content-type", "").split(";")[0].strip()

    def update(self, text: str) -> None:
        self._write("POST", self.target.endpoint(self.target.layout.update), data={"update": text})

    def put_graph(self, graph: str, ntriples: bytes) -> None:
        """Graph Store PUT: the graph's content replaced by the N-Triples."""
        self._write(
            "PUT",
            self._store_url(),
            params={self.target.layout.graph_param: graph},
            content=ntriples,
            headers={"Content-Type": N_TRIPLES},
        )

    def post_quads(self, nquads: bytes) -> None:
        """Graph Store POST of N-Quads to the dataset: each quad added to its graph."""
        self._write("POST", self._store_url(), content=nquads, headers={"Content-Type": N_QUADS})

    def _store_url(self) -> str:
        return self.target.endpoint(self.target.layout.graph_store)

    def _write(self, method: str, url: str, **kwargs: object) -> None:
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            request = self._http.build_request(method, url, **kwargs)  # type: ignore[arg-type]
            try:
                self._send(request, "write", self.account)
                return
            except Unavailable as exc:
                if not any(t in exc.message for t in TRANSIENT) or attempt == WRITE_ATTEMPTS:
                    raise
            time.sleep(0.1 * attempt)

    def _send(
        self, request: httpx.Request, what: str, account: httpx.Auth | None = None
    ) -> tuple[httpx.Headers, bytes]:
        """Send; the answer's headers and body, or the error its failure means."""
        where = self.target.url
        try:
            response = self._sent(request, account)
        except httpx.TimeoutException as exc:
            raise Overrun(
                f"the store's engine at {where} did not answer the {what} within "
                f"{self.timeout:g} s; the request was abandoned"
            ) from exc
        except httpx.HTTPError as exc:
            raise Unavailable(f"the store's engine at {where} cannot be reached: {exc}") from exc
        try:
            body = self._read(response)
        finally:
            response.close()
        state = response.headers.get("x-sql-state", "")
        if response.status_code < 300 and state == "S1TAT":
            raise Overrun(
                f"the store's engine at {where} stopped the {what} at its time limit "
                f"({self.timeout:g} s) and offered a partial answer, which is not given"
            )
        if response.status_code < 300:
            return response.headers, body
        said = _said(body)
        if response.status_code in (401, 403):
            raise StoreError(
                f"the store's engine at {where} refused the {what} ({response.status_code}): "
                f"set {USER_ENV} and {PASSWORD_ENV} to an account that may write; it said: {said}"
            )
        if response.status_code == 400:
            raise Malformed(f"the store's engine refused the {what}: {said}")
        if response.status_code == 413:
            raise TooLarge(f"the store's engine refused the {what} as too large: {said}")
        raise Unavailable(
            f"the store's engine at {where} failed the {what} ({response.status_code}): {said}"
        )

    def _sent(self, request: httpx.Request, account: httpx.Auth | None) -> httpx.Response:
        """The response, sent again once if the engine closed a kept-alive connection as the
        request went out (Virtuoso closes idle ones). Everything govties sends may be
        repeated: queries, Graph Store PUTs and POSTs of quads to a set, INSERT DATA, DROP."""
        auth = account or httpx.USE_CLIENT_DEFAULT
        try:
            return self._http.send(request, auth=auth, stream=True)
        except httpx.RemoteProtocolError:
            return self._http.send(request, auth=auth, stream=True)

    def _read(self, response: httpx.Response) -> bytes:
        chunks, size = [], 0
        try:
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_ANSWER_BYTES:
                    raise TooLarge(
                        f"the engine's answer exceeds {MAX_ANSWER_BYTES} bytes: add a LIMIT"
                    )
                chunks.append(chunk)
        except httpx.TimeoutException as exc:
            raise Overrun(
                f"the store's engine did not finish its answer within {self.timeout:g} s"
            ) from exc
        except httpx.HTTPError as exc:
            raise Unavailable(f"the store's engine broke off its answer: {exc}") from exc
        return b"".join(chunks)


def dict_of(form: list[tuple[str, str]]) -> Mapping[str, list[str]]:
    """Form fields as httpx takes repeated keys: a list per name, in order."""
    out: dict[str, list[str]] = {}
    for key, value in form:
        out.setdefault(key, []).append(value)
    return out
