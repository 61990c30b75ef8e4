"""Ten agreements' facts, read off their pages by a person, against what each page's named
graph states: a record that drifts from its page (a date, a signatory, a place) fails here."""

import pytest

from graph.sparql.query import run_query

ID = "https://w3id.org/govties/id/"

# (source id, agreement id) -> what that page states
PAGES = {
    ("latestly-in-ke-meity-micde-mou-2023", "meity-kenya-micde-mou-2023"): {
        "type": "MemorandumOfUnderstanding",
        "parties": {
            "Ministry of Electronics and Information Technology",
            "Ministry of Information, Communications and Digital Economy of Kenya",
        },
        "signedOn": "2023-12-05",
        "entryIntoForce": "2023-12-05",
        "duration": "P3Y",
    },
    ("ega-ee-mn-ega-mddc-mou-2022", "ega-mongolia-mddc-mou-2022"): {
        "parties": {"Ministry of Digital Development and Communications of Mongolia",
                    "e-Governance Academy"},
        "signatory": {"B. Bolor-Erdene", "Hannes Astok"},
        "signedOn": "2022-04-08",
    },
    ("eiu-depa-signed-2020", "digital-economy-partnership-agreement"): {
        "type": "TradeAgreement",
        "parties": {"Government of Chile", "Government of New Zealand", "Government of Singapore"},
        "signatory": {"Chan Chun Sing", "David Parker", "Teodoro Ribera"},
        "signedOn": "2020-06-14",  # this page's date; the Library of Congress says 12 June
    },
    ("loc-glm-depa-2020", "digital-economy-partnership-agreement"): {
        "signedOn": "2020-06-12",
    },
    ("theindependent-uk-sg-govtech-gds-mou-2022", "govtech-gds-mou-2022"): {
        "parties": {"Government Digital Service", "Government Technology Agency"},
        "signatory": {"Kok Ping Soon", "Tom Read"},
        "signedOn": "2022-07-04",
        "duration": "P3Y",
    },
    ("redorbit-id-kr-egov-mou-2013", "indonesia-korea-egov-mou-2013"): {
        "parties": {"Government of Indonesia", "Government of the Republic of Korea"},
        "signatory": {"Tifatul Sembiring", "Yoo Jeong-bok"},
        "witness": {"Boediono"},
        "signedOn": "2013-07",
        "signedAt": {"Jakarta"},
    },
    ("jpost-d9-charter-2018", "d9-charter-2018"): {
        "type": "Declaration",
        "parties": {
            f"Government of {name}"
            for name in ("Canada", "Estonia", "Israel", "Mexico", "New Zealand", "Portugal",
                         "Uruguay", "the Republic of Korea", "the United Kingdom")
        },
        "signatory": {"Gila Gamliel"},
        "signedOn": "2018-11-22",
        "signedAt": {"Jerusalem"},
    },
    ("csa-sg-uk-cyber-mou-2015", "csa-cabinet-office-cyber-mou-2015"): {
        "parties": {"Cabinet Office", "Cyber Security Agency of Singapore"},
        "signatory": {"David Koh", "Kim Darroch"},
        "witness": {"David Cameron", "Lee Hsien Loong"},
        "signedAt": {"Istana"},
    },
    ("globalgovernmentforum-au-uk-dto-gds-mou-2016", "au-dto-uk-gds-mou-2016"): {
        "parties": {"Digital Transformation Office", "Government Digital Service"},
        "signatory": {"Liam Maxwell", "Paul Shetler"},
        "signedAt": {"Canberra"},
    },
    ("lokmattimes-in-png-meity-mict-mou-2023", "meity-png-mict-mou-2023"): {
        "parties": {
            "Ministry of Electronics and Information Technology",
            "Ministry of Information and Communications Technology of Papua New Guinea",
        },
        "signedOn": "2023-07-28",
        "duration": "P3Y",
    },
}  # fmt: skip

LINKS = {"parties": "gt:party", "signatory": "gt:signatory", "witness": "gt:witness",
         "signedAt": "gt:signedAt"}  # fmt: skip


def stated(store, source: str, agreement: str, path: str) -> set[str]:
    query = f"""SELECT ?v WHERE {{ GRAPH <{ID}source/{source}> {{
        <{ID}agreement/{agreement}> {path} ?v }} }}"""
    return {row["v"].value for row in run_query(store, query)}


@pytest.mark.parametrize(("page", "facts"), PAGES.items(), ids=[a for _, a in PAGES])
def test_agreement_states_what_its_page_says(shipped_store, page, facts):
    source, agreement = page
    for name, expected in facts.items():
        if name in LINKS:
            found = stated(shipped_store, source, agreement, f"{LINKS[name]}/rdfs:label")
        elif name == "type":
            found = {t.rsplit("#", 1)[1] for t in stated(shipped_store, source, agreement, "a")}
            expected = {expected}
        else:
            found = stated(shipped_store, source, agreement, f"gt:{name}")
            expected = {expected}
        assert found == expected, (source, agreement, name)
