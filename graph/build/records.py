"""Curated records: one YAML file per source document, loaded with line numbers.

Loading is strict about shape (the pydantic models of graph.build.record_schema)
and references (every id a record uses is defined in the same file), so each
source's named graph is a self-contained account of what that source states.
Semantic rules that hold across files (two parties, a country per party, date
datatypes, one label) are the SHACL shapes' job.
"""

from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from graph.build import fastyaml
from graph.build.record_schema import (
    COUNTRY_CODE,
    NESTED_REFERENCE_KINDS,
    REFERENCE_KINDS,
    SECTION_KIND,
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

    def kinds(self) -> dict[str, str]:
        """Map each id this record defines to its kind."""
        return {
            entity.id: kind
            for section, kind in SECTION_KIND.items()
            for entity in getattr(self.record, section)
        }


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
