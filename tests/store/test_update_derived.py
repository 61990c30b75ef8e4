"""After an update the derived graph is what a build would derive from the same facts
(issue #17, 3): gt:tiedWith between the countries of an agreement's parties, superclass
types. The oracle is the build's own rule (graph.build.derived_graph) over the store."""

import pyoxigraph as ox

from graph.sparql import update
from graph.sparql.derived import TIED
from graph.store.versions import live_version, read_manifest
from tests.store.test_update_cost import derived_by_build, derived_of

ID = "https://w3id.org/govties/id/"
GT = "https://w3id.org/govties/ontology#"
SOURCE = f"{ID}source/business-times-sg-uk-2019"
NEW, KE = f"{ID}agreement/new", f"{ID}country/KE"


def _an_agreement(store: ox.Store) -> tuple[str, str]:
    """An agreement stated in SOURCE with two parties, and one of its parties."""
    rows = store.query(
        f"SELECT ?a ?o WHERE {{ GRAPH <{SOURCE}> {{ ?a <{GT}party> ?o, ?other }} "
        "FILTER(?o != ?other) } ORDER BY ?a ?o LIMIT 1"
    )
    row = next(iter(rows))
    return row["a"].value, row["o"].value


def test_the_seed_store_derives_what_the_oracle_says(built_store):
    store = ox.Store.read_only(str(live_version(built_store)))
    assert derived_of(store) == derived_by_build(store) and any(
        TIED.value in t for t in derived_of(store)
    )


def test_updates_that_move_parties_countries_and_types_keep_the_derived_graph_right(fresh):
    base = ox.Store.read_only(str(live_version(fresh)))
    agreement, party = _an_agreement(base)
    steps = [
        f"DELETE WHERE {{ GRAPH ?g {{ <{agreement}> <{GT}party> <{party}> }} }}",
        f"INSERT DATA {{ GRAPH <{SOURCE}> {{ <{agreement}> <{GT}party> <{party}> }} }}",
        f"INSERT DATA {{ GRAPH <{SOURCE}> {{ <{party}> <{GT}country> <{ID}country/MN> }} }}",
        f"DELETE WHERE {{ GRAPH ?g {{ <{party}> <{GT}country> ?c }} }}",
        f"INSERT DATA {{ GRAPH <{SOURCE}> {{ <{NEW}> a <{GT}MemorandumOfUnderstanding> ; "
        f"<{GT}party> <{party}>, <{ID}org/new> . <{ID}org/new> <{GT}country> <{KE}> }} }}",
        f"DELETE WHERE {{ GRAPH ?g {{ <{NEW}> a ?t }} }}",
        f"DROP GRAPH <{SOURCE}>",
    ]
    for text in steps:
        update.apply_update(str(fresh), text)
        version = live_version(fresh)
        store = ox.Store.read_only(str(version))
        assert derived_of(store) == derived_by_build(store), text
        assert read_manifest(version)["quads"] == len(store), text
        union = {q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
        named = {q.triple for q in store if q.graph_name != ox.DefaultGraph()}
        assert union == named, text
