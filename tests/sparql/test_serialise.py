"""SELECT answers written by pyoxigraph with their rows counted on the way (issue #18):
the same answers as the Python writer they replace, and the row cap exactly where it was."""

import json
from collections.abc import Callable

import pyoxigraph as ox
import pytest

from graph.errors import TooLarge
from graph.sparql.formats import BY_MEDIA_TYPE, JSON_ROWS, RESULTS
from graph.sparql.service import RowCounter, serialize_solutions, written_in_python

EX = "http://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
MEDIA = [f.media_type for f in RESULTS]
JSON = "application/sparql-results+json"
P, Q = ox.NamedNode(EX + "p"), ox.NamedNode(EX + "q")
# Values that hold what marks a row in some format, or that a writer must escape.
VALUES = [
    ox.Literal("plain"),
    ox.Literal('say "hi"'),
    ox.Literal("line\nbreak\r\nand\ttab"),
    ox.Literal("back\\slash \\u0041"),
    ox.Literal("ünïcödé 🌍 中文 \u202e"),
    ox.Literal(""),
    ox.Literal("{}"),
    ox.Literal('json {"a":{}} and {}'),
    ox.Literal('a,{"x":{"type":"uri","value":"y"}},{"'),
    ox.Literal("ends in ,{"),
    ox.Literal("ends in [{"),
    ox.Literal("<result></result><result>"),
    ox.Literal('x,y\r\n"z"'),
    ox.Literal("chat", language="fr"),
    ox.Literal("colour", language="en-GB"),
    ox.Literal("1", datatype=ox.NamedNode(XSD + "integer")),
    ox.Literal("2015-06-01", datatype=ox.NamedNode(XSD + "date")),
    ox.Literal("odd", datatype=ox.NamedNode(EX + "type")),
    ox.NamedNode(EX + "ü/é?q=1#frag"),
    ox.BlankNode("b1"),
    ox.Triple(ox.NamedNode(EX + "s"), P, ox.Literal('quoted "star"\n', language="en")),
]


@pytest.fixture(scope="module")
def store() -> ox.Store:
    held = ox.Store()
    for i, value in enumerate(VALUES):
        held.add(ox.Quad(ox.NamedNode(f"{EX}s{i}"), P, value))
    held.add(ox.Quad(ox.NamedNode(EX + "s0"), Q, ox.BlankNode("b2")))
    for i in range(3000):  # an answer of several writes (pyoxigraph writes 8 KB at a time)
        held.add(ox.Quad(ox.NamedNode(f"{EX}many/{i}"), Q, ox.Literal(f"row {i} " + "x" * 20)))
    return held


def run(store: ox.Store, text: str) -> Callable[[], ox.QuerySolutions]:
    def again() -> ox.QuerySolutions:
        result = store.query(text)
        assert isinstance(result, ox.QuerySolutions)
        return result

    return again


def both(store: ox.Store, text: str, media: str, cap: int) -> tuple[bytes, bytes]:
    """The answer as served now and as the previous (Python) writer wrote it."""
    query = run(store, text)
    return serialize_solutions(query(), media, cap, query), written_in_python(query(), media, cap)


def parsed(body: bytes, media: str) -> object:
    engine = BY_MEDIA_TYPE[media].engine
    if engine == ox.QueryResultsFormat.CSV:  # no parser for CSV: compared as bytes
        return body
    result = ox.parse_query_results(body, format=engine)
    assert isinstance(result, ox.QuerySolutions)
    return [v.value for v in result.variables], [tuple(sol) for sol in result]


TRICKY = f"""SELECT ?s ?o ?b ?unbound WHERE {{
  ?s <{EX}p> ?o OPTIONAL {{ ?s <{EX}q> ?b }} OPTIONAL {{ ?s <{EX}nothing> ?unbound }}
}} ORDER BY ?s"""


@pytest.mark.parametrize("media", MEDIA)
def test_every_kind_of_term_comes_out_as_before(store, media):
    new, old = both(store, TRICKY, media, 10_000)
    assert parsed(new, media) == parsed(old, media)


def test_json_is_the_same_document(store):
    new, old = both(store, TRICKY, JSON, 10_000)
    assert json.loads(new) == json.loads(old)
    assert len(json.loads(new)["results"]["bindings"]) == len(VALUES)
    terms = [row["o"] for row in json.loads(new)["results"]["bindings"]]
    assert {"type": "literal", "value": "chat", "xml:lang": "fr"} in terms
    assert {"type": "bnode", "value": "b1"} in terms
    assert any(t["type"] == "triple" for t in terms)
    assert all("unbound" not in row for row in json.loads(new)["results"]["bindings"])


MANY = f"SELECT ?s ?o WHERE {{ ?s <{EX}q> ?o FILTER(isLiteral(?o)) }}"
EMPTY_ROWS = "SELECT ?x WHERE { VALUES ?y { 1 2 3 } }"
DOUBTFUL = f'SELECT ?o WHERE {{ ?s <{EX}p> ?o FILTER(CONTAINS(STR(?o), ",{{")) }}'


@pytest.mark.parametrize("media", MEDIA)
@pytest.mark.parametrize(
    ("text", "rows"), [(TRICKY, len(VALUES)), (MANY, 3000), (EMPTY_ROWS, 3), (DOUBTFUL, 2)]
)
def test_the_cap_holds_at_exactly_max_results(store, media, text, rows):
    new, old = both(store, text, media, rows)
    assert parsed(new, media) == parsed(old, media)
    for writer in (serialize_solutions, written_in_python):
        query = run(store, text)
        args = (query(), media, rows - 1) + ((query,) if writer is serialize_solutions else ())
        with pytest.raises(TooLarge, match=f"more than {rows - 1} rows, this endpoint's limit"):
            writer(*args)


class Counted:
    """A query that can be run again, saying how often it was."""

    def __init__(self, store: ox.Store, text: str) -> None:
        self.query, self.runs = run(store, text), 0

    def __call__(self) -> ox.QuerySolutions:
        self.runs += 1
        return self.query()


@pytest.mark.parametrize("media", [m for m in MEDIA if m != "text/csv"])
def test_a_clear_overflow_is_refused_without_running_again(store, media):
    again = Counted(store, MANY)
    with pytest.raises(TooLarge):
        serialize_solutions(again.query(), media, 2999, again)
    assert again.runs == 0


def test_a_literal_that_looks_like_rows_is_counted_exactly_in_python(store):
    # DOUBTFUL's two literals hold ",{" three times, which may begin JSON rows.
    again = Counted(store, DOUBTFUL)
    body = serialize_solutions(again.query(), JSON, 2, again)
    assert again.runs == 1
    assert len(json.loads(body)["results"]["bindings"]) == 2


@pytest.mark.parametrize("size", [1, 2, 3, 7, 8, 9, 100, 8192])
@pytest.mark.parametrize("media", MEDIA)
def test_marks_split_between_writes_are_counted_once(store, media, size):
    fmt = BY_MEDIA_TYPE[media]
    body = run(store, TRICKY)().serialize(format=fmt.engine)
    whole, pieces = RowCounter(fmt.rows, 10**9), RowCounter(fmt.rows, 10**9)
    whole.write(body)
    for start in range(0, len(body), size):
        pieces.write(body[start : start + size])
    assert pieces.rows == whole.rows >= len(VALUES)
    assert b"".join(pieces.parts) == body


def test_json_rows_are_counted_from_above_and_below(store):
    body = run(store, TRICKY)().serialize(format=ox.QueryResultsFormat.JSON)
    counter = RowCounter(JSON_ROWS, 10**9)
    counter.write(body)
    # `,{` twice in one literal and once in the literal ending in ",{"
    assert counter.rows == len(VALUES) + 3
    assert JSON_ROWS.lower(body, counter.rows) == len(VALUES)  # every row of TRICKY binds ?s
