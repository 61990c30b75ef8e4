"""The fourth round of post rules (graph/extract/posts.py, titles.py): one short invented
article per construction, over the seed records' gazetteer. Each test fails without its rule."""

from tests.extract.support import proposed
from tests.support import posts_of


def _posts(seeds, text: str) -> dict[str, list[tuple[str, str]]]:
    return posts_of(proposed(seeds, text))


def test_its_title_is_held_in_the_body_named_before(seeds):
    posts = _posts(
        seeds,
        "The Estonian Data Agency and the Latvian Digital Office signed an MoU on Monday. "
        "Signing on behalf of the Latvian Digital Office was its Executive Director, Peeter "
        "Saar, while Anna Kask, Director of the Estonian Data Agency, signed for Estonia.\n",
    )
    assert posts["peeter-saar"] == [("latvian-digital-office", "Executive Director")]


def test_a_body_represented_by_a_titled_person_holds_the_post(seeds):
    posts = _posts(
        seeds,
        "The Latvian Digital Office, represented by Director General Peeter Saar, and the "
        "Lithuanian Data Centre, represented by its Director, Anna Kask, signed the MoU.\n",
    )
    assert posts["peeter-saar"] == [("latvian-digital-office", "Director General")]
    assert posts["anna-kask"] == [("lithuanian-data-centre", "Director")]


def test_a_counterpart_with_a_title_holds_it_in_the_other_state(seeds):
    posts = _posts(
        seeds,
        "Estonia's Minister of Trade, Anna Kask, signed an MoU with her Latvian counterpart, "
        "Minister Peeter Saar.\n",
    )
    assert posts["peeter-saar"] == [("latvia-government", "Minister")]


def test_a_counterparts_own_title_after_the_name_is_held_in_the_other_state(seeds):
    posts = _posts(
        seeds,
        "Anna Kask, Estonia's Minister of Trade, and her Latvian counterpart, Peeter Saar, "
        "Minister of Economics, signed an MoU.\n",
    )
    assert posts["peeter-saar"] == [("latvia-government", "Minister of Economics")]


def test_an_acronym_before_a_title_names_the_body_it_starts(seeds):
    posts = _posts(
        seeds,
        "The memorandum was signed by Anna Kask, Director of the Estonian Data Agency, and "
        "EDTA Secretary General Peeter Saar.\n\nThe EDTA Secretariat will lead the work.\n",
    )
    assert posts["peeter-saar"] == [("edta-secretariat", "Secretary General")]


def test_a_portfolio_read_as_a_name_is_the_title_held_in_its_secretariat(seeds):
    posts = _posts(
        seeds,
        "The Secretariat of Public Administration (SPA) and the Latvian Digital Office signed an "
        "MoU. It was signed by the Secretary of Public Administration, Anna Kask, and Peeter "
        "Saar, Director of the Latvian Digital Office.\n",
    )
    assert posts["anna-kask"] == [("spa", "Secretary of Public Administration")]


def test_a_title_of_the_cabinet_is_the_states_post_with_the_cabinet_in_it(seeds):
    posts = _posts(
        seeds,
        "The memorandum was signed by Anna Kask, Chairman of the Cabinet of Ministers of "
        "Estonia, and Peeter Saar, Minister of State and Secretary-General of the Latvian "
        "Cabinet.\n",
    )
    assert posts["anna-kask"] == [("estonia-government", "Chairman of the Cabinet of Ministers")]
    title = "Minister of State and Secretary-General of the Latvian Cabinet"
    assert posts["peeter-saar"] == [("latvia-government", title)]


def test_the_cabinet_office_is_a_body_not_the_cabinet(seeds):
    posts = _posts(
        seeds,
        "The MoU was signed by Anna Kask, Permanent Secretary of the Estonian Cabinet Office, "
        "and Peeter Saar, Director of the Latvian Digital Office.\n",
    )
    assert posts["anna-kask"][0][1] == "Permanent Secretary"


def test_a_board_of_the_government_is_in_the_title_and_a_parliamentary_secretary_a_title(seeds):
    posts = _posts(
        seeds,
        "Canada and Uruguay signed the charter in Wellington. Scott Brison, President of the "
        "Treasury Board of Canada, and Joyce Murray, Parliamentary Secretary, signed for "
        "Canada.\n",
    )
    assert posts["scott-brison"] == [("canada-government", "President of the Treasury Board")]
    assert posts["joyce-murray"] == [("canada-government", "Parliamentary Secretary")]


def test_a_recorded_ministry_the_article_never_names_gives_the_government(seeds):
    posts = _posts(
        seeds,
        "Nyambaatar Khishgee, Minister for Justice and Home Affairs, signed the MoU with Tan "
        "Eng Chye, President of the National University of Singapore, in Ulaanbaatar.\n",
    )
    title = "Minister for Justice and Home Affairs"
    assert posts["nyambaatar-khishgee"] == [("mongolia-government", title)]
