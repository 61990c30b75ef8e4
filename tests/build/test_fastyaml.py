"""The fast record loader gives yaml.safe_load's result, or steps aside (NOT_SURE)."""

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.build import fastyaml, synth
from tests.support import ROOT

REAL = sorted((ROOT / "data" / "records").glob("*.yaml"))
SYNTH = [text for _, text in zip(range(40), synth.records(200, seed=1), strict=False)]


def reference(text: str):
    try:
        return yaml.load(text, Loader=yaml.CSafeLoader)
    except (yaml.YAMLError, ValueError) as exc:
        return f"error: {type(exc).__name__}"


def test_real_records_mostly_take_the_fast_path_and_match():
    """Curators write plain YAML; the few files with a rarer construct fall back to PyYAML."""
    sure = 0
    for path in REAL:
        text = path.read_text()
        fast = fastyaml.load(text)
        if fast is not fastyaml.NOT_SURE:
            sure += 1
            assert fast == reference(text), path
    assert sure >= 0.9 * len(REAL), f"{sure} of {len(REAL)} real records took the fast path"


def test_synthetic_records_match_or_step_aside():
    fast = [fastyaml.load(text) for _, text in SYNTH]
    assert sum(f is not fastyaml.NOT_SURE for f in fast) > len(fast) * 0.8
    for (_, text), result in zip(SYNTH, fast, strict=True):
        if result is not fastyaml.NOT_SURE:
            assert result == reference(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 2019-06-13\nb: 2019-06\nc: 2019\n", {"a": "date", "b": "2019-06", "c": 2019}),
        ("a: NO\nb: yes\nd: 007\ne: 1e3\nf: 0.5\ng: null\n", None),
        ("a: ~\n", "NOT_SURE"),  # outside the subset the fast path accepts
        ('a: "2019"\nb: 2019\n', "NOT_SURE"),  # quoted and plain: JSON can't tell which is which
        ("a: &x [1]\nb: *x\n", "NOT_SURE"),
        ("a: |\n  block\n", "NOT_SURE"),
        ("a: [x\n", "NOT_SURE"),
        ("a: @x\n", "NOT_SURE"),
        ("- a\n- b\n", "NOT_SURE"),
        ("", "NOT_SURE"),
    ],
)
def test_scalars_get_pyyaml_types(text, expected):
    fast = fastyaml.load(text)
    if expected == "NOT_SURE":
        assert fast is fastyaml.NOT_SURE
    else:
        assert fast is not fastyaml.NOT_SURE
        assert fast == reference(text)


MUTATION_CHARS = [*" \n:-[]{},'\"#aZ09.~", "  ", "\n  ", "- ", ": "]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    source=st.sampled_from([p.read_text() for p in REAL] + [t for _, t in SYNTH[:5]]),
    edits=st.lists(
        st.tuples(st.floats(0, 1), st.sampled_from(["insert", "delete", "replace"]),
                  st.sampled_from(MUTATION_CHARS)),
        min_size=1, max_size=4,
    ),
)  # fmt: skip
def test_damaged_records_never_load_differently(source, edits):
    text = source
    for where, how, chars in edits:
        i = int(where * len(text))
        if how == "insert":
            text = text[:i] + chars + text[i:]
        elif how == "delete":
            text = text[:i] + text[i + len(chars) :]
        else:
            text = text[:i] + chars + text[i + len(chars) :]
    fast = fastyaml.load(text)
    if fast is not fastyaml.NOT_SURE:
        assert fast == reference(text), text
