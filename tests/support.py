"""Constants the tests share, so no test computes its own copy of a path."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the checkout
DATA = ROOT / "data"
SEED_RECORDS = sorted((DATA / "records").glob("*.yaml"))
