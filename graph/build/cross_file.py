"""The rules that hold across record files: a source's stored text is a file in
data/sources/, an id means one kind of thing (and one organisation type, or a narrower
one) in every file, and a source id is used once. They read each record's Outline (small,
picklable), so the build's worker processes need not send whole records back.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, get_args

import pyoxigraph as ox
from rdflib.namespace import RDFS

from graph.build.data_files import MAX_SOURCE_BYTES, check_file
from graph.build.record_schema import Organization
from graph.errors import DataError, Problem
from ontology import GT, ontology_file

if TYPE_CHECKING:
    from graph.build.records import Outline


def across_files(outlines: list[Outline], data_dir: Path) -> list[Problem]:
    """The problems of the records taken together: stored texts, ids, source ids."""
    return [*_document_problems(outlines, data_dir), *_cross_file_problems(outlines)]


def _document_problems(loaded: list[Outline], data_dir: Path) -> Iterator[Problem]:
    """A source's stored text is a regular file in data/sources/, under its cap."""
    for rec in loaded:
        name = rec.document
        if name is not None:
            try:
                check_file(data_dir / "sources" / name, data_dir, MAX_SOURCE_BYTES)
            except DataError as exc:
                where = rec.line_of(("source", "document"))
                for problem in exc.problems:
                    message = f"source.document: {problem.file}: {problem.message}"
                    yield Problem(rec.path, where, message)


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0].lower() in "aeiou" else f"a {kind}"


@cache
def _broader() -> dict[str, str]:
    """Each organisation type's superclass among them, from the ontology (Government ->
    GovernmentBody -> Organization), so a record may name a narrower type than another."""
    names = set(get_args(Organization.model_fields["type"].annotation))
    broader = {}
    for triple in ox.parse(path=str(ontology_file("govties.ttl")), format=ox.RdfFormat.TURTLE):
        if triple.predicate.value == str(RDFS.subClassOf):
            narrow = str(getattr(triple.subject, "value", "")).removeprefix(str(GT))
            broad = str(getattr(triple.object, "value", "")).removeprefix(str(GT))
            if narrow in names and broad in names:
                broader[narrow] = broad
    return broader


def _within(narrow: str, broad: str) -> bool:
    """narrow is broad or one of its subclasses."""
    while narrow != broad and narrow in _broader():
        narrow = _broader()[narrow]
    return narrow == broad


def _cross_file_problems(loaded: list[Outline]) -> Iterator[Problem]:
    """The same id must mean the same kind of thing, of one organisation type (or a narrower
    one: Government is a GovernmentBody), and a source id is used once. Each problem names
    both places."""
    first: dict[str, tuple[Outline, tuple[str, int], str]] = {}
    narrowest: dict[str, tuple[Outline, tuple[str, int], str]] = {}
    sources: dict[str, Outline] = {}
    for rec in loaded:
        sid = rec.source_id
        if sid in sources:
            other = sources[sid].at(("source", "id"))
            yield Problem(
                rec.path,
                rec.line_of(("source", "id")),
                f"source id {sid!r} is already used by {other}",
            )
        sources.setdefault(sid, rec)
        for ident, kind, loc, org_type in rec.definitions:
            other_rec, other_loc, other_kind = first.setdefault(ident, (rec, loc, kind))
            if other_kind != kind:
                yield Problem(
                    rec.path,
                    rec.line_of((*loc, "id")),
                    f"id {ident!r} is {_a(kind)} here but {_a(other_kind)} in "
                    + other_rec.at((*other_loc, "id")),
                )
            elif org_type is not None:
                mine = (rec, loc, org_type)
                other_rec, other_loc, other_type = narrowest.setdefault(ident, mine)
                if _within(org_type, other_type):
                    narrowest[ident] = mine
                elif not _within(other_type, org_type):
                    yield Problem(
                        rec.path,
                        rec.line_of((*loc, "type")),
                        f"org {ident!r} is {_a(org_type)} here but {_a(other_type)} in "
                        f"{other_rec.at((*other_loc, 'type'))}: one organisation has one type "
                        "(another record may only narrow it, e.g. GovernmentBody to Government)",
                    )
