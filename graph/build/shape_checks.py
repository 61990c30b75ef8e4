"""The shapes' SPARQL checks run over a store, whole or shared out between processes.

pyoxigraph holds the GIL while a query runs, so two threads check no faster
than one; processes that each open the new version read-only and run every
n-th check do (at a million statements: about 3.7 s of queries in one process).
This module imports only what a check needs, so a spawned process is ready
in a fraction of a second; graph.build.validate turns what is found into
problems at file:line.
"""

from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import RDFS

from graph.build.shapes_to_sparql import compile_shapes
from ontology import ontology_file

Term = ox.NamedNode | ox.BlankNode | ox.Literal


def load_shapes() -> Graph:
    return Graph().parse(ontology_file("shapes.ttl"))


@dataclass
class Found:
    """Violations as (focus node, message, offending value), with the focus IRIs' labels."""

    violations: list[tuple[Term, str, Term | None]] = field(default_factory=list)
    labels: dict[str, list[str]] = field(default_factory=dict)

    def add(self, other: "Found") -> None:
        self.violations += other.violations
        for node, labels in other.labels.items():
            self.labels.setdefault(node, []).extend(labels)


def violations(
    store: ox.Store, shapes: Graph | None = None, share: int = 0, shares: int = 1
) -> Found:
    """What the checks numbered share, share + shares, ... find in the store's default graph."""

    def closure(cls: str) -> list[str]:
        query = f"SELECT ?c WHERE {{ ?c <{RDFS.subClassOf}>* <{cls}> FILTER(isIRI(?c)) }}"
        return sorted({row["c"].value for row in store.query(query)})

    found = Found()
    checks = compile_shapes(shapes if shapes is not None else load_shapes(), closure)
    for check in checks[share::shares]:
        for row in store.query(check.query):
            if check.bounds is not None:
                count, (low, high) = int(row["n"].value), check.bounds
                failed = int(low is not None and count < low) + int(
                    high is not None and count > high
                )
                found.violations += [(row["this"], check.message, None)] * failed
            else:
                failed = sum(row[f"ok{i}"].value != "true" for i in range(check.tests))
                found.violations += [(row["this"], check.message, row["value"])] * failed
    iris = {focus.value for focus, _, _ in found.violations if isinstance(focus, ox.NamedNode)}
    if iris:
        nodes = " ".join(f"<{node}>" for node in iris)
        query = f"SELECT ?this ?l WHERE {{ VALUES ?this {{ {nodes} }} ?this <{RDFS.label}> ?l }}"
        for row in store.query(query):
            found.labels.setdefault(row["this"].value, []).append(row["l"].value)
    return found


def ready() -> None:
    """A first task for a new worker: it has imported this module when this returns."""


def violations_in(version: str, share: int, shares: int) -> Found:
    """violations() in a worker process, over a store version opened read-only."""
    return violations(ox.Store.read_only(version), None, share, shares)
