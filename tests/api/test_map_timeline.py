"""/map.json and /timeline.json on the shipped data, counted again by SPARQL over the store:
pairs are the build's gt:tiedWith pairs, per-pair and per-country counts the agreements
whose parties' and facilitators' countries (own, else a parent body's) include them, the
year, topic (with narrower), country and party filters select what SPARQL selects, dates
keep their precision, and bad filters are 4xx naming the parameter."""

import calendar
from collections import Counter

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.sparql.query import value_rows
from tests.support import ID

# The countries an agreement ties: each party's or facilitator's own country, else the
# country of a body above it (graph.build.derived_graph.countries_up).
TIES = """
SELECT DISTINCT ?a ?c WHERE {
  ?a a gt:Agreement ; gt:party|gt:facilitator ?o .
  { ?o gt:country ?c }
  UNION
  { FILTER NOT EXISTS { ?o gt:country ?own } ?o org:subOrganizationOf+ ?up . ?up gt:country ?c }
}
"""
TIED_WITH = "SELECT ?a ?b WHERE { ?a gt:tiedWith ?b FILTER(STR(?a) < STR(?b)) }"
SIGNED = "SELECT ?a ?d WHERE { ?a a gt:Agreement ; gt:signedOn ?d }"
PRECISIONS = """
SELECT ?a (DATATYPE(?d) AS ?t) WHERE { ?a a gt:Agreement ; gt:signedOn ?d }
"""
ON_TOPIC = """
SELECT DISTINCT ?a WHERE {{ ?a a gt:Agreement ; gt:topic/skos:broader* <{ID}topic/{slug}> }}
"""
AGREEMENTS = "SELECT ?a WHERE { ?a a gt:Agreement }"
PARTY = "SELECT DISTINCT ?a WHERE {{ ?a a gt:Agreement ; gt:party <{party}> }}"
XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture(scope="module")
def client(shipped_built):
    return TestClient(create_app(Settings(store=shipped_built)))


@pytest.fixture(scope="module")
def tied(shipped_store) -> dict[str, set[str]]:
    """Agreement -> the codes of the countries it ties, by SPARQL."""
    found: dict[str, set[str]] = {}
    for agreement, country in value_rows(shipped_store, TIES):
        found.setdefault(agreement, set()).add(country.rsplit("/", 1)[1])
    return {a: codes for a, codes in found.items() if len(codes) > 1}


@pytest.fixture(scope="module")
def signed(shipped_store) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for agreement, value in value_rows(shipped_store, SIGNED):
        found.setdefault(agreement, set()).add(value)
    return found


def get(client, path: str, **params) -> dict:
    answer = client.get(path, params=params)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_the_map_pairs_are_the_builds_tied_with_pairs_counted_by_agreement(
    client, shipped_store, tied
):
    answer = get(client, "/map.json")
    pairs = {tuple(p["countries"]): p["agreements"] for p in answer["pairs"]}
    derived = {
        (a.rsplit("/", 1)[1], b.rsplit("/", 1)[1]) for a, b in value_rows(shipped_store, TIED_WITH)
    }
    assert set(pairs) == derived
    by_sparql = Counter(
        (x, y) for codes in tied.values() for x in sorted(codes) for y in sorted(codes) if x < y
    )
    assert pairs == dict(by_sparql)
    assert pairs[("EE", "FI")] == 10  # README: Estonia-Finland, 10 agreements


def test_a_country_counts_the_agreements_tying_it_to_another(client, tied):
    answer = get(client, "/map.json")
    per_country = Counter(code for codes in tied.values() for code in codes)
    assert {c["code"]: c["agreements"] for c in answer["countries"]} == dict(per_country)
    assert answer["agreements"] == len(tied)
    singapore = next(c for c in answer["countries"] if c["code"] == "SG")
    assert singapore["numeric"] == "702"  # ISO 3166-1 numeric, the atlas's shape ids
    partners = {code for codes in tied.values() if "SG" in codes for code in codes} - {"SG"}
    assert singapore["partners"] == len(partners)


def test_a_year_range_keeps_the_agreements_signed_in_it(client, tied, signed):
    answer = get(client, "/map.json", from_year=2019, to_year=2021, undated="false")
    in_range = [a for a in tied if any(2019 <= int(d[:4]) <= 2021 for d in signed.get(a, ()))]
    assert answer["agreements"] == len(in_range) > 0
    assert answer["undated"] == 0
    everything = get(client, "/map.json")
    assert everything["undated"] == sum(1 for a in tied if a not in signed) > 0
    kept_undated = get(client, "/map.json", from_year=2019, to_year=2021)
    assert kept_undated["agreements"] == len(in_range) + everything["undated"]


def test_a_topic_keeps_its_agreements_and_those_on_narrower_topics(client, shipped_store):
    slug = "digital-government"
    expected = {a for (a,) in value_rows(shipped_store, ON_TOPIC.format(ID=ID, slug=slug))}
    answer = get(client, "/timeline.json", topic=slug)
    shown = {i["iri"] for i in answer["agreements"] + answer["undated"]}
    assert shown == expected
    narrower = {
        a for (a,) in value_rows(shipped_store, ON_TOPIC.format(ID=ID, slug="digital-identity"))
    }
    assert narrower < shown  # digital identity is narrower than digital government
    assert (
        get(client, "/timeline.json", topic=f"{ID}topic/{slug}")["agreements"]
        == answer["agreements"]
    )


def test_the_timeline_lists_every_agreement_once_at_its_precision(client, shipped_store):
    answer = get(client, "/timeline.json")
    every = {a for (a,) in value_rows(shipped_store, AGREEMENTS)}
    shown = [i["iri"] for i in answer["agreements"] + answer["undated"]]
    assert sorted(shown) == sorted(every)
    starts = [i["start"] for i in answer["agreements"]]
    assert starts == sorted(starts)
    types: dict[str, set[str]] = {}
    for agreement, datatype in value_rows(shipped_store, PRECISIONS):
        types.setdefault(agreement, set()).add(datatype)
    names = {XSD + "date": "day", XSD + "gYearMonth": "month", XSD + "gYear": "year"}
    for item in answer["agreements"]:
        assert item["precision"] in {names[t] for t in types[item["iri"]]}
    months = [i for i in answer["agreements"] if i["precision"] == "month"]
    assert months
    for item in months:
        last = calendar.monthrange(*map(int, item["date"].split("-")))[1]
        assert (item["start"], item["end"]) == (f"{item['date']}-01", f"{item['date']}-{last:02}")
    year = next(i for i in answer["agreements"] if i["precision"] == "year")
    assert (year["start"], year["end"]) == (year["date"] + "-01-01", year["date"] + "-12-31")


def test_the_timeline_keeps_the_most_recent_items_up_to_the_limit(client):
    everything = get(client, "/timeline.json")
    assert everything["dated_total"] == len(everything["agreements"])
    capped = get(client, "/timeline.json", limit=5)
    assert capped["agreements"] == everything["agreements"][-5:]
    assert capped["undated"] == everything["undated"][:5]
    assert (capped["dated_total"], capped["undated_total"]) == (
        everything["dated_total"],
        everything["undated_total"],
    )
    assert capped["facets"] == everything["facets"]
    assert client.get("/timeline.json", params={"limit": 0}).status_code == 422
    assert client.get("/map.json", params={"limit": 5}).status_code == 422  # not a map filter


def test_sources_that_disagree_on_a_date_show_every_reading(client):
    answer = get(client, "/timeline.json")
    depa = next(i for i in answer["agreements"] if i["label"].startswith("Digital Economy Partner"))
    # README: DEPA is signed on 2020-06-12 by one page and 2020-06-14 by another
    assert {"2020-06-12", "2020-06-14"} <= set(depa["readings"])
    assert depa["date"] in depa["readings"]
    agreed = [i for i in answer["agreements"] if not i["readings"]]
    assert len(agreed) > len(answer["agreements"]) / 2


def test_the_country_filter_keeps_what_ties_lists_and_agreements_with_no_partner_country(client):
    timeline = get(client, "/timeline.json", country="EE")
    ties = get(client, "/ties", country="EE")
    by_ties = {a["iri"] for p in ties["partners"] for a in p["agreements"]}
    items = timeline["agreements"] + timeline["undated"]
    assert {i["iri"] for i in items if len(i["countries"]) > 1} == by_ties
    # and those with a body of no country (an international organisation) as the other side
    alone = [i for i in items if i["countries"] == ["EE"]]
    assert alone and not {i["iri"] for i in alone} & by_ties
    assert get(client, "/timeline.json", country="Estonia")["agreements"] == timeline["agreements"]
    # the country facet ignores the country filter itself, so other countries stay offered
    assert len(timeline["facets"]["countries"]) > 2


def test_the_party_filter_and_its_facet(client, shipped_store):
    party = f"{ID}org/govtech"
    expected = {a for (a,) in value_rows(shipped_store, PARTY.format(party=party))}
    answer = get(client, "/timeline.json", party=party)
    assert {i["iri"] for i in answer["agreements"] + answer["undated"]} == expected
    facet = {p["iri"]: p["agreements"] for p in get(client, "/timeline.json")["facets"]["parties"]}
    assert facet[party] == len(expected)
    both = get(client, "/timeline.json", party=party, country="GB")
    assert all("GB" in i["countries"] for i in both["agreements"] + both["undated"])


@pytest.mark.parametrize(
    ("params", "status", "names"),
    [
        ({"form_year": "2019"}, 422, "form_year"),
        ({"from_year": "twenty"}, 422, "from_year"),
        ({"to_year": "20190"}, 422, "to_year"),
        ({"from_year": "2022", "to_year": "2019"}, 422, "from_year"),
        ({"topic": "blockchain-everything"}, 422, "topic"),
        ({"country": "Atlantis"}, 404, "country"),
        ({"party": "Nobody At All"}, 404, "party"),
        ({"undated": "perhaps"}, 422, "undated"),
    ],
)
@pytest.mark.parametrize("path", ["/map.json", "/timeline.json", "/map", "/timeline"])
def test_bad_filters_are_refused_naming_the_parameter(client, path, params, status, names):
    answer = client.get(path, params=params, headers={"Accept": "application/json"})
    assert answer.status_code == status
    assert names in answer.json()["message"]


def test_the_json_routes_and_their_filters_are_in_openapi(client):
    spec = client.get("/openapi.json").json()["paths"]
    filters = {"from_year", "to_year", "topic", "country", "party", "undated"}
    for path, extra in (("/map.json", set()), ("/timeline.json", {"limit"})):
        names = {p["name"] for p in spec[path]["get"]["parameters"]}
        assert names == filters | extra
    assert "/map" not in spec and "/timeline" not in spec  # pages, not API
