"""Synthetic data directories shaped like data/, for benchmarks and scale tests.

The real corpus is a handful of records; users' graphs grow to millions of
triples. This writes records in the curated format (see data/README.md) with
the same shape, drawn from the world of graph.build.synth_world: one source
per file with several agreements each. A few agreements are reported again
by a later source (same id, same label), as real accounts overlap.

Everything is deterministic for a seed and marked synthetic three ways: a
header comment in every file, the source publisher "govties synthetic data",
and ids prefixed "syn-".
"""

import json
import random
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import yaml

from graph.build.synth_world import PREFIX, Agreement, Org, Person, Place, Programme, World

PUBLISHER = "govties synthetic data"


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


@cache
def _code(code: str) -> str:
    """A country code, quoted where YAML would read it as something else (NO is false)."""
    return _q(code) if yaml.safe_load(code) != code else code


def _flow(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


def _record(number: int, seed: int, agreements: list[Agreement], issued: str) -> str:
    """One source's record file: the agreements plus everything they mention, defined once."""
    orgs: dict[str, Org] = {}
    people: dict[str, Person] = {}
    places: dict[str, Place] = {}
    programmes: dict[str, Programme] = {}

    def need_org(org: Org) -> None:
        while org is not None and org.slug not in orgs:
            orgs[org.slug] = org
            org = org.parent  # a parent body must be defined in the same file

    def need_person(person: Person) -> None:
        people[person.slug] = person
        need_org(person.org)

    for agr in agreements:
        for org in [*agr.parties, *agr.facilitators]:
            need_org(org)
        for person in [*agr.signatories, *agr.witnesses]:
            need_person(person)
        place = agr.signed_at
        while place is not None:
            places[place.slug] = place
            place = place.within
        if agr.part_of is not None:
            programmes[agr.part_of.slug] = agr.part_of
            need_org(agr.part_of.lead)
    out = [
        "# SYNTHETIC DATA - not a real source. Written by govties synth "
        f"(seed {seed}) for benchmarks and scale tests.",
        "source:",
        f"  id: {PREFIX}source-{number:06d}",
        f"  title: {_q(f'Synthetic report {number} on cross-border digital government ties')}",
        f"  publisher: {PUBLISHER}",
        f"  issued: {issued}",
        f"  url: https://example.org/govties-synthetic/{number:06d}",
        "",
        "organizations:",
    ]
    for org in orgs.values():
        out += [f"  - id: {org.slug}", f"    label: {_q(org.label)}", f"    type: {org.type}"]
        if org.country:
            out.append(f"    country: {_code(org.country)}")
        if org.parent is not None:
            out.append(f"    parent: {org.parent.slug}")
    out += ["", "people:"]
    for person in people.values():
        out += [
            f"  - id: {person.slug}",
            f"    label: {_q(person.label)}",
            f"    posts:\n      - {{org: {person.org.slug}, title: {person.title}}}",
        ]
    if places:
        out += ["", "places:"]
        for place in places.values():
            within = f", within: {place.within.slug}" if place.within else ""
            out.append(
                f"  - {{id: {place.slug}, label: {_q(place.label)}, "
                f"country: {_code(place.country)}{within}}}"
            )
    if programmes:
        out += ["", "programmes:"]
        for prog in programmes.values():
            out += [
                f"  - id: {prog.slug}",
                f"    label: {_q(prog.label)}",
                f"    country: [{_code(prog.country)}]",
                f"    lead_agency: [{prog.lead.slug}]",
                f"    start: {prog.start}",
                f"    topics: {_flow(prog.topics)}",
            ]
    out += ["", "agreements:"]
    for agr in agreements:
        out += [
            f"  - id: {agr.slug}",
            f"    type: {agr.type}",
            f"    label: {_q(agr.label)}",
            f"    parties: {_flow([o.slug for o in agr.parties])}",
        ]
        if agr.facilitators:
            out.append(f"    facilitators: {_flow([o.slug for o in agr.facilitators])}")
        out.append(f"    signatories: {_flow([p.slug for p in agr.signatories])}")
        if agr.witnesses:
            out.append(f"    witnesses: {_flow([p.slug for p in agr.witnesses])}")
        out.append(f"    signed_on: {agr.signed_on}")
        if agr.signed_at is not None:
            out.append(f"    signed_at: {agr.signed_at.slug}")
        if agr.part_of is not None:
            out.append(f"    part_of: [{agr.part_of.slug}]")
        if agr.renews is not None and agr.renews in agreements:
            out.append(f"    renews: [{agr.renews.slug}]")
        out.append(f"    topics: {_flow(agr.topics)}")
    return "\n".join(out) + "\n"


def records(agreements: int, seed: int = 0) -> Iterator[tuple[str, str]]:
    """(file name, YAML text) of each synthetic record, until `agreements` are written."""
    rng = random.Random(seed)
    world = World(rng, agreements)
    made: list[Agreement] = []
    number = 0
    while len(made) < agreements:
        number += 1
        batch: list[Agreement] = []
        for _ in range(min(rng.randint(2, 8), agreements - len(made))):
            previous = batch[-1] if batch else None
            batch.append(world.agreement(len(made) + len(batch) + 1, previous))
        made += batch
        # Some sources report an agreement an earlier source already described.
        retold = [rng.choice(made[: -len(batch)])] if len(made) > len(batch) else []
        if retold and rng.random() < 0.1 and retold[0] not in batch:
            batch = [*batch, *retold]
        issued = max(a.signed_on for a in batch)[:4] + f"-{rng.randint(1, 12):02d}"
        yield f"{PREFIX}source-{number:06d}.yaml", _record(number, seed, batch, issued)


def write(out_dir: Path, agreements: int, seed: int = 0) -> int:
    """Write DIR/records/syn-*.yaml (replacing older synthetic files); return the file count.

    Refuses a directory whose records/ holds anything but synthetic files, so
    it can never overwrite curated data.
    """
    folder = out_dir / "records"
    folder.mkdir(parents=True, exist_ok=True)
    foreign = [p.name for p in folder.iterdir() if not p.name.startswith(PREFIX)]
    if foreign:
        raise FileExistsError(f"{folder} holds non-synthetic files ({foreign[0]}, ...)")
    for old in folder.glob(f"{PREFIX}*.yaml"):
        old.unlink()
    count = 0
    for name, text in records(agreements, seed):
        (folder / name).write_text(text, encoding="utf-8")
        count += 1
    return count
