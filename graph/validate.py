"""SHACL validation of the built dataset, reported at the records' file:line."""

from pyshacl import validate as shacl_validate
from rdflib import Graph
from rdflib.namespace import RDFS
from rdflib.term import Node

from graph.errors import DataError, Problem
from graph.rdf import BuiltDataset, Origins
from ontology import SH, ontology_file


def load_shapes() -> Graph:
    return Graph().parse(ontology_file("shapes.ttl"))


def _short(graph: Graph, node: Node | None) -> str:
    if node is None:
        return "?"
    label = graph.value(node, RDFS.label)
    return f"{node.n3(graph.namespace_manager)}" + (f' ("{label}")' if label else "")


def shacl_problems(data: Graph, origins: Origins, shapes: Graph | None = None) -> list[Problem]:
    """Every SHACL violation in data, located via origins (subject -> file:line)."""
    conforms, report, _ = shacl_validate(
        data, shacl_graph=shapes if shapes is not None else load_shapes(), advanced=False
    )
    if conforms:
        return []
    problems = []
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        focus = report.value(result, SH.focusNode)
        message = report.value(result, SH.resultMessage)
        value = report.value(result, SH.value)
        path, line = origins.of(focus)
        text = f"{_short(data, focus)}: {message}"
        if value is not None:
            text += f" (value: {value.n3(data.namespace_manager)})"
        problems.append(Problem(path, line, text))
    problems.sort(key=lambda p: (str(p.file), p.line or 0, p.message))
    return problems


def check(built: BuiltDataset) -> None:
    """Raise DataError if the dataset breaks any shape."""
    problems = shacl_problems(built.union(), built.origins)
    if problems:
        raise DataError(problems)
