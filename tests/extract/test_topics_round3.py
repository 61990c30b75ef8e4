"""Topics, third round: generic phrasings name no concept, names of bodies and posts say who
and not what, a generic means yields to the narrower concept, and common press wordings."""

import pytest

from graph.extract.topics import topics_in


@pytest.mark.parametrize(
    "sentence",
    [
        "The two countries signed an agreement to exchange experience in public administration.",
        "Under the MoU, the agencies will share knowledge and best practices.",
        "The agreement establishes cooperation in sharing expertise on the economy.",
        "Officials said the cooperation will widen the sharing of knowledge between them.",
        "The partnership will support the public sector's civil servants.",
    ],
)
def test_generic_sharing_names_no_capacity_building(sentence: str) -> None:
    assert "capacity-building" not in topics_in(sentence)


def test_digital_transformation_alone_names_no_topic() -> None:
    assert topics_in("The MoU covers digital awareness and digital transformation.") == []
    assert topics_in("The MoU supports the digital transformation of the public sector.") == [
        "digital-government"
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Eliud Owalo, Cabinet Secretary of Kenya's Ministry of Information, Communications "
            "and Digital Economy, said the two countries would work together on data protection.",
            ["data-policy"],
        ),
        ("The memorandum was signed by Djibouti's Minister Delegate for the Digital Economy.", []),
        ("Benin and the e-Governance Academy signed two memoranda of understanding.", []),
        ("The Cyber Security Agency of Singapore signed the MoU with the Cabinet Office.", []),
        ("The agreement was signed by the Minister-in-charge of Cyber Security.", []),
        ("The Saudi Digital Academy (SDA) will cooperate with the institute.", []),
        ("The deal was signed at the Tallinn e-Governance Conference.", []),
        # not a body's name: the agreement's own title, a caption in title case, a bracket
        (
            "They signed a Memorandum of Understanding on Cooperation in the Area of e-Government.",
            ["digital-government"],
        ),
        ("GDS and GovTech sign a MoU on Digital Government Services.", ["digital-government"]),
        (
            "Singapore and Mongolia Sign MoU on Public Service Transformation.",
            ["public-service-transformation"],
        ),
        (
            "The partnership will be led by the Lead Scientist (Data and Technology).",
            ["data-and-technology"],
        ),
    ],
)
def test_topic_words_in_names_of_bodies_and_posts(sentence: str, expected: list[str]) -> None:
    assert topics_in(sentence) == expected


def test_an_older_agreement_built_on_keeps_its_own_subject() -> None:
    assert topics_in("The new MoU follows the UK-Singapore Digital Economy Agreement.") == []
    assert topics_in("The two countries signed the Digital Economy Agreement today.") == [
        "digital-economy"
    ]


def test_training_yields_to_the_narrower_concept_it_serves() -> None:
    assert topics_in(
        "Under the MoU, the ministries will train civil servants in digital skills through an "
        "exchange of officers."
    ) == ["digital-skills", "officer-exchange"]
    assert topics_in("The MoU provides for training and capacity building in digital skills.") == [
        "capacity-building",
        "digital-skills",
    ]
    assert topics_in("The agreement covers cybersecurity, including training.") == [
        "cybersecurity",
        "capacity-building",
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The fields named include a data exchange layer and digital identity.",
         ["data-exchange", "digital-identity"]),
        ("The measure is a small piece of public service transformation.",
         ["public-service-transformation"]),
        ("These include strategic human resource management.", ["human-capital"]),
        ("Data protection and cyber security are also on the list.",
         ["data-policy", "cybersecurity"]),
    ],
)  # fmt: skip
def test_sentences_that_go_on_about_the_agreement(sentence: str, expected: list[str]) -> None:
    assert topics_in(sentence) == expected
    assert topics_in("Data protection matters to everyone.") == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("They signed an MoU on the exchange of experience in government development and "
         "modernisation.", ["public-service-transformation"]),
        ("The memorandum supports the transformation of Angola's public sector.",
         ["public-service-transformation"]),
        ("The MoU covers public service excellence and innovation.",
         ["public-sector-innovation"]),
        ("The agreement focuses on administrative reform.", ["public-service-transformation"]),
        ("A capacity development programme is a first result of the partnership.",
         ["capacity-building"]),
        ("The deal will build local capacity.", ["capacity-building"]),
        ("The deal carries a skills-transfer component.", ["capacity-building"]),
        ("They agreed to cooperate on electronic governance.", ["digital-government"]),
        ("The agreement covers 5G technologies and telecom security.",
         ["connectivity", "cybersecurity"]),
        ("The MoU covers undersea cables and optical fibre links.", ["connectivity"]),
        ("The fields include electronic commerce.", ["digital-trade"]),
        ("The partnership covers cross-border data flows.", ["data-policy"]),
        ("The MoU covers digital certificates.", ["trust-services"]),
        ("The agreement covers ICT skills.", ["digital-skills"]),
        ("The agencies will cooperate on their computer emergency response teams.",
         ["cybersecurity"]),
        ("The MoU covers e-government standards.", ["digital-government", "open-standards"]),
    ],
)  # fmt: skip
def test_press_wordings(sentence: str, expected: list[str]) -> None:
    assert topics_in(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The deal lets the country adopt the Unified Payments Interface (UPI) and its payments.",
        "The MoU covers standards and information security.",
        "The ministers signed during the meeting of the Arab telecommunications and "
        "information ministers' council.",
    ],
)
def test_broad_words_name_no_narrow_concept(sentence: str) -> None:
    found = topics_in(sentence)
    assert "cross-border-payments" not in found
    assert "open-standards" not in found
    assert "connectivity" not in found
