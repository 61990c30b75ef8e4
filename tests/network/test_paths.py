"""Path queries on the seed graph: the Mongolia -> GDS example hop by hop, k paths,
filters, as_of, no path, ego networks and country ties, checked against SPARQL."""

from datetime import date
from itertools import islice, pairwise

import networkx as nx
import pytest

from graph.dates import period_end
from graph.errors import BadInput
from graph.network.answers import neighbours_query, path_query, ties_query
from graph.network.filters import Filters, best_date, existed, make_filters
from graph.network.projection import MEMBER_OF, project
from graph.network.resolve import resolve
from graph.network.search import HOP, cost_of, find_paths, search_graph
from graph.network.sentences import render_path, sentences
from graph.sparql.query import run_query
from graph.store.versions import open_store
from ontology import DERIVED_GRAPH, GT, ID_BASE, ORG
from tests.support import GDS, GOVTECH, MOJHA, MOU_2019, MOU_2022, SG

PARTY, COUNTRY, TIED = str(GT.party), str(GT.country), str(GT.tiedWith)


def stated_by(store, s: str, p: str, o: str) -> set[str]:
    """The source graphs that hold a triple, by SPARQL (the derived graph is no source)."""
    query = f"SELECT ?g WHERE {{ GRAPH ?g {{ <{s}> <{p}> <{o}> }} }}"
    return {row["g"].value for row in run_query(store, query)} - {str(DERIVED_GRAPH)}


def test_mongolia_ministry_to_gds_hop_by_hop(graph, store):
    """The issue's example: MoJHA - 2022 MoU - IPUR - NUS - Singapore - GovTech - 2019 MoU - GDS."""
    ipur, nus = f"{ID_BASE}org/ipur", f"{ID_BASE}org/nus"
    expected = [  # (subject, predicate, object, direction)
        (MOU_2022, PARTY, MOJHA, "backward"),
        (MOU_2022, PARTY, ipur, "forward"),
        (ipur, str(ORG.subOrganizationOf), nus, "forward"),
        (nus, COUNTRY, SG, "forward"),
        (GOVTECH, COUNTRY, SG, "backward"),
        (MOU_2019, PARTY, GOVTECH, "backward"),
        (MOU_2019, PARTY, GDS, "forward"),
    ]
    source = resolve(graph, "Mongolian Ministry of Justice and Home Affairs")
    [path] = find_paths(graph, source, resolve(graph, "GDS"), k=1, max_hops=8)
    assert [(h.subject, h.predicate, h.object, h.direction) for h in path.hops] == expected
    assert path.nodes[0] == MOJHA and path.nodes[-1] == GDS
    for hop in path.hops:
        sources = stated_by(store, hop.subject, hop.predicate, hop.object)
        assert sources and set(hop.sources) == sources
    # the 2019 MoU is told by two sources; both are cited on its party hops
    assert len(path.hops[-1].sources) == 2


def test_path_query_json_and_text(graph, store):
    answer = path_query(
        graph,
        "Mongolian Ministry of Justice and Home Affairs",
        "GDS",
        k=1,
        max_hops=8,
        render=render_path,
    )
    assert answer["from"]["iri"] == MOJHA and answer["message"] is None
    [path] = answer["paths"]
    first = path["hops"][0]
    assert first["predicate"] == {"iri": PARTY, "curie": "gt:party", "label": "party"}
    assert first["subject"]["iri"] == MOU_2022 and first["object"]["iri"] == MOJHA
    assert first["subject"]["class"] == str(GT.MemorandumOfUnderstanding)
    assert (first["from"], first["to"], first["direction"]) == (MOJHA, MOU_2022, "backward")
    query = "SELECT ?s ?t WHERE { ?s a gt:SourceDocument ; dcterms:title ?t }"
    titles = {row["s"].value: row["t"].value for row in run_query(store, query)}
    for hop in path["hops"]:
        assert all(s["title"] == titles[s["iri"]] for s in hop["sources"])
    text = path["text"]
    assert "are parties to" in text and "(signed 2022-07-08)" in text
    assert text.index(graph.nodes[MOU_2022]["label"]) < text.index(graph.nodes[MOU_2019]["label"])
    assert all(
        title in text for hop in path["hops"] for title in (s["title"] for s in hop["sources"])
    )


def test_k_paths_distinct_nondecreasing(graph):
    paths = find_paths(graph, MOJHA, GDS, k=5, max_hops=8)
    assert len(paths) == 5
    assert len({p.nodes for p in paths}) == 5
    ranks = [(p.length, p.cost) for p in paths]
    assert ranks == sorted(ranks)
    assert paths[0] == find_paths(graph, MOJHA, GDS, k=1, max_hops=8)[0]
    for path in paths:
        assert len(set(path.nodes)) == len(path.nodes)  # simple
        assert all(
            h.from_node == a and h.to_node == b
            for h, (a, b) in zip(path.hops, pairwise(path.nodes), strict=True)
        )


def test_k_paths_are_the_best_by_brute_force(graph):
    """Yen's k best equal the k best (length, cost) over all simple paths, found exhaustively."""
    k, cutoff = 6, 7
    search = search_graph(graph)
    allowed = nx.subgraph_view(
        search,
        filter_edge=lambda u, v: any(st[0] != TIED for st in search.edges[u, v]["statements"]),
    )

    def cost(nodes):
        return sum(
            min(cost_of(p) for p, _, _ in search.edges[a, b]["statements"] if p != TIED)
            for a, b in pairwise(nodes)
        )

    every = sorted((len(n) - 1, cost(n)) for n in nx.all_simple_paths(allowed, MOJHA, GDS, cutoff))
    found = find_paths(graph, MOJHA, GDS, k=k, max_hops=cutoff)
    assert [(p.length, p.cost) for p in found] == every[:k]


def test_max_hops_bounds_paths(graph):
    assert find_paths(graph, MOJHA, GDS, k=3, max_hops=6) == []
    assert all(p.length <= 7 for p in find_paths(graph, MOJHA, GDS, k=20, max_hops=7))


def test_ties_are_deterministic_across_projections(store, graph):
    again = project(store)
    for k in (1, 5):
        assert [p.nodes for p in find_paths(again, MOJHA, GDS, k, 8)] == [
            p.nodes for p in find_paths(graph, MOJHA, GDS, k, 8)
        ]


def test_tied_with_only_via(graph):
    default = find_paths(graph, MOJHA, GDS, k=3, max_hops=8)
    assert all(h.predicate != TIED for p in default for h in p.hops)
    shortcut = find_paths(
        graph,
        MOJHA,
        GDS,
        k=1,
        max_hops=8,
        filters=make_filters(graph, via=["gt:country,gt:tiedWith"]),
    )
    [path] = shortcut
    assert {h.predicate for h in path.hops} == {COUNTRY, TIED}
    assert path.length < default[0].length
    assert all(h.sources == () for h in path.hops if h.predicate == TIED)  # derived, no source


def test_via_class_limits_intermediates(graph):
    [default] = find_paths(graph, GDS, GOVTECH)
    assert default.nodes[1] == MOU_2019
    events = make_filters(graph, via=["gt:Event"])
    paths = find_paths(graph, GDS, GOVTECH, k=3, filters=events)
    assert paths and paths[0].nodes != default.nodes
    for path in paths:
        assert all(str(GT.Event) in graph.nodes[n]["classes"] for n in path.nodes[1:-1])


def test_exclude_node_and_predicate(graph):
    without_mou = find_paths(
        graph, GDS, GOVTECH, k=5, filters=make_filters(graph, exclude=[MOU_2019])
    )
    assert without_mou and all(MOU_2019 not in p.nodes for p in without_mou)
    no_party = find_paths(
        graph, MOJHA, GDS, k=3, max_hops=8, filters=make_filters(graph, exclude=["gt:party"])
    )
    assert no_party and all(h.predicate != PARTY for p in no_party for h in p.hops)
    assert make_filters(graph, exclude=["GovTech-GDS MoU"]).exclude_nodes == {MOU_2019}


def test_bad_filters(graph):
    with pytest.raises(BadInput, match="via"):
        make_filters(graph, via=["gt:noSuchThing"])
    with pytest.raises(BadInput, match="endpoint"):
        path_query(graph, "GDS", "GovTech", exclude=["GDS"], render=render_path)
    with pytest.raises(BadInput, match="same"):
        find_paths(graph, GDS, GDS)
    with pytest.raises(BadInput, match="as_of"):
        make_filters(graph, as_of="2019-13-01")
    with pytest.raises(BadInput, match="k must"):
        path_query(graph, "GDS", "GovTech", k=21, render=render_path)


def test_dates_most_precise_and_conservative(graph):
    mou = graph.nodes[MOU_2019]
    assert set(mou["dates"][str(GT.signedOn)]) == {"2019-06", "2019-06-13"}  # two sources
    assert best_date(mou) == "2019-06-13"
    assert existed(mou, date(2019, 6, 13)) and not existed(mou, date(2019, 6, 12))
    month = {"dates": {str(GT.signedOn): ["2019-06"]}}
    assert not existed(month, date(2019, 6, 29)) and existed(month, date(2019, 6, 30))
    assert period_end("2020") == date(2020, 12, 31) and period_end("2020-02") == date(2020, 2, 29)
    assert existed({"dates": {}}, date(1900, 1, 1))  # undated: kept


def test_as_of_2020_excludes_the_2022_mou(graph):
    before = find_paths(
        graph, MOJHA, GDS, k=3, max_hops=10, filters=Filters(as_of=date(2020, 1, 1))
    )
    assert before and before[0].nodes != find_paths(graph, MOJHA, GDS, max_hops=8)[0].nodes
    for path in before:
        assert MOU_2022 not in path.nodes
        assert all(existed(graph.nodes[n], date(2020, 1, 1)) for n in path.nodes)


def test_as_of_before_june_2019_excludes_the_2019_mou(graph):
    paths = find_paths(graph, GOVTECH, GDS, k=5, filters=Filters(as_of=date(2019, 6, 1)))
    assert paths and all(MOU_2019 not in p.nodes for p in paths)
    assert (
        MOU_2019
        in find_paths(graph, GOVTECH, GDS, filters=Filters(as_of=date(2019, 7, 1)))[0].nodes
    )


def test_as_of_endpoint_not_yet_signed(graph):
    answer = path_query(graph, MOU_2022, "GDS", as_of="2020-01-01", render=render_path)
    assert answer["paths"] == [] and "2022-07-08" in answer["message"]


def test_no_path_between_isolated_countries(graph, store):
    for code in ("FR", "DE"):  # no statement in any source mentions them
        query = f"""SELECT * WHERE {{ GRAPH ?g {{ ?s ?p <{ID_BASE}country/{code}> }}
                    FILTER(?g != <{DERIVED_GRAPH}>) }}"""
        assert not list(run_query(store, query))
    answer = path_query(graph, "FR", "Germany", k=3, render=render_path)
    assert answer["paths"] == []
    assert "no path" in answer["message"] and "France" in answer["message"]


def test_member_of_reads_with_title(graph, store):
    person = f"{ID_BASE}person/kok-ping-soon"
    [path] = find_paths(graph, person, GOVTECH)
    assert [h.predicate for h in path.hops] == [MEMBER_OF]
    query = f"""SELECT ?t WHERE {{
      ?m org:member <{person}> ; org:organization <{GOVTECH}> ; gt:title ?t }}"""
    [title] = [row["t"].value for row in run_query(store, query)]
    [sentence] = sentences(graph, path)
    assert sentence.startswith(
        f"Kok Ping Soon is {title} of Government Technology Agency [source: "
    )


def test_weights_rank_length_first():
    assert max(cost_of(p) for p in (PARTY, COUNTRY, TIED)) * 12 < HOP


def test_neighbours_match_sparql(graph, store):
    answer = neighbours_query(graph, "GDS", depth=1)
    query = f"""SELECT DISTINCT ?x WHERE {{
      {{ <{GDS}> ?p ?x }} UNION {{ ?x ?p <{GDS}> }} UNION
      {{ ?m org:member ?x ; org:organization <{GDS}> }}
      FILTER(isIRI(?x) && !CONTAINS(STR(?x), "#") && STRSTARTS(STR(?x), "{ID_BASE}")
             && !STRSTARTS(STR(?x), "{ID_BASE}source/") && !STRSTARTS(STR(?x), "{ID_BASE}topic/"))
      FILTER(!BOUND(?p) || ?p != gt:tiedWith)
    }}"""
    expected = {row["x"].value for row in run_query(store, query)}
    nodes = {n["iri"]: n["depth"] for n in answer["nodes"]}
    assert nodes.pop(GDS) == 0
    assert set(nodes) == expected and set(nodes.values()) == {1}
    for edge in answer["edges"]:
        assert {edge["subject"]["iri"], edge["object"]["iri"]} <= set(nodes) | {GDS}
    deeper = neighbours_query(graph, "GDS", depth=2)
    assert set(nodes) < {n["iri"] for n in deeper["nodes"]}
    capped = neighbours_query(graph, "GDS", depth=3, limit=4)
    assert len(capped["nodes"]) == 4 and capped["truncated"]


def test_ties_match_sparql(graph, store):
    query = f"""SELECT DISTINCT ?partner ?a WHERE {{
      ?a gt:party|gt:facilitator ?x . ?x org:subOrganizationOf*/gt:country <{SG}> .
      ?a gt:party|gt:facilitator ?y . ?y org:subOrganizationOf*/gt:country ?partner .
      FILTER(?partner != <{SG}>)
    }}"""
    expected = {(r["partner"].value, r["a"].value) for r in run_query(store, query)}
    answer = ties_query(graph, "SG")
    found = {(p["iri"], a["iri"]) for p in answer["partners"] for a in p["agreements"]}
    assert found == expected
    tied = {r["o"].value for r in run_query(store, f"SELECT ?o WHERE {{ <{SG}> gt:tiedWith ?o }}")}
    assert {p["iri"] for p in answer["partners"]} == tied
    gb = next(p for p in answer["partners"] if p["iri"].endswith("/GB"))
    [mou] = gb["agreements"]
    assert mou["signed_on"] == "2019-06-13" and len(mou["sources"]) == 2
    assert {p["iri"] for p in mou["parties"]} == {GDS, GOVTECH}
    assert [f["iri"] for f in mou["facilitators"]] == [f"{ID_BASE}org/sin-singapore"]


def test_ties_as_of_and_by_name(graph):
    early = ties_query(graph, "Singapore", as_of="2019-06-01")
    assert all(not p["iri"].endswith("/GB") for p in early["partners"])
    assert ties_query(graph, "sg") == ties_query(graph, "Republic of Singapore")


def test_no_path_within_max_hops_says_how_long_the_shortest_is(built_store):
    from graph.network.answers import path_query
    from graph.network.projection import project
    from graph.network.sentences import render_path
    from graph.store.versions import open_store

    graph = project(open_store(built_store)[0])
    answer = path_query(
        graph, "org/mongolia-mojha", "org/gds", 1, 6, [], [], None, render=render_path
    )
    assert answer["paths"] == []
    longer = path_query(
        graph, "org/mongolia-mojha", "org/gds", 1, 12, [], [], None, render=render_path
    )
    hops = len(longer["paths"][0]["hops"])
    assert hops > 6
    assert f"max_hops={hops}" in answer["message"]


@pytest.fixture(scope="module")
def synthetic_graph(tmp_path_factory) -> nx.DiGraph:
    """A synthetic graph with hubs (countries with many bodies), where pruning matters."""
    from graph.build import synth
    from graph.build.pipeline import build

    out = tmp_path_factory.mktemp("synth-paths")
    synth.write(out / "data", 150, seed=3)
    build(out / "data", out / "store")
    return project(open_store(out / "store")[0])


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(predicates=frozenset({str(GT.party), str(GT.country), MEMBER_OF})),
        Filters(as_of=date(2015, 1, 1)),
        Filters(predicates=frozenset({TIED, str(GT.party), str(GT.country)})),
    ],
    ids=["none", "via", "as_of", "via-shortcut"],
)
def test_k_best_in_the_corridor_equal_yen_on_the_whole_graph(synthetic_graph, filters):
    """The pruned search ranks exactly as Yen's algorithm over the entire graph."""
    from graph.network.search import _search_for, _weight

    graph = synthetic_graph
    countries = sorted(n for n, d in graph.nodes(data=True) if str(GT.Country) in d["classes"])
    busiest = sorted(countries, key=graph.degree, reverse=True)[:4]
    pairs = [(a, b) for a in busiest for b in busiest if a < b]
    compared = 0
    for a, b in pairs:
        search = _search_for(graph, filters)
        weight = _weight(graph, filters, {a, b})
        try:
            whole = list(islice(nx.shortest_simple_paths(search, a, b, weight), 5))
        except nx.NetworkXNoPath:
            whole = []
        weights = [sum(weight(u, v, search.edges[u, v]) for u, v in pairwise(p)) for p in whole]
        expected = [(w // HOP, w % HOP) for w in weights if w // HOP <= 6]
        found = find_paths(graph, a, b, k=5, max_hops=6, filters=filters)
        assert [(p.length, p.cost) for p in found] == expected
        compared += bool(found)
    assert compared >= 3
