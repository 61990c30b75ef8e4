"""Round 5 (second pass) rules of grouping, topics' attachment and links: one short invented
article per construction. Each test fails without the rule it names."""

from tests.extract.support import proposed


def _agreements(seeds, text: str) -> list[dict]:
    return proposed(seeds, text)["agreements"]


def test_a_sentence_about_the_memorandum_already_reported_does_not_start_another(seeds):
    agreements = _agreements(
        seeds,
        "The Bank of Latvia signed the supplemental pages of the Memorandum of Understanding on "
        "Payment Connectivity on 3 April 2024.\n\n"
        "The memorandum was first signed in Tallinn on 14 November 2022, by the Bank of "
        "Estonia together with the Bank of Lithuania and the Bank of Finland.\n",
    )
    assert len(agreements) == 1
    assert agreements[0]["signed_on"] == "2022-11-14"
    assert agreements[0]["signed_at"] == "tallinn"


def test_an_event_following_the_only_agreement_signed_by_named_leaders_is_about_it(seeds):
    agreements = _agreements(
        seeds,
        "Estonia and Latvia have discussed the early launch of the payment link, officials "
        "said.\n\n"
        "The move follows the agreement on payment acceptance in Latvia that was signed by "
        "Prime Minister Anna Kask and President Peeter Saar in July 2023.\n",
    )
    assert len(agreements) == 1
    assert agreements[0]["signed_on"] == "2023-07"
    assert "builds_on" not in agreements[0]


def test_an_event_following_an_older_agreement_after_a_reported_signing_stays_older(seeds):
    agreements = _agreements(
        seeds,
        "Prime Minister Anna Kask of Estonia and President Peeter Saar of Latvia signed an MoU "
        "on 3 May 2024.\n\n"
        "The move follows the agreement on payment acceptance that was signed by Prime "
        "Minister Mart Tamm and President Jaan Sepp in July 2023.\n",
    )
    assert agreements[0]["signed_on"] == "2024-05-03"
    assert agreements[0].get("builds_on")


def test_a_sentence_of_what_the_parties_will_do_gives_its_topics_to_the_agreement(seeds):
    agreements = _agreements(
        seeds,
        "Estonia and Latvia signed a memorandum of understanding in Tallinn on 3 May.\n\n"
        "The MoU provides for the exchange of experience between the two ministries. Latvian "
        "officials will be able to join courses run in Estonia in artificial intelligence and "
        "cybersecurity.\n",
    )
    assert {"artificial-intelligence", "cybersecurity"} <= set(agreements[0].get("topics", []))


def test_a_background_sentence_after_the_agreement_gives_it_no_topics(seeds):
    agreements = _agreements(
        seeds,
        "Estonia and Latvia signed a memorandum of understanding in Tallinn on 3 May.\n\n"
        "The MoU provides for the exchange of experience between the two ministries. Regional "
        "governments have turned to one another on artificial intelligence and "
        "cybersecurity.\n",
    )
    assert not {"artificial-intelligence", "cybersecurity"} & set(agreements[0].get("topics", []))


ORDINALS_ARTICLE = (
    "The Estonian Ministry of Economic Affairs exchanged two memoranda with Latvian "
    "institutions.\n\n"
    "The first, with the Latvian Civil Service School, covers capacity building for civil "
    "servants.\n\n"
    "The second, with the University of Latvia, through its School of Law, provides for work "
    "together on artificial intelligence.\n"
)


def test_each_ordinal_after_a_count_is_one_of_the_agreements_counted(seeds):
    agreements = _agreements(seeds, ORDINALS_ARTICLE)
    assert len(agreements) == 2
    parties = [set(a["parties"]) for a in agreements]
    assert all(len(p) == 2 for p in parties), parties
    assert parties[0] & parties[1]  # the ministry, the count's own party, in both
    assert [a.get("type") for a in agreements] == ["MemorandumOfUnderstanding"] * 2
    topics = [a.get("topics", []) for a in agreements]
    assert "capacity-building" in topics[0] and "artificial-intelligence" in topics[1]


def test_an_ordinal_with_no_count_before_it_starts_no_agreement(seeds):
    agreements = _agreements(
        seeds,
        "Estonia and Latvia signed a memorandum of understanding on 3 May.\n\n"
        "The second, with the University of Latvia, is planned for next year.\n",
    )
    assert len(agreements) == 1
