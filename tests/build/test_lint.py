"""`govties validate` warns at file:line on likely duplicates, and `distinct_from` answers it."""

from pathlib import Path

from typer.testing import CliRunner

from api.cli import app

A = """\
source: {id: a, title: A, publisher: P, issued: 2023, url: "https://example.org/a"}
organizations:
  - {id: meity, label: Ministry of Electronics and Information Technology, type: GovernmentBody,
     country: IN}
  - {id: png-mict, label: Department of ICT of Papua New Guinea, type: GovernmentBody, country: PG}
agreements:
  - {id: in-pg-mou-2023, label: India - PNG MoU, type: MemorandumOfUnderstanding,
     parties: [meity, png-mict], signed_on: 2023-07-28}
"""
B = """\
source: {id: b, title: B, publisher: P}
organizations:
  - {id: india-meity, label: "Ministry of Electronics & Information Technology",
     type: GovernmentBody, country: IN}
  - {id: png-mict, label: Department of ICT of Papua New Guinea, type: GovernmentBody, country: PG}
  - {id: meity, label: Ministry of Electronics and Information Technology, type: GovernmentBody,
     country: IN}
agreements:
  - {id: meity-png-2023, label: MeitY - PNG memorandum, parties: [png-mict, meity],
     signed_on: 2023}
"""


def run(tmp_path: Path, a: str, b: str) -> str:
    (tmp_path / "records").mkdir(exist_ok=True)
    (tmp_path / "records" / "a.yaml").write_text(a)
    (tmp_path / "records" / "b.yaml").write_text(b)
    result = CliRunner().invoke(app, ["validate", "--data", str(tmp_path)])
    assert result.exit_code == 0, result.output
    return result.output


def test_duplicates_and_missing_urls_are_warned_at_their_line(tmp_path):
    output = run(tmp_path, A, B)
    b = tmp_path / "records" / "b.yaml"
    assert f"{b}:3: warning: org 'india-meity' and 'meity' (a.yaml) share the name" in output
    assert f"{b}:9: warning: agreements 'meity-png-2023' and 'in-pg-mou-2023'" in output
    assert "same parties (meity, png-mict) in 2023" in output
    assert f"{b}:1: warning: source 'b' has no url" in output
    assert "2 records valid, 3 warnings" in output


def test_distinct_from_silences_a_judged_pair_and_a_typo_in_it_is_warned(tmp_path):
    judged = B.replace(
        "type: GovernmentBody, country: IN}\n  - {id: png",
        "type: GovernmentBody, country: IN, distinct_from: [meity]}\n  - {id: png",
        1,
    ).replace("signed_on: 2023}", "signed_on: 2023, distinct_from: [in-pg-mou-2032]}")
    output = run(tmp_path, A, judged)
    assert "share the name" not in output
    assert "distinct_from 'in-pg-mou-2032': no record defines that id" in output
    assert "same parties" in output
