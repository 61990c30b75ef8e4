"""Resolving names to entities: IRIs, ISO codes, labels, aliases, loose matches, and errors."""

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.build.pipeline import build
from graph.errors import Ambiguous, NotFound
from graph.network.projection import project
from graph.network.resolve import (
    close_candidates,
    curie,
    expand_term,
    resolve,
)
from graph.sparql.query import run_query
from graph.store.versions import open_store
from ontology import ID_BASE
from tests.support import GDS

# A made-up second organisation also called "GDS": an alias clash only a tmp data dir has.
CLASH = """\
source:
  id: alias-clash
  title: A test record naming a second GDS
  publisher: govties tests
  issued: 2024-01-01
organizations:
  - id: example-data-service
    label: Example Government Data Service
    alt: [GDS]
    type: GovernmentBody
    country: GH
"""


@pytest.fixture(scope="module")
def clash_store(tmp_path_factory, data_dir) -> Path:
    """A store built from data/ plus one record giving another organisation the alias GDS."""
    data = tmp_path_factory.mktemp("clash") / "data"
    shutil.copytree(data_dir, data)
    (data / "records" / "alias-clash.yaml").write_text(CLASH, encoding="utf-8")
    store = data.parent / "store"
    build(data, store)
    return store


def labelled(store, label: str) -> str:
    """The IRI with this rdfs:label, found by SPARQL (independent of the resolver)."""
    rows = list(run_query(store, f'SELECT ?e WHERE {{ ?e rdfs:label "{label}"@en }}'))
    assert len(rows) == 1
    return rows[0]["e"].value


def test_iri_and_short_form(graph):
    assert resolve(graph, GDS) == GDS
    assert resolve(graph, "org/gds") == GDS


def test_iso_code_any_case(graph):
    assert resolve(graph, "SG") == f"{ID_BASE}country/SG"
    assert resolve(graph, "mn") == f"{ID_BASE}country/MN"


def test_exact_label_and_alias(graph, store):
    ministry = labelled(store, "Ministry of Justice and Home Affairs of Mongolia")
    assert resolve(graph, "Ministry of Justice and Home Affairs of Mongolia") == ministry
    assert resolve(graph, "Mongolian Ministry of Justice and Home Affairs") == ministry
    assert resolve(graph, "GovTech") == labelled(store, "Government Technology Agency")


def test_case_and_whitespace_insensitive(graph):
    assert resolve(graph, "  government   DIGITAL\tservice ") == GDS
    assert resolve(graph, "gds") == GDS


def test_partial_names_only_suggest(graph, store):
    with pytest.raises(NotFound) as caught:
        resolve(graph, "Prime Minister", "from")
    error = caught.value
    assert "from" in error.message and "Prime Minister" in error.message
    visit = labelled(store, "Visit of the Prime Minister of Mongolia to NUS")
    assert visit in [c.iri for c in error.candidates]
    assert all(c.label == graph.nodes[c.iri]["label"] for c in error.candidates)


def test_typo_gets_close_candidates(graph):
    assert f"{ID_BASE}country/SG" in [c.iri for c in close_candidates(graph, "Singapor")]
    with pytest.raises(NotFound):
        resolve(graph, "Singapor")


def test_empty_name_is_unknown(graph):
    with pytest.raises(NotFound):
        resolve(graph, "   ")


def test_accept_narrows(graph):
    countries_only = lambda iri: graph.nodes[iri]["kind"] == "country"  # noqa: E731
    assert resolve(graph, "Singapore", accept=countries_only) == f"{ID_BASE}country/SG"
    with pytest.raises(NotFound):
        resolve(graph, "GDS", accept=countries_only)


def test_shared_alias_is_ambiguous(clash_store):
    graph = project(open_store(clash_store)[0])
    with pytest.raises(Ambiguous) as caught:
        resolve(graph, "GDS", "to")
    iris = sorted(c.iri for c in caught.value.candidates)
    assert iris == sorted([GDS, f"{ID_BASE}org/example-data-service"])
    # a label still picks one: the label step comes before the alias step
    assert resolve(graph, "Government Digital Service") == GDS


def test_api_ambiguous_name_is_422(clash_store):
    client = TestClient(create_app(Settings(store=clash_store)))
    response = client.get("/paths", params={"from": "GovTech", "to": "GDS"})
    assert response.status_code == 422
    detail = response.json()
    assert "GDS" in detail["message"]
    assert {c["iri"] for c in detail["candidates"]} == {
        GDS,
        f"{ID_BASE}org/example-data-service",
    }


def test_terms():
    assert expand_term("gt:party") == "https://w3id.org/govties/ontology#party"
    assert expand_term("http://www.w3.org/ns/org#memberOf") == "http://www.w3.org/ns/org#memberOf"
    assert expand_term("GovTech") is None
    assert expand_term("nope:thing") is None
    assert curie("https://w3id.org/govties/ontology#party") == "gt:party"
