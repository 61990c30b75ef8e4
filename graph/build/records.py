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
from yaml.constructor import SafeConstructor

from graph.build import fastyaml
from graph.errors import DataError, Problem

SLUG = r"^[a-z0-9][a-z0-9-]*$"
COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")


def _as_text(value: Any) -> Any:
    """YAML turns 2019-06-13 into a date and 2019 into an int; keep what was written."""
    if isinstance(value, bool):  # YAML 1.1 reads a bare NO (Norway), yes, on, off as booleans
        raise ValueError(f'YAML read an unquoted word as {str(value).lower()}: quote it, e.g. "NO"')
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
    alt: list[str] = Field(default_factory=list)
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


class Agreement(Entity):
    type: Literal["MemorandumOfUnderstanding", "Partnership", "Agreement"] = "Agreement"
    parties: list[Slug] = Field(default_factory=list)
    facilitators: list[Slug] = Field(default_factory=list)
    signatories: list[Slug] = Field(default_factory=list)
    witnesses: list[Slug] = Field(default_factory=list)
    led_by: list[Slug] = Field(default_factory=list)
    signed_on: DateText | None = None
    signed_at: Slug | None = None
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
    ("agreements", "signatories"): ("person",),
    ("agreements", "witnesses"): ("person",),
    ("agreements", "led_by"): ("person",),
    ("agreements", "signed_at"): ("place",),
    ("agreements", "part_of"): ("programme", "event"),
    ("agreements", "renews"): ("agreement",),
    ("agreements", "builds_on"): ("agreement", "programme"),
}


class LoadedRecord:
    """A validated record plus where each of its parts was written.

    Line numbers are needed only to report a problem, so a valid record does
    not keep them: `lines` is computed again (exact, from PyYAML's marks) the
    first time a problem asks for one.
    """

    __slots__ = ("_lines", "path", "record")

    def __init__(
        self, path: Path, record: Record, lines: dict[tuple[str | int, ...], int] | None = None
    ) -> None:
        self.path = path
        self.record = record
        self._lines = lines

    @property
    def lines(self) -> dict[tuple[str | int, ...], int]:
        if self._lines is None:
            self._lines = parse_yaml(self.path)[1]
        return self._lines

    def line_of(self, loc: tuple[str | int, ...]) -> int | None:
        """Line of the deepest written part of loc (a pydantic-style location)."""
        lines = self.lines
        for end in range(len(loc), -1, -1):
            if loc[:end] in lines:
                return lines[loc[:end]]
        return None

    def kinds(self) -> dict[str, str]:
        """Map each id this record defines to its kind."""
        return {
            entity.id: kind
            for section, kind in SECTION_KIND.items()
            for entity in getattr(self.record, section)
        }


_STR = "tag:yaml.org,2002:str"
_construct = SafeConstructor()


def _scalar(node: yaml.ScalarNode) -> Any:
    """The scalar as yaml.safe_load types it; strings (nearly all) skip the constructor."""
    if node.tag == _STR:
        return node.value
    construct = _construct.yaml_constructors.get(node.tag, SafeConstructor.construct_undefined)
    try:
        return construct(_construct, node)
    except ValueError as exc:  # e.g. 2019-13-45 looks like a date but is none
        problem = f"{node.value[:80]!r}: {exc}"
        raise yaml.MarkedYAMLError(problem=problem, problem_mark=node.start_mark) from exc


def _to_python(node: yaml.Node, path: tuple[str | int, ...], lines: dict, seen: set[int]) -> Any:
    """Build plain Python from a YAML node tree, noting the 1-based line of every part.

    A list or mapping met twice is a YAML alias (*name): refused, because
    expanding aliases lets a few lines grow exponentially or contain themselves.
    """
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
        if id(node) in seen:
            problem = "a list or mapping used twice (YAML alias): not allowed in records"
            raise yaml.MarkedYAMLError(problem=problem, problem_mark=node.start_mark)
        seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            out[key] = _to_python(value_node, (*path, key), lines, seen)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, (*path, i), lines, seen) for i, item in enumerate(node.value)]
    return _scalar(node)


def parse_yaml(path: Path) -> tuple[Any, dict[tuple[str | int, ...], int]]:
    """Parse a YAML file keeping line numbers; syntax errors name file and line.

    libyaml (the C loader) builds the node tree; PyYAML's safe-load rules give
    scalars their types, exactly as yaml.safe_load would.
    """
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=yaml.CSafeLoader)
        lines: dict[tuple[str | int, ...], int] = {}
        data = None if node is None else _to_python(node, (), lines, set())
    except OSError as exc:
        raise DataError([Problem(path, None, f"cannot read: {exc.strerror}")]) from exc
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        raise DataError([Problem(path, line, f"not UTF-8 text: {exc.reason}")]) from exc
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise DataError([Problem(path, line, f"YAML syntax: {exc.problem}")]) from exc
    except yaml.reader.ReaderError as exc:  # a control character; position counts UTF-8 bytes
        line = text.encode()[: exc.position].count(b"\n") + 1
        problem = f"YAML syntax: character U+{exc.character:04X} is not allowed"
        raise DataError([Problem(path, line, problem)]) from exc
    return data, lines


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
    try:
        data, lines = fastyaml.load(path.read_text(encoding="utf-8")), None
    except (OSError, UnicodeDecodeError):
        data = fastyaml.NOT_SURE
    if data is fastyaml.NOT_SURE:
        data, lines = parse_yaml(path)  # PyYAML: the reference, and it reports the lines
    if not isinstance(data, dict):
        raise DataError([Problem(path, 1, "a record is a YAML mapping with a 'source' key")])
    try:
        record = Record.model_validate(data)
    except ValidationError as exc:
        placeholder = LoadedRecord(path, None, lines)  # type: ignore[arg-type]
        raise DataError(_pydantic_problems(path, exc, placeholder)) from exc
    loaded = LoadedRecord(path, record, lines)
    problems = list(_reference_problems(loaded))
    if problems:
        raise DataError(problems)
    return LoadedRecord(path, record)  # lines are found again if a later check needs one


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
