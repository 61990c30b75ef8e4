"""Fuzzing the record loader: whatever a record file holds, the answer is a DataError
naming the file and a line (or a loaded record), never another exception or a hang.

Three generators: arbitrary YAML-ish documents built from the record format's own
keys, mutations of the real seed records (so the deep checks - references, kinds,
posts - are reached), and raw text/bytes dense in YAML syntax. Plus the hostile
classics by name: deep nesting, alias bombs, self-referencing anchors, complex
keys, merge keys, control characters, bad UTF-8, huge integers, unknown tags.
"""

import copy
import itertools
import os
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.build.record_schema import REFERENCE_KINDS, SECTION_KIND
from graph.build.records import LoadedRecord, load_record
from graph.errors import DataError
from tests.support import SEED_RECORDS

SEEDS = SEED_RECORDS
FIELDS = sorted(
    {"source", "id", "title", "publisher", "issued", "url", "document", "label", "alt", "note"}
    | {"type", "country", "parent", "posts", "org", "signed_on", "signed_at", "within"}
    | set(SECTION_KIND)
    | {field for _, field in REFERENCE_KINDS}
)
# FUZZ_EXAMPLES=5000 for a deeper run than `make test` affords.
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
)


def check_load(content: str | bytes) -> LoadedRecord | None:
    """Load content as a record file; only DataError may escape, and it must locate itself."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzzed.yaml"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        # YAML also breaks lines at \r, \x85, \u2028...; a mark may sit just past the end.
        n_lines = len(path.read_bytes().decode("utf-8", "replace").splitlines()) + 1
        started = time.perf_counter()
        try:
            return load_record(path)
        except DataError as exc:
            assert exc.problems, "a DataError must list its problems"
            for problem in exc.problems:
                assert problem.file == path, problem
                assert problem.line is not None, f"no line: {problem}"
                assert 1 <= problem.line <= n_lines, problem
                assert problem.message.strip()
                assert "Traceback" not in str(problem)
            return None
        finally:
            assert time.perf_counter() - started < 5, "loading one small file took over 5 s"


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.sampled_from(["SG", "GB", "MN", "nus", "ipur", "x", "", "2019-06-13", "2019", "0x1F"]),
    st.dates(min_value=date(1, 1, 1)),
)
keys = st.one_of(st.sampled_from(FIELDS), st.text(max_size=12), st.integers(), st.booleans())
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=25,
)
documents = st.dictionaries(keys, values, max_size=8) | values


@FUZZ
@given(documents, st.booleans())
def test_arbitrary_yaml_mappings(doc: Any, flow: bool):
    check_load(yaml.safe_dump(doc, default_flow_style=flow, allow_unicode=True))


def seed_documents() -> list[dict]:
    return [yaml.safe_load(path.read_text(encoding="utf-8")) for path in SEEDS]


def _containers(node: Any, trail: tuple = ()) -> list[tuple]:
    """Every (trail, container) in a parsed document, the document itself first."""
    found = [(trail, node)]
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, child in items:
        if isinstance(child, dict | list):
            found += _containers(child, (*trail, key))
    return found


@st.composite
def mutated_seeds(draw: st.DrawFn) -> dict:
    """A real record with a few parts deleted, replaced or added."""
    doc = copy.deepcopy(draw(st.sampled_from(seed_documents())))
    for _ in range(draw(st.integers(1, 4))):
        _, container = draw(st.sampled_from(_containers(doc)))
        action = draw(st.sampled_from(["delete", "replace", "add", "duplicate"]))
        if isinstance(container, dict):
            key = draw(st.sampled_from(sorted(container, key=str))) if container else None
        else:
            key = draw(st.integers(0, len(container) - 1)) if container else None
        if action == "add" or key is None:
            if isinstance(container, dict):
                container[draw(keys)] = draw(values)
            else:
                container.append(draw(values))
        elif action == "delete":
            del container[key]
        elif action == "replace":
            container[key] = draw(values)
        elif isinstance(container, list):
            container.append(copy.deepcopy(container[key]))  # duplicate ids, references
    return doc


@FUZZ
@given(mutated_seeds())
def test_mutated_seed_records(doc: dict):
    check_load(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False))


def test_seed_records_still_load():
    """The mutation fuzzer starts from records that load: a sanity check on the oracle."""
    for path in SEEDS:
        assert check_load(path.read_text(encoding="utf-8")) is not None


YAML_SYNTAX = st.text(
    alphabet=st.sampled_from([*"abc01:-[]{},&*!|>'\"#%@`?<=~\\ \n\t\r.", "\x00", "\ufeff"]),
    max_size=120,
)


@FUZZ
@given(YAML_SYNTAX)
def test_raw_yaml_syntax_soup(text: str):
    check_load(text)


@FUZZ
@given(st.binary(max_size=200))
def test_raw_bytes(data: bytes):
    check_load(data)


def _alias_bomb(levels: int = 9) -> str:
    names = [chr(ord("a") + i) for i in range(levels)]
    out = [f"{names[0]}: &{names[0]} [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for prev, name in itertools.pairwise(names):
        out.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]")
    return "\n".join(out) + f"\nsource: *{names[-1]}\n"


HOSTILE: dict[str, str | bytes] = {
    "5000 nested lists": "source: " + "[" * 5000 + "]" * 5000 + "\n",
    "3000 nested mappings": "source: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n",
    "deep block nesting": "source:\n" + "".join(" " * i + "- \n" for i in range(1, 400)),
    "alias bomb (billion laughs)": _alias_bomb(),
    "self-referencing anchor": "source: &a [*a]\n",
    "complex key": "? [a, b]\n: 1\nsource: {id: x}\n",
    "merge key": "base: &b {id: x}\nsource:\n  <<: *b\n",
    "NUL character": "source:\n  id: a\x00b\n",
    "not UTF-8": b"source:\n  id: \xff\xfe\n",
    "UTF-16 BOM": "source: {id: x}\n".encode("utf-16"),
    "integer of 5000 digits": "source:\n  id: " + "9" * 5000 + "\n",
    "hex integer of 5000 digits": "source:\n  issued: 0x" + "f" * 5000 + "\n",
    "unknown tag": "source: !foo bar\n",
    "python object tag": "source: !!python/object/apply:os.system ['echo pwned']\n",
    "binary tag": "source: !!binary aGVsbG8=\n",
    "empty file": "",
    "only a comment": "# nothing\n",
    "a bare list": "- source\n",
    "two documents": "source: {id: a}\n---\nsource: {id: b}\n",
    "tab indentation": "source:\n\t- x\n",
    "unterminated quote": 'source: {id: "x}\n',
    "one million spaces": "source: " + " " * 1_000_000 + "x\n",
}


@pytest.mark.parametrize("content", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_records(content: str | bytes):
    assert check_load(content) is None


def test_unreadable_file_is_a_data_error(tmp_path: Path):
    folder = tmp_path / "a-directory.yaml"
    folder.mkdir()
    with pytest.raises(DataError) as info:
        load_record(folder)
    assert info.value.problems[0].file == folder
