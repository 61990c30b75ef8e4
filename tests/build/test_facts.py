"""The graph against the seed documents: each fact asserted by SPARQL over the built store.

Every expected value below is checked twice: it must be in the store (in the
named graph of the source that states it) and its words must appear in that
source's text, so a record can't drift from what the seeds say.
"""

from pathlib import Path

import pytest

from graph.sparql.query import run_query
from tests.support import BT, MOU_2019, MOU_2022, NUS, PARTNERSHIP, SIN

ID = "https://w3id.org/govties/id/"

SOURCE_FILES = {
    BT: "business-times-sg-uk-2019.txt",
    SIN: "sin-sg-gds-govtech-2019.txt",
    NUS: "nus-ipur-mongolia-2022.txt",
}


def source_text(data_dir: Path, source: str) -> str:
    return " ".join((data_dir / "sources" / SOURCE_FILES[source]).read_text().split())


def labels_in_graph(store, source: str, agreement: str, predicate: str) -> set[str]:
    query = f"""
    SELECT ?label WHERE {{
      GRAPH <{source}> {{ <{agreement}> {predicate} ?x . ?x rdfs:label ?label }}
    }}"""
    return {sol["label"].value for sol in run_query(store, query)}


def test_two_accounts_of_the_2019_mou_merge_into_one_agreement_with_two_sources(store):
    query = """
    SELECT DISTINCT ?agreement WHERE {
      ?agreement a gt:MemorandumOfUnderstanding ; gt:party ?a , ?b .
      ?a skos:altLabel "GovTech"@en . ?b skos:altLabel "GDS"@en .
    }"""
    assert [sol["agreement"].value for sol in run_query(store, query)] == [MOU_2019]
    sources = {
        sol["s"].value
        for sol in run_query(store, f"SELECT ?s WHERE {{ <{MOU_2019}> prov:wasDerivedFrom ?s }}")
    }
    assert sources == {BT, SIN}


@pytest.mark.parametrize(
    ("source", "agreement", "predicate", "expected"),
    [
        (BT, MOU_2019, "gt:party", {"Government Technology Agency", "Government Digital Service"}),
        (SIN, MOU_2019, "gt:party", {"Government Technology Agency", "Government Digital Service"}),
        (BT, MOU_2019, "gt:signatory", {"Kok Ping Soon", "Kevin Cunnington"}),
        (BT, MOU_2019, "gt:witness", {"Philip Hammond", "Tharman Shanmugaratnam"}),
        (SIN, MOU_2019, "gt:facilitator", {"UK Science and Innovation Network Singapore"}),
        (SIN, MOU_2019, "gt:partOf", {"SG-UK Partnership for the Future"}),
        (SIN, MOU_2019, "gt:signedAt", {"London"}),
        (
            NUS,
            MOU_2022,
            "gt:party",
            {
                "Lloyd's Register Foundation Institute for the Public Understanding of Risk",
                "Ministry of Justice and Home Affairs of Mongolia",
            },
        ),
        (NUS, MOU_2022, "gt:signatory", {"Nyambaatar Khishgee", "Leonard Lee"}),
        (NUS, MOU_2022, "gt:witness", {"Oyun-Erdene Luvsannamsrai", "Tan Eng Chye"}),
        (NUS, MOU_2022, "gt:ledBy", {"Reuben Ng"}),
        (NUS, MOU_2022, "gt:signedAt", {"Innovation 4.0"}),
        (
            NUS,
            PARTNERSHIP,
            "gt:party",
            {
                "Lloyd's Register Foundation Institute for the Public Understanding of Risk",
                "Mongolian National Academy of Governance",
            },
        ),
    ],
)
def test_agreement_links_are_stated_by_their_source(
    store, data_dir, source, agreement, predicate, expected
):
    assert labels_in_graph(store, source, agreement, predicate) == expected
    text = source_text(data_dir, source)
    for label in expected:
        # Every name (or its distinctive part) occurs in the source's own words.
        assert any(part in text for part in (label, label.split(" of ")[0], label.split()[-1]))


@pytest.mark.parametrize(
    ("source", "agreement", "value", "datatype"),
    [
        (BT, MOU_2019, "2019-06-13", "date"),  # "on Thursday", published Friday 14 June 2019
        (SIN, MOU_2019, "2019-06", "gYearMonth"),  # "in London in June 2019"
        (NUS, MOU_2022, "2022-07-08", "date"),  # "inked on 8 July 2022"
    ],
)
def test_signing_dates_as_precise_as_each_source(store, source, agreement, value, datatype):
    query = f"SELECT ?d WHERE {{ GRAPH <{source}> {{ <{agreement}> gt:signedOn ?d }} }}"
    dates = [sol["d"] for sol in run_query(store, query)]
    assert [(d.value, d.datatype.value.rsplit("#")[-1]) for d in dates] == [(value, datatype)]


def test_2019_signing_was_the_thursday_before_publication(store):
    from datetime import date

    published = next(iter(run_query(store, f"SELECT ?d WHERE {{ <{BT}> dcterms:issued ?d }}")))
    signed = date.fromisoformat("2019-06-13")
    assert date.fromisoformat(published["d"].value) == date(2019, 6, 14)
    assert signed.strftime("%A") == "Thursday"
    assert (date(2019, 6, 14) - signed).days == 1


def test_parent_bodies_and_countries(store):
    query = """
    SELECT ?org ?country WHERE {
      ?o rdfs:label ?org ; org:subOrganizationOf*/gt:country ?c . ?c skos:notation ?country
    }"""
    based = {(sol["org"].value, sol["country"].value) for sol in run_query(store, query)}
    assert ("Lloyd's Register Foundation Institute for the Public Understanding of Risk", "SG") in (
        based
    )
    assert ("Ministry of Justice and Home Affairs of Mongolia", "MN") in based
    assert ("Government Digital Service", "GB") in based
    assert ("Government Technology Agency", "SG") in based
    parents = {
        (sol["c"].value, sol["p"].value)
        for sol in run_query(
            store,
            "SELECT ?c ?p WHERE { ?x org:subOrganizationOf ?y . "
            "?x rdfs:label ?c . ?y rdfs:label ?p }",
        )
    }
    assert parents == {
        ("Lloyd's Register Foundation Institute for the Public Understanding of Risk",
         "National University of Singapore"),
        ("UK Science and Innovation Network Singapore", "Foreign and Commonwealth Office"),
    }  # fmt: skip


def test_posts_of_signatories_and_witnesses(store):
    query = """
    SELECT ?person ?title ?org WHERE {
      ?m org:member/rdfs:label ?person ; gt:title ?title ; org:organization/rdfs:label ?org
    }"""
    posts = {(s["person"].value, s["title"].value, s["org"].value) for s in run_query(store, query)}
    expected = {
        ("Kevin Cunnington", "Director General", "Government Digital Service"),
        ("Kok Ping Soon", "Chief Executive", "Government Technology Agency"),
        ("Philip Hammond", "Chancellor of the Exchequer", "Government of the United Kingdom"),
        ("Tharman Shanmugaratnam", "Senior Minister", "Government of Singapore"),
        ("Leonard Lee", "Deputy Director",
         "Lloyd's Register Foundation Institute for the Public Understanding of Risk"),
        ("Nyambaatar Khishgee", "Minister for Justice and Home Affairs",
         "Ministry of Justice and Home Affairs of Mongolia"),
        ("Oyun-Erdene Luvsannamsrai", "Prime Minister", "Government of Mongolia"),
        ("Tan Eng Chye", "President", "National University of Singapore"),
    }  # fmt: skip
    assert expected <= posts


def test_programmes_and_their_people(store):
    query = """
    SELECT ?prog ?p ?who WHERE {
      ?x a gt:Programme ; rdfs:label ?prog ; ?p ?y . ?y rdfs:label ?who .
      FILTER(?p IN (gt:ledBy, gt:launchedBy, gt:leadAgency))
    }"""
    got = {(s["prog"].value, s["p"].value.rsplit("#")[-1], s["who"].value)
           for s in run_query(store, query)}  # fmt: skip
    assert got == {
        ("Smart Nation", "ledBy", "Lee Hsien Loong"),
        ("Smart Nation", "leadAgency", "Government Technology Agency"),
        ("SG-UK Partnership for the Future", "launchedBy", "Jeremy Hunt"),
        ("SG-UK Partnership for the Future", "launchedBy", "Vivian Balakrishnan"),
    }
    start = run_query(store, "SELECT ?d WHERE { ?p rdfs:label 'SG-UK Partnership for the Future'@en"
                             " ; gt:startDate ?d }")  # fmt: skip
    assert [s["d"].value for s in start] == ["2019-01"]  # "launched in January this year"


def test_2022_mou_builds_on_the_earlier_academy_partnership(store):
    assert bool(run_query(store, f"ASK {{ <{MOU_2022}> gt:buildsOn <{PARTNERSHIP}> }}"))
    assert bool(run_query(store, f"ASK {{ <{PARTNERSHIP}> a gt:Partnership }}"))


def test_topics_come_from_the_scheme(store):
    query = f"""
    SELECT ?t WHERE {{ <{MOU_2019}> gt:topic ?t . ?t skos:inScheme gt:Topics }}"""
    topics = {s["t"].value.rsplit("/")[-1] for s in run_query(store, query)}
    assert {"digital-skills", "open-standards", "digital-identity", "digital-academies"} <= topics


def test_country_ties_are_derived_symmetrically(store):
    query = """
    SELECT ?a ?b WHERE { ?x gt:tiedWith ?y . ?x skos:notation ?a . ?y skos:notation ?b }"""
    ties = {(s["a"].value, s["b"].value) for s in run_query(store, query)}
    assert ties == {("SG", "GB"), ("GB", "SG"), ("SG", "MN"), ("MN", "SG")}


def test_sources_have_metadata(store):
    query = """
    SELECT ?s ?title ?publisher ?issued WHERE {
      ?s a gt:SourceDocument ; dcterms:title ?title ; dcterms:publisher ?publisher ;
         dcterms:issued ?issued }"""
    got = {s["s"].value: (s["publisher"].value, s["issued"].value) for s in run_query(store, query)}
    assert got == {
        BT: ("The Business Times", "2019-06-14"),
        SIN: ("UK Science and Innovation Network Singapore", "2019-06"),
        NUS: ("National University of Singapore", "2022-07-15"),
    }


def test_default_graph_is_a_set_not_a_bag(store):
    query = f"SELECT ?l WHERE {{ <{ID}org/govtech> rdfs:label ?l }}"
    assert len(list(run_query(store, query))) == 1  # stated by two sources, seen once
