"""Curated records: one YAML file per source document, loaded with line numbers.

Loading is strict about shape (the pydantic models of graph.build.record_schema)
and references (every id a record uses is defined in the same file), so each
source's named graph is a self-contained account of what that source states.
Semantic rules that hold across files (two parties, a country per party, date
datatypes, one label) are the SHACL shapes' job.
"""

from collections.abc import Iterator
from functools import cached_property
from pathlib import Path

from pydantic import ValidationError

from graph.build import fastyaml
from graph.build.cross_file import across_files
from graph.build.data_files import (
    MAX_RECORD_BYTES,
    decoded,
    inside,
    read_capped,
)
from graph.build.record_schema import (
    COUNTRY_CODE,
    NESTED_REFERENCE_KINDS,
    REFERENCE_KINDS,
    SECTION_KIND,
    Entity,
    Organization,
    Record,
)
from graph.build.yaml_lines import parse_yaml
from graph.errors import DataError, Problem


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

    def definitions(self) -> Iterator[tuple[str, str, tuple[str, int], Entity]]:
        """(id, kind, location, entity) of each entity this record defines."""
        for section, kind in SECTION_KIND.items():
            for i, entity in enumerate(getattr(self.record, section)):
                yield entity.id, kind, (section, i), entity

    def kinds(self) -> dict[str, str]:
        """Map each id this record defines to its kind."""
        return {ident: kind for ident, kind, _, _ in self.definitions()}

    def at(self, loc: tuple[str | int, ...]) -> str:
        """file:line of loc, for a message that names a second place."""
        line = self.line_of(loc)
        return f"{self.path}:{line}" if line else str(self.path)

    def outline(self) -> "Outline":
        src = self.record.source
        return Outline(
            self.path,
            src.id,
            src.document,
            [
                (ident, kind, loc, entity.type if isinstance(entity, Organization) else None)
                for ident, kind, loc, entity in self.definitions()
            ],
        )


class Outline:
    """What the rules across files read of a record: its source, and the ids it defines
    with their kind and (an organisation's) type. Small enough to cross processes
    (graph.build.parallel), where a pydantic record costs more to unpickle than to load."""

    def __init__(
        self,
        path: Path,
        source_id: str,
        document: str | None,
        definitions: list[tuple[str, str, tuple[str, int], str | None]],
    ) -> None:
        self.path, self.source_id, self.document = path, source_id, document
        self.definitions = definitions  # (id, kind, location, organisation type or None)

    @cached_property
    def _lines(self) -> LoadedRecord:
        return LoadedRecord(self.path, None)  # type: ignore[arg-type]

    def line_of(self, loc: tuple[str | int, ...]) -> int | None:
        return self._lines.line_of(loc)

    def at(self, loc: tuple[str | int, ...]) -> str:
        return self._lines.at(loc)


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
    for (section, field, key), allowed in NESTED_REFERENCE_KINDS.items():
        for i, entity in enumerate(getattr(loaded.record, section)):
            for j, item in enumerate(getattr(entity, field)):
                ref = getattr(item, key)
                if defined.get(ref) not in allowed:
                    wanted = " or ".join(f"a {k} id" for k in allowed)
                    yield Problem(
                        loaded.path,
                        loaded.line_of((section, i, field, j, key)),
                        f"{section}[{i}].{field}[{j}].{key}: {ref!r} should be {wanted}"
                        " defined in this file",
                    )


def load_record(path: Path) -> LoadedRecord:
    """Load and check one record file; raise DataError listing every problem with its line.

    The file must be a regular file under the cap (graph.build.data_files).
    """
    raw = read_capped(path, MAX_RECORD_BYTES)
    try:
        data, lines = fastyaml.load(decoded(raw)), None
    except UnicodeDecodeError:
        data = fastyaml.NOT_SURE
    if data is fastyaml.NOT_SURE:
        data, lines = parse_yaml(path, raw)  # PyYAML: the reference, and it reports the lines
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


def existing_record_files(data_dir: Path) -> list[Path]:
    """record_files, or DataError if there are none (an empty build is a mistake)."""
    files = record_files(data_dir)
    if not files:
        raise DataError([Problem(data_dir / "records", None, "no record files (*.yaml) found")])
    return files


def load_files(paths: list[Path], data_dir: Path) -> tuple[list[LoadedRecord], list[Problem]]:
    """The records of paths that load, and the problems of those that do not."""
    loaded: list[LoadedRecord] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            inside(path, data_dir)  # a symlink may not lead out of the data directory
            loaded.append(load_record(path))
        except DataError as exc:
            problems.extend(exc.problems)
    return loaded, problems


def load_records(data_dir: Path) -> list[LoadedRecord]:
    """Load every record of a data directory, reporting the problems of all files at once."""
    loaded, problems = load_files(existing_record_files(data_dir), data_dir)
    problems.extend(across_files([rec.outline() for rec in loaded], data_dir))
    if problems:
        raise DataError(problems)
    return loaded
