"""Extraction as one service: the command line and POST /extract both come here.

Names are linked against the best gazetteer available, by one policy: the
built store, else the records in the data directory (no build yet), else
country names only. A proposal made without the store says so in its
warnings, so a curator knows which names could not be linked.

The work is bounded: an article longer than MAX_TEXT_CHARS is refused, the
pipeline caps sentence length (graph.extract.nlp), and every rule costs in
proportion to its sentence, so time grows linearly with the text. The HTTP
route runs `extract_json` in a query worker, which the time limit can kill.
"""

from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from spacy.language import Language

from graph.build.records import load_records
from graph.errors import DataError, StoreError, TooLarge
from graph.extract.gazetteer import Gazetteer, gazetteer_from_records, gazetteer_from_store
from graph.extract.nlp import build_pipeline
from graph.extract.proposal import Proposal
from graph.extract.propose import propose
from graph.store.versions import live_version, open_store

MAX_TEXT_CHARS = 1_000_000  # ~150,000 words: several seconds of rules, longer than any article


@dataclass(frozen=True)
class Names:
    """What names can be linked to, the pipeline that finds them, and where they came from."""

    gazetteer: Gazetteer
    nlp: Language
    origin: str
    warning: str | None = None  # set when the store's names were not available


def names_from_store(store: ox.Store, where: str = "the store") -> Names:
    gazetteer = gazetteer_from_store(store)
    return Names(gazetteer, build_pipeline(gazetteer), where)


@cache
def _countries_only() -> tuple[Gazetteer, Language]:
    gazetteer = gazetteer_from_records([])
    return gazetteer, build_pipeline(gazetteer)


def names_without_store(data: Path | None, why: str) -> Names:
    """The records' names in `data` (an in-memory build), else countries only."""
    try:
        records = load_records(data) if data is not None else None
    except DataError:
        records = None
    if records is None:
        origin = "countries only (no store, no valid records)"
        return Names(*_countries_only(), origin, f"no store ({why}): only countries are linked")
    gazetteer = gazetteer_from_records(records)
    origin = f"records in {data}"
    return Names(gazetteer, build_pipeline(gazetteer), origin, f"no store ({why}): {origin}")


def known_names(store: Path, data: Path) -> Names:
    """The policy: the store at `store`, else the records in `data`, else countries only."""
    try:
        handle = open_store(store)[0]
    except StoreError as exc:
        return names_without_store(data, str(exc))
    return names_from_store(handle, f"store {store}")


def extract(
    text: str,
    names: Names,
    *,
    source_id: str | None = None,
    source_url: str | None = None,
    published: date | None = None,
    document: str | None = None,
) -> Proposal:
    """The proposed record of the agreement an article reports, with every fact's evidence."""
    if len(text) > MAX_TEXT_CHARS:
        raise TooLarge(f"the text is longer than {MAX_TEXT_CHARS} characters")
    proposal = propose(
        text,
        names.gazetteer,
        names.nlp,
        source_id=source_id,
        source_url=source_url,
        published=published,
        document=document,
    )
    if names.warning:
        proposal.warnings.insert(0, names.warning)
    return proposal


@lru_cache(maxsize=1)
def _names_of_version(version: Path) -> Names:
    try:
        handle = ox.Store.read_only(str(version))
    except (OSError, RuntimeError) as exc:  # RocksDB reports corruption as RuntimeError
        raise StoreError(f"cannot open store {version}: {exc}") from exc
    return names_from_store(handle)


def extract_json(
    store: str,
    data: str | None,
    text: str,
    source_id: str | None,
    source_url: str | None,
    published: date | None,
) -> dict[str, Any]:
    """extract() as a query worker runs it (graph.sparql.workers), the answer as JSON data.

    Positional, as the pool passes them. Names follow known_names' policy, the store's
    built once per version in each worker.
    """
    try:
        names = _names_of_version(live_version(Path(store)))
    except StoreError as exc:
        names = names_without_store(Path(data) if data else None, str(exc))
    proposal = extract(text, names, source_id=source_id, source_url=source_url, published=published)
    return proposal.as_json()
