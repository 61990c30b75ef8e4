"""A version's graph names on a remote store, and queries and answers scoped to one version.

A build loads into graphs of its own: source graph G of version V becomes
<urn:govties:version:V:G>, and the version's default graph (the union of its
sources) <urn:govties:version:V>. A query is scoped to the live version by the
protocol's dataset (default-graph-uri = the version's union, named-graph-uri = its
source graphs) and by rewriting the graph IRIs it names as constants (GRAPH <G>,
GRAPH pfx:g) into the version's names; its FROM clauses are dropped, since the
caller passes the dataset they describe (graph.sparql.service does) and Virtuoso
would otherwise add them to the protocol's dataset instead of letting it override.
IRIs in answers are mapped back, so clients see the same graph IRIs as on the
embedded store, and a GRAPH variable is joined to the public IRI inside the query (see
scoped), so `GRAPH ?source { ... } ?source dcterms:title ?t` joins as it does there.
Not mapped (docs/BACKENDS.md): relative IRIs after GRAPH.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graph.sparql.guard import LEXEMES

VERSION_NS = "urn:govties:version:"
CONTROL = "urn:govties:control"  # the pointer and each version's record (graph.backend.control)

FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
HIDDEN = "_govtiesGraph"  # the variables scoped() adds
PUBLIC = "urn:govties:control#public"  # versioned graph name -> public IRI, in a version's map
_BNODE_UNSAFE = re.compile(r"[^A-Za-z0-9_]")
_TOKENS = re.compile(
    LEXEMES
    + r"""|#[^\n\r]*|@[A-Za-z]+(?:-[A-Za-z0-9]+)*|[?$]\w+"""
    + r"""|(?:[A-Za-z][\w.\-]*)?:(?:[\w\-:%]|\\.|\.(?=[\w\-:%]))*|[A-Za-z_]\w*|\S""",
    re.DOTALL,
)


@dataclass(frozen=True)
class VersionNames:
    """The IRIs one version's graphs have on the engine."""

    id: str

    @property
    def iri(self) -> str:
        """The version's default graph (its union), and its subject in the control graph."""
        return f"{VERSION_NS}{self.id}"

    @property
    def map(self) -> str:
        """The graph pairing each of the version's graph names with its public IRI."""
        return f"{self.iri}/graphs"

    def graph(self, public: str) -> str:
        return f"{self.iri}:{public}"

    def public(self, iri: str) -> str:
        """A versioned graph IRI as clients know it; any other IRI unchanged."""
        prefix = f"{self.iri}:"
        return iri[len(prefix) :] if iri.startswith(prefix) else iri

    @classmethod
    def of(cls, iri: str) -> "VersionNames":
        return cls(iri.removeprefix(VERSION_NS))


def _expand(token: str, prefixes: Mapping[str, str]) -> str | None:
    """An IRI token's value, a prefixed name expanded, or None if it is neither."""
    if token.startswith("<"):
        return token[1:-1]
    prefix, colon, local = token.partition(":")
    if colon and prefix in prefixes:
        return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
    return None


def scoped(text: str, names: VersionNames, prefixes: Mapping[str, str]) -> str:
    """The query over one version: GRAPH constants renamed into it, GRAPH variables bound
    to public IRIs, FROM clauses dropped (module docstring).

    GRAPH ?g { P } becomes { GRAPH ?_govtiesGraphN { P } GRAPH <map> { ?_govtiesGraphN
    public ?g } }, the map graph pairing each versioned name with its public IRI: a plain
    join, so ?g is the public IRI wherever the query uses it (joined, compared, inside
    FILTER EXISTS, printed). Only insertions and single-token replacements are made, so
    nested GRAPH patterns rewrite independently.
    """
    declared = dict(prefixes)
    edits: list[tuple[int, int, str]] = []
    words: list[tuple[str, re.Match[str]]] = []  # significant tokens so far, upper-cased
    depth = 0
    open_graphs: list[tuple[int, str, str]] = []  # depth, variable, renamed
    pending: tuple[str, str] | None = None  # a GRAPH variable whose '{' comes next
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token.startswith("#"):
            continue
        upper = token.upper()
        before = [w for w, _ in words[-3:]]
        if token == "{":
            depth += 1
            if pending is not None:
                open_graphs.append((depth, *pending))
                pending = None
        elif token == "}":
            if open_graphs and open_graphs[-1][0] == depth:
                _, variable, renamed = open_graphs.pop()
                pair = f"?{renamed} <{PUBLIC}> ?{variable}"
                edits.append((match.end(), match.end(), f" GRAPH <{names.map}> {{ {pair} }} }}"))
            depth -= 1
        elif before[-2:-1] == ["PREFIX"] and token.startswith("<"):
            declared[words[-1][1].group().removesuffix(":")] = token[1:-1]
        elif before[-1:] == ["GRAPH"] and token[0] in "?$":
            renamed = f"_govtiesGraph{len(edits)}"
            graph_word = words[-1][1]
            edits.append((graph_word.start(), graph_word.start(), "{ "))
            edits.append((match.start(), match.end(), f"?{renamed}"))
            pending = (token[1:], renamed)
        elif before[-1:] == ["GRAPH"]:
            iri = _expand(token, declared)
            if iri is not None:
                edits.append((match.start(), match.end(), f"<{names.graph(iri)}>"))
        elif (
            (before[-1:] == ["FROM"] or before[-2:] == ["FROM", "NAMED"])
            and upper != "NAMED"
            and _expand(token, declared) is not None
        ):
            start = words[-1 if before[-1:] == ["FROM"] else -2][1].start()
            edits.append((start, match.end(), ""))
        words.append((upper, match))
    out = text
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        out = out[:start] + replacement + out[end:]
    return out


def query_form(text: str) -> str | None:
    """SELECT, CONSTRUCT, DESCRIBE or ASK: the query's first such keyword outside IRIs,
    strings and comments (a subquery's comes later, inside braces); None if none."""
    for match in _TOKENS.finditer(text):
        word = match.group().upper()
        if word in FORMS:
            return word
    return None


def prologue(prefixes: Mapping[str, str] | None, base_iri: str | None) -> str:
    """BASE and PREFIX lines the embedded store takes as options; the query's own follow
    and override them."""
    lines = [f"BASE <{base_iri}>"] if base_iri else []
    lines += [f"PREFIX {name}: <{iri}>" for name, iri in (prefixes or {}).items()]
    return "".join(line + "\n" for line in lines)


def public_results(doc: dict[str, Any], names: VersionNames) -> dict[str, Any]:
    """SPARQL JSON results as the embedded store gives them (in place): versioned graph IRIs
    mapped back, the variables scoped() added left out, Virtuoso's pre-standard
    "typed-literal" written "literal" and its blank node labels ("nodeID://b1") made
    valid labels."""
    head = doc.get("head", {})
    if "vars" in head:
        head["vars"] = [v for v in head["vars"] if not v.startswith(HIDDEN)]
    for row in doc.get("results", {}).get("bindings", []):
        for name in [n for n in row if n.startswith(HIDDEN)]:
            del row[name]
        for term in row.values():
            if term.get("type") == "uri":
                term["value"] = names.public(term["value"])
            elif term.get("type") == "typed-literal":
                term["type"] = "literal"
            elif term.get("type") == "bnode":
                term["value"] = _BNODE_UNSAFE.sub("_", term["value"])
    return doc
