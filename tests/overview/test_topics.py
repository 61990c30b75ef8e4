"""The topic scheme as the map and timeline filter by it, on a small store: a topic covers
everything below it through any chain of skos:broader (a concept under two broader ones
counts under both), the list is in tree order with depths, and a name that is no topic is
refused with the known ones."""

import pyoxigraph as ox
import pytest

from graph.errors import BadInput
from graph.overview.topics import TOPIC_BASE, topic_scheme
from ontology import TOPICS_SCHEME

SKOS = "http://www.w3.org/2004/02/skos/core#"


def concept(store: ox.Store, slug: str, label: str, *broader: str) -> None:
    node = ox.NamedNode(TOPIC_BASE + slug)
    store.add(ox.Quad(node, ox.NamedNode(SKOS + "inScheme"), ox.NamedNode(str(TOPICS_SCHEME))))
    store.add(ox.Quad(node, ox.NamedNode(SKOS + "prefLabel"), ox.Literal(label, language="en")))
    for parent in broader:
        store.add(ox.Quad(node, ox.NamedNode(SKOS + "broader"), ox.NamedNode(TOPIC_BASE + parent)))


@pytest.fixture
def scheme():
    store = ox.Store()
    concept(store, "government", "Government")
    concept(store, "data", "Data")
    concept(store, "identity", "Identity", "government")
    concept(store, "registries", "Registries", "identity", "data")  # two broader concepts
    concept(store, "elsewhere", "Elsewhere", "not-in-the-scheme")
    return topic_scheme(store)


def slugs(iris) -> set[str]:
    return {iri.removeprefix(TOPIC_BASE) for iri in iris}


def test_a_topic_covers_everything_below_it_through_any_broader(scheme):
    covers = {slug: slugs(scheme.covers[TOPIC_BASE + slug]) for slug in ("government", "data")}
    assert covers["government"] == {"government", "identity", "registries"}
    assert covers["data"] == {"data", "registries"}
    assert slugs(scheme.covers[TOPIC_BASE + "registries"]) == {"registries"}


def test_the_list_is_in_tree_order_with_depths(scheme):
    listed = [(t.iri.removeprefix(TOPIC_BASE), t.depth) for t in scheme.topics]
    # a broader concept outside the scheme makes a top one; a concept under two sits under
    # the first by IRI (data), yet counts under both (above)
    assert listed == [
        ("data", 0), ("registries", 1), ("elsewhere", 0), ("government", 0), ("identity", 1)
    ]  # fmt: skip


def test_a_topic_is_found_by_slug_or_iri_and_anything_else_refused(scheme):
    assert (
        scheme.find("identity") == scheme.find(TOPIC_BASE + "identity") == TOPIC_BASE + "identity"
    )
    with pytest.raises(BadInput, match=r"'blockchain' is not a topic.*government"):
        scheme.find("blockchain")
