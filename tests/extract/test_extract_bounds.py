"""Extraction is linear in the text and bounded, and a long one cannot pin the server.

Issue #17 item 4: rule matching was cubic in sentence length (a 2,000-word sentence
took a minute, 1 MB of words ran on for a quarter of an hour after its client left)
and ran in a server thread that SIGTERM had to wait for. Linearity is checked by
counting profiler events (sys.setprofile), which is deterministic, not by timing; the
HTTP bounds are generous, for a loaded machine.
"""

import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from api.settings import Settings
from graph.build.records import load_records
from graph.errors import TooLarge
from graph.extract import nlp as pipeline
from graph.extract import service
from graph.extract.gazetteer import gazetteer_from_records
from graph.extract.nlp import build_pipeline
from graph.extract.service import Names, extract
from tests.support import AUTH, TOKEN
from tools import load

# Every cue the rules read, names, places, dates and connectives, with no full stop:
# a sentence as long as one likes that gives every rule work on every repetition.
PHRASE = (
    "the Digital Agency signed with the Data Office in Tallinn between Estonia and Chile at "
    "the Hall on 8 July 2022 , witnessed by Mr Kok Ping Soon and Witnessing the signing were "
    "Dr Ana Lee representing the agencies were Prof Leonard Lee facilitated by SIN Singapore"
)
# Fewer kinds of cue, but a signing verb, "with" and "between" every 16 words: the densest
# work for the old rules (cues x verbs x the span between them).
DENSE = (
    "the Digital Agency signed with the Data Office in Tallinn between Estonia and Chile at Hall"
)
TIMEOUT = 10.0  # seconds: the query time limit of the HTTP server (the default)
SHORT = 4.0  # seconds: the time limit of the server that gets SIGTERM
BOUND = 30.0  # seconds: the most any answer below may take (the limit plus a loaded machine)


def words(n: int, phrase: str = PHRASE) -> str:
    """An article whose body is one sentence of n words, phrase repeated."""
    unit = phrase.split()
    return "A title\n\n" + " ".join(unit[i % len(unit)] for i in range(n)) + "."


def megabyte(chars: int = 999_000) -> str:
    """About 1 MB of words, one sentence (under the 1 MB caps by a margin for the JSON)."""
    text = words(chars // 5)
    return text[:chars]


@pytest.fixture(scope="module")
def names(data_dir) -> Names:
    gazetteer = gazetteer_from_records(load_records(data_dir))
    return Names(gazetteer, build_pipeline(gazetteer), "test")


def calls(fn: Callable[[], object]) -> int:
    """Profiler events (calls and returns, Python and C) while fn runs: deterministic work."""
    count = 0

    def profile(frame, event, arg) -> None:
        nonlocal count
        count += 1

    sys.setprofile(profile)
    try:
        fn()
    finally:
        sys.setprofile(None)
    return count


def test_matching_is_linear_in_the_sentence_length(names, monkeypatch):
    """Four times the words cost about four times the calls (quadratic would be 16x, the old
    rules took 27x), with the sentence cap lifted so the rules see the whole sentence."""
    monkeypatch.setattr(pipeline, "MAX_SENTENCE_TOKENS", 10**9)
    extract(words(100), names)  # warm: the vocabulary learns the words once
    short, long = (calls(lambda n=n: extract(words(n), names)) for n in (300, 1200))
    assert long < 6 * short, (short, long)


def test_long_sentences_are_cut_at_the_cap(names):
    doc = names.nlp(words(1000))
    lengths = [len(s) for s in doc.sents]
    assert max(lengths) <= pipeline.MAX_SENTENCE_TOKENS
    assert sum(lengths) == len(doc)


def test_text_beyond_the_cap_is_refused(names, monkeypatch):
    monkeypatch.setattr(service, "MAX_TEXT_CHARS", 1000)
    with pytest.raises(TooLarge, match="1000 characters"):
        extract(words(300), names)


@pytest.fixture(scope="module")
def http(built_store):
    from tests.sparql_server import running  # the web stack, for these tests only

    settings = Settings(
        store=built_store, update_token=TOKEN, query_timeout=TIMEOUT, max_request_bytes=1_100_000
    )
    with running(settings) as live, httpx.Client(base_url=live.url, timeout=120) as client:
        # Each worker imports spaCy and builds the names on its first extraction (seconds, on
        # a loaded machine near the limit: a worker stopped then is replaced, cold again).
        answers = [
            _post(client, words(50))[0].status_code for _ in range(3 * live.app.state.pool.size)
        ]
        assert answers[-live.app.state.pool.size :] == [200] * live.app.state.pool.size, answers
        yield client


def _post(client: httpx.Client, text: str) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    response = client.post("/extract", json={"text": text}, headers=AUTH)
    return response, time.monotonic() - started


def test_a_2000_word_sentence_is_answered(http):
    response, took = _post(http, words(2000, DENSE))
    assert response.status_code == 200, response.text
    assert took < BOUND
    assert response.json()["record"]["agreements"]


def test_a_megabyte_of_words_is_answered_or_stopped_within_the_limit(http):
    response, took = _post(http, megabyte())
    assert response.status_code in (200, 413, 503), response.text
    assert "message" in response.json() or response.status_code == 200
    assert took < BOUND
    quick, _ = _post(http, words(50))  # the server still answers the next client
    assert quick.status_code == 200


def _children(pid: int) -> list[int]:
    """The processes whose parent is pid (its query workers)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


def test_sigterm_during_a_long_extraction_exits_promptly(built_store, tmp_path):
    """The extraction runs in a query worker: SIGTERM waits at most the time limit for it,
    and the worker dies with the server."""
    log = tmp_path / "serve.log"
    args = ("--update-token", TOKEN, "--query-timeout", str(SHORT))
    with load.served(built_store, *args, log=log) as server:
        url = server.url
        workers = _children(server.pid)
        assert workers
        answers: list[int | str] = []

        def client() -> None:
            try:
                with httpx.Client(base_url=url, timeout=120) as c:
                    answers.append(c.post("/extract", json={"text": words(4000)}, headers=AUTH)
                                   .status_code)  # fmt: skip
            except httpx.HTTPError as exc:
                answers.append(type(exc).__name__)

        thread = threading.Thread(target=client, daemon=True)
        thread.start()
        time.sleep(1.0)  # the request is in a worker (loading spaCy, then extracting)
        os.kill(server.pid, signal.SIGTERM)
        started = time.monotonic()
        while _alive(server.pid) and time.monotonic() - started < SHORT + 20:
            time.sleep(0.05)
        assert time.monotonic() - started < SHORT + 10, log.read_text()
        thread.join(timeout=10)
        assert answers and answers[0] in (200, 503, "RemoteProtocolError"), answers
        gone = time.monotonic() + 10
        while any(_alive(w) for w in workers) and time.monotonic() < gone:
            time.sleep(0.1)
        assert not any(_alive(w) for w in workers)
