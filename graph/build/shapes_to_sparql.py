"""The SHACL shapes translated to SPARQL: one SELECT per constraint, generated from shapes.ttl.

pyoxigraph runs them over the union in seconds, where pySHACL takes minutes
and gigabytes at a million triples (graph.build.validate runs both engines).
The translation covers the SHACL Core features the shapes use (targets,
predicate/sequence/inverse/alternative/*/+/? paths, min/maxCount, datatype,
class, nodeKind, languageIn, in, or); a shape using anything else makes
compile_shapes raise, and validation falls back to pySHACL rather than
silently skip a rule. tests/build/test_shacl_sparql.py keeps the two engines equal.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from ontology import SH


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
        "date", "gYear", "gYearMonth", "dateTime", "time", "duration", "integer", "decimal",
        "boolean", "double", "float",
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
    SH["or"], SH.message,
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


def _value_tests(
    shapes: Graph, shape: Node, closure: Closure | None = None, var: str = "?value"
) -> Iterator[str]:
    """A SPARQL expression per value constraint of shape: true when var's node conforms."""
    for datatype in shapes.objects(shape, SH.datatype):
        test = f"isLiteral({var}) && datatype({var}) = <{datatype}>"
        if str(datatype) in CASTABLE:
            test += f" && isLiteral(<{datatype}>(STR({var})))"
        yield test
    for cls in shapes.objects(shape, SH["class"]):
        yield f"EXISTS {{ {_instance_of(var, cls, closure)} }}"
    for kind in shapes.objects(shape, SH.nodeKind):
        if kind not in NODE_KINDS:
            raise UnsupportedShape(f"unknown sh:nodeKind {kind}")
        yield NODE_KINDS[kind].replace("?value", var)  # type: ignore[index]
    for head in shapes.objects(shape, SH.languageIn):
        tags = [str(tag) for tag in _list(shapes, head)]
        yield (
            f"isLiteral({var}) && ("
            + " || ".join(f'langMatches(lang({var}), "{tag}")' for tag in tags)
            + ")"
        )
    for head in shapes.objects(shape, SH["in"]):
        yield f"{var} IN (" + ", ".join(_term(v) for v in _list(shapes, head)) + ")"
    for head in shapes.objects(shape, SH["or"]):
        members = [_member_test(shapes, m, closure, var) for m in _list(shapes, head)]
        yield "(" + " || ".join(f"({m})" for m in members) + ")"


def _member_test(shapes: Graph, member: Node, closure: Closure | None, var: str) -> str:
    """An sh:or member as one expression over var: value constraints on the node itself,
    or a property shape (sh:path with sh:minCount 1 and/or value constraints on its values)."""
    path = shapes.value(member, SH.path)
    if path is None:
        _only(shapes, member, VALUE_PARAMS)
        tests = list(_value_tests(shapes, member, closure, var))
        return " && ".join(f"COALESCE({t}, false)" for t in tests)
    _only(shapes, member, {SH.path, SH.minCount, *VALUE_PARAMS})
    sparql_path, low = _path(shapes, path), shapes.value(member, SH.minCount)
    if low is not None and int(low) > 1:
        raise UnsupportedShape(f"sh:minCount {low} inside sh:or")
    depth = var.count("_") + 1  # a fresh variable per nesting level
    inner = f"?v{'_' * depth}"
    parts = [f"EXISTS {{ {var} {sparql_path} [] }}"] if low is not None else []
    tests = list(_value_tests(shapes, member, closure, inner))
    if tests:
        ok = " && ".join(f"COALESCE({t}, false)" for t in tests)
        parts.append(f"NOT EXISTS {{ {var} {sparql_path} {inner} FILTER(!({ok})) }}")
    return " && ".join(parts) or "true"


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


def _member_pattern(shapes: Graph, member: Node, closure: Closure | None) -> str | None:
    """An sh:or member as a group pattern matching the conforming ?this, if it is one:
    `sh:path P ; sh:minCount 1` alone, or `sh:class C` alone; None for anything else."""
    found = set(shapes.predicates(member, None)) - IGNORED
    path, low = shapes.value(member, SH.path), shapes.value(member, SH.minCount)
    if found == {SH.path, SH.minCount} and low is not None and int(low) == 1:
        return f"{{ ?this {_path(shapes, path)} [] }}"
    classes = list(shapes.objects(member, SH["class"]))
    if found == {SH["class"]} and len(classes) == 1:
        return f"{{ {_instance_of('?this', classes[0], closure)} }}"
    return None


def _or_as_minus(shapes: Graph, shape: Node, focus: str, closure: Closure | None) -> str | None:
    """A node shape whose one constraint is an sh:or of patterns, as focus MINUS each pattern.

    The same answer as the EXISTS form, but each alternative is evaluated once for
    all focus nodes instead of once per node: a `sub*/country` path per party took
    10 s at a million statements, its anti-join 0.3 s.
    """
    heads = list(shapes.objects(shape, SH["or"]))
    if len(heads) != 1 or set(shapes.predicates(shape, None)) & (VALUE_PARAMS - {SH["or"]}):
        return None
    patterns = [_member_pattern(shapes, m, closure) for m in _list(shapes, heads[0])]
    if not patterns or None in patterns:
        return None
    minus = " ".join(f"MINUS {p}" for p in patterns)
    return (
        f"SELECT DISTINCT ?this ?value ?ok0 "
        f"WHERE {{ {focus} {minus} BIND(?this AS ?value) BIND(false AS ?ok0) }}"
    )


def _node_checks(shapes: Graph, shape: Node, focus: str, closure: Closure | None) -> list[Check]:
    """A node shape's own constraints (sh:or): one value check on the focus node itself."""
    tests = list(_value_tests(shapes, shape, closure, "?this"))
    if not tests:
        return []
    message = shapes.value(shape, SH.message)
    if message is None:
        raise UnsupportedShape(f"node shape {shape} has constraints but no sh:message")
    fast = _or_as_minus(shapes, shape, focus, closure)
    if fast is not None:
        return [Check(fast, str(message), tests=1)]
    binds = " ".join(f"BIND(COALESCE({t}, false) AS ?ok{i})" for i, t in enumerate(tests))
    failing = " || ".join(f"!?ok{i}" for i in range(len(tests)))
    names = " ".join(f"?ok{i}" for i in range(len(tests)))
    query = (
        f"SELECT DISTINCT ?this ?value {names} "
        f"WHERE {{ {focus} BIND(?this AS ?value) {binds} FILTER({failing}) }}"
    )
    return [Check(query, str(message), tests=len(tests))]


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
        checks += _node_checks(shapes, shape, focus, closure)
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
