"""Agreements, links to older agreements, kinds, topics and dates, one short invented article
each (our own sentences; the parties are invented or only their countries are real). The
gazetteer is the seed records', so most names are found by their shape, as in a new article."""

from datetime import date

from graph.build.records import load_record
from graph.extract.dates import find_dates
from graph.extract.earlier import earlier_in
from graph.extract.kinds import best_kind, kinds_in
from graph.extract.proposal import to_yaml
from graph.extract.propose import propose
from graph.extract.topics import topics_in
from tests.extract.support import PUBLISHED

TWO_BANKS = "The Ruritania Monetary Authority and the Borduria Payments Authority"


def _agreements(seeds, text: str, tmp_path=None, published: date = PUBLISHED) -> list:
    proposal = propose(text, *seeds, published=published)
    if tmp_path is not None:  # the proposal loads as a record, as written
        out = tmp_path / "proposal.yaml"
        out.write_text(to_yaml(proposal), encoding="utf-8")
        load_record(out)
    return proposal.record["agreements"]


def test_kinds_are_read_as_whole_phrases():
    named = [k.kind for k in kinds_in("a memorandum of cooperation, a letter of intent and an MoU")]
    assert named == ["MemorandumOfCooperation", "LetterOfIntent", "MemorandumOfUnderstanding"]
    assert [k.kind for k in kinds_in("a joint declaration of intent")] == ["LetterOfIntent"]
    assert [k.kind for k in kinds_in("the Digital Economy Agreement")] == ["TradeAgreement"]
    assert best_kind(["Partnership", "MemorandumOfUnderstanding"]) == "MemorandumOfUnderstanding"


def test_a_memorandum_of_cooperation_keeps_its_kind(seeds, tmp_path):
    (agreement,) = _agreements(
        seeds,
        "Estonia and Kenya signed a memorandum of cooperation on digital government.\n",
        tmp_path,
    )
    assert agreement["type"] == "MemorandumOfCooperation"
    assert "-moc" in agreement["id"]


def test_the_same_parties_also_signing_another_instrument_is_another_agreement(seeds, tmp_path):
    first, second = _agreements(
        seeds,
        f"{TWO_BANKS} signed a memorandum of understanding on payment systems in Lisbon on "
        "3 May 2024.\n\n"
        "The two authorities also signed a letter of intent on settling trade in local "
        "currencies.\n",
        tmp_path,
    )
    assert first["type"] == "MemorandumOfUnderstanding"
    assert second["type"] == "LetterOfIntent"
    assert second["parties"] == first["parties"]
    # signed at the same occasion: its date and place are the first one's
    assert (second["signed_on"], second["signed_at"]) == ("2024-05-03", first["signed_at"])


def test_signers_who_also_signed_give_the_second_agreement_their_parties(seeds):
    first, second = _agreements(
        seeds,
        "Mari Tamm, Director General of the Ruritania Data Agency, and Jonas Berg, Chief "
        "Executive of the Borduria Registry Authority, signed a memorandum of understanding on "
        "data exchange on 3 May 2024.\n\n"
        "The two officials also signed an agreement on cybersecurity.\n",
    )
    assert second["type"] == "Agreement"
    assert second["signatories"] == first["signatories"] == ["mari-tamm", "jonas-berg"]
    assert second["parties"] == first["parties"]
    assert second["topics"] == ["cybersecurity"] and first["topics"] == ["data-exchange"]


def test_a_sentence_about_one_kind_belongs_to_the_agreement_of_that_kind(seeds, tmp_path):
    linkage, letter, older = _agreements(
        seeds,
        f"{TWO_BANKS} launched a payment linkage under a partnership signed on 2 May 2024.\n\n"
        f"{TWO_BANKS} also signed a letter of intent on local currency settlement.\n\n"
        "The letter of intent builds on the memorandum of understanding that the two "
        "authorities signed in August 2022.\n",
        tmp_path,
    )
    assert "builds_on" not in linkage
    assert letter["builds_on"] == [older["id"]]
    assert (older["type"], older["signed_on"]) == ("MemorandumOfUnderstanding", "2022-08")
    assert older["parties"] == letter["parties"]


def test_a_renewal_with_no_year_still_links_an_older_agreement(seeds, tmp_path):
    renewal, older = _agreements(
        seeds, "Estonia and Kenya have renewed their memorandum of understanding.\n", tmp_path
    )
    assert renewal["renews"] == [older["id"]]
    assert "signed_on" not in older and older["label"].endswith("(earlier)")
    assert older["parties"] == renewal["parties"]


def test_two_renewed_mous_each_renew_their_own(seeds, tmp_path):
    agreements = _agreements(
        seeds,
        "Estonia and Kenya renewed two memoranda of understanding, on e-services and on "
        "cybersecurity.\n",
        tmp_path,
    )
    renewals = [a for a in agreements if "renews" in a]
    olders = {a["id"] for a in agreements} - {a["id"] for a in renewals}
    assert len(renewals) == 2 and len(olders) == 2
    assert {r["renews"][0] for r in renewals} == olders


def test_an_extension_dates_the_older_agreement_not_the_signing(seeds):
    extension, older = _agreements(
        seeds,
        "Estonia and Kenya signed an agreement on 3 May 2024 that extends the partnership "
        "agreement the two governments launched in April 2019 in Tallinn.\n",
    )
    assert extension["signed_on"] == "2024-05-03" and "signed_at" not in extension
    assert extension["renews"] == [older["id"]]
    # "partnership agreement" is read as a whole: an Agreement
    assert (older["type"], older["signed_on"]) == ("Agreement", "2019-04")


def test_an_older_agreement_keeps_its_own_name_and_subject():
    mention = earlier_in(
        "The partnership builds on the Ruritania-Estonia Digital Framework, agreed in June 2022."
    )
    assert mention is not None
    assert (mention.earlier.label, mention.earlier.date) == (
        "Ruritania-Estonia Digital Framework",
        "2022-06",
    )
    renewed = earlier_in("It renews the cybersecurity memorandum that they first signed in 2017.")
    assert renewed is not None and renewed.earlier.topics == ("cybersecurity",)
    assert (renewed.earlier.link, renewed.earlier.date) == ("renews", "2017")


def test_renewed_words_that_name_no_agreement_are_no_link():
    assert earlier_in("The ministers renewed their commitment to work together.") is None
    assert earlier_in("Both sides will extend support to small businesses.") is None


def test_a_span_of_days_gives_its_month():
    assert [d.value for d in find_dates("from 16 to 18 May 2022")] == ["2022-05"]
    assert [d.value for d in find_dates("on May 16-18, 2022")] == ["2022-05"]


def test_a_signing_during_a_visit_is_dated_by_the_visit(seeds):
    (agreement,) = _agreements(
        seeds,
        "Estonia and Kenya signed a memorandum of understanding during the minister's visit "
        "to Tallinn from 16 to 18 May 2022.\n",
    )
    assert agreement["signed_on"] == "2022-05"


def test_topics_take_the_longest_phrase_and_press_wordings():
    assert topics_in("The agreement covers public service transformation.") == [
        "public-service-transformation"
    ]
    assert topics_in("The MoU covers e-services, training and privacy.") == [
        "digital-government",
        "capacity-building",
        "data-policy",
    ]
    assert topics_in("Training starts next week.") == []  # not about the agreement


def test_mous_listed_one_per_subject_are_counted(seeds, tmp_path):
    agreements = _agreements(
        seeds,
        "Estonia and Kenya signed memoranda of understanding on e-services, on cybersecurity "
        "and on digital identity.\n",
        tmp_path,
    )
    assert len(agreements) == 3
    assert {a["parties"][0] for a in agreements} == {"estonia-government"}


def test_a_venue_named_after_its_city_is_in_that_country(seeds, tmp_path):
    proposal = propose(
        "Estonia and Kenya signed a memorandum of understanding at the Nairobi Innovation "
        "Pavilion on 3 May 2024.\n",
        *seeds,
        published=PUBLISHED,
    )
    places = proposal.record["places"]
    assert [(p["label"], p.get("country")) for p in places] == [
        ("Nairobi Innovation Pavilion", "KE")
    ]


def test_the_signing_keeps_its_place_beside_a_year_named_older_agreement(seeds):
    signing, older = _agreements(
        seeds,
        "Estonia and Kenya signed a memorandum of understanding in Nairobi on 3 May 2024, which "
        "builds on the 2019 agreement between the two governments.\n",
    )
    assert (signing["signed_on"], signing["builds_on"]) == ("2024-05-03", [older["id"]])
    assert "signed_at" in signing and older["signed_on"] == "2019"
