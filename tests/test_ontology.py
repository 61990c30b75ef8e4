"""The ontology carries every core term of the design, documented and aligned."""

import re

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from ontology import GT, ONTOLOGY_IRI, ontology_file
from tests.support import ROOT

DESIGN = ROOT.parent / "shared" / "design" / "ARCHITECTURE.md"
CORE_CLASSES = [
    "Country", "Organization", "GovernmentBody", "AcademicInstitution",
    "InternationalOrganization", "Foundation", "Company", "Person", "Agreement",
    "MemorandumOfUnderstanding", "Partnership", "Programme", "Event", "Place", "SourceDocument",
]  # fmt: skip
CORE_PROPERTIES = [
    "country", "party", "facilitator", "signatory", "witness", "ledBy", "signedOn",
    "signedAt", "topic", "partOf", "renews", "tiedWith", "title",
]  # fmt: skip


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ontology_file("govties.ttl"))


def test_version_metadata(onto):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert onto.value(ONTOLOGY_IRI, OWL.versionIRI) is not None
    assert onto.value(ONTOLOGY_IRI, OWL.versionInfo) is not None


@pytest.mark.parametrize("name", CORE_CLASSES + CORE_PROPERTIES)
def test_core_term_is_defined_with_english_label_and_comment(onto, name):
    term = GT[name]
    assert set(onto.objects(term, RDF.type)) & {
        OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.SymmetricProperty
    }, f"gt:{name} not declared"  # fmt: skip
    labels = [lbl for lbl in onto.objects(term, RDFS.label) if lbl.language == "en"]
    assert len(labels) == 1
    assert any(c.language == "en" for c in onto.objects(term, RDFS.comment))


def test_design_core_terms_are_all_covered():
    """Every gt: term named in the design document exists (when the design is beside us)."""
    if not DESIGN.exists():
        pytest.skip("shared/design not beside the checkout")
    named = set(re.findall(r"gt:([A-Za-z]+)", DESIGN.read_text())) - {"Topics"}
    onto = Graph().parse(ontology_file("govties.ttl"))
    missing = [n for n in named if not list(onto.objects(GT[n], RDFS.label))]
    assert not missing


@pytest.mark.parametrize(
    ("sub", "sup"),
    [
        (GT.Country, URIRef("https://schema.org/Country")),
        (GT.Organization, URIRef("http://www.w3.org/ns/org#Organization")),
        (GT.Agreement, URIRef("http://www.w3.org/ns/prov#Entity")),
        (GT.Person, URIRef("http://xmlns.com/foaf/0.1/Person")),
        (GT.Programme, URIRef("https://schema.org/Project")),
        (GT.SourceDocument, URIRef("http://xmlns.com/foaf/0.1/Document")),
    ],
)
def test_alignments(onto, sub, sup):
    assert (sub, RDFS.subClassOf, sup) in onto


def test_tied_with_is_symmetric(onto):
    assert (GT.tiedWith, RDF.type, OWL.SymmetricProperty) in onto
