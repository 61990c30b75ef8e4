"""The synthetic world that graph.build.synth draws its records from.

It has the real corpus's shape: about 200 countries by ISO code, government
bodies and academic institutions under parent bodies, agreements with 2-3
parties, facilitators, signatories and witnesses with posts, topics from
ontology/topics.ttl, dates as precise as a source would give them, places
and programmes. Everything is deterministic for the random generator's seed,
and every id is prefixed "syn-".
"""

import random
from dataclasses import dataclass, field
from datetime import date
from itertools import accumulate

import pycountry
from rdflib import Graph
from rdflib.namespace import RDF, SKOS

from ontology import ontology_file

PREFIX = "syn-"
COUNTRIES = 200
# Always among the countries, so benchmark queries can name them.
CORE_COUNTRIES = ("SG", "GB", "MN", "US", "CN", "IN", "FR", "DE", "JP", "KR", "AU", "BR")
MINISTRIES = (
    "Digital Affairs", "Justice", "Home Affairs", "Finance", "Foreign Affairs", "Education",
    "Health", "Trade and Industry", "Communications and Information", "Public Service",
)  # fmt: skip
AGENCIES = (
    "Digital Service", "Data Protection Authority", "Statistics Office", "Cyber Security Agency",
    "Civil Service College", "Technology Agency", "Innovation Agency", "Open Data Office",
)  # fmt: skip
INSTITUTES = (
    "School of Public Policy", "Institute for Digital Government", "Centre for Data Science",
    "Institute of Risk", "Governance Lab",
)  # fmt: skip
TITLES = {
    "government": ("Prime Minister", "Minister for Foreign Affairs"),
    "ministry": ("Minister", "Permanent Secretary"),
    "agency": ("Chief Executive", "Deputy Director"),
    "university": ("President", "Provost"),
    "institute": ("Director", "Lead Scientist"),
}
GIVEN = (
    "Alex", "Bat", "Chen", "Dana", "Elif", "Farah", "Goran", "Hana", "Ines", "Jun", "Kofi",
    "Lena", "Mateo", "Nadia", "Oyun", "Priya", "Quentin", "Rosa", "Sanjay", "Tomas", "Uma",
    "Vikram", "Wei", "Ximena", "Yusuf", "Zara",
)  # fmt: skip
FAMILY = (
    "Adeyemi", "Bayar", "Costa", "Dubois", "Erdene", "Fischer", "Garcia", "Haddad", "Ito",
    "Jensen", "Kim", "Lee", "Moreau", "Nguyen", "Okafor", "Petrov", "Quispe", "Rossi", "Silva",
    "Tan", "Usman", "Varga", "Wong", "Yilmaz", "Zhou",
)  # fmt: skip
CITY_WORDS = ("Capital", "Port", "North", "South", "Lake", "Hill", "River", "Harbour")
AGREEMENT_TYPES = (("MemorandumOfUnderstanding", 60), ("Partnership", 25), ("Agreement", 15))


def topic_slugs() -> list[str]:
    """The concepts of the govties topic scheme, by slug, in a stable order."""
    graph = Graph().parse(ontology_file("topics.ttl"))
    return sorted(str(c).rsplit("/", 1)[1] for c in graph.subjects(RDF.type, SKOS.Concept))


@dataclass(eq=False)
class Org:
    slug: str
    label: str
    type: str
    kind: str  # government, ministry, agency, university, institute
    country: str | None
    parent: "Org | None"
    people: list["Person"] = field(default_factory=list)


@dataclass(eq=False)
class Person:
    slug: str
    label: str
    org: Org
    title: str


@dataclass(eq=False)
class Place:
    slug: str
    label: str
    country: str
    within: "Place | None"


@dataclass(eq=False)
class Programme:
    slug: str
    label: str
    country: str
    lead: Org
    start: str
    topics: list[str]


@dataclass(eq=False)
class Country:
    code: str
    name: str
    government: Org
    partners: list[Org] = field(default_factory=list)  # orgs that sign agreements
    places: list[Place] = field(default_factory=list)
    programmes: list[Programme] = field(default_factory=list)


@dataclass(eq=False)
class Agreement:
    slug: str
    label: str
    type: str
    parties: list[Org]
    facilitators: list[Org]
    signatories: list[Person]
    witnesses: list[Person]
    signed_on: str
    signed_at: Place | None
    topics: list[str]
    part_of: Programme | None
    renews: "Agreement | None"


class World:
    """The population agreements are drawn from: countries, their bodies, people, places."""

    def __init__(self, rng: random.Random, agreements: int) -> None:
        self.rng = rng
        self.topics = topic_slugs()
        names = {c.alpha_2: getattr(c, "common_name", None) or c.name for c in pycountry.countries}
        rest = sorted(set(names) - set(CORE_COUNTRIES))
        codes = [*CORE_COUNTRIES, *rng.sample(rest, COUNTRIES - len(CORE_COUNTRIES))]
        # A few countries sign most agreements (Zipf-like), as in real diplomacy.
        self.weights = list(accumulate(1.0 / (rank + 1) ** 0.8 for rank in range(len(codes))))
        share = [w / self.weights[-1] for w in self.weights]
        bodies = max(len(codes) * 4, agreements // 2)
        self.countries = [
            self._country(code, names[code], max(3, round(bodies * (s - prev))))
            for code, s, prev in zip(codes, share, [0.0, *share], strict=False)
        ]

    def _org(
        self, label: str, type_: str, kind: str, country: str | None, parent: Org | None, slug: str
    ) -> Org:
        org = Org(f"{PREFIX}org-{slug}", label, type_, kind, country, parent)
        for k, title in enumerate(TITLES[kind]):
            name = f"{self.rng.choice(GIVEN)} {self.rng.choice(FAMILY)}"
            org.people.append(Person(f"{PREFIX}person-{slug}-{k + 1}", name, org, title))
        return org

    def _country(self, code: str, name: str, bodies: int) -> Country:
        cc = code.lower()
        rng = self.rng
        gov = self._org(
            f"Government of {name}", "GovernmentBody", "government", code, None, f"{cc}-gov"
        )
        country = Country(code, name, gov)
        university: Org | None = None
        ministry: Org | None = None
        for i in range(bodies):
            kind = rng.choices(("ministry", "agency", "university", "institute"), (2, 4, 2, 2))[0]
            slug = f"{cc}-{i + 1}"
            if kind == "ministry" or (ministry is None and kind == "agency"):
                area = MINISTRIES[i % len(MINISTRIES)]
                label = f"Ministry of {area} of {name} ({i + 1})"
                ministry = self._org(label, "GovernmentBody", "ministry", code, gov, slug)
                org = ministry
            elif kind == "agency":
                assert ministry is not None
                label = f"{name} {AGENCIES[i % len(AGENCIES)]} {i + 1}"
                # Half the agencies are placed only through their ministry, like NUS IPUR.
                where = code if rng.random() < 0.5 else None
                org = self._org(label, "GovernmentBody", "agency", where, ministry, slug)
            elif kind == "university" or university is None:
                label = f"University of {name} {i + 1}"
                university = self._org(label, "AcademicInstitution", "university", code, None, slug)
                org = university
            else:
                label = f"{university.label} {INSTITUTES[i % len(INSTITUTES)]}"
                org = self._org(label, "AcademicInstitution", "institute", None, university, slug)
            country.partners.append(org)
        for k in range(3):
            city = Place(f"{PREFIX}place-{cc}-{k + 1}", f"{name} {CITY_WORDS[k]} City", code, None)
            venue = Place(f"{PREFIX}place-{cc}-{k + 1}-hall", f"{city.label} Hall", code, city)
            country.places += [city, venue]
        for k in range(2):
            lead = rng.choice(country.partners)
            topics = sorted(rng.sample(self.topics, 2))
            label = f"{name} Digital Government Programme {k + 1}"
            start = f"{rng.randint(2000, 2020)}-{rng.randint(1, 12):02d}"
            slug = f"{PREFIX}programme-{cc}-{k + 1}"
            country.programmes.append(Programme(slug, label, code, lead, start, topics))
        return country

    def pick_country(self) -> Country:
        return self.rng.choices(self.countries, cum_weights=self.weights)[0]

    def agreement(self, number: int, previous: Agreement | None) -> Agreement:
        rng = self.rng
        home = self.pick_country()
        away = self.pick_country()
        while away is home:
            away = self.pick_country()
        parties = [rng.choice(home.partners), rng.choice(away.partners)]
        if rng.random() < 0.2:
            extra = rng.choice((home, away)).partners
            third = rng.choice(extra)
            if third not in parties:
                parties.append(third)
        facilitators = []
        if rng.random() < 0.2:
            facilitators.append(rng.choice(self.pick_country().partners))
        witnesses = []
        if rng.random() < 0.4:
            witnesses = [home.government.people[0], away.government.people[0]]
        year = rng.randint(1995, 2025)
        precision = rng.random()
        if precision < 0.7:
            day = date(year, rng.randint(1, 12), rng.randint(1, 28))
            signed_on = day.isoformat()
        elif precision < 0.9:
            signed_on = f"{year}-{rng.randint(1, 12):02d}"
        else:
            signed_on = str(year)
        kind = rng.choices(*zip(*AGREEMENT_TYPES, strict=True))[0]
        words = {"MemorandumOfUnderstanding": "Memorandum of Understanding"}.get(kind, kind)
        return Agreement(
            slug=f"{PREFIX}agreement-{number:07d}",
            label=f"{parties[0].label} - {parties[1].label} {words} no. {number}",
            type=kind,
            parties=parties,
            facilitators=facilitators,
            signatories=[p.people[0] for p in parties[:2]],
            witnesses=witnesses,
            signed_on=signed_on,
            signed_at=rng.choice(home.places) if rng.random() < 0.8 else None,
            topics=sorted(rng.sample(self.topics, rng.randint(1, 4))),
            part_of=rng.choice(home.programmes) if rng.random() < 0.2 else None,
            renews=previous if previous is not None and rng.random() < 0.05 else None,
        )
