"""The shapes' SPARQL form reports exactly what pySHACL (the reference) reports."""

import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from graph.build.built_dataset import Origins
from graph.build.pipeline import build
from graph.build.rdf import build_dataset
from graph.build.records import load_records
from graph.build.shapes_to_sparql import UnsupportedShape, compile_shapes
from graph.build.validate import load_shapes, shacl_problems, sparql_problems
from graph.errors import DataError
from ontology import GT, ORG, entity_iri, ontology_file

RECORD = "nus-ipur-mongolia-2022.yaml"
GYEAR = URIRef("http://www.w3.org/2001/XMLSchema#gYear")
DURATION = URIRef("http://www.w3.org/2001/XMLSchema#duration")


def store_of(graph: Graph) -> ox.Store:
    store = ox.Store()
    store.bulk_load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def both(graph: Graph, origins: Origins) -> tuple[list, list]:
    return shacl_problems(graph, origins), sparql_problems(store_of(graph), origins)


@pytest.fixture
def data_copy(tmp_path: Path, data_dir: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(data_dir, target)
    return target


def edit(data: Path, old: str, new: str) -> None:
    path = data / "records" / RECORD
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


EXTRA = "source: {id: extra, title: Extra, publisher: Test, issued: 2022}\norganizations:\n"

# (edit of the NUS record, or an extra record, and a message the violations must include)
RECORD_CASES = {
    "two parties": (("parties: [ipur, mongolia-mojha]", "parties: [ipur]"), "at least two parties"),
    "party country": (
        ("    country: MN\n  - id: mongolia-national", "\n  - id: mongolia-national"),
        "a party needs a country",
    ),
    "date text": (("signed_on: 2022-07-08", "signed_on: 8 July 2022"), "gt:signedOn must be"),
    "ill-typed date": (("signed_on: 2022-07-08", 'signed_on: "2022-13-45"'), "gt:signedOn must"),
    "source url": (("  issued: 2022-07-15", "  issued: 2022-07-15\n  url: not a url"), "IRI"),
    "two labels": (
        EXTRA + "  - {id: nus, label: NUS Singapore, type: AcademicInstitution, country: SG}\n",
        "exactly one English label",
    ),
    "two countries": (
        EXTRA + "  - {id: mongolia-mojha, label: Ministry of Justice and Home Affairs of Mongolia,"
        " type: GovernmentBody, country: GB}\n",
        "at most one country",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", RECORD_CASES)
def test_engines_agree_on_bad_records(data_copy, case):
    change, message = RECORD_CASES[case]
    if isinstance(change, str):
        (data_copy / "records" / "extra.yaml").write_text(change)
    else:
        edit(data_copy, *change)
    built = build_dataset(load_records(data_copy))
    reference, translated = both(built.union(), built.origins)
    assert reference == translated
    assert any(message in p.message for p in reference), reference
    assert all(p.file is not None and p.line for p in reference if "extra" not in str(p.file))


def graph_case(case: str) -> Graph:
    """Hand-made RDF for rules records cannot break (records check kinds and cite sources)."""
    data = Graph().parse(ontology_file("govties.ttl"))
    agreement, person = entity_iri("agreement", "a"), entity_iri("person", "p")
    orgs = []
    for slug, country in (("x", "SG"), ("y", "GB")):
        org = entity_iri("org", slug)
        orgs.append(org)
        data.add((org, RDF.type, GT.GovernmentBody))
        data.add((org, RDFS.label, Literal(slug, lang="en")))
        data.add((org, GT.country, entity_iri("country", country)))
        data.add((agreement, GT.party, org))
    data.add((agreement, RDF.type, GT.MemorandumOfUnderstanding))
    data.add((agreement, RDFS.label, Literal("A", lang="en")))
    data.add((person, RDF.type, GT.Person))
    data.add((person, RDFS.label, Literal("P", lang="en")))
    post = URIRef(f"{person}#post")
    data.add((post, RDF.type, ORG.Membership))
    data.add((post, ORG.member, person))
    data.add((post, ORG.organization, orgs[0]))
    data.add((post, GT.title, Literal("Minister")))
    if case == "no source":
        return data
    source = entity_iri("source", "s")
    data.add((agreement, PROV.wasDerivedFrom, source))
    for p, o in ((RDF.type, GT.SourceDocument), (RDFS.label, Literal("S", lang="en"))):
        data.add((source, p, o))
    for p in (
        URIRef("http://purl.org/dc/terms/title"),
        URIRef("http://purl.org/dc/terms/publisher"),
    ):
        data.add((source, p, Literal("S")))
    data.add((source, URIRef("http://purl.org/dc/terms/issued"), Literal("2020", datatype=GYEAR)))
    if case == "signatory is an org":
        data.add((agreement, GT.signatory, orgs[1]))
    elif case == "label in French":
        data.set((person, RDFS.label, Literal("P", lang="fr")))
    elif case == "label without language":
        data.set((person, RDFS.label, Literal("P")))
    elif case == "post with two members":
        data.add((post, ORG.member, orgs[1]))
    elif case == "topic not a concept":
        data.add((agreement, GT.topic, Literal("digital")))
    elif case == "untyped title":
        data.set((post, GT.title, Literal("Minister", lang="en")))
    elif case == "post without title":
        data.remove((post, GT.title, None))
    elif case.startswith("party without country"):
        data.remove((orgs[1], GT.country, None))
        data.set((orgs[1], RDF.type, GT[case.split(": ")[1]]))
    elif case == "network membership":
        data.set((post, ORG.member, orgs[1]))
        data.remove((post, GT.title, None))
    elif case == "acceding person":
        accession = URIRef(f"{agreement}#accession")
        data.add((agreement, GT.accession, accession))
        data.add((accession, GT.accedingParty, person))
    elif case == "bad duration":
        data.add((agreement, GT.duration, Literal("three years", datatype=DURATION)))
    return data


GRAPH_CASES = [
    ("no source", "must cite at least one source"),
    ("signatory is an org", "a signatory must be a person"),
    ("label in French", "exactly one English label"),
    ("label without language", "exactly one English label"),
    ("post with two members", "exactly one member"),
    ("topic not a concept", "a topic must be a concept"),
    ("untyped title", "title is a plain string"),
    ("post without title", "a post (a person's org:Membership) needs a title"),
    ("party without country: GovernmentBody", "a party needs a country"),
    ("acceding person", "an acceding party must be an organisation"),
    ("bad duration", "must be an xsd:duration"),
]
ALLOWED_CASES = [
    "party without country: InternationalOrganization",
    "party without country: Network",
    "network membership",
]


@pytest.mark.parametrize("case", ALLOWED_CASES)
def test_engines_agree_that_exceptions_conform(case):
    """International organisations and networks need no country; a member org needs no title."""
    baseline, _ = both(graph_case("valid"), Origins())  # countries are not loaded here
    reference, translated = both(graph_case(case), Origins())
    assert reference == translated
    assert all(p in baseline and "country" in p.message for p in reference), reference


@pytest.mark.parametrize(("case", "message"), GRAPH_CASES)
def test_engines_agree_on_hand_made_rdf(case, message):
    reference, translated = both(graph_case(case), Origins())
    assert reference == translated
    assert any(message in p.message for p in reference), reference


def test_valid_data_has_no_violations_in_either_engine(data_dir):
    built = build_dataset(load_records(data_dir))
    assert both(built.union(), built.origins) == ([], [])


def test_sparql_engine_build_fails_with_lines_and_keeps_store(data_copy, tmp_path):
    store = tmp_path / "store"
    build(data_copy, store, engine="sparql")
    before = os.readlink(store)
    edit(data_copy, "parties: [ipur, mongolia-mojha]", "parties: [ipur]")
    with pytest.raises(DataError) as caught:
        build(data_copy, store, engine="sparql")
    path = data_copy / "records" / RECORD
    line = next(
        i
        for i, t in enumerate(path.read_text().splitlines(), 1)
        if "- id: ipur-mongolia-mojha-mou" in t
    )
    assert f"{path}:{line}:" in str(caught.value)
    assert "at least two parties" in str(caught.value)
    assert os.readlink(store) == before
    versions = list(store.with_name("store.versions").iterdir())
    assert len(versions) == 1, "the failed version was deleted"


def test_unsupported_shape_features_are_refused_not_skipped():
    shapes = load_shapes()
    shapes.add((GT.LabelShape, URIRef("http://www.w3.org/ns/shacl#closed"), Literal(True)))
    with pytest.raises(UnsupportedShape):
        compile_shapes(shapes)
    assert compile_shapes(load_shapes())
