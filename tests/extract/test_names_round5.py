"""Round 5 (second pass) of the rules reading the names of bodies: one short invented article
per construction, read with the seed records' gazetteer (the bodies here are new names). Each
test fails without the rule it names."""

from graph.extract.propose import propose
from tests.extract.support import proposed


def _labels(seeds, text: str) -> set[str]:
    record = proposed(seeds, text)
    return {o["label"] for o in record.get("organizations", [])}


def test_a_portfolio_ends_with_and_the_plain_words(seeds):
    labels = _labels(
        seeds,
        "The Office of Government Development and the Future and the Public Service Department "
        "of Kenya signed a memorandum of understanding in Nairobi on 3 May.\n",
    )
    assert "Office of Government Development and the Future" in labels


def test_and_the_government_of_starts_another_body(seeds):
    labels = _labels(
        seeds,
        "The statement was concluded on 3 May between Latvia's Ministry of Research, Innovation "
        "and Digitalisation and the Government of the Republic of Moldova.\n",
    )
    assert "Ministry of Research, Innovation and Digitalisation" in labels
    assert not any("and the Government" in label for label in labels)


def test_a_place_after_a_dash_before_the_acronym_is_part_of_the_name(seeds):
    labels = _labels(
        seeds,
        "The Department of Government Enablement - Abu Dhabi (DGE) signed a memorandum of "
        "understanding with the Civil Service College of Kenya on 3 May.\n",
    )
    assert "Department of Government Enablement - Abu Dhabi" in labels


def test_a_dash_without_an_acronym_ends_the_name(seeds):
    labels = _labels(
        seeds,
        "The Department of Government Enablement - Abu Dhabi's main body - signed a memorandum "
        "of understanding with the Civil Service College of Kenya on 3 May.\n",
    )
    assert "Department of Government Enablement" in labels


def test_a_portfolio_item_with_to_inside_does_not_cut_the_name(seeds):
    labels = _labels(
        seeds,
        "Present at the signing was Anna Kask, Director of the National Institute for "
        "Transparency, Access to Information and Personal Data Protection (INAI), on 3 May.\n",
    )
    assert (
        "National Institute for Transparency, Access to Information and Personal Data Protection"
        in labels
    )


def _reused(seeds, text: str) -> bool:
    """The article's agreement is the seeds' GovTech - GDS MoU of June 2019 (its label)."""
    record = propose(text, *seeds).record
    return any("digital government services" in a["label"] for a in record["agreements"])


SIGNING = "GovTech and GDS signed a memorandum of understanding on digital services{when}.\n"


def test_an_undated_signing_is_not_the_graphs_agreement_of_years_before_the_page(seeds):
    assert not _reused(seeds, "12 May 2024\n\n" + SIGNING.format(when=""))
    assert _reused(seeds, "14 June 2019\n\n" + SIGNING.format(when=""))


def test_a_signing_of_another_month_is_not_the_graphs_agreement_of_that_year(seeds):
    assert not _reused(seeds, SIGNING.format(when=" in March 2019"))
    assert _reused(seeds, SIGNING.format(when=" in June 2019"))
    assert _reused(seeds, SIGNING.format(when=" in 2019"))


def test_words_between_a_known_name_and_its_acronym_are_not_another_body(seeds):
    labels = _labels(
        seeds,
        "GovTech Digital Agency (GovTech) and the Ministry of Digital Affairs of Kenya signed a "
        "memorandum of understanding on 3 May.\n",
    )
    assert "Digital Agency" not in labels
    assert "Ministry of Digital Affairs of Kenya" in labels
