"""The outbound guard asks the engine first: a word in a comment costs no second parse.

A 1 MB VALUES query answered in 1.9 s, but timed out once it carried `# from`,
because every text with the letters FROM or SERVICE went through rdflib's
pyparsing grammar as well. The refusals themselves are in
tests/api/test_sparql_safety.py; these tests pin the cheap path.
"""

from unittest import mock

import pytest

from graph.sparql import guard
from ontology import PREFIXES

VALUES = " ".join(f'"v{i}"' for i in range(100_000))  # ~1 MB
BIG = f"SELECT ?x WHERE {{ VALUES ?x {{ {VALUES} }} }} # from, not a keyword"
HARMLESS = [
    BIG,
    "# SERVICE <http://evil.example/>\nASK { ?s ?p ?o }",
    'ASK { ?s rdfs:label "SERVICE <http://evil.example/> FROM" }',
    "ASK { <http://example.org/service/from> ?p ?o }",
    "SELECT ?service ?from WHERE { ?service ?load ?from } LIMIT 1",
    "SELECT * WHERE { ?s gt:fromDate ?d }",
]


@pytest.fixture
def no_rdflib():
    with (
        mock.patch.object(guard, "parseQuery", side_effect=AssertionError("parsed by rdflib")),
        mock.patch.object(guard, "parseUpdate", side_effect=AssertionError("parsed by rdflib")),
    ):
        yield


@pytest.mark.parametrize("text", HARMLESS, ids=lambda t: t[:40])
def test_words_that_are_not_keywords_skip_the_second_parser(no_rdflib, text):
    assert guard.check_query(text, [], PREFIXES) == ([], [])


def test_update_words_that_are_not_keywords_skip_the_second_parser(no_rdflib):
    guard.check_update(
        'INSERT DATA { GRAPH <urn:g> { <urn:a> rdfs:comment "LOAD <http://x/>" } } # service',
        PREFIXES,
    )


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { SERVICE <http://evil.example/> { ?s ?p ?o } }",
        "SELECT * WHERE {SERVICE:x{}}",  # the engine reads the keyword, then the name :x
        "PREFIX service: <http://evil.example/>\nSELECT * { SERVICE service:x { } }",
        "SELECT * WHERE { ?s ?p 1SERVICE <http://evil.example/> { ?s ?p ?o } }",
    ],
)
def test_keywords_still_reach_the_grammar_and_are_refused(text):
    with pytest.raises(guard.Refused, match="SERVICE"):
        guard.check_query(text, [], PREFIXES)


def test_from_graphs_are_still_read():
    text = "PREFIX g: <urn:g:>\nSELECT * FROM g:a FROM NAMED <urn:g:b> WHERE { ?s ?p ?o }"
    assert guard.check_query(text, ["urn:g:a", "urn:g:b"], PREFIXES) == (["urn:g:a"], ["urn:g:b"])


def test_relative_from_resolves_against_the_base():
    text = "SELECT * FROM <a> WHERE { ?s ?p ?o }"
    got = guard.check_query(text, ["http://h.example/a"], PREFIXES, "http://h.example/sparql")
    assert got == (["http://h.example/a"], [])


def test_a_real_from_costs_a_parse_of_the_head_only():
    """FROM stands before the WHERE clause: the VALUES bulk after it is not re-parsed."""
    parsed = []
    real = guard.parseQuery

    def recording(text):
        parsed.append(len(text))
        return real(text)

    text = BIG.replace("SELECT ?x WHERE", "SELECT ?x FROM <urn:g:a> WHERE")
    with mock.patch.object(guard, "parseQuery", side_effect=recording):
        assert guard.check_query(text, ["urn:g:a"], PREFIXES) == (["urn:g:a"], [])
    assert parsed and max(parsed) < 100


@pytest.mark.parametrize(
    "text",
    [
        "CONSTRUCT { ?s <urn:from> ?from } FROM <urn:g:a> FROM NAMED <urn:g:b> WHERE { ?s ?p ?o }",
        "SELECT (EXISTS { ?s ?p ?from } AS ?e) FROM <urn:g:a> FROM NAMED <urn:g:b> { }",
        "PREFIX g: <urn:g:> # FROM <urn:g:c>\nASK FROM g:a FROM NAMED g:b { ?s ?p 'FROM' }",
    ],
)
def test_the_head_gives_the_dataset(text):
    assert guard.check_query(text, ["urn:g:a", "urn:g:b"], PREFIXES) == (["urn:g:a"], ["urn:g:b"])
