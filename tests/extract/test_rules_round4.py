"""The fourth round of rules: one short invented article per construction.

The gazetteer is the seed records' (few names known), so the people and bodies here are found
by their shape, as in a new article. Each test fails without the rule it names."""

from graph.extract.chrome import headline
from tests.extract.support import proposed
from tests.support import posts_of


def test_a_portfolio_in_lower_case_before_minister_is_part_of_the_title(seeds):
    posts = posts_of(
        proposed(
            seeds,
            "On 3 May the commerce minister of Estonia, Anna Kask, and the trade and industry "
            "minister of Latvia, Peeter Saar, signed the agreement.\n",
        )
    )
    assert posts["anna-kask"] == [("estonia-government", "Commerce Minister")]
    assert posts["peeter-saar"] == [("latvia-government", "Trade and Industry Minister")]


def test_lower_case_portfolio_words_away_from_a_title_are_not_one(seeds):
    record = proposed(
        seeds,
        "The talks covered trade and Minister Anna Kask of Estonia signed the agreement.\n",
    )
    assert posts_of(record)["anna-kask"] == [("estonia-government", "Minister")]


def test_an_all_capitals_portfolio_that_spells_a_pronoun_is_a_title(seeds):
    posts = posts_of(
        proposed(seeds, "Estonia's IT Minister Anna Kask signed the agreement in Tallinn.\n")
    )
    assert posts["anna-kask"] == [("estonia-government", "IT Minister")]


def test_demonyms_not_formed_by_the_regular_endings_name_their_state(seeds):
    record = proposed(
        seeds,
        "Minister of ICT Anna Kask of Estonia signed the memorandum with her Somali "
        "counterpart, Minister Peeter Saar, in the presence of the Palestinian Minister Mart "
        "Tamm.\n",
    )
    posts = posts_of(record)
    assert posts["peeter-saar"] == [("somalia-government", "Minister")]
    assert posts["mart-tamm"] == [("palestine-government", "Minister")]


def test_a_source_credit_under_the_headline_is_not_part_of_it():
    text = (
        "Press release\nEstonia and Latvia link their data exchange layers\n"
        "Source: Ministry of Economic Affairs (joint release)\n3 May 2024\n\n"
        "The two ministries signed the agreement in Riga today.\n"
    )
    assert headline(text) == "Estonia and Latvia link their data exchange layers"
