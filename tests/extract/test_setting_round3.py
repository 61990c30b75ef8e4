"""Third round of setting rules: when and where the signing took place.

One short invented article per construction; the gazetteer is the seed records' (few names
known), so most names are found by their shape, as in a new article.
"""

from datetime import date

import pytest

from graph.extract.dates import find_dates
from tests.extract.support import proposed


def _setting(record: dict) -> tuple[str | None, str | None]:
    first = record["agreements"][0]
    return first.get("signed_on"), first.get("signed_at")


def _place(record: dict, ident: str | None) -> dict:
    return next(p for p in record.get("places", []) if p["id"] == ident)


def test_a_cue_word_inside_the_agreements_name_does_not_block_its_place(seeds):
    record = proposed(
        seeds,
        "The Ministry of Digital Affairs of Romania and the e-Governance Agency of Moldova "
        "signed a joint statement in Chisinau on Thursday.",
    )
    assert _setting(record) == ("2024-05-09", "chisinau")


def test_the_city_after_a_demonym_and_city_noun(seeds):
    record = proposed(
        seeds,
        "Prime Ministers Andrus Ansip of Estonia and Jyrki Katainen of Finland signed the "
        "agreement in the Finnish city of Turku.",
    )
    place = _place(record, _setting(record)[1])
    assert (place["label"], place.get("country")) == ("Turku", "FI")


def test_a_venue_named_after_its_city(seeds):
    record = proposed(
        seeds,
        "The MoU was signed by Mr Innocent Muhizi, Chief Executive Officer of the Rwanda "
        "Information Society Authority (RISA), and Mr Kok Ping Soon of the Government "
        "Technology Agency, at the London Convention Centre.",
    )
    place = _place(record, _setting(record)[1])  # London is a place the graph knows
    assert (place["label"], place.get("country")) == ("London Convention Centre", "GB")


def test_a_street_address_within_its_city(seeds):
    record = proposed(
        seeds,
        "The Government Digital Service (GDS) and the Government Technology Agency (GovTech) "
        "signed the MoU on 4 July 2022 at 10 Whitechapel High Street, London.",
    )
    place = _place(record, _setting(record)[1])
    assert (place["label"], place.get("within")) == ("10 Whitechapel High Street", "london")


def test_a_known_body_right_after_the_signing_is_its_seat(seeds):
    record = proposed(
        seeds,
        "The MoU between the Government Digital Service (GDS) and the Ministry of Digital "
        "Affairs of Ruritania was signed at the Government Technology Agency by Tom Read and "
        "Anna Novak.",
    )
    assert _place(record, _setting(record)[1])["label"] == "Government Technology Agency"


@pytest.mark.parametrize(
    "text",
    [
        # a title's body, far from the cue
        "The signing ceremony between the Government Digital Service (GDS) and the Ministry of "
        "Digital Affairs of Ruritania was witnessed by the Minister of Energy at the Government "
        "Technology Agency, Dr Anna Novak.",
        # an invitation is no place
        "The Government Digital Service (GDS) and the Ministry of Digital Affairs of Ruritania "
        "signed the MoU at the invitation of the Government Technology Agency.",
        # a field of cooperation is no place
        "The Government Digital Service (GDS) and the Ministry of Digital Affairs of Ruritania "
        "signed a Memorandum of Understanding on Cooperation in the Area of e-Government.",
    ],
)
def test_no_place_from_titles_invitations_or_fields(seeds, text):
    assert _setting(proposed(seeds, text))[1] is None


def test_a_seat_of_a_body_after_at(seeds):
    record = proposed(
        seeds,
        "The MoU between the Government Digital Service (GDS) and the Ministry of Digital "
        "Affairs of Ruritania was signed at the official residence of the Ambassador of "
        "Ruritania in London.",
    )
    place = _place(record, _setting(record)[1])
    assert place["label"] == "Official residence of the Ambassador of Ruritania"


def test_a_relative_clause_about_a_signer_neither_blocks_nor_places(seeds):
    record = proposed(
        seeds,
        "Today, Anna Novak, Minister of Digital Affairs of Ruritania, who visited Singapore at "
        "the invitation of the Government Technology Agency (GovTech), signed a memorandum of "
        "cooperation between the Ministry of Digital Affairs of Ruritania and GovTech.",
    )
    assert _setting(record) == ("2024-05-10", None)


def test_a_signing_at_the_end_of_a_meeting_takes_the_meetings_date_and_seat(seeds):
    record = proposed(
        seeds,
        "On January 9, 2020, Minister of Information and Communications Nguyen Manh Hung "
        "welcomed Ms. Takaichi Sanae at the headquarters of the Ministry of Information and "
        "Communications.\n\n"
        "During their talks, the two Ministers reviewed the state of the sector.\n\n"
        "At the end of the meeting, Minister Nguyen Manh Hung and Minister Takaichi Sanae "
        "signed a Memorandum of Cooperation between the Ministry of Information and "
        "Communications of Vietnam and the Ministry of Internal Affairs and Communications.",
    )
    signed_on, signed_at = _setting(record)
    assert signed_on == "2020-01-09"
    label = "Headquarters of the Ministry of Information and Communications"  # "and" in a name
    assert _place(record, signed_at)["label"] == label


def test_after_their_talks_takes_the_summits_city_and_month(seeds):
    record = proposed(
        seeds,
        "The Prime Minister of Ruritania received the President of Borduria in Dubai on the "
        "pre-Summit day of the World Government Summit 2023, which is being held from 13 to 15 "
        "February.\n\n"
        "After their talks, the two leaders witnessed the signing of an agreement between the "
        "Government of Ruritania and the Government of Borduria.",
        published=None,
    )
    assert _setting(record) == ("2023-02", "dubai")


def test_a_signing_that_does_not_refer_back_takes_nothing_from_the_meeting(seeds):
    record = proposed(
        seeds,
        "On 9 January 2020, Minister Anna Novak met Minister Tom Read in Dubai.\n\n"
        "The Government of Ruritania and the Government of Borduria signed an agreement.",
    )
    assert _setting(record) == (None, None)


def test_an_occasion_told_long_before_is_not_the_signings(seeds):
    record = proposed(
        seeds,
        "On 9 January 2020, Minister Anna Novak met Minister Tom Read in Dubai.\n\n"
        "The ministers talked about trade. They talked about schools. They talked about roads."
        " They talked about ports.\n\n"
        "After the meeting, the Government of Ruitania and the Government of Borduria signed "
        "an agreement.",
    )
    assert _setting(record) == (None, None)


@pytest.mark.parametrize(
    ("text", "published", "value"),
    [
        ("signed on the 5th of March 2024", None, "2024-03-05"),
        ("signed on the 5th of March", date(2024, 5, 10), "2024-03-05"),
        ("The UK and Israel last week signed", date(2014, 3, 16), "2014-03"),
        ("signed last week", date(2014, 3, 3), "2014"),  # Feb 24 - Mar 2
        ("signed earlier this week", date(2014, 3, 5), "2014-03"),
        ("the Summit 2023, held from 13 to 15 February", None, "2023-02"),
        ("the Summit 2023, held from 13 to 15 February", date(2023, 2, 12), "2023-02"),
        # not the year of an older agreement the sentence names
        ("signed from 13 to 15 February, building on the 2019 MoU", date(2024, 3, 1), "2024-02"),
    ],
)
def test_relative_weeks_and_spans_without_a_year(text, published, value):
    assert [d.value for d in find_dates(text, published)] == [value]


def test_the_occasions_named_venue_over_its_city_but_not_a_forum(seeds):
    record = proposed(
        seeds,
        "On 9 January 2020, the President of Ruritania received his guests from Borduria at "
        "the Presidential Palace in Dubai.\n\n"
        "On the margins of the meeting, the Government of Ruritania and the Government of "
        "Borduria signed an agreement.",
    )
    signed_on, signed_at = _setting(record)
    assert (signed_on, _place(record, signed_at)["label"]) == ("2020-01-09", "Presidential Palace")
    record = proposed(
        seeds,
        "The talks opened at the Global Digital Forum in Dubai.\n\n"
        "On the sidelines of the Forum, the Government of Ruritania and the Government of "
        "Borduria signed an agreement.",
    )
    assert _setting(record)[1] == "dubai"
