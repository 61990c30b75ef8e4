"""Several default graphs are their RDF merge, a set (issue #17, 2): a triple two sources
state counts once, and a graph named twice counts once."""

import json

import pytest

from graph.sparql.formats import Form
from graph.sparql.service import answer_query
from graph.store.versions import live_version
from tests.support import MOU_2019

BT = "https://w3id.org/govties/id/source/business-times-sg-uk-2019"
SIN = "https://w3id.org/govties/id/source/sin-sg-gds-govtech-2019"
CHOICE = {Form.RESULTS: "application/sparql-results+json", Form.GRAPH: "text/turtle"}
PARTIES = f"SELECT ?p WHERE {{ <{MOU_2019}> gt:party ?p }}"


def rows(built_store, text, default=(), named=()):
    version = str(live_version(built_store))
    answer = answer_query(version, text, list(default), list(named), CHOICE, 10_000)
    return json.loads(answer.body)["results"]["bindings"]


@pytest.mark.parametrize(
    ("text", "default"),
    [
        (PARTIES, [BT, SIN]),  # default-graph-uri twice
        (PARTIES, [BT, BT, BT]),  # the same graph named three times
        (f"SELECT ?p FROM <{BT}> FROM <{SIN}> WHERE {{ <{MOU_2019}> gt:party ?p }}", []),
    ],
)
def test_the_default_graph_is_the_merge(built_store, text, default):
    parties = [r["p"]["value"] for r in rows(built_store, text, default)]
    assert len(parties) == len(set(parties)) == 2


def test_named_graphs_stay_apart_beside_a_merged_default(built_store):
    text = f"SELECT ?g WHERE {{ GRAPH ?g {{ <{MOU_2019}> gt:party ?p }} }}"
    found = rows(built_store, text, [BT, SIN], [SIN])
    assert {r["g"]["value"] for r in found} == {SIN}
    assert len(found) == 2  # SIN names both parties, once each


def test_one_graph_is_unchanged(built_store):
    assert len(rows(built_store, PARTIES, [BT])) == 2
