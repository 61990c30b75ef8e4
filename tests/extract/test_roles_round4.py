"""The fourth round of role and grouping rules: one short invented article per construction.

The gazetteer is the seed records' (few names known), so the people and bodies here are found
by their shape, as in a new article. Each test fails without the rule it names."""

from tests.extract.support import proposed


def test_a_second_memorandum_in_the_same_sentence_is_another_agreement(seeds):
    record = proposed(
        seeds,
        "Estonia's Minister of Economics, Anna Kask, signed a memorandum of understanding with "
        "Peeter Saar, Minister of Economics of Latvia, and a second memorandum with Maria "
        "Tamm, Minister of Economics of Lithuania.\n",
    )
    signers = [a.get("signatories") for a in record["agreements"]]
    assert signers == [["anna-kask", "peeter-saar"], ["anna-kask", "maria-tamm"]]


def test_a_lead_naming_no_one_is_not_an_agreement_of_its_own(seeds):
    record = proposed(
        seeds,
        "Two more agencies have joined the Baltic Data Network, which aims at faster data "
        "exchange, the network said in a statement.\n\n"
        "According to the statement, the Latvian Digital Office signed the second supplemental "
        "pages of the memorandum on Monday.\n",
    )
    assert record["agreements"][0].get("parties")


def test_bodies_that_exchanged_an_mou_are_its_parties(seeds):
    record = proposed(
        seeds,
        "The Estonian Data Agency and the Latvian Digital Office exchanged an MoU on digital "
        "identity in Riga on Monday.\n",
    )
    assert len(record["agreements"][0]["parties"]) == 2


def test_a_country_beside_a_demonym_describes_entities_not_a_party(seeds):
    record = proposed(
        seeds,
        "Anna Kask, Prime Minister of Estonia, witnessed the exchange of memoranda between "
        "Estonia and Latvian entities.\n\n"
        "The Estonian Data Agency and the Latvian Digital Office exchanged an MoU on data.\n",
    )
    assert "estonia-government" not in record["agreements"][0]["parties"]


def test_a_name_before_bin_and_a_known_person_is_a_longer_name(seeds):
    record = proposed(
        seeds,
        "The Estonian Data Agency and the Latvian Digital Office signed an MoU, witnessed by "
        "Sheikh Khaled bin Mohamed bin Zayed Al Nahyan, Crown Prince of Abu Dhabi.\n",
    )
    witnesses = record["agreements"][0]["witnesses"]
    assert witnesses[0] == "khaled-bin-mohamed-bin-zayed-al-nahyan"
    assert "mohamed-bin-zayed-al-nahyan" not in witnesses


def test_a_demonym_of_two_words_is_not_a_person(seeds):
    record = proposed(
        seeds,
        "The agreement was signed by Prime Minister Anna Kask and President Peeter Saar in "
        "July, during the Sri Lankan leader's visit.\n",
    )
    assert record["agreements"][0]["signatories"] == ["anna-kask", "peeter-saar"]


def test_a_body_before_countries_is_not_a_party(seeds):
    record = proposed(
        seeds,
        "Estonia and Latvia signed an agreement on digital signatures. A document signed with "
        "a certificate issued in one state is accepted in the other Nordic Council countries.\n",
    )
    assert record["agreements"][0]["parties"] == ["estonia-government", "latvia-government"]


def test_for_a_state_before_the_signing_names_the_party_not_the_signers_body(seeds):
    record = proposed(
        seeds,
        "For Canada, the charter was signed by Scott Brison, President of the Treasury Board, "
        "and Joyce Murray, Parliamentary Secretary.\n",
    )
    assert record["agreements"][0]["parties"] == ["canada-government"]


def test_with_no_party_in_the_text_the_headline_states_are_the_parties(seeds):
    record = proposed(
        seeds,
        "India, Sri Lanka discuss launch of payments link\n\n"
        "The move follows the agreement that was signed by Prime Minister Anna Kask and "
        "President Peeter Saar in July.\n",
    )
    assert record["agreements"][0]["parties"] == ["india-government", "sri-lanka-government"]


def test_two_particles_inside_a_name_keep_it_whole(seeds):
    record = proposed(
        seeds,
        "The Estonian Data Agency and the Latvian Digital Office signed an MoU. Also present at "
        "the signing was Ximena Puente de la Mora, Director of the Estonian Data Agency.\n",
    )
    assert record["agreements"][0]["witnesses"] == ["ximena-puente-de-la-mora"]


def test_signed_by_representatives_of_states_names_the_states(seeds):
    record = proposed(
        seeds,
        "The charter was signed by representatives of the three member states: Estonia, "
        "Latvia and Lithuania.\n",
    )
    assert record["agreements"][0]["parties"] == [
        "estonia-government",
        "latvia-government",
        "lithuania-government",
    ]


def test_witnesses_of_several_memoranda_witnessed_each(seeds):
    record = proposed(
        seeds,
        "Anna Kask, Prime Minister of Estonia, witnessed the exchange of memoranda between "
        "Estonian and Latvian bodies.\n\n"
        "The Estonian Data Agency and the Latvian Digital Office exchanged an MoU on data.\n\n"
        "Separately, the Estonian Tax Board and the Latvian Revenue Service signed an MoU on "
        "taxes.\n",
    )
    assert [a.get("witnesses") for a in record["agreements"]] == [["anna-kask"], ["anna-kask"]]
