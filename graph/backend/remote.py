"""A read handle on one version of a remote store, with the read methods of pyoxigraph's
Store that govties calls (query, quads_for_pattern, named_graphs, contains_named_graph,
len), so the SPARQL service, the projection and the pages run on it unchanged.

Answers come back as pyoxigraph's own objects: solutions and booleans parsed from the
engine's SPARQL JSON results by pyoxigraph.parse_query_results (with graph IRIs mapped
back, graph.backend.scope), graphs from its N-Triples by pyoxigraph.parse, then handed
out by an in-memory store's CONSTRUCT, the only maker of a QueryTriples. Caps apply as
on the embedded store, by the caller counting what it takes (graph.sparql.service);
the bytes an engine may send are capped here (graph.backend.client).
"""

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import pyoxigraph as ox

from graph.backend.client import JSON_RESULTS, N_TRIPLES, EngineClient
from graph.backend.engines import Target
from graph.backend.scope import VersionNames, prologue, public_results, query_form, scoped
from graph.errors import Refused
from ontology import PREFIXES

Result = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples
GRAPH_MEDIA = {N_TRIPLES, "text/plain", "text/turtle"}  # Virtuoso labels N-Triples text/plain
VAR = {"s": "?s", "p": "?p", "o": "?o"}
ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")  # SPARQL's codepoint escapes
# What an escape may decode to: letters that can neither end a string, an IRI or a comment
# nor complete a keyword the guard refuses (graph.build.ntriples.quoted writes them).
HARMLESS = frozenset(map(ord, "uU"))
GRAPH_WORD = re.compile("GRAPH", re.IGNORECASE)  # without it a query reads no named graph


def refuse_escapes(query: str) -> None:
    """Refuse a query with a codepoint escape that could decode to anything but a letter u."""
    if any(int(m[1] or m[2], 16) not in HARMLESS for m in ESCAPE.finditer(query)):
        raise Refused(
            "\\u and \\U escapes are not sent to a remote store: an engine that decodes "
            "them could read a keyword the guard never saw; write the characters themselves"
        )


class RemoteStore:
    """One version of a remote store; graphs are the version's public graph IRIs."""

    def __init__(
        self, client: EngineClient, names: VersionNames, graphs: Sequence[str], quads: int
    ) -> None:
        self.client, self.names = client, names
        self.graphs = tuple(graphs)
        self._graph_set = frozenset(self.graphs)
        self._versioned = [names.graph(g) for g in self.graphs] + [names.map]
        self._quads = quads

    @classmethod
    def from_manifest(cls, remote: Mapping[str, Any], quads: int) -> "RemoteStore":
        """The handle a mirrored version's manifest describes (graph.backend.mirror)."""
        target = Target(remote["url"], remote["engine"])
        client = EngineClient(target, float(remote.get("timeout", 30.0)))
        return cls(client, VersionNames(remote["version"]), remote["graphs"], quads)

    def __len__(self) -> int:
        return self._quads  # counted on the engine by the build before the version went live

    def named_graphs(self) -> Iterator[ox.NamedNode]:
        return (ox.NamedNode(g) for g in self.graphs)

    def contains_named_graph(self, graph: ox.NamedNode) -> bool:
        return graph.value in self._graph_set

    def query(
        self,
        query: str,
        *,
        prefixes: Mapping[str, str] | None = None,
        base_iri: str | None = None,
        default_graph: Sequence[ox.NamedNode | ox.DefaultGraph] | None = None,
        named_graphs: Sequence[ox.NamedNode] | None = None,
    ) -> Result:
        """As Store.query: the default graph is the version's union unless default_graph
        says otherwise; named_graphs defaults to every source graph of the version."""
        refuse_escapes(query)
        body = scoped(query, self.names, prefixes or {})
        defaults = [
            self.names.iri if isinstance(g, ox.DefaultGraph) else self.names.graph(g.value)
            for g in default_graph or [ox.DefaultGraph()]
        ]
        if named_graphs is not None:
            named = [self.names.graph(g.value) for g in named_graphs] + [self.names.map]
        elif not GRAPH_WORD.search(body):
            named = []  # no GRAPH pattern: the named graphs cannot matter (and cost a list)
        else:
            named = self._versioned
        text = prologue(prefixes, base_iri) + body
        # Asked for by form: Virtuoso answers a CONSTRUCT in JSON results if allowed to.
        graph = query_form(body) in ("CONSTRUCT", "DESCRIBE")
        accept = N_TRIPLES if graph else JSON_RESULTS
        return self._answer(*self.client.query(text, accept, defaults, named))

    def own_rows(self, query: str) -> Iterator[tuple[str | None, ...]]:
        """Each solution's values, as graph.sparql.query.value_rows gives them, of a query
        govties wrote itself (graph.network.frontier, remote_names) in the shape SELECT ...
        WHERE { ... } [LIMIT n]: its first brace opens the WHERE clause, its last closes it.

        Scoped as query() scopes any query, but sent with no dataset: the WHERE clause goes
        inside GRAPH <the version's union>, and the map join that scoping adds to each
        GRAPH ?g keeps ?g to the version's source graphs. A dataset listing those graphs
        (query()'s way, needed where a client may give one) makes Oxigraph look each
        pattern up once per listed graph: path answers over 233 source graphs took 3.1
        times as long (bench/REMOTE_PATHS.md).
        """
        refuse_escapes(query)
        body = scoped(query, self.names, PREFIXES)
        start, end = body.index("{") + 1, body.rindex("}")
        union = f" GRAPH <{self.names.iri}> {{{body[start:end]}}} "
        text = prologue(PREFIXES, None) + body[:start] + union + body[end:]
        answer, _ = self.client.query(text, JSON_RESULTS)
        doc = public_results(json.loads(answer), self.names)
        names = doc["head"]["vars"]
        for row in doc["results"]["bindings"]:
            yield tuple(row[n]["value"] if n in row else None for n in names)

    def quads_for_pattern(
        self,
        subject: ox.NamedNode | ox.BlankNode | None,
        predicate: ox.NamedNode | None,
        object: ox.NamedNode | ox.BlankNode | ox.Literal | None,
        graph_name: ox.NamedNode | ox.DefaultGraph | None = None,
    ) -> Iterator[ox.Quad]:
        """The version's quads matching the pattern (None: any), in public graph names.

        A blank node names nothing across requests to an engine (in SPARQL `_:b` would
        match anything): a pattern with one matches nothing here.
        """
        bound = {"s": subject, "p": predicate, "o": object}
        if any(isinstance(t, ox.BlankNode) for t in bound.values()):
            return iter(())
        pattern = " ".join(str(t) if t is not None else VAR[k] for k, t in bound.items())
        if graph_name is None:  # the union and every source graph of this version
            where = (
                f"GRAPH ?g {{ {pattern} }} "
                f'FILTER(?g = <{self.names.iri}> || STRSTARTS(STR(?g), "{self.names.iri}:"))'
            )
        elif isinstance(graph_name, ox.DefaultGraph):
            where = f"GRAPH <{self.names.iri}> {{ {pattern} }}"
        else:
            where = f"GRAPH <{self.names.graph(graph_name.value)}> {{ {pattern} }}"
        body, _ = self.client.query(f"SELECT ?s ?p ?o ?g WHERE {{ {where} }}", JSON_RESULTS)
        return self._quads_of(json.loads(body), bound, graph_name)

    def _quads_of(
        self, doc: dict[str, Any], bound: Mapping[str, Any], graph_name: Any
    ) -> Iterator[ox.Quad]:
        public = json.dumps(public_results(doc, self.names)).encode()
        for sol in ox.parse_query_results(public, format=ox.QueryResultsFormat.JSON):
            s, p, o = (bound[k] if bound[k] is not None else sol[k] for k in "spo")
            graph = graph_name if graph_name is not None else sol["g"]
            if isinstance(graph, ox.NamedNode) and graph.value == self.names.iri:
                graph = ox.DefaultGraph()
            yield ox.Quad(s, p, o, graph)

    def _answer(self, body: bytes, media_type: str) -> Result:
        if media_type in GRAPH_MEDIA:
            triples = [
                self._public_triple(t) for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
            ]
            held = ox.Store()
            held.extend([ox.Quad(*t) for t in triples])
            return held.query("CONSTRUCT WHERE { ?s ?p ?o }")
        doc = json.loads(body)
        if "results" in doc:
            public_results(doc, self.names)
        return ox.parse_query_results(json.dumps(doc).encode(), format=ox.QueryResultsFormat.JSON)

    def _public_triple(self, triple: ox.Triple) -> ox.Triple:
        def public(term: Any) -> Any:
            return (
                ox.NamedNode(self.names.public(term.value))
                if isinstance(term, ox.NamedNode)
                else term
            )

        return ox.Triple(public(triple.subject), triple.predicate, public(triple.object))
