"""The benchmark runs end to end at a tiny size (seconds) and writes its results table."""

import subprocess
import sys

from tests.support import ROOT


def test_bench_runs_and_writes_a_results_table(tmp_path):
    out = tmp_path / "RESULTS.md"
    args = [
        sys.executable, str(ROOT / "bench" / "run.py"), "--agreements", "60", "--no-peers",
        "--repeat", "3", "--budget", "2", "--qps-seconds", "0.5", "--qps-cap", "50",
        "--workdir", str(tmp_path / "work"), "--out", str(out),
    ]  # fmt: skip
    done = subprocess.run(args, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    text = out.read_text()
    assert "## Build" in text and "## Query latency" in text and "## Machine" in text
    queries = sorted(p.stem for p in (ROOT / "bench" / "queries").glob("*.rq"))
    assert len(queries) >= 5
    table = [line for line in text.splitlines() if line.startswith("| ")]
    for name in queries:
        row = next(line for line in table if line.startswith(f"| {name} |"))
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert cells[1] != "-" and cells[2] != "-", row  # raw and govties were both measured
        assert "rows differ" not in row and "Error" not in row, row
    build_row = next(line for line in table if line.startswith("| 60 agreements |"))
    assert float(build_row.split("|")[5]) > 0  # build seconds
    assert "GET /paths" in text


def test_page_bench_runs_and_reports_against_its_peer(tmp_path):
    out = tmp_path / "PAGES.md"
    args = [
        sys.executable, str(ROOT / "bench" / "pages.py"), "--per-kind", "2", "--rounds", "1",
        "--synthetic", "0", "--workdir", str(tmp_path / "work"), "--out", str(out),
    ]  # fmt: skip
    done = subprocess.run(args, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    row = next(line for line in out.read_text().splitlines() if line.startswith("| shipped"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert int(cells[2]) == 10  # two entities of each of five kinds
    assert cells[6].endswith("x") and cells[7] in ("met", "NOT met")
