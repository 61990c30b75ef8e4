"""SHACL validation of the built dataset, reported at the records' file:line.

ontology/shapes.ttl is the one set of rules, checked by one of two engines
that report the same violations:

- pySHACL, the reference, on an rdflib graph of the union: exact, but it
  takes minutes and gigabytes at a million triples;
- the shapes translated to SPARQL (one SELECT per constraint, generated
  from shapes.ttl, see graph.build.shapes_to_sparql) and run by pyoxigraph
  over the union, i.e. the new store's default graph before it is swapped
  in: seconds.

"auto" uses pySHACL below SPARQL_THRESHOLD union triples and SPARQL above,
unless a shape uses a feature the translation does not cover.
"""

import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Literal as Choice

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, XSD
from rdflib.term import Node

from graph.build.built_dataset import BuiltDataset, Origins
from graph.build.shape_checks import Found, load_shapes, ready, violations, violations_in
from graph.build.shapes_to_sparql import UnsupportedShape, compile_shapes
from graph.errors import DataError, Problem
from ontology import PREFIXES, SH

Engine = Choice["auto", "pyshacl", "sparql"]
SPARQL_THRESHOLD = 20_000  # union triples; pySHACL takes ~1 s per 10k here


# --- one way to print a term, whichever engine found it -------------------------------------


def _iri_text(value: str) -> str:
    for prefix, namespace in PREFIXES.items():
        local = value[len(namespace) :]
        if value.startswith(namespace) and local.replace("_", "a").replace("-", "a").isalnum():
            return f"{prefix}:{local}"
    return f"<{value}>"


def _literal_text(value: str, lang: str | None, datatype: str | None) -> str:
    quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if lang:
        return f"{quoted}@{lang}"
    if datatype and datatype != str(XSD.string):
        return f"{quoted}^^{_iri_text(datatype)}"
    return quoted


def _rdflib_text(term: Node) -> str:
    if isinstance(term, URIRef):
        return _iri_text(str(term))
    if isinstance(term, Literal):
        datatype = str(term.datatype) if term.datatype else None
        return _literal_text(str(term), term.language, datatype)
    return "[]"  # blank node labels differ between engines


def _oxigraph_text(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return _iri_text(term.value)
    if isinstance(term, ox.Literal):
        return _literal_text(term.value, term.language, term.datatype.value)
    return "[]"


def _problem(
    origins: Origins, focus: str | None, label: str | None, message: str, value: str | None
) -> Problem:
    """focus is an IRI, or None for a blank node (which no record line can name)."""
    path, line = origins.of(focus) if focus is not None else (None, None)
    name = _iri_text(focus) if focus is not None else "[]"
    text = name + (f' ("{label}")' if label else "") + f": {message}"
    if value is not None:
        text += f" (value: {value})"
    return Problem(path, line, text)


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (str(p.file), p.line or 0, p.message))


# --- the reference engine ------------------------------------------------------------------


def shacl_problems(data: Graph, origins: Origins, shapes: Graph | None = None) -> list[Problem]:
    """Every SHACL violation in data according to pySHACL, located via origins."""
    conforms, report, _ = shacl_validate(
        data, shacl_graph=shapes if shapes is not None else load_shapes(), advanced=False
    )
    if conforms:
        return []
    problems = []
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        focus = report.value(result, SH.focusNode)
        value = report.value(result, SH.value)
        labels = sorted(str(label) for label in data.objects(focus, RDFS.label))
        problems.append(
            _problem(
                origins,
                str(focus) if isinstance(focus, URIRef) else None,
                labels[0] if labels else None,
                str(report.value(result, SH.resultMessage)),
                None if value is None else _rdflib_text(value),
            )
        )
    return _sorted(problems)


# --- the shapes as SPARQL ------------------------------------------------------------------


def _located(found: Found, origins: Origins) -> list[Problem]:
    problems = []
    for focus, message, value in found.violations:
        node = focus.value if isinstance(focus, ox.NamedNode) else None
        label = min(found.labels[node]) if node in found.labels else None
        text = None if value is None else _oxigraph_text(value)
        problems.append(_problem(origins, node, label, message, text))
    return _sorted(problems)


def sparql_problems(
    store: ox.Store, origins: Origins, shapes: Graph | None = None
) -> list[Problem]:
    """Every SHACL violation in the store's default graph, found by the shapes' SPARQL form."""
    return _located(violations(store, shapes), origins)


class SharedChecks:
    """The shapes' SPARQL checks shared out between spawned processes, over a version on
    disk (graph.build.shape_checks says why processes). Made before the store loads, so
    the processes start while the loader runs; start() hands them the written version.
    Spawned, not forked: the builder then runs other threads (the path index, RocksDB's).
    """

    def __init__(self, origins: Origins, shares: int) -> None:
        self.origins, self.shares = origins, shares
        self.pool = ProcessPoolExecutor(shares, mp_context=multiprocessing.get_context("spawn"))
        for _ in range(shares):
            self.pool.submit(ready)

    def start(self, version: Path) -> Callable[[], None]:
        """Run the checks on version; the call returned waits, raising DataError if bad."""
        args = [(str(version), share, self.shares) for share in range(self.shares)]
        pending = [self.pool.submit(violations_in, *a) for a in args]

        def finish() -> None:
            found = Found()
            for future in pending:
                found.add(future.result())
            problems = _located(found, self.origins)
            if problems:
                raise DataError(problems)

        return finish

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)


# --- choosing the engine -------------------------------------------------------------------


def _engine(built: BuiltDataset, engine: Engine) -> Choice["pyshacl", "sparql"]:
    if engine != "auto":
        return engine
    if len(built.union_triples) < SPARQL_THRESHOLD:
        return "pyshacl"
    try:
        compile_shapes(load_shapes())
    except UnsupportedShape:
        return "pyshacl"
    return "sparql"


def store_check(built: BuiltDataset, engine: Engine = "auto") -> Callable[[ox.Store], None] | None:
    """A check to run on the new store before it is swapped in, or None if check() is due.

    The SPARQL engine validates inside the store the build has just loaded,
    so a large dataset is never held twice; pySHACL needs an rdflib graph and
    runs before anything is written.
    """
    if _engine(built, engine) == "pyshacl":
        return None
    origins = built.origins  # not built: the caller may free the triples before loading

    def run(store: ox.Store) -> None:
        problems = sparql_problems(store, origins)
        if problems:
            raise DataError(problems)

    return run


def check(built: BuiltDataset, engine: Engine = "auto") -> None:
    """Raise DataError if the dataset breaks any shape (without touching any store)."""
    if _engine(built, engine) == "pyshacl":
        problems = shacl_problems(built.union(), built.origins)
    else:
        store = ox.Store()  # in memory: only the union is needed
        union = "".join(f"{t} .\n" for t in built.union_triples).encode()
        store.bulk_load(union, format=ox.RdfFormat.N_TRIPLES)
        problems = sparql_problems(store, built.origins)
    if problems:
        raise DataError(problems)
