"""The constructions of issue 19, one short invented article each: states as parties,
signatories after a passive signing, posts, topics, several agreements, renewals, the
country of a new place. The gazetteer is the seed records' (few names known), so most
names here are found by their shape, as in a new article."""

from datetime import date

import pytest

from graph.build.records import load_record
from graph.extract.proposal import to_yaml
from graph.extract.propose import propose
from tests.extract.support import PUBLISHED


def _record(seeds, text: str, published: date = PUBLISHED, tmp_path=None) -> dict:
    proposal = propose(text, *seeds, published=published)
    if tmp_path is not None:  # the proposal loads as a record, as written
        out = tmp_path / "proposal.yaml"
        out.write_text(to_yaml(proposal), encoding="utf-8")
        load_record(out)
    return proposal.record


def _orgs(record: dict) -> dict[str, dict]:
    return {o["id"]: o for o in record.get("organizations", [])}


def test_countries_that_sign_are_their_governments(seeds, tmp_path):
    record = _record(
        seeds,
        "Canada and Estonia signed a memorandum of understanding on Monday.\n",
        tmp_path=tmp_path,
    )
    parties = record["agreements"][0]["parties"]
    assert parties == ["canada-government", "estonia-government"]
    assert _orgs(record)["canada-government"] == {
        "id": "canada-government",
        "label": "Government of Canada",
        "type": "Government",
        "country": "CA",
    }


def test_demonyms_before_officials_are_states_but_a_countrys_body_is_not(seeds):
    record = _record(
        seeds, "Rwandan and Israeli officials signed a memorandum of understanding today.\n"
    )
    assert record["agreements"][0]["parties"] == ["rwanda-government", "israel-government"]
    record = _record(
        seeds,
        "Ruritania's Digital Services Agency and Estonia's Information Systems Authority "
        "signed a memorandum of understanding today.\n",
    )
    assert not any(p.endswith("-government") for p in record["agreements"][0]["parties"])


def test_signatories_after_a_passive_signing_with_their_posts_and_bodies(seeds):
    record = _record(
        seeds,
        "The agreement was signed in Tallinn on 3 May 2024 by Mari Tamm, Director General of "
        "the Estonian Data Agency, and Jonas Berg, Chief Executive of the Nordic Registry "
        "Authority.\n",
    )
    agreement = record["agreements"][0]
    assert agreement["signatories"] == ["mari-tamm", "jonas-berg"]
    assert agreement["signed_on"] == "2024-05-03"
    people = {p["id"]: p for p in record["people"]}
    assert people["mari-tamm"]["posts"][0]["title"] == "Director General"
    bodies = [people[s]["posts"][0]["org"] for s in agreement["signatories"]]
    assert agreement["parties"] == bodies  # no party named: the signatories' bodies
    assert {p["id"]: p for p in record["places"]}["tallinn"]["country"] == "EE"


def test_witnesses_in_front_of_and_a_title_shared_by_a_list(seeds):
    record = _record(
        seeds,
        "The Ruritania Digital Agency and the Freedonia Data Office signed the memorandum in "
        "front of Presidents Anna Kask of Estonia and Peeter Saar of Latvia.\n",
    )
    assert record["agreements"][0]["witnesses"] == ["anna-kask", "peeter-saar"]
    posts = {p["id"]: p.get("posts") for p in record["people"]}
    assert posts["anna-kask"] == [{"org": "estonia-government", "title": "President"}]
    assert posts["peeter-saar"] == [{"org": "latvia-government", "title": "President"}]


def test_topics_come_from_the_scheme_with_their_sentence(seeds):
    text = (
        "The Ruritania Digital Agency and the Freedonia Data Office signed an agreement today.\n\n"
        "The agreement covers cyber security, digital identity and the exchange of officers.\n"
    )
    proposal = propose(text, *seeds, published=PUBLISHED)
    assert proposal.record["agreements"][0]["topics"] == [
        "cybersecurity",
        "digital-identity",
        "officer-exchange",
    ]
    topic = next(f for f in proposal.facts if f["field"] == "topics")
    assert topic["evidence"][0]["text"].startswith("The agreement covers")
    assert not _record(seeds, "Related: cyber security tips for your home.\n").get("topics")


def test_a_separate_signing_between_other_parties_is_another_agreement(seeds, tmp_path):
    record = _record(
        seeds,
        "The Ruritania Digital Agency and the Freedonia Data Office signed a memorandum of "
        "understanding on Monday.\n\n"
        "Separately, Canada and Chile signed an agreement on digital trade.\n",
        tmp_path=tmp_path,
    )
    parties = [a["parties"] for a in record["agreements"]]
    assert len(parties) == 2 and parties[1] == ["canada-government", "chile-government"]
    assert not set(parties[0]) & set(parties[1])


def test_two_mous_counted_give_two_agreements(seeds, tmp_path):
    record = _record(
        seeds,
        "The Ruritania Digital Agency and the Freedonia Data Office signed two memoranda of "
        "understanding on Monday.\n",
        tmp_path=tmp_path,
    )
    agreements = record["agreements"]
    assert len(agreements) == 2 and agreements[0]["id"] != agreements[1]["id"]
    assert agreements[0]["parties"] == agreements[1]["parties"]


def test_a_renewal_links_the_earlier_agreement_and_keeps_its_year_apart(seeds, tmp_path):
    record = _record(
        seeds,
        "The Ruritania Digital Agency and the Freedonia Data Office renewed their memorandum "
        "of understanding on Monday.\n\n"
        "It renews the memorandum the two governments first signed in 2017.\n",
        tmp_path=tmp_path,
    )
    new, old = record["agreements"]
    assert new["renews"] == [old["id"]]
    assert old["signed_on"] == "2017" and new.get("signed_on") == "2024-05-06"
    assert len(old["parties"]) == 2


@pytest.mark.parametrize(
    "text",
    [
        "It renews the cybersecurity MoU that the two governments first signed in 2017.\n",
        "NAIROBI, Nov 28 -- Officials signed a memorandum of understanding in 2019.\n",
    ],
)
def test_fragments_are_not_parties_and_years_not_places(seeds, text):
    agreement = _record(seeds, text)["agreements"][0]
    assert not agreement.get("parties") and not agreement.get("signed_at")
