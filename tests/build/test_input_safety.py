"""What a build reads, and what it lets through (issue 17, items 10 and 11).

Only regular files inside the data directory are read, each under its cap; a long text
field is refused at its line and never makes validation quadratic; one entity is one
kind of thing of one organisation type across records; every message shows a file
name's control characters escaped. The dangerous cases (/dev/zero, a FIFO) run
`govties validate` in a child process with a memory limit and a timeout, so a
regression fails the test instead of filling the machine's memory or hanging it.
"""

import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.build.data_files import MAX_RECORD_BYTES
from graph.build.pipeline import build
from graph.build.rdf import build_dataset
from graph.build.record_schema import MAX_TEXT
from graph.build.records import load_records
from graph.errors import DataError
from tests.support import ROOT

NUS = "nus-ipur-mongolia-2022.yaml"
CLASH = """\
source: {{id: clash, title: A clash, publisher: Nobody}}
organizations:
  - id: mongolia-mojha
    label: Ministry of Justice and Home Affairs of Mongolia
    type: {type}
    country: MN
"""


@pytest.fixture
def data(tmp_path: Path, data_dir: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(data_dir, target)
    return target


def problems(data: Path) -> str:
    with pytest.raises(DataError) as caught:
        load_records(data)
    return str(caught.value)


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))  # 2 GiB: the build used 8


def validate_in_child(data: Path) -> subprocess.CompletedProcess[str]:
    """`govties validate` in a process that can neither hog memory nor hang the test."""
    return subprocess.run(
        [sys.executable, "-c", "from api.cli import app; app()", "validate", "--data", str(data)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=90,
        preexec_fn=_limited,
        env={**os.environ, "COLUMNS": "400"},
    )


# --- item 10: which files are read ---------------------------------------------------------


def test_a_record_linked_to_dev_zero_is_refused_without_reading_it(data):
    (data / "records" / "zero.yaml").symlink_to("/dev/zero")
    result = validate_in_child(data)
    assert result.returncode == 1, result.stderr
    assert "zero.yaml: leads to /dev/zero, outside the data directory" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_fifo_record_is_refused_without_opening_it(data):
    fifo = data / "records" / "fifo.yaml"
    os.mkfifo(fifo)
    result = validate_in_child(data)  # before the fix: blocked in open() until the timeout
    assert result.returncode == 1, result.stderr
    assert "fifo.yaml: a FIFO, not a regular file" in result.stderr


def test_a_directory_named_like_a_record_is_refused(data):
    (data / "records" / "folder.yaml").mkdir()
    assert "folder.yaml: a directory, not a regular file" in problems(data)


def test_a_symlink_out_of_the_data_directory_is_refused(data, tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text("source: {id: outside, title: Outside, publisher: Nobody}\n")
    (data / "records" / "outside.yaml").symlink_to(outside)
    assert f"outside.yaml: leads to {outside.resolve()}, outside the data directory" in problems(
        data
    )


def test_a_symlink_within_the_data_directory_is_read(data):
    (data / "kept").mkdir()
    (data / "records" / NUS).rename(data / "kept" / NUS)
    (data / "records" / NUS).symlink_to(Path("..") / "kept" / NUS)
    assert len(load_records(data)) == 3


def test_a_record_over_the_size_cap_is_refused_before_it_is_parsed(data):
    path = data / "records" / NUS
    with path.open("a") as handle:
        handle.write("# padding\n" * (MAX_RECORD_BYTES // 10 + 1))
    started = time.perf_counter()
    message = problems(data)
    assert time.perf_counter() - started < 30
    assert f"{NUS}: {path.stat().st_size} bytes, over the cap of {MAX_RECORD_BYTES}" in message


@pytest.mark.parametrize("name", ["../../../etc/passwd", "/etc/passwd", "..", "sub/x.txt"])
def test_a_document_that_is_a_path_is_refused_at_its_line(data, name):
    path = data / "records" / NUS
    path.write_text(
        path.read_text().replace("document: nus-ipur-mongolia-2022.txt", f"document: {name}")
    )
    expected = f"{path}:{line_of(path, 'document:')}: source.document: "
    message = problems(data)
    assert expected in message and "is not a file name in data/sources/" in message


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda doc, tmp: doc.unlink(), "No such file or directory"),
        (lambda doc, tmp: (doc.unlink(), doc.symlink_to("/etc/passwd")), "outside the data"),
        (lambda doc, tmp: (doc.unlink(), os.mkfifo(doc)), "a FIFO, not a regular file"),
    ],
    ids=["missing", "symlink-out", "fifo"],
)
def test_a_document_must_be_a_regular_file_in_the_data_directory(data, tmp_path, make, expected):
    document = data / "sources" / "nus-ipur-mongolia-2022.txt"
    make(document, tmp_path)
    record = data / "records" / NUS
    message = problems(data)
    assert f"{record}:{line_of(record, 'document:')}: source.document: {document}" in message
    assert expected in message


def test_the_build_refuses_what_validate_refuses_and_keeps_the_store(data, tmp_path):
    store = tmp_path / "store"
    build(data, store)
    live = store.resolve()
    outside = tmp_path / "outside.yaml"  # a regular file: /dev/zero here would fill memory
    shutil.copy(data / "records" / NUS, outside)
    (data / "records" / NUS).unlink()
    (data / "records" / NUS).symlink_to(outside)
    with pytest.raises(DataError, match="outside the data directory"):
        build(data, store)
    assert store.resolve() == live


# --- item 11: long literals, one entity one type, line numbers, escapes --------------------


def test_a_text_field_over_the_cap_is_refused_at_its_line(data):
    path = data / "records" / NUS
    text = path.read_text().replace(
        "    type: AcademicInstitution\n    country: SG\n",
        f"    type: AcademicInstitution\n    country: SG\n    note: {'x' * (MAX_TEXT + 1)}\n",
        1,
    )
    path.write_text(text)
    expected = (
        f"{path}:{line_of(path, 'note: x')}: organizations.0.note: String should have at most"
    )
    assert expected in problems(data)


def test_the_pyshacl_path_is_linear_in_a_literals_length(data):
    """rdflib's N-Triples reader took 18 s on a 2 MB literal (and 50 MB never ended)."""
    built = build_dataset(load_records(data))
    graph = next(iter(built.graphs))
    built.graphs[graph].add(
        f'<https://example.org/x> <https://example.org/note> "{"x" * 2_000_000}"'
    )
    started = time.perf_counter()
    union = built.union()
    assert time.perf_counter() - started < 6  # 0.04 s now
    assert max(len(o) for o in union.objects()) == 2_000_000


def test_one_organisation_typed_two_ways_is_refused_naming_both_places(data):
    clash = data / "records" / "zz-clash.yaml"
    clash.write_text(CLASH.format(type="Company"))
    nus = data / "records" / NUS
    first = line_of(nus, "type: GovernmentBody")
    expected = (
        f"{clash}:5: org 'mongolia-mojha' is a Company here but a GovernmentBody in {nus}:{first}"
    )
    assert expected in problems(data)


def test_a_record_may_narrow_another_records_type(data):
    (data / "records" / "zz-clash.yaml").write_text(CLASH.format(type="Government"))
    assert len(load_records(data)) == 4


def test_an_id_of_two_kinds_is_refused_with_both_lines(data):
    other = data / "records" / "person.yaml"
    other.write_text(
        "source: {id: other, title: Other, publisher: Nobody}\n"
        "people:\n  - {id: ipur, label: Someone}\n"
    )
    nus = data / "records" / NUS
    first = line_of(nus, "- id: ipur")
    expected = f"{other}:3: id 'ipur' is a person here but an org in {nus}:{first}"
    assert expected in problems(data)


def test_control_characters_in_a_file_name_are_escaped_in_every_message(data):
    name = "bad\x1b[2J\x07\u202e.yaml"
    (data / "records" / name).write_text("source: {id: x\n")
    message = problems(data)
    assert "bad\\x1b[2J\\x07\\u202e.yaml:2: YAML syntax" in message
    result = CliRunner().invoke(app, ["validate", "--data", str(data)])
    assert result.exit_code == 1
    assert "bad\\x1b[2J\\x07\\u202e.yaml:2" in result.output
    assert "\x1b" not in result.output and "\u202e" not in result.output
