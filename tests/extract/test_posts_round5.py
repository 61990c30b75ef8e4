"""The fifth round of post rules (graph/extract/posts.py, post_bodies.py, entities.py,
propose.py): one short invented article per construction, over the seed records' gazetteer.
Each test fails without its rule."""

from tests.extract.support import proposed
from tests.support import posts_of

MTI = ("ministry-of-trade-and-industry", "Minister of Trade and Industry")


def _posts(seeds, text: str) -> dict[str, list[tuple[str, str]]]:
    return posts_of(proposed(seeds, text))


def test_a_masthead_over_its_state_holds_its_ministers_post(seeds):
    posts = _posts(
        seeds,
        "Ministry of Trade and Industry\nRepublic of Estonia\n\n"
        "Estonia and Latvia sign MoU on trade cooperation\n\n"
        "Minister of Trade and Industry Anna Kask signed a memorandum of understanding with "
        "her Latvian counterpart, Minister of Trade and Industry Peeter Saar, on Monday.\n",
    )
    assert posts["anna-kask"] == [MTI]
    assert posts["peeter-saar"] == [("latvia-government", "Minister of Trade and Industry")]


def test_a_masthead_of_no_state_holds_only_the_post_spelled_as_it_is(seeds):
    posts = _posts(
        seeds,
        "Ministry of Trade and Industry\n\n"
        "Estonia and Latvia sign MoU on trade cooperation\n\n"
        "Anna Kask, Minister of Trade and Industry of Estonia, and Peeter Saar, Latvia's "
        "Minister for Industry and Trade, signed a memorandum of understanding on Monday.\n",
    )
    assert posts["anna-kask"] == [MTI]
    assert posts["peeter-saar"] == [("latvia-government", "Minister for Industry and Trade")]


def test_an_acronym_given_a_known_body_names_it_before_a_title(seeds):
    posts = _posts(
        seeds,
        "The Mongolian National Academy of Governance (MNAG) and the Estonian Data Agency "
        "signed an MoU on Monday.\n\nMNAG Rector Bat Erdene signed the memorandum with Anna "
        "Kask, Director of the Estonian Data Agency.\n",
    )
    assert posts["bat-erdene"] == [("mongolia-national-academy-of-governance", "Rector")]


def test_a_minister_in_charge_of_a_portfolio_holds_it_in_the_ministry_named(seeds):
    posts = _posts(
        seeds,
        "The memorandum was signed by Anna Kask, Minister Delegate in charge of Digital "
        "Transition, and Peeter Saar, Director of the Latvian Digital Office.\n\n"
        "The Ministry of Digital Transition said the MoU covers e-government.\n",
    )
    title = "Minister Delegate in charge of Digital Transition"
    assert posts["anna-kask"] == [("ministry-of-digital-transition", title)]


def test_a_representative_of_a_body_holds_that_post(seeds):
    posts = _posts(
        seeds,
        "The MoU was signed by Anna Kask, Director of the Estonian Data Agency, and Peeter "
        "Saar, Director of the Latvian Digital Office. Also present was Ivo Tamm, representative "
        "of the Lithuanian Data Centre.\n",
    )
    assert posts["ivo-tamm"] == [("lithuanian-data-centre", "Representative")]
