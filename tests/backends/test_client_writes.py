"""A write Virtuoso refused for a race it clears on a second try (a deadlock, SR172; two
PUTs registering one language tag, SR197 on RDF_LANGUAGE) is sent again, a few times at
most; any other engine failure is not retried."""

import httpx
import pytest

from graph.backend import client as client_module
from graph.backend.client import WRITE_ATTEMPTS, EngineClient
from graph.backend.engines import target
from graph.errors import Unavailable

DEADLOCK = b"<h3>Error 40001</h3> <xmp>SR172: Transaction deadlocked</xmp>"


def engine_answering(answers: list[tuple[int, bytes]]) -> tuple[EngineClient, list[str]]:
    """A client whose engine gives these answers in turn (then 201s); the methods it saw."""
    seen: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request.method)
        status, body = answers.pop(0) if answers else (201, b"")
        return httpx.Response(status, content=body)

    engine = EngineClient(target("http://127.0.0.1:9", "oxigraph"))
    engine._http = httpx.Client(transport=httpx.MockTransport(handle))
    engine.account = None
    return engine, seen


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch):
    monkeypatch.setattr(client_module.time, "sleep", lambda _: None)


def test_a_deadlocked_put_is_sent_again_until_it_passes():
    language = b"<xmp>SR197: Non unique primary key on DB.DBA.RDF_LANGUAGE.</xmp>"
    engine, seen = engine_answering([(500, DEADLOCK), (500, language)])
    engine.put_graph("urn:g", b"<urn:s> <urn:p> <urn:o> .\n")
    assert seen == ["PUT", "PUT", "PUT"]


def test_a_put_deadlocked_every_time_fails_after_the_last_attempt():
    engine, seen = engine_answering([(500, DEADLOCK)] * (WRITE_ATTEMPTS + 2))
    with pytest.raises(Unavailable, match="SR172"):
        engine.put_graph("urn:g", b"")
    assert len(seen) == WRITE_ATTEMPTS


def test_other_failures_are_not_retried():
    engine, seen = engine_answering([(500, b"SR197: Non unique primary key on DB.DBA.T")])
    with pytest.raises(Unavailable, match=r"DB\.DBA\.T"):
        engine.update("INSERT DATA { <urn:s> <urn:p> <urn:o> }")
    assert seen == ["POST"]
