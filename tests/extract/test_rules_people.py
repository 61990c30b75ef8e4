"""People, posts and state parties: one short invented sentence per construction.

The gazetteer is the seed records' (few names known), so the people and most bodies here are
found by their shape, as in a new article."""

from graph.extract.propose import propose
from tests.extract.support import PUBLISHED, proposed
from tests.support import posts_of


def _labels(record: dict) -> dict[str, str]:
    return {o["id"]: o["label"] for o in record.get("organizations", [])}


def test_signing_on_behalf_of_a_government_names_the_state(seeds):
    record = proposed(
        seeds,
        "Minister Anna Kask signed on behalf of the Estonian government, while Minister "
        "Peeter Saar signed for the Latvian government.\n",
    )
    agreement = record["agreements"][0]
    assert agreement["parties"] == ["estonia-government", "latvia-government"]
    assert agreement["signatories"] == ["anna-kask", "peeter-saar"]


def test_signed_for_a_state_after_a_person_is_a_post_not_a_party(seeds):
    record = proposed(
        seeds,
        "The Ruritania Digital Agency and the Freedonia Data Office signed the MoU, which was "
        "signed by Anna Kask, Ambassador for Estonia.\n",
    )
    assert "estonia-government" not in record["agreements"][0]["parties"]


def test_the_person_a_signatory_signed_with_signs_too(seeds):
    record = proposed(
        seeds,
        "Estonia's Minister of Justice, Dr Mari Tamm, signed the memorandum with Latvia's "
        "Minister of Justice, Jonas Berg.\n",
    )
    assert record["agreements"][0]["signatories"] == ["mari-tamm", "jonas-berg"]
    assert posts_of(record)["jonas-berg"] == [("latvia-government", "Minister of Justice")]


def test_a_counterpart_holds_the_same_title_in_the_other_state(seeds):
    record = proposed(
        seeds,
        "The Ruritania Digital Agency and the Freedonia Data Office signed the agreement. "
        "Estonian President Anna Kask and her Latvian counterpart, Peeter Saar, witnessed "
        "the signing.\n",
    )
    assert record["agreements"][0]["witnesses"] == ["anna-kask", "peeter-saar"]
    posts = posts_of(record)
    assert posts["anna-kask"] == [("estonia-government", "President")]
    assert posts["peeter-saar"] == [("latvia-government", "President")]


def test_a_portfolio_minister_holds_the_post_in_the_ministry_the_article_names(seeds):
    record = proposed(
        seeds,
        "Digital Affairs Minister Mari Tamm and Trade Commissioner Jonas Berg of the Freedonia "
        "Trade Office signed the memorandum.\n\n"
        "The Ministry of Digital Affairs will lead the work.\n",
    )
    org, title = posts_of(record)["mari-tamm"][0]
    assert title == "Digital Affairs Minister"
    assert _labels(record)[org] == "Ministry of Digital Affairs"


def test_a_portfolio_two_articles_bodies_share_is_not_guessed(seeds):
    record = proposed(
        seeds,
        "Digital Affairs Minister Mari Tamm signed the memorandum.\n\n"
        "The Ministry of Digital Affairs of Estonia and the Latvian Ministry of Digital "
        "Affairs will lead the work.\n",
    )
    assert not posts_of(record)["mari-tamm"]


def test_a_title_whose_portfolio_is_a_list_keeps_its_commas(seeds):
    record = proposed(
        seeds,
        "Paraguay's Minister of Technology, Information and Communication, Alejandro Ruiz, "
        "signed the agreement with Uruguay.\n",
    )
    assert posts_of(record)["alejandro-ruiz"] == [
        ("paraguay-government", "Minister of Technology, Information and Communication")
    ]


def test_a_list_of_a_states_ministers_holds_its_posts_in_that_state(seeds):
    record = proposed(
        seeds,
        "The agreement was signed by two Latvian ministers, Minister of Education Anna Kalnina "
        "and Minister of Finance Peteris Ozols, and by Jonas Berg, Director of the Freedonia "
        "Data Office.\n",
    )
    agreement = record["agreements"][0]
    assert agreement["signatories"] == ["anna-kalnina", "peteris-ozols", "jonas-berg"]
    posts = posts_of(record)
    assert posts["anna-kalnina"] == [("latvia-government", "Minister of Education")]
    assert posts["peteris-ozols"] == [("latvia-government", "Minister of Finance")]
    assert posts["jonas-berg"][0][1] == "Director"


def test_the_body_before_a_title_past_its_acronym(seeds):
    record = proposed(
        seeds,
        "Nordic Registry Authority (NRA) Director Jonas Berg signed the memorandum.\n",
    )
    org, title = posts_of(record)["jonas-berg"][0]
    assert (title, _labels(record)[org]) == ("Director", "Nordic Registry Authority")


def test_envoys_hold_their_post_in_the_sending_state(seeds):
    record = proposed(
        seeds,
        "The Ruritania Digital Agency and the Freedonia Data Office signed the MoU in the "
        "presence of the Ambassador of India to Oman, Amit Narang, and Anna Kask, the US "
        "Ambassador to Singapore.\n",
    )
    posts = posts_of(record)
    assert posts["amit-narang"] == [("india-government", "Ambassador to Oman")]
    assert posts["anna-kask"] == [("united-states-government", "Ambassador to Singapore")]


def test_a_relative_clause_inside_a_witness_list_does_not_end_it(seeds):
    record = proposed(
        seeds,
        "The Ruritania Digital Agency and the Freedonia Data Office signed the MoU in the "
        "presence of Minister Mari Tamm, who led a visiting delegation, and Ambassador Jonas "
        "Berg.\n",
    )
    assert record["agreements"][0]["witnesses"] == ["mari-tamm", "jonas-berg"]


def test_governments_that_reach_an_agreement_are_its_parties(seeds):
    record = proposed(
        seeds, "The governments of Chile and Peru have reached an agreement on digital identity.\n"
    )
    assert record["agreements"][0]["parties"] == ["chile-government", "peru-government"]


def test_similar_agreements_with_other_states_are_not_parties(seeds):
    record = proposed(
        seeds,
        "Estonia and Latvia signed a memorandum of understanding on Monday. Estonia has signed "
        "similar agreements with Finland and Sweden.\n",
    )
    assert record["agreements"][0]["parties"] == ["estonia-government", "latvia-government"]


def test_a_caption_exchange_of_documents_and_looking_on(seeds):
    record = proposed(
        seeds,
        "Minister Mari Tamm and Minister Jonas Berg exchange the signed documents as President "
        "Anna Kask looks on.\n",
    )
    agreement = record["agreements"][0]
    assert agreement["signatories"] == ["mari-tamm", "jonas-berg"]
    assert agreement["witnesses"] == ["anna-kask"]


def test_the_two_presidents_are_the_presidents_named_before(seeds):
    record = proposed(
        seeds,
        "Estonia and Latvia signed the MoU after talks led by President Anna Kask of Estonia and "
        "President Peeter Saar of Latvia.\n\n"
        "Minister Mari Tamm and Minister Jonas Berg signed for their governments as the two "
        "Presidents looked on.\n",
    )
    assert record["agreements"][0]["witnesses"] == ["anna-kask", "peeter-saar"]


def test_a_ministry_whose_portfolio_is_a_list_is_one_body(seeds):
    record = proposed(
        seeds,
        "Estonia and Kenya signed the MoU. Jane Wanjiru, Cabinet Secretary of Kenya's Ministry "
        "of Information, Communications and the Digital Economy, signed for Kenya.\n",
    )
    org, title = posts_of(record)["jane-wanjiru"][0]
    assert title == "Cabinet Secretary"
    assert _labels(record)[org] == "Ministry of Information, Communications and the Digital Economy"


def test_a_known_name_spelled_out_longer_with_its_acronym_is_the_longer_one(seeds):
    record = proposed(
        seeds,
        "The MoU was signed by Anna Kask, Director at the Government Digital Service and "
        "Innovation Agency (GDSIA), and Jonas Berg, Director of the Freedonia Data Office.\n",
    )
    labels = _labels(record)
    assert "Government Digital Service and Innovation Agency" in labels.values()
    assert "gds" not in labels  # the seeds' Government Digital Service is another body


def test_a_surname_alone_is_the_person_named_before(seeds):
    text = (
        "The MoU was signed by Anna Kask, Director of the Freedonia Data Office, and Jonas Berg, "
        "Director of the Ruritania Digital Agency. Kask also signed a second memorandum with "
        "Peeter Saar, Director of the Nordic Registry Authority.\n"
    )
    facts = propose(text, *seeds, published=PUBLISHED).facts
    signed = {
        f["value"]
        for f in facts
        if f["field"] == "signatories"
        and any(e["text"].startswith("Kask also") for e in f["evidence"])
    }
    assert signed == {"anna-kask", "peeter-saar"}


def test_a_secretary_of_state_holds_the_post_in_the_department_of_the_portfolio(seeds):
    record = proposed(
        seeds,
        "Jane Smith, the UK Secretary of State for Digital Affairs, signed the memorandum. "
        "The UK Department for Digital Affairs will lead the work.\n",
    )
    org, title = posts_of(record)["jane-smith"][0]
    assert title == "Secretary of State for Digital Affairs"
    assert _labels(record)[org] == "UK Department for Digital Affairs"


def test_a_counterpart_of_a_portfolio_minister_is_not_given_that_portfolio(seeds):
    record = proposed(
        seeds,
        "The memoranda were signed by Mari Tamm, Estonia's Minister of Justice, and her Latvian "
        "counterpart Jonas Berg.\n",
    )
    posts = posts_of(record)
    assert posts["mari-tamm"] == [("estonia-government", "Minister of Justice")]
    assert not posts["jonas-berg"]
