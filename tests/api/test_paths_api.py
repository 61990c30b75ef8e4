"""GET /paths, /neighbours and /ties: answers, validation and error statuses."""

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.sparql.query import run_query
from ontology import DERIVED_GRAPH, GT, ID_BASE
from tests.support import GDS, MOJHA, MOU_2019, MOU_2022


@pytest.fixture(scope="module")
def client(built_store):
    return TestClient(create_app(Settings(store=built_store)))


def paths(client, **params):
    return client.get("/paths", params={"from": params.pop("source"), **params})


def test_mongolia_to_gds(client, store):
    response = paths(client, source="Mongolian Ministry of Justice and Home Affairs", to="GDS",
                     k=3, max_hops=8)  # fmt: skip
    assert response.status_code == 200
    body = response.json()
    assert body["from"]["iri"] == MOJHA and body["to"]["iri"] == GDS and body["message"] is None
    assert len(body["paths"]) == 3
    assert [p["length"] for p in body["paths"]] == sorted(p["length"] for p in body["paths"])
    first = body["paths"][0]
    nodes = [first["hops"][0]["from"], *(h["to"] for h in first["hops"])]
    assert nodes[1] == MOU_2022 and nodes[-2] == MOU_2019
    for hop in first["hops"]:
        s, p, o = hop["subject"]["iri"], hop["predicate"]["iri"], hop["object"]["iri"]
        query = f"SELECT ?g ?t WHERE {{ GRAPH ?g {{ <{s}> <{p}> <{o}> }} ?g dcterms:title ?t }}"
        expected = {(r["g"].value, r["t"].value) for r in run_query(store, query)}
        assert {(src["iri"], src["title"]) for src in hop["sources"]} == expected
        assert hop["direction"] == ("forward" if s == hop["from"] else "backward")
    assert first["text"].startswith(
        "Ministry of Justice and Home Affairs of Mongolia and Lloyd's Register Foundation"
    )


def test_via_and_exclude_repeat_or_comma(client):
    comma = paths(client, source="MN", to="GB", via="gt:tiedWith,gt:country", k=1).json()
    repeated = client.get("/paths?from=MN&to=GB&via=gt:tiedWith&via=gt:country&k=1").json()
    assert comma["paths"] == repeated["paths"]
    assert [h["predicate"]["curie"] for h in comma["paths"][0]["hops"]] == ["gt:tiedWith"] * 2
    assert all(h["derived"] for h in comma["paths"][0]["hops"])
    default = paths(client, source="GovTech", to="GDS", k=1).json()
    avoided = paths(client, source="GovTech", to="GDS", k=1, exclude=MOU_2019).json()
    assert MOU_2019 in {h["to"] for h in default["paths"][0]["hops"]}
    assert MOU_2019 not in {h["to"] for h in avoided["paths"][0]["hops"]}


def test_as_of(client):
    body = paths(client, source=MOJHA, to=GDS, k=3, max_hops=10, as_of="2020-01-01").json()
    assert body["as_of"] == "2020-01-01"
    assert all(MOU_2022 not in {h["to"] for h in p["hops"]} for p in body["paths"])


@pytest.mark.parametrize(
    ("params", "word"),
    [
        ({"k": 0}, "k"),
        ({"k": 21}, "k"),
        ({"max_hops": 13}, "max_hops"),
        ({"max_hops": 0}, "max_hops"),
        ({"as_of": "2019-02-30"}, "as_of"),
        ({"as_of": "June 2019"}, "as_of"),
        ({"via": "gt:noSuchPredicate"}, "via"),
        ({"exclude": "GDS"}, "exclude"),
    ],
)
def test_bad_parameters_are_422(client, params, word):
    response = paths(client, source="GovTech", to="GDS", **params)
    assert response.status_code == 422
    assert word in response.text


def test_missing_parameter_is_422(client):
    assert client.get("/paths", params={"from": "GDS"}).status_code == 422


def test_unknown_endpoint_is_404_with_candidates(client):
    response = paths(client, source="Prime Minister", to="GDS")
    assert response.status_code == 404
    detail = response.json()
    assert "Prime Minister" in detail["message"]
    assert detail["candidates"]
    assert all("prime minister" in c["label"].lower() for c in detail["candidates"])


def test_no_path_is_200_with_message(client, store):
    # two countries that no source mentions and no derived tie touches
    query = f"ASK {{ GRAPH <{DERIVED_GRAPH}> {{ <{ID_BASE}country/FR> gt:tiedWith ?o }} }}"
    assert not bool(run_query(store, query))
    response = paths(client, source="France", to="DE")
    assert response.status_code == 200
    body = response.json()
    assert body["paths"] == [] and "no path" in body["message"]


def test_neighbours(client):
    body = client.get("/neighbours", params={"of": "GDS", "depth": 1}).json()
    assert body["of"]["iri"] == GDS
    assert {n["depth"] for n in body["nodes"]} == {0, 1}
    predicates = {e["predicate"]["iri"] for e in body["edges"]}
    assert str(GT.party) in predicates and str(GT.tiedWith) not in predicates
    assert all(e["sources"] for e in body["edges"])
    assert client.get("/neighbours", params={"of": "GDS", "depth": 4}).status_code == 422
    capped = client.get("/neighbours", params={"of": "SG", "depth": 3, "limit": 5}).json()
    assert len(capped["nodes"]) == 5 and capped["truncated"]


def test_ties(client, store):
    body = client.get("/ties", params={"country": "SG"}).json()
    tied = run_query(store, f"SELECT ?o WHERE {{ <{ID_BASE}country/SG> gt:tiedWith ?o }}")
    assert {p["iri"] for p in body["partners"]} == {r["o"].value for r in tied}
    for partner in body["partners"]:
        for agreement in partner["agreements"]:
            assert agreement["parties"] and agreement["sources"]
    assert client.get("/ties", params={"country": "Singapore"}).json() == body
    assert client.get("/ties", params={"country": "GDS"}).status_code == 404  # not a country
    assert client.get("/ties", params={"country": "SG", "as_of": "x"}).status_code == 422
