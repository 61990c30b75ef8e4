"""Constants the tests share, so no test computes its own copy of a path."""

import os
import shutil
from pathlib import Path

import pytest

from graph.build import synth
from graph.store.versions import live_version, versions_dir

ROOT = Path(__file__).resolve().parent.parent  # the checkout
DATA = ROOT / "data"
# The three seed records (their texts are in data/sources/): most tests run on a data
# directory of just these, so an expected value is checkable against a stored text and
# does not move when curators add records; tests/data/ tests the shipped data.
SEED_NAMES = (
    "business-times-sg-uk-2019.yaml",
    "nus-ipur-mongolia-2022.yaml",
    "sin-sg-gds-govtech-2019.yaml",
)
SEED_RECORDS = [DATA / "records" / name for name in SEED_NAMES]

# Entities and sources of the seed records (data/records), as the tests name them.
ID = "https://w3id.org/govties/id/"
GDS = f"{ID}org/gds"
GOVTECH = f"{ID}org/govtech"
IPUR = f"{ID}org/ipur"
MOJHA = f"{ID}org/mongolia-mojha"
SG = f"{ID}country/SG"
MOU_2019 = f"{ID}agreement/govtech-gds-mou-2019"
MOU_2022 = f"{ID}agreement/ipur-mongolia-mojha-mou-2022"
PARTNERSHIP = f"{ID}agreement/ipur-mongolian-academy-partnership"
BT = f"{ID}source/business-times-sg-uk-2019"
SIN = f"{ID}source/sin-sg-gds-govtech-2019"
NUS = f"{ID}source/nus-ipur-mongolia-2022"

# Queries several modules send to the endpoint.
AGREEMENTS = "SELECT ?a ?l WHERE { ?a a gt:Agreement ; rdfs:label ?l } ORDER BY ?a"
CONSTRUCT = "CONSTRUCT { ?a ?p ?o } WHERE { ?a a gt:Agreement ; ?p ?o }"
COUNT = "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a gt:Agreement }"

# The update token the test servers are started with, and the header that carries it.
TOKEN = "correct-horse-battery-staple"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def grown(tmp_path_factory: pytest.TempPathFactory, data_dir: Path, agreements: int) -> Path:
    """data/ plus synthetic records: a superset of the seeds, slower to build the bigger it is."""
    synthetic = tmp_path_factory.mktemp("synthetic")
    synth.write(synthetic, agreements, seed=7)
    folder = tmp_path_factory.mktemp("grown")
    shutil.copytree(data_dir, folder, dirs_exist_ok=True)
    for path in (synthetic / "records").iterdir():
        shutil.copy(path, folder / "records" / path.name)
    return folder


def copy_store(built: Path, store: Path, name: str | None = None) -> Path:
    """A private, writable store at `store`: the live version of `built` copied (as version
    `name`, by default the same name) and linked as a build would link it. A copy of a
    store built once per session costs milliseconds where building the records again
    costs seconds, and a build from the same records writes the same quads."""
    version = live_version(built)
    target = versions_dir(store) / (name or version.name)
    shutil.copytree(version, target)
    store.symlink_to(os.path.relpath(target, store.parent))
    return store


# rdflib's parser for each RDF media type the endpoint answers in.
GRAPH_PARSERS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
    "application/trig": "trig",
    "application/n-quads": "nquads",
}


def posts_of(record: dict) -> dict[str, list[tuple[str, str]]]:
    """Each person's posts in a proposed record, as (organisation id, title)."""
    return {
        p["id"]: [(post["org"], post["title"]) for post in p.get("posts", [])]
        for p in record.get("people", [])
    }
