"""Warnings on records that load and validate but probably say one thing twice.

Many curators writing one file per page will give the same agency two ids, or
record one signing twice under two names; neither breaks a rule, so neither can
be an error. `govties validate` prints these at file:line for a person to judge:
merge the ids, or say with `distinct_from` that the two really are different.
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import TypeVar

from graph.build.record_schema import SECTION_KIND
from graph.build.records import LoadedRecord
from graph.errors import Problem

Where = tuple[LoadedRecord, tuple[str | int, ...]]
K = TypeVar("K")


def _name_key(text: str) -> str:
    """Names that differ only in case, punctuation, spacing or & for "and" are the same name."""
    return re.sub(r"[\W_]+", " ", text.replace("&", " and ")).strip().casefold()


def _at(where: Where, message: str) -> Problem:
    loaded, loc = where
    return Problem(loaded.path, loaded.line_of(loc), message)


def _distinct(loaded: list[LoadedRecord]) -> set[frozenset[str]]:
    """Pairs of ids a curator has declared different (in either record)."""
    return {
        frozenset((entity.id, other))
        for rec in loaded
        for section in SECTION_KIND
        for entity in getattr(rec.record, section)
        for other in entity.distinct_from
    }


def same_names(loaded: list[LoadedRecord]) -> Iterator[Problem]:
    """One label or alias under two ids of the same kind."""
    distinct = _distinct(loaded)
    owners: dict[tuple[str, str], dict[str, Where]] = defaultdict(dict)
    for rec in loaded:
        for section, kind in SECTION_KIND.items():
            for i, entity in enumerate(getattr(rec.record, section)):
                for name in {entity.label, *entity.alt}:
                    owners[(kind, _name_key(name))].setdefault(entity.id, (rec, (section, i, "id")))
    pairs = _undeclared_pairs(sorted(owners.items()), distinct)
    for (kind, name), first, other, where, other_where in pairs:
        yield _at(
            other_where,
            f"warning: {kind} {other!r} and {first!r} ({where[0].path.name}) share the "
            f"name {name!r}: one entity, one id (or say distinct_from)",
        )


def same_parties_same_year(loaded: list[LoadedRecord]) -> Iterator[Problem]:
    """Two agreement ids with the same parties signed in the same year."""
    distinct = _distinct(loaded)
    seen: dict[tuple[frozenset[str], str], dict[str, Where]] = defaultdict(dict)
    for rec in loaded:
        for i, agreement in enumerate(rec.record.agreements):
            if agreement.signed_on and len(agreement.parties) >= 2:
                key = (frozenset(agreement.parties), agreement.signed_on[:4])
                seen[key].setdefault(agreement.id, (rec, ("agreements", i, "id")))
    ordered = sorted(seen.items(), key=lambda item: sorted(item[1]))
    for (parties, year), first, other, where, other_where in _undeclared_pairs(ordered, distinct):
        yield _at(
            other_where,
            f"warning: agreements {other!r} and {first!r} ({where[0].path.name}) have "
            f"the same parties ({', '.join(sorted(parties))}) in {year}: the same "
            "agreement? (or say distinct_from)",
        )


def _undeclared_pairs(
    groups: Iterable[tuple[K, dict[str, Where]]], distinct: set[frozenset[str]]
) -> Iterator[tuple[K, str, str, Where, Where]]:
    """Each later id of a group against the first seen (file order), unless declared distinct."""
    for key, ids in groups:
        (first, where), *others = ids.items()
        for other, other_where in others:
            if frozenset((first, other)) not in distinct:
                yield key, first, other, where, other_where


def sources_without_url(loaded: list[LoadedRecord]) -> Iterator[Problem]:
    """A source a reader cannot check, unless its text is stored in data/sources/."""
    for rec in loaded:
        source = rec.record.source
        if not source.url and not source.document:
            yield _at((rec, ("source", "id")), f"warning: source {source.id!r} has no url")


def unknown_distinct(loaded: list[LoadedRecord]) -> Iterator[Problem]:
    """distinct_from names an id no record defines (a typo hides a real duplicate)."""
    defined = {ident for rec in loaded for ident in rec.kinds()}
    for rec in loaded:
        for section in SECTION_KIND:
            for i, entity in enumerate(getattr(rec.record, section)):
                for j, other in enumerate(entity.distinct_from):
                    if other not in defined:
                        yield _at(
                            (rec, (section, i, "distinct_from", j)),
                            f"warning: distinct_from {other!r}: no record defines that id",
                        )


def warnings(loaded: list[LoadedRecord]) -> list[Problem]:
    return [
        *same_names(loaded),
        *same_parties_same_year(loaded),
        *sources_without_url(loaded),
        *unknown_distinct(loaded),
    ]
