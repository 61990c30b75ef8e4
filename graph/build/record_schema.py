"""The record format as pydantic models, and which ids each field may refer to.

The format is documented in data/README.md. These models are its shape, and
SECTION_KIND and REFERENCE_KINDS its reference rules; graph.build.records
checks both when it loads a file.
"""

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

SLUG = r"^[a-z0-9][a-z0-9-]*$"
COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
DURATION = r"^P(\d+Y)?(\d+M)?(\d+D)?$"  # a term as stated: P5Y, P18M, P90D
MAX_TEXT = 10_000  # characters in any one text field (data/README.md); the longest is ~500


def _as_text(value: Any) -> Any:
    """YAML turns 2019-06-13 into a date and 2019 into an int; keep what was written."""
    if isinstance(value, bool):  # YAML 1.1 reads a bare NO (Norway), yes, on, off as booleans
        raise ValueError(f'YAML read an unquoted word as {str(value).lower()}: quote it, e.g. "NO"')
    if isinstance(value, date | int):
        return value.isoformat() if isinstance(value, date) else str(value)
    return value


def _file_name(value: str) -> str:
    """A name in data/sources/, never a path: `../../etc/passwd` reached any file."""
    if value in {"", ".", ".."} or any(c in value for c in "/\\\0"):
        raise ValueError(f"{value!r} is not a file name in data/sources/ (no path, no '..')")
    return value


Slug = Annotated[str, Field(pattern=SLUG)]
DateText = Annotated[str, BeforeValidator(_as_text)]
Ref = Annotated[str, BeforeValidator(_as_text)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, str_max_length=MAX_TEXT)


class Source(Model):
    id: Slug
    title: str
    publisher: str
    issued: DateText | None = Field(None, description="the page's own date, if it shows one")
    url: str | None = None
    document: Annotated[str, AfterValidator(_file_name)] | None = Field(
        None, description="file name of the text in data/sources/"
    )


class Entity(Model):
    id: Slug
    label: str
    alt: list[str] = Field(default_factory=list)
    note: str | None = None
    distinct_from: list[Slug] = Field(
        default_factory=list, description="ids of the same kind a curator judged different"
    )


class Membership(Model):
    """An organisation's membership of a network or international organisation."""

    org: Slug
    since: DateText | None = None
    until: DateText | None = None


class Organization(Entity):
    type: Literal[
        "Government",
        "GovernmentBody",
        "AcademicInstitution",
        "InternationalOrganization",
        "Foundation",
        "Company",
        "Network",
        "Organization",
    ] = "Organization"
    country: Ref | None = None
    parent: Slug | None = None
    members: list[Membership] = Field(default_factory=list)


class Post(Model):
    org: Slug
    title: str


class Person(Entity):
    posts: list[Post] = Field(default_factory=list)


class Place(Entity):
    country: Ref | None = None
    within: Slug | None = None


class Programme(Entity):
    country: list[Ref] = Field(default_factory=list)
    lead_agency: list[Slug] = Field(default_factory=list)
    led_by: list[Slug] = Field(default_factory=list)
    launched_by: list[Slug] = Field(default_factory=list)
    participants: list[Ref] = Field(default_factory=list)
    start: DateText | None = None
    topics: list[Slug] = Field(default_factory=list)


class Event(Entity):
    date: DateText | None = None
    location: Slug | None = None
    organizer: list[Slug] = Field(default_factory=list)
    participants: list[Ref] = Field(default_factory=list)
    part_of: list[Slug] = Field(default_factory=list)
    topics: list[Slug] = Field(default_factory=list)


class Accession(Model):
    """A party that joined an agreement after it was first signed."""

    party: Slug
    date: DateText | None = None

    @model_validator(mode="before")
    @classmethod
    def _no_yaml_booleans(cls, data: Any) -> Any:
        if isinstance(data, dict) and any(isinstance(key, bool) for key in data):
            raise ValueError("YAML read a key such as `on` as a boolean: write `date:`")
        return data


AgreementType = Literal[
    "Agreement",
    "MemorandumOfUnderstanding",
    "MemorandumOfCooperation",
    "Partnership",
    "Declaration",
    "LetterOfIntent",
    "GrantAgreement",
    "TradeAgreement",
]


class Agreement(Entity):
    type: AgreementType = "Agreement"
    parties: list[Slug] = Field(default_factory=list)
    facilitators: list[Slug] = Field(default_factory=list)
    signatories: list[Slug] = Field(default_factory=list)
    witnesses: list[Slug] = Field(default_factory=list)
    led_by: list[Slug] = Field(default_factory=list)
    funders: list[Slug] = Field(default_factory=list)
    signed_on: DateText | None = None
    signed_at: Slug | None = None
    in_force: DateText | None = None
    expires: DateText | None = None
    duration: Annotated[str, Field(pattern=DURATION, min_length=3)] | None = None
    accessions: list[Accession] = Field(default_factory=list)
    topics: list[Slug] = Field(default_factory=list)
    part_of: list[Slug] = Field(default_factory=list)
    renews: list[Slug] = Field(default_factory=list)
    builds_on: list[Slug] = Field(default_factory=list)


class Record(Model):
    """Everything one source document states."""

    source: Source
    organizations: list[Organization] = Field(default_factory=list)
    people: list[Person] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    programmes: list[Programme] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    agreements: list[Agreement] = Field(default_factory=list)


# Which section defines which kind of entity (kind = the IRI path segment).
SECTION_KIND: dict[str, str] = {
    "organizations": "org",
    "people": "person",
    "places": "place",
    "programmes": "programme",
    "events": "event",
    "agreements": "agreement",
}

# Which kinds each reference field may point to; "country" means an ISO code.
REFERENCE_KINDS: dict[tuple[str, str], tuple[str, ...]] = {
    ("organizations", "parent"): ("org",),
    ("organizations", "country"): ("country",),
    ("places", "country"): ("country",),
    ("places", "within"): ("place",),
    ("programmes", "country"): ("country",),
    ("programmes", "lead_agency"): ("org",),
    ("programmes", "led_by"): ("person",),
    ("programmes", "launched_by"): ("person",),
    ("programmes", "participants"): ("org", "country"),
    ("events", "location"): ("place",),
    ("events", "organizer"): ("org", "person"),
    ("events", "participants"): ("org", "country"),
    ("events", "part_of"): ("programme", "event"),
    ("agreements", "parties"): ("org",),
    ("agreements", "facilitators"): ("org",),
    ("agreements", "funders"): ("org",),
    ("agreements", "signatories"): ("person",),
    ("agreements", "witnesses"): ("person",),
    ("agreements", "led_by"): ("person",),
    ("agreements", "signed_at"): ("place",),
    ("agreements", "part_of"): ("programme", "event"),
    ("agreements", "renews"): ("agreement",),
    ("agreements", "builds_on"): ("agreement", "programme"),
}

# References inside list items: (section, list field, item field) -> kinds allowed.
NESTED_REFERENCE_KINDS: dict[tuple[str, str, str], tuple[str, ...]] = {
    ("people", "posts", "org"): ("org",),
    ("organizations", "members", "org"): ("org",),
    ("agreements", "accessions", "party"): ("org",),
}
