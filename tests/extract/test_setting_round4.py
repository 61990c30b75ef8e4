"""Fourth round of setting rules: headlines, dates, places and topics of new constructions.

One short invented article (or line) per construction; the gazetteer is the seed records'
(few names known), so most names are found by their shape, as in a new article.
"""

import pytest

from graph.extract.chrome import content_blocks, headline
from graph.extract.topics import topics_in
from tests.extract.support import proposed


def _setting(record: dict) -> tuple[str | None, str | None]:
    first = record["agreements"][0]
    return first.get("signed_on"), first.get("signed_at")


def _place(record: dict, ident: str | None) -> dict:
    return next(p for p in record.get("places", []) if p["id"] == ident)


BODY = (
    "The Ministry of Digital Affairs of Ruritania and the e-Governance Agency of Moldova "
    "signed a memorandum of understanding.\n"
)


def test_the_sites_name_above_its_menu_is_not_the_headline():
    text = (
        "Ruritania abroad: Embassy of Ruritania\n"
        "Home | Services | Current affairs | About us\n\n"
        "Ruritania and Moldova step up cooperation in digital services\n\n" + BODY
    )
    assert headline(text) == "Ruritania and Moldova step up cooperation in digital services"


def test_a_press_office_line_is_not_the_headline():
    text = (
        "Secretariat of Digital Affairs (Secretaría de Asuntos Digitales)\nPress Office\n\n"
        "Ruritania and Moldova formalise cooperation on digital government\n\n" + BODY
    )
    assert headline(text) == "Ruritania and Moldova formalise cooperation on digital government"


def test_a_headline_may_start_with_a_count():
    text = "Daily Courier\n\nBUSINESS | Banking\n\n8 central banks join regional payment link\n\n"
    assert headline(text + BODY) == "8 central banks join regional payment link"


def test_a_numbered_list_is_still_no_headline():
    text = "1 Ruritania opens its first data centre abroad\n2 Moldova names a new minister\n\n"
    assert headline(text + BODY) is None


def test_an_agency_dateline_ending_in_a_colon_is_the_reports_date(seeds):
    record = proposed(
        seeds,
        "Chisinau [Moldova], May 10 (ANI): Ruritania and Moldova signed two memorandums of "
        "understanding during the Prime Minister's visit to the country this month.",
    )
    assert _setting(record)[0] == "2024-05"


def test_a_hyphenated_name_is_no_dateline(seeds):
    record = proposed(
        seeds,
        "Ruritania and Moldova today signed the Ruritania-Moldova Digital Economy Agreement, "
        "setting new rules for digital trade.",
    )
    assert _setting(record)[0] == "2024-05-10"


def test_the_end_of_negotiations_does_not_date_the_signing(seeds):
    record = proposed(
        seeds,
        "Ruritania and Moldova signed the Digital Economy Agreement in Chisinau.\n\n"
        "Negotiations on the agreement were concluded on 23 March 2024 by the two Prime "
        "Ministers.",
    )
    assert _setting(record)[0] is None


def test_an_accession_is_not_the_agreements_signing(seeds):
    record = proposed(
        seeds,
        "The Central Bank of Ruritania (CBR) signed the supplemental pages of the Memorandum "
        "of Understanding on Regional Payments on 29 February 2024 in Chisinau.",
    )
    assert _setting(record) == (None, None)


def test_a_supplemental_agreement_has_its_own_signing(seeds):
    record = proposed(
        seeds,
        "The Central Bank of Ruritania and the National Bank of Moldova signed a supplemental "
        "agreement on 29 February 2024 in Chisinau.",
    )
    assert _setting(record) == ("2024-02-29", "chisinau")


def test_in_inside_the_agreements_name_names_no_place(seeds):
    record = proposed(
        seeds,
        "The Central Bank of Ruritania and the National Bank of Moldova signed the Memorandum "
        "of Understanding on Cooperation in Regional Payment Connectivity on 2 May 2024.",
    )
    assert _setting(record) == ("2024-05-02", None)


def test_a_country_described_is_no_place(seeds):
    record = proposed(
        seeds,
        "The Ruritanian Payments Company and Moldova's Ministry of Finance signed an agreement "
        "to deploy a payment system, a move expected to change payments in the Caribbean "
        "nation.",
    )
    assert _setting(record)[1] is None


def test_a_conference_named_after_its_city_places_the_signing_there(seeds):
    record = proposed(
        seeds,
        "The Ministry of Digital Affairs of Ruritania and the e-Governance Agency of Moldova "
        "signed a memorandum of understanding during the Tallinn Digital Summit.",
    )
    assert _setting(record)[1] == "tallinn"


def test_a_bracketed_caption_ending_in_its_credit_is_read(seeds):
    record = proposed(
        seeds,
        "Ruritania and Moldova signed a digital charter.\n\n"
        "[Photo: Representatives of the two governments at the signing of the\n"
        "charter in Chisinau, November 22, 2023. Photo: staff\nphotographer]\n",
        published=None,
    )
    assert _setting(record) == ("2023-11-22", "chisinau")


def test_a_list_after_a_blank_line_is_read_with_its_introduction():
    text = (
        "Ruritania and Moldova signed a memorandum of understanding. The two ministries\n"
        "intend to cooperate in the following fields:\n\n"
        "- digital economy and digital trade;\n"
        "- 1. the Ministry of Digital Affairs of\n   Ruritania, on open data.\n\n"
        "A later paragraph that says nothing about it at all, of any length.\n"
    )
    blocks = [b.text for b in content_blocks(text)]
    assert blocks[0].endswith("- 1. the Ministry of Digital Affairs of Ruritania, on open data.")
    assert blocks[1:] == ["A later paragraph that says nothing about it at all, of any length."]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # generic words name no topic
        ("The MoU supports digitalisation in both countries.", []),
        ("Cooperation will focus on the development of public services.", []),
        ("The two sides will cooperate in higher education and vocational training.", []),
        # worded topics
        ("Under the agreement, the two sides will build the capacity of government bodies.",
         ["capacity-building"]),
        ("The countries will cooperate on public key infrastructure.", ["trust-services"]),
        ("They signed a memorandum on cross-border digital payment.", ["cross-border-payments"]),
        ("The MoU will advance cross-border payment connectivity.", ["cross-border-payments"]),
        ("The charter names open standards and open source among its principles.",
         ["open-standards", "open-source"]),
        ("The MoUs aim at strengthening cooperation in government work.", []),
        ("The agreement falls under the Government Experience Exchange Programme.", []),
        ("The two countries agreed to share experience in modernising the way government "
         "works, under a deal signed on Monday.", ["public-service-transformation"]),
        # a body's name with "to" in it ("Access to Information and Personal Data Protection")
        ("Also present at the signing was the Director of the National Institute for Access to "
         "Information and Personal Data Protection (INAI).", []),
    ],
)  # fmt: skip
def test_topics_round4(sentence: str, expected: list[str]):
    assert topics_in(sentence) == expected
