"""The 1.1 record fields (states and networks as parties, memberships, entry into force, term,
accessions, funders) become the vocabulary's triples and pass the shapes, or fail them clearly."""

from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.build.rdf import build_dataset
from graph.build.records import load_records
from graph.build.validate import check
from graph.errors import DataError

ID = "https://w3id.org/govties/id/"
GT = "https://w3id.org/govties/ontology#"
DEA = f"<{ID}agreement/dea>"

RECORD = """\
source: {id: ext, title: Extension test, publisher: Test, url: "https://example.org/ext"}
organizations:
  - {id: chile-government, label: Government of Chile, type: Government, country: CL}
  - {id: new-zealand-government, label: Government of New Zealand, type: Government, country: NZ}
  - {id: korea-government, label: Government of the Republic of Korea, type: Government,
     country: KR}
  - {id: eu, label: European Union, type: InternationalOrganization}
  - id: nations
    label: Test Nations
    type: Network
    members:
      - {org: chile-government, since: 2019}
      - {org: korea-government, since: 2014-11, until: 2020}
agreements:
  - id: dea
    type: TradeAgreement
    label: A digital economy agreement
    parties: [chile-government, new-zealand-government, korea-government]
    funders: [eu]
    signed_on: 2020-06-12
    in_force: 2021-01-07
    expires: 2026
    duration: P5Y
    accessions: [{party: korea-government, date: 2024-05-03}]
  - id: eu-chile
    type: MemorandumOfCooperation
    label: An EU - Chile memorandum
    parties: [eu, chile-government]
"""


@pytest.fixture
def data(tmp_path: Path) -> Path:
    (tmp_path / "records").mkdir()
    (tmp_path / "records" / "ext.yaml").write_text(RECORD)
    return tmp_path


def store_of(data: Path) -> ox.Store:
    built = build_dataset(load_records(data))
    check(built, engine="pyshacl")
    check(built, engine="sparql")
    store = ox.Store()
    store.bulk_load(
        "".join(f"{t} .\n" for t in built.union_triples).encode(), ox.RdfFormat.N_TRIPLES
    )
    return store


def values(store: ox.Store, query: str) -> set[str]:
    return {str(row[0].value) for row in store.query(f"PREFIX gt: <{GT}> " + query)}


def test_new_fields_become_triples_and_conform(data):
    store = store_of(data)
    assert values(store, f"SELECT ?t {{ {DEA} a ?t }}") >= {GT + "TradeAgreement", GT + "Agreement"}
    assert len(values(store, f"SELECT ?p {{ {DEA} gt:party ?p }}")) == 3
    assert values(store, f"SELECT ?d {{ {DEA} gt:entryIntoForce ?d }}") == {"2021-01-07"}
    assert values(store, f"SELECT ?d {{ {DEA} gt:expiryDate ?d }}") == {"2026"}
    assert values(store, f"SELECT ?d {{ {DEA} gt:duration ?d }}") == {"P5Y"}
    assert values(store, f"SELECT ?f {{ {DEA} gt:funder ?f }}") == {f"{ID}org/eu"}
    assert values(
        store,
        f"SELECT ?d {{ {DEA} gt:accession [ gt:accedingParty <{ID}org/korea-government> ;"
        " gt:accededOn ?d ] }",
    ) == {"2024-05-03"}
    members = """PREFIX org: <http://www.w3.org/ns/org#>
        PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
        SELECT ?m WHERE { ?x a org:Membership ; org:member ?m ; org:organization ?n ;
        gt:startDate "2014-11"^^xsd:gYearMonth }"""
    assert values(store, members) == {f"{ID}org/korea-government"}
    member_of = f"SELECT ?m {{ ?m <http://www.w3.org/ns/org#memberOf> <{ID}org/nations> }}"
    assert len(values(store, member_of)) == 2
    assert values(store, f"SELECT ?t {{ <{ID}org/chile-government> a ?t }}") >= {
        GT + "Government",
        GT + "GovernmentBody",
    }
    ties = f"SELECT ?c {{ <{ID}country/CL> gt:tiedWith ?c }}"
    assert values(store, ties) == {f"{ID}country/NZ", f"{ID}country/KR"}


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("duration: P5Y", "duration: five years", "String should match pattern"),
        ("in_force: 2021-01-07", "in_force: 7 January 2021", "gt:entryIntoForce must be"),
        ("{party: korea-government,", "{party: korea,", "should be a org id defined in this file"),
        ("{org: chile-government, since", "{org: chile, since", "should be a org id"),
        ("korea-government, date:", "korea-government, on:", "write `date:`"),
        ("type: Government, country: CL}", "type: Government}", "needs the country it governs"),
        ("type: InternationalOrganization}", "type: Foundation}", "a party needs a country"),
    ],
)
def test_bad_new_fields_are_refused_with_a_line(data, old, new, message):
    path = data / "records" / "ext.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(DataError) as caught:
        store_of(data)
    assert message in str(caught.value)
    assert f"{path}:" in str(caught.value)


def test_a_source_without_a_date_is_valid_and_states_none(data):
    assert "issued" not in (data / "records" / "ext.yaml").read_text()
    store = store_of(data)
    assert values(store, "SELECT ?d { ?s <http://purl.org/dc/terms/issued> ?d }") == set()
