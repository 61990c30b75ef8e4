"""The gazetteer most rule tests read with: the seed records' (few names known), so the people
and bodies of their invented sentences are found by their shape, as in a new article."""

import pytest

from graph.build.records import load_record
from graph.extract.gazetteer import gazetteer_from_records
from graph.extract.nlp import build_pipeline
from tests.support import SEED_RECORDS


@pytest.fixture(scope="module")
def seeds():
    gazetteer = gazetteer_from_records([load_record(p) for p in SEED_RECORDS])
    return gazetteer, build_pipeline(gazetteer)
