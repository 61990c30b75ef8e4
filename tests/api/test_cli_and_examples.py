"""The README's example queries and the CLI's query/export/stats commands, end to end."""

import csv
import io
import json

import pytest
from rdflib import Dataset, Graph
from typer.testing import CliRunner

from api.cli import app
from api.pages import example_files

EXAMPLES = example_files()
runner = CliRunner()


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_there_are_example_queries():
    assert len(EXAMPLES) >= 5


@pytest.mark.parametrize("query", EXAMPLES, ids=lambda p: p.name)
def test_example_query_answers_from_the_shipped_data(shipped_built, query):
    title = query.read_text().splitlines()[0]
    assert title.startswith("# "), "first line of an example is its title"
    rows = list(csv.DictReader(io.StringIO(invoke("query", f"@{query}", "-f", "csv",
                                                  "--store", str(shipped_built)))))  # fmt: skip
    assert rows, f"{query.name} returned nothing"
    assert all(any(v for v in row.values()) for row in rows)


def test_query_formats(built_store):
    q = "SELECT ?l WHERE { <https://w3id.org/govties/id/org/gds> rdfs:label ?l }"
    data = json.loads(invoke("query", q, "-f", "json", "--store", str(built_store)))
    assert data["results"]["bindings"][0]["l"]["value"] == "Government Digital Service"
    tsv = invoke("query", q, "-f", "tsv", "--store", str(built_store))
    assert tsv.splitlines()[1] == '"Government Digital Service"@en'
    table = invoke("query", q, "--store", str(built_store))
    assert "Government Digital Service" in table


def test_malformed_query_is_a_clear_error(built_store):
    result = runner.invoke(app, ["query", "SELEC ?x", "--store", str(built_store)])
    assert result.exit_code == 2
    assert "malformed query" in result.output


@pytest.mark.parametrize("fmt", ["trig", "nq"])
def test_export_dataset_keeps_one_graph_per_source(built_store, tmp_path, fmt):
    out = tmp_path / f"export.{fmt}"
    invoke("export", "-f", fmt, "-o", str(out), "--store", str(built_store))
    ds = Dataset()
    ds.parse(out, format={"trig": "trig", "nq": "nquads"}[fmt])
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert "https://w3id.org/govties/id/source/business-times-sg-uk-2019" in names
    assert "https://w3id.org/govties/graph/derived" in names


def test_export_turtle_is_the_merged_graph(built_store, tmp_path):
    out = tmp_path / "export.ttl"
    invoke("export", "-f", "ttl", "-o", str(out), "--store", str(built_store))
    graph = Graph().parse(out)
    stats = json.loads(invoke("stats", "--json", "--store", str(built_store)))
    assert len(graph) == stats["triples"]


def test_stats_count_entities_per_class(built_store):
    stats = json.loads(invoke("stats", "--json", "--store", str(built_store)))
    per_class = {row["label"]: row["entities"] for row in stats["classes"]}
    assert per_class["Memorandum of understanding"] == 2
    assert per_class["Agreement"] == 3
    assert per_class["Source document"] == 3
