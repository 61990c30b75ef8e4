"""bench/engines.py runs end to end at its smallest size over the Oxigraph server (seconds),
and bench/report.py copies its comparison into RESULTS.md's section."""

import importlib.util
import subprocess
import sys

from tests.support import ROOT


def bench_report():
    """bench/report.py, loaded by path (bench/ is no package)."""
    spec = importlib.util.spec_from_file_location("bench_report", ROOT / "bench" / "report.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_engine_bench_compares_govties_with_the_engine_alone(tmp_path):
    out = tmp_path / "ENGINES.md"
    args = [
        sys.executable, str(ROOT / "bench" / "engines.py"), "--sizes", "10k",
        "--engines", "oxigraph", "--rounds", "2", "--paths-rounds", "1",
        "--workdir", str(tmp_path / "work"), "--out", str(out),
    ]  # fmt: skip
    done = subprocess.run(args, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    text = out.read_text()
    table = [line for line in text.splitlines() if line.startswith("| ")]
    loads = next(line for line in table if line.startswith("| oxigraph |"))
    quads = loads.split("|")[4].strip().split(" / ")
    assert len(set(quads)) == 1 and int(quads[0].replace(",", "")) > 10_000, loads
    queries = sorted(p.stem for p in (ROOT / "bench" / "queries").glob("*.rq"))
    for name in [*queries, "GET /paths k=5"]:
        row = next(line for line in table if line.startswith(f"| {name} | oxigraph |"))
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert cells[6].endswith("x"), row  # govties / alone: both sides measured
        alone, govties = cells[7].removesuffix(" paths").split(" / ")
        assert alone == govties, row
        # Equal-cost paths may come in another order: each copy returns rows in its own order.
        assert cells[8] == "same" or (name.startswith("GET") and cells[8].startswith("same "))
    report = bench_report()
    section = "\n".join(report.engines_section(out))
    assert "## govties over a remote engine" in section
    assert report.ENGINES_HEADLINE[0] not in section  # the tables between the markers...
    assert "| GET /paths k=5 | oxigraph |" in section
    assert "| request - alone |" not in section  # ...and not the layer table after them
