"""`govties query` answers through the endpoint's own service: the same guard, row cap
and format table as /sparql, so the command line is no way around them."""

import json

import pytest
from typer.testing import CliRunner

from api.cli import app

runner = CliRunner()
LABELS = "SELECT ?l WHERE { ?s rdfs:label ?l }"


def run(built_store, *args: str):
    return runner.invoke(app, [*args, "--store", str(built_store)])


def test_service_is_refused_like_over_http(built_store):
    result = run(built_store, "query", "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert result.exit_code == 2
    assert "SERVICE is not allowed" in result.output


def test_unknown_from_graph_is_refused(built_store):
    result = run(built_store, "query", "SELECT * FROM <http://elsewhere.example/g> { ?s ?p ?o }")
    assert result.exit_code == 2
    assert "http://elsewhere.example/g" in result.output


def test_rows_are_capped_never_truncated(built_store):
    capped = run(built_store, "query", LABELS, "--max-results", "3", "-f", "json")
    assert capped.exit_code == 2
    assert "more than 3 rows" in capped.output
    whole = run(built_store, "query", LABELS, "-f", "json")
    assert len(json.loads(whole.stdout)["results"]["bindings"]) > 3


@pytest.mark.parametrize(
    ("fmt", "starts"),
    [("json", "{"), ("xml", "<?xml"), ("turtle", "@prefix"), ("ntriples", "<https://")],
)
def test_construct_takes_graph_formats_from_the_one_table(built_store, fmt, starts):
    query = "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a gt:Agreement ; rdfs:label ?l }"
    result = run(built_store, "query", query, "-f", fmt)
    assert result.exit_code == 0, result.output
    # json names JSON-LD and xml RDF/XML for a graph, as format= does over HTTP
    assert result.stdout.lstrip().startswith(starts if fmt != "json" else "[")


def test_unknown_format_lists_the_table(built_store):
    result = run(built_store, "query", LABELS, "-f", "pdf")
    assert result.exit_code == 2
    assert "table, json, xml, csv, tsv, turtle" in result.output
