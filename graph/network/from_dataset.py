"""The projection's rows read from a build's N-Triples, before any store exists.

A build holds every graph as N-Triples text ("s p o" per triple); reading the
same rows back out of the loaded store by SPARQL costs about 10 s at a million
statements, walking the text a fraction of that. Each row set here is what the
query of the same name in graph.network.projection answers, under the store's
semantics: plain patterns see the union of the graphs, GRAPH ?g the named ones.
tests/network/test_path_index.py keeps the two equal.
"""

import json
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping, Set

from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from graph.network.projection import Rows
from ontology import GT, ID_BASE, ONTOLOGY_GRAPH, ORG

Graphs = Mapping[str, Set[str]]  # graph term ("<iri>") -> N-Triples triples ("s p o")
Row = tuple[str | None, ...]

TYPE, LABEL, ALT, TITLE = (f"<{t}>" for t in (RDF.type, RDFS.label, SKOS.altLabel, DCTERMS.title))
DATED = {f"<{GT.signedOn}>", f"<{GT.startDate}>"}
TOPIC, SOURCE = f"<{GT.topic}>", f"<{GT.SourceDocument}>"
NOT_EDGES = {TYPE, f"<{PROV.wasDerivedFrom}>", TOPIC}
MEMBER, ORGANIZATION, POST_TITLE = f"<{ORG.member}>", f"<{ORG.organization}>", f"<{GT.title}>"
POST_PARTS = {MEMBER, ORGANIZATION, POST_TITLE}
_ESCAPE_U8 = re.compile(r"\\U([0-9A-Fa-f]{8})")


def _json_escape(match: re.Match[str]) -> str:
    """\\UXXXXXXXX (N-Triples only) as JSON's \\u escapes, a surrogate pair above U+FFFF."""
    code = int(match[1], 16)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def value(term: str) -> str:
    """A term's value as pyoxigraph gives it: an IRI's text, a literal's lexical form."""
    if term[0] == "<":
        return term[1:-1]
    if term[0] != '"':
        return term[2:]  # a blank node: its label
    quoted = term[: term.rindex('"') + 1]
    if "\\" not in quoted:
        return quoted[1:-1]
    return json.loads(_ESCAPE_U8.sub(_json_escape, quoted))


def _split(triples: Set[str]) -> Iterator[tuple[str, str, str]]:
    for triple in triples:
        s, p, o = triple.split(" ", 2)
        yield s, p, o


def dataset_rows(graphs: Graphs, union: Set[str]) -> Rows:
    """The rows of every projection query over these graphs (union: all their triples once)."""
    by_predicate: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for s, p, o in _split(union):
        if p in (TYPE, LABEL, ALT, TITLE, TOPIC):
            by_predicate[p].append((s, o))
    types: dict[str, list[str]] = defaultdict(list)
    for s, o in by_predicate[TYPE]:
        types[s].append(o)
    sources = {s for s, o in by_predicate[TYPE] if o == SOURCE}
    nodes = [
        (value(s), value(label), value(cls) if cls else None)
        for s, label in by_predicate[LABEL]
        if s.startswith(f"<{ID_BASE}")
        for cls in types.get(s) or [""]
    ]
    dates: list[Row] = []
    edges: list[Row] = []
    posts: list[Row] = []
    for name, triples in graphs.items():
        _named(value(name), triples, dates, edges, posts)
    ontology = graphs.get(f"<{ONTOLOGY_GRAPH}>", set())
    return Rows(
        sources=[(value(s), value(t)) for s, t in by_predicate[TITLE] if s in sources],
        nodes=nodes,
        aliases=[(value(s), value(o)) for s, o in by_predicate[ALT]],
        dates=dates,
        topics=[(value(s), value(o)) for s, o in by_predicate[TOPIC]],
        predicate_labels=[
            (value(s), value(o)) for s, p, o in _split(ontology) if p == LABEL and s[0] == "<"
        ],
        edges=edges,
        posts=posts,
    )


def _named(
    graph: str, triples: Set[str], dates: list[Row], edges: list[Row], posts: list[Row]
) -> None:
    """One pass over a named graph: its dates, its edges, and its posts (person,
    organisation, title of one membership, all three stated in this graph)."""
    parts: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in _split(triples):
        if p in DATED:
            dates.append((value(s), value(p), value(o), graph))
        if o[0] == "<" and p not in NOT_EDGES:
            edges.append((value(s), value(p), value(o), graph))
        if p in POST_PARTS:
            parts[s][p].append(o)
    for found in parts.values():
        for person in found[MEMBER]:
            for org in found[ORGANIZATION]:
                for title in found[POST_TITLE]:
                    posts.append((value(person), value(org), value(title), graph))
