"""Curated records: one YAML file per source document, loaded with line numbers.

The format is documented in data/README.md. Loading is strict about shape
(pydantic) and references (every id a record uses is defined in the same
file), so each source's named graph is a self-contained account of what that
source states. Semantic rules that hold across files (two parties, a country
per party, date datatypes, one label) are the SHACL shapes' job.
"""

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from graph.errors import DataError, Problem

SLUG = r"^[a-z0-9][a-z0-9-]*$"
COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")


def _as_text(value: Any) -> Any:
    """YAML turns 2019-06-13 into a date and 2019 into an int; keep what was written."""
    if isinstance(value, date | int):
        return value.isoformat() if isinstance(value, date) else str(value)
    return value


Slug = Annotated[str, Field(pattern=SLUG)]
DateText = Annotated[str, BeforeValidator(_as_text)]
Ref = Annotated[str, BeforeValidator(_as_text)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Source(Model):
    id: Slug
    title: str
    publisher: str
    issued: DateText
    url: str | None = None
    document: str | None = Field(None, description="file name of the text in data/sources/")


class Entity(Model):
    id: Slug
    label: str
    alt: list[str] = []
    note: str | None = None


class Organization(Entity):
    type: Literal[
        "GovernmentBody",
        "AcademicInstitution",
        "InternationalOrganization",
        "Foundation",
        "Company",
        "Organization",
    ] = "Organization"
    country: Ref | None = None
    parent: Slug | None = None


class Post(Model):
    org: Slug
    title: str


class Person(Entity):
    posts: list[Post] = []


class Place(Entity):
    country: Ref | None = None
    within: Slug | None = None


class Programme(Entity):
    country: list[Ref] = []
    lead_agency: list[Slug] = []
    led_by: list[Slug] = []
    launched_by: list[Slug] = []
    participants: list[Ref] = []
    start: DateText | None = None
    topics: list[Slug] = []


class Event(Entity):
    date: DateText | None = None
    location: Slug | None = None
    organizer: list[Slug] = []
    participants: list[Ref] = []
    part_of: list[Slug] = []
    topics: list[Slug] = []


class Agreement(Entity):
    type: Literal["MemorandumOfUnderstanding", "Partnership", "Agreement"] = "Agreement"
    parties: list[Slug] = []
    facilitators: list[Slug] = []
    signatories: list[Slug] = []
    witnesses: list[Slug] = []
    led_by: list[Slug] = []
    signed_on: DateText | None = None
    signed_at: Slug | None = None
    topics: list[Slug] = []
    part_of: list[Slug] = []
    renews: list[Slug] = []
    builds_on: list[Slug] = []


class Record(Model):
    """Everything one source document states."""

    source: Source
    organizations: list[Organization] = []
    people: list[Person] = []
    places: list[Place] = []
    programmes: list[Programme] = []
    events: list[Event] = []
    agreements: list[Agreement] = []


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
    ("agreements", "signatories"): ("person",),
    ("agreements", "witnesses"): ("person",),
    ("agreements", "led_by"): ("person",),
    ("agreements", "signed_at"): ("place",),
    ("agreements", "part_of"): ("programme", "event"),
    ("agreements", "renews"): ("agreement",),
    ("agreements", "builds_on"): ("agreement", "programme"),
}


class LoadedRecord(BaseModel):
    """A validated record plus where each of its parts was written."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    path: Path
    record: Record
    lines: dict[tuple[str | int, ...], int]

    def line_of(self, loc: tuple[str | int, ...]) -> int | None:
        """Line of the deepest written part of loc (a pydantic-style location)."""
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return None

    def kinds(self) -> dict[str, str]:
        """Map each id this record defines to its kind."""
        return {
            entity.id: kind
            for section, kind in SECTION_KIND.items()
            for entity in getattr(self.record, section)
        }


def _to_python(node: yaml.Node, path: tuple[str | int, ...], lines: dict) -> Any:
    """Build plain Python from a YAML node tree, noting the 1-based line of every part."""
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = yaml.safe_load(yaml.serialize(key_node))
            out[key] = _to_python(value_node, (*path, key), lines)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, (*path, i), lines) for i, item in enumerate(node.value)]
    return yaml.safe_load(yaml.serialize(node))


def parse_yaml(path: Path) -> tuple[Any, dict[tuple[str | int, ...], int]]:
    """Parse a YAML file keeping line numbers; syntax errors name file and line."""
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except UnicodeDecodeError as exc:
        raise DataError([Problem(path, None, f"not UTF-8 text: {exc.reason}")]) from exc
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise DataError([Problem(path, line, f"YAML syntax: {exc.problem}")]) from exc
    lines: dict[tuple[str | int, ...], int] = {}
    if node is None:
        return None, lines
    return _to_python(node, (), lines), lines


def _pydantic_problems(path: Path, exc: ValidationError, loaded: LoadedRecord) -> list[Problem]:
    problems = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        where = ".".join(str(part) for part in loc) or "record"
        problems.append(Problem(path, loaded.line_of(loc), f"{where}: {err['msg']}"))
    return problems


def _reference_problems(loaded: LoadedRecord) -> Iterator[Problem]:
    defined = loaded.kinds()
    seen: dict[str, tuple[str | int, ...]] = {}
    for section in SECTION_KIND:
        for i, entity in enumerate(getattr(loaded.record, section)):
            if entity.id in seen:
                first = loaded.line_of(seen[entity.id])
                yield Problem(
                    loaded.path,
                    loaded.line_of((section, i, "id")),
                    f"id {entity.id!r} is defined twice in this file (first on line {first})",
                )
            seen.setdefault(entity.id, (section, i, "id"))
    for (section, field), allowed in REFERENCE_KINDS.items():
        for i, entity in enumerate(getattr(loaded.record, section)):
            value = getattr(entity, field)
            refs = value if isinstance(value, list) else [value]
            for j, ref in enumerate(refs):
                if ref is None:
                    continue
                loc = (section, i, field, j) if isinstance(value, list) else (section, i, field)
                kind = "country" if COUNTRY_CODE.match(ref) else defined.get(ref)
                if kind not in allowed:
                    wanted = " or ".join(
                        "an ISO 3166 country code" if k == "country" else f"a {k} id"
                        for k in allowed
                    )
                    found = f"a {kind}" if kind else "not defined in this file"
                    yield Problem(
                        loaded.path,
                        loaded.line_of(loc),
                        f"{section}[{i}].{field}: {ref!r} should be {wanted} ({found})",
                    )
    for i, person in enumerate(loaded.record.people):
        for j, post in enumerate(person.posts):
            if defined.get(post.org) != "org":
                yield Problem(
                    loaded.path,
                    loaded.line_of(("people", i, "posts", j, "org")),
                    f"people[{i}].posts[{j}].org: {post.org!r} is not an organisation in this file",
                )


def load_record(path: Path) -> LoadedRecord:
    """Load and check one record file; raise DataError listing every problem with its line."""
    data, lines = parse_yaml(path)
    placeholder = LoadedRecord.model_construct(path=path, record=None, lines=lines)
    if not isinstance(data, dict):
        raise DataError([Problem(path, 1, "a record is a YAML mapping with a 'source' key")])
    try:
        record = Record.model_validate(data)
    except ValidationError as exc:
        raise DataError(_pydantic_problems(path, exc, placeholder)) from exc
    loaded = LoadedRecord(path=path, record=record, lines=lines)
    problems = list(_reference_problems(loaded))
    if problems:
        raise DataError(problems)
    return loaded


def record_files(data_dir: Path) -> list[Path]:
    """The record files of a data directory, in a stable order."""
    folder = data_dir / "records"
    return sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])


def load_records(data_dir: Path) -> list[LoadedRecord]:
    """Load every record of a data directory, reporting the problems of all files at once."""
    files = record_files(data_dir)
    if not files:
        raise DataError([Problem(data_dir / "records", None, "no record files (*.yaml) found")])
    loaded: list[LoadedRecord] = []
    problems: list[Problem] = []
    for path in files:
        try:
            loaded.append(load_record(path))
        except DataError as exc:
            problems.extend(exc.problems)
    problems.extend(_cross_file_problems(loaded))
    if problems:
        raise DataError(problems)
    return loaded


def _cross_file_problems(loaded: list[LoadedRecord]) -> Iterator[Problem]:
    """The same id must mean the same kind of thing, and a source id is used once."""
    kinds: dict[str, tuple[str, Path]] = {}
    sources: dict[str, Path] = {}
    for rec in loaded:
        sid = rec.record.source.id
        if sid in sources:
            yield Problem(
                rec.path,
                rec.line_of(("source", "id")),
                f"source id {sid!r} is already used by {sources[sid]}",
            )
        sources.setdefault(sid, rec.path)
        for ident, kind in rec.kinds().items():
            other = kinds.setdefault(ident, (kind, rec.path))
            if other[0] != kind:
                yield Problem(
                    rec.path,
                    None,
                    f"id {ident!r} is a {kind} here but a {other[0]} in {other[1]}",
                )
