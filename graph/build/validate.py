"""SHACL validation of the built dataset, reported at the records' file:line.

ontology/shapes.ttl is the one set of rules, checked by one of two engines
that report the same violations:

- pySHACL, the reference, on an rdflib graph of the union: exact, but it
  takes minutes and gigabytes at a million triples;
- the shapes translated to SPARQL (one SELECT per constraint, generated
  from shapes.ttl, see compile_shapes) and run by pyoxigraph over the union,
  i.e. the new store's default graph before it is swapped in: seconds.

"auto" uses pySHACL below SPARQL_THRESHOLD union triples and SPARQL above.
The translation covers the SHACL Core features the shapes use (targets,
predicate/sequence/inverse/alternative/*/+/? paths, min/maxCount, datatype,
class, nodeKind, languageIn, in, or); a shape using anything else makes
compile_shapes raise, and validation falls back to pySHACL rather than
silently skip a rule. tests/test_shacl_sparql.py keeps the two engines equal.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal as Choice

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from graph.errors import DataError, Problem
from graph.build.rdf import BuiltDataset, Origins
from ontology import PREFIXES, SH, ontology_file

Engine = Choice["auto", "pyshacl", "sparql"]
SPARQL_THRESHOLD = 20_000  # union triples; pySHACL takes ~1 s per 10k here


def load_shapes() -> Graph:
    return Graph().parse(ontology_file("shapes.ttl"))


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


class UnsupportedShape(ValueError):
    """A shape uses a SHACL feature the SPARQL translation does not cover."""


@dataclass(frozen=True)
class Check:
    """One property shape's constraints as one query.

    Count checks give rows of ?this and ?n (value count), bounds (min, max);
    value checks give ?this, ?value and ?ok0.. ?okN, one flag per value test.
    Each failed bound or flag is one SHACL result, as pySHACL reports them.
    """

    query: str
    message: str
    bounds: tuple[int | None, int | None] | None = None
    tests: int = 0


# Cast functions oxigraph implements: a typed literal is well-formed if the cast succeeds.
CASTABLE = {
    str(XSD[name])
    for name in (
        "date", "gYear", "gYearMonth", "dateTime", "time", "integer", "decimal", "boolean",
        "double", "float",
    )
}  # fmt: skip
NODE_KINDS = {
    SH.IRI: "isIRI(?value)",
    SH.BlankNode: "isBlank(?value)",
    SH.Literal: "isLiteral(?value)",
    SH.BlankNodeOrIRI: "!isLiteral(?value)",
    SH.BlankNodeOrLiteral: "!isIRI(?value)",
    SH.IRIOrLiteral: "!isBlank(?value)",
}
IGNORED = {RDF.type, RDFS.comment, RDFS.label, SH.name, SH.description, SH.order, SH.group}
VALUE_PARAMS = {SH.datatype, SH["class"], SH.nodeKind, SH.languageIn, SH["in"], SH["or"]}
PROPERTY_PARAMS = {SH.path, SH.minCount, SH.maxCount, SH.message, SH.severity, *VALUE_PARAMS}
NODE_PARAMS = {
    SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode, SH.property,
}  # fmt: skip


def _term(node: Node) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        return node.n3()
    raise UnsupportedShape(f"blank node {node} where an IRI or literal was expected")


def _list(shapes: Graph, head: Node) -> list[Node]:
    return list(Collection(shapes, head))  # type: ignore[arg-type]


def _path(shapes: Graph, path: Node) -> str:
    """A SHACL property path as a SPARQL property path."""
    if isinstance(path, URIRef):
        return f"<{path}>"
    if (path, RDF.first, None) in shapes:
        return "(" + "/".join(_path(shapes, step) for step in _list(shapes, path)) + ")"
    for predicate, template in (
        (SH.inversePath, "^({})"),
        (SH.zeroOrMorePath, "({})*"),
        (SH.oneOrMorePath, "({})+"),
        (SH.zeroOrOnePath, "({})?"),
    ):
        inner = shapes.value(path, predicate)
        if inner is not None:
            return template.format(_path(shapes, inner))
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_path(shapes, a) for a in _list(shapes, alternatives)) + ")"
    raise UnsupportedShape(f"unsupported path {path}")


Closure = Callable[[str], list[str]]


def _instance_of(var: str, cls: Node, closure: Closure | None) -> str:
    """A pattern: var is a SHACL instance of cls (rdf:type/rdfs:subClassOf*).

    With a closure (cls's subclasses, looked up in the data first) the path
    becomes a VALUES list, which the engine evaluates far faster at scale.
    """
    if closure is None:
        return f"{var} a/<{RDFS.subClassOf}>* <{cls}>"
    classes = " ".join(f"<{c}>" for c in closure(str(cls)))
    return f"VALUES ?class_ {{ {classes} }} {var} a ?class_"


def _value_tests(shapes: Graph, shape: Node, closure: Closure | None = None) -> Iterator[str]:
    """A SPARQL expression per value constraint of shape: true when ?value conforms."""
    for datatype in shapes.objects(shape, SH.datatype):
        test = f"isLiteral(?value) && datatype(?value) = <{datatype}>"
        if str(datatype) in CASTABLE:
            test += f" && isLiteral(<{datatype}>(STR(?value)))"
        yield test
    for cls in shapes.objects(shape, SH["class"]):
        yield f"EXISTS {{ {_instance_of('?value', cls, closure)} }}"
    for kind in shapes.objects(shape, SH.nodeKind):
        if kind not in NODE_KINDS:
            raise UnsupportedShape(f"unknown sh:nodeKind {kind}")
        yield NODE_KINDS[kind]  # type: ignore[index]
    for head in shapes.objects(shape, SH.languageIn):
        tags = [str(tag) for tag in _list(shapes, head)]
        yield (
            "isLiteral(?value) && ("
            + " || ".join(f'langMatches(lang(?value), "{tag}")' for tag in tags)
            + ")"
        )
    for head in shapes.objects(shape, SH["in"]):
        yield "?value IN (" + ", ".join(_term(v) for v in _list(shapes, head)) + ")"
    for head in shapes.objects(shape, SH["or"]):
        members = []
        for member in _list(shapes, head):
            _only(shapes, member, VALUE_PARAMS)
            members.append(
                " && ".join(f"COALESCE({t}, false)" for t in _value_tests(shapes, member))
            )
        yield "(" + " || ".join(f"({m})" for m in members) + ")"


def _only(shapes: Graph, shape: Node, allowed: set[URIRef]) -> None:
    for predicate in set(shapes.predicates(shape, None)) - allowed - IGNORED:
        raise UnsupportedShape(f"shape {shape} uses {predicate}, not translated to SPARQL")


def _focus(shapes: Graph, shape: Node, closure: Closure | None) -> str:
    """A group pattern binding ?this to each focus node of a node shape."""
    parts = [
        f"{{ {_instance_of('?this', c, closure)} }}" for c in shapes.objects(shape, SH.targetClass)
    ]
    parts += [f"{{ ?this <{p}> [] }}" for p in shapes.objects(shape, SH.targetSubjectsOf)]
    parts += [f"{{ [] <{p}> ?this }}" for p in shapes.objects(shape, SH.targetObjectsOf)]
    parts += [f"{{ VALUES ?this {{ {_term(n)} }} }}" for n in shapes.objects(shape, SH.targetNode)]
    if not parts:
        raise UnsupportedShape(f"shape {shape} has no target")
    return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(parts) + " } }"


def compile_shapes(shapes: Graph, closure: Closure | None = None) -> list[Check]:
    """One SPARQL SELECT per (property shape, constraint), equivalent to the shapes.

    closure(class IRI) -> the class and its subclasses in the data, if known.
    """
    checks = []
    for shape in sorted(shapes.subjects(RDF.type, SH.NodeShape)):
        _only(shapes, shape, NODE_PARAMS)
        if (shape, RDF.type, RDFS.Class) in shapes:
            raise UnsupportedShape(f"implicit class target on {shape}")
        focus = _focus(shapes, shape, closure)
        for prop in shapes.objects(shape, SH.property):
            _only(shapes, prop, PROPERTY_PARAMS)
            message = shapes.value(prop, SH.message)
            if message is None:
                raise UnsupportedShape(f"property shape of {shape} has no sh:message")
            if shapes.value(prop, SH.severity, default=SH.Violation) != SH.Violation:
                continue
            path = _path(shapes, shapes.value(prop, SH.path))
            low, high = (shapes.value(prop, c) for c in (SH.minCount, SH.maxCount))
            if low is not None or high is not None:
                low, high = (None if b is None else int(b) for b in (low, high))
                failing = " || ".join(
                    f"?n {op} {bound}"
                    for op, bound in (("<", low), (">", high))
                    if bound is not None
                )
                query = (
                    f"SELECT ?this ?n WHERE {{ {{ SELECT ?this (COUNT(DISTINCT ?value) AS ?n) "
                    f"WHERE {{ {focus} OPTIONAL {{ ?this {path} ?value }} }} GROUP BY ?this }} "
                    f"FILTER({failing}) }}"
                )
                checks.append(Check(query, str(message), bounds=(low, high)))
            tests = list(_value_tests(shapes, prop, closure))
            if tests:
                binds = " ".join(
                    f"BIND(COALESCE({t}, false) AS ?ok{i})" for i, t in enumerate(tests)
                )
                failing = " || ".join(f"!?ok{i}" for i in range(len(tests)))
                names = " ".join(f"?ok{i}" for i in range(len(tests)))
                query = (
                    f"SELECT DISTINCT ?this ?value {names} "
                    f"WHERE {{ {focus} ?this {path} ?value . {binds} FILTER({failing}) }}"
                )
                checks.append(Check(query, str(message), tests=len(tests)))
    return checks


def sparql_problems(
    store: ox.Store, origins: Origins, shapes: Graph | None = None
) -> list[Problem]:
    """Every SHACL violation in the store's default graph, found by the shapes' SPARQL form."""

    def closure(cls: str) -> list[str]:
        query = f"SELECT ?c WHERE {{ ?c <{RDFS.subClassOf}>* <{cls}> FILTER(isIRI(?c)) }}"
        return sorted({row["c"].value for row in store.query(query)})

    found = []
    for check in compile_shapes(shapes if shapes is not None else load_shapes(), closure):
        for row in store.query(check.query):
            if check.bounds is not None:
                count, (low, high) = int(row["n"].value), check.bounds
                failed = int(low is not None and count < low) + int(
                    high is not None and count > high
                )
                found += [(row["this"], check.message, None)] * failed
            else:
                failed = sum(row[f"ok{i}"].value != "true" for i in range(check.tests))
                found += [(row["this"], check.message, row["value"])] * failed
    iris = {focus.value for focus, _, _ in found if isinstance(focus, ox.NamedNode)}
    labels: dict[str, list[str]] = {}
    if iris:
        nodes = " ".join(f"<{node}>" for node in iris)
        query = f"SELECT ?this ?l WHERE {{ VALUES ?this {{ {nodes} }} ?this <{RDFS.label}> ?l }}"
        for row in store.query(query):
            labels.setdefault(row["this"].value, []).append(row["l"].value)
    problems = []
    for focus, message, value in found:
        node = focus.value if isinstance(focus, ox.NamedNode) else None
        label = min(labels[node]) if node in labels else None
        text = None if value is None else _oxigraph_text(value)
        problems.append(_problem(origins, node, label, message, text))
    return _sorted(problems)


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
