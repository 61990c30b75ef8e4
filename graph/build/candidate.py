"""A record under review: its YAML, its problems among the records it would join, its saving.

The review page (api/review.py) edits a record as JSON; a curator downloads or
saves it as YAML. Both go through here so that what is checked is exactly the
text that is written: `record_yaml` renders the record in the curated format,
`check_candidate` runs `govties validate` (graph.build.pipeline.reviewed_dataset:
the build's loading, references, cross-file rules, SHACL and duplicate warnings)
on a copy of the data directory holding the candidate, and `write_record` puts
it into records/ without ever following a path out of it.

Why a copy: the rules that matter most for a new record hold across files (one
label per entity, one type per organisation, a party's country given by another
record, a source id used once), and the loader reads a directory. Copying a few
hundred small files costs tens of milliseconds; the data directory itself is
never written by a check. The candidate is named so that it loads first, so a
SHACL problem on an entity it shares with other records is located in it.
"""

import os
import re
import shutil
import tempfile
from functools import cache
from pathlib import Path
from typing import Any, get_args, get_origin

import yaml
from pydantic import BaseModel

from graph.build.data_files import inside, read_capped
from graph.build.pipeline import reviewed_dataset
from graph.build.record_schema import SLUG, Record
from graph.build.records import record_files
from graph.build.shapes_to_sparql import UnsupportedShape, compile_shapes
from graph.build.validate import Engine, load_shapes
from graph.build.yaml_lines import parse_yaml
from graph.errors import DataError, Exists, Problem

CANDIDATE = "-candidate.yaml"  # sorts before every slug (a-z, 0-9), so it loads first
THIS_RECORD = "this record"


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds (itself, in a list, or optional), if any."""
    for arg in (annotation, *get_args(annotation)):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
        if get_origin(arg) is list:
            inner = _model_of(get_args(arg)[0])
            if inner is not None:
                return inner
    return None


def _ordered(value: Any, model: type[BaseModel] | None) -> Any:
    """value with the keys in the schema's order and empty values (None, "", []) left out.

    A form leaves fields blank; the curated files leave them out. Keys the schema does
    not know are kept, at the end, so that validation names them.
    """
    if isinstance(value, list):
        return [_ordered(item, model) for item in value]
    if not isinstance(value, dict) or model is None:
        return value.strip() if isinstance(value, str) else value
    fields = model.model_fields
    keys = [k for k in fields if k in value] + [k for k in value if k not in fields]
    out = {}
    for key in keys:
        field = fields.get(key)
        item = _ordered(value[key], _model_of(field.annotation) if field else None)
        if item not in (None, "", []):
            out[key] = item
    return out


def record_yaml(record: dict[str, Any]) -> str:
    """The record in the curated format (data/README.md), as it would be saved."""
    return yaml.safe_dump(_ordered(record, Record), sort_keys=False, allow_unicode=True, width=100)


@cache
def _engine() -> Engine:
    """The shapes' SPARQL form when it covers every shape: the same violations as pySHACL
    (graph.build.validate), and quick enough to run on each edit."""
    try:
        compile_shapes(load_shapes())
    except UnsupportedShape:
        return "pyshacl"
    return "sparql"


def _line_locs(candidate: Path) -> dict[int, list[tuple[str | int, ...]]]:
    """Each line of the candidate and the parts of the record written on it."""
    try:
        lines = parse_yaml(candidate)[1]
    except DataError:
        return {}
    found: dict[int, list[tuple[str | int, ...]]] = {}
    for loc, line in lines.items():
        found.setdefault(line, []).append(loc)
    return found


def _path(problem: Problem, locs: dict[int, list[tuple[str | int, ...]]]) -> list | None:
    """The record path a problem is about: the part it names ("agreements.0.type: ..."),
    else the deepest part on its line (a list and its first item share a line)."""
    here = locs.get(problem.line or 0, [])
    named = [loc for loc in here if problem.message.startswith(".".join(map(str, loc)) + ":")]
    best = max(named or here, key=len, default=None)
    return list(best) if best is not None else None


def _located(
    problem: Problem, copy: Path, data: Path, locs: dict[int, list[tuple[str | int, ...]]]
) -> dict:
    """A problem as JSON, its file and message naming the real data directory, not the copy."""
    candidate = copy / "records" / CANDIDATE
    ours = problem.file == candidate
    message = problem.message.replace(str(candidate), THIS_RECORD).replace(str(copy), str(data))
    if ours:
        return {
            "file": None,
            "line": problem.line,
            "path": _path(problem, locs),
            "message": message,
        }
    shown = str(problem.file).replace(str(copy), str(data)) if problem.file else None
    return {"file": shown, "line": problem.line, "path": None, "message": message}


def _copy(data: Path | None, into: Path, leave_out: Path | None) -> tuple[int, list[Problem]]:
    """The records (but leave_out) and stored texts of data copied into `into`: how many
    records, and the problems of files the build would refuse to read (a symlink out of
    the data directory), which a copy would otherwise hide."""
    (into / "records").mkdir()
    (into / "sources").mkdir()
    if data is None:
        return 0, []
    copied, refused = 0, []
    sources = data / "sources"
    texts = sorted(sources.iterdir()) if sources.is_dir() else []
    for path, folder in [(p, "records") for p in record_files(data)] + [
        (p, "sources") for p in texts
    ]:
        if path == leave_out or path.name == CANDIDATE:
            continue
        try:
            resolved = inside(path, data)
        except DataError as exc:
            refused += exc.problems if folder == "records" else []
            continue
        if resolved.is_file():
            shutil.copyfile(resolved, into / folder / path.name)
            copied += folder == "records"
    return copied, refused


def target(data: Path, record: dict[str, Any]) -> Path | None:
    """data/records/<source id>.yaml, if the source id is a slug (then no path can follow)."""
    source = record.get("source")
    ident = source.get("id") if isinstance(source, dict) else None
    if not isinstance(ident, str) or not re.fullmatch(SLUG, ident.strip()):
        return None
    return data / "records" / f"{ident.strip()}.yaml"


def check_candidate(data: str | None, text: str, replace: bool, file: str | None) -> dict:
    """Problems and warnings of the record `text` among the records of `data`, as JSON.

    `file` is the record file the candidate would be saved as: with `replace` it is
    left out of the check (the candidate takes its place), else it stays and a source
    id used twice is a problem. Positional and plain, as a query worker calls it.
    """
    folder = Path(data) if data else None
    own = Path(file) if file else None
    with tempfile.TemporaryDirectory(prefix="govties-review-") as tmp:
        copy = Path(tmp)
        others, refused = _copy(folder, copy, own if replace else None)
        candidate = copy / "records" / CANDIDATE
        candidate.write_text(text, encoding="utf-8")
        try:
            _, found = reviewed_dataset(copy, engine=_engine())
            problems: list[Problem] = list(refused)
        except DataError as exc:
            problems, found = refused + exc.problems, []
        locs = _line_locs(candidate)
        shown = folder or Path(".")
        warnings = [p for p in found if p.file == candidate]  # others' warnings are known
        return {
            "valid": not problems,
            "problems": [_located(p, copy, shown, locs) for p in problems],
            "warnings": [_located(p, copy, shown, locs) for p in warnings],
            "checked_against": (
                f"{others} records in {folder}" if folder else "this record alone (no data)"
            ),
        }


def _atomic_write(path: Path, data: bytes) -> None:
    """data as the file `path`: written under a name the build does not read (it reads
    *.yaml only), then renamed over `path`, so a reader sees the old file or the new one."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_record(path: Path, text: str, replace: bool) -> bytes | None:
    """Write text as the record file `path`; the bytes it replaced, or None if it was new.

    An existing file is replaced only when asked, and never through a symlink (it
    could lead out of the data directory or onto another record).
    """
    previous = None
    if path.is_symlink():
        raise Exists(f"{path} is a symbolic link: a record is saved only as a regular file")
    if path.exists():
        if not replace:
            raise Exists(f"{path} exists: ask to replace it, or give the source another id")
        previous = read_capped(path)
    _atomic_write(path, text.encode("utf-8"))
    return previous


def restore(path: Path, previous: bytes | None) -> None:
    """Undo write_record: the replaced bytes back, or the new file gone."""
    if previous is None:
        path.unlink(missing_ok=True)
    else:
        _atomic_write(path, previous)
