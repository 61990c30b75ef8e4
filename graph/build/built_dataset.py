"""The built dataset: each graph's triples as N-Triples text, and where each subject came from.

It streams straight into the store's N-Quads bulk loader; rdflib views
(union(), dataset) are still there for small data and for pySHACL.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from graph.build.records import LoadedRecord
from ontology import PREFIXES


def _rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    """An oxigraph term as rdflib's N-Triples parser would make it (a simple literal has no
    datatype)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == str(XSD.string) else URIRef(datatype))


@dataclass
class Origins:
    """Where each subject was first written, so SHACL results can point at file:line.

    Only (file, location) is kept, not the records: lines are looked up (PyYAML
    marks, LoadedRecord.line_of) when a result needs one, so a valid build
    never pays for them and a million-triple build does not hold every record.
    """

    places: dict[str, tuple[Path, tuple[str | int, ...]]] = field(default_factory=dict)
    _files: dict[Path, LoadedRecord] = field(default_factory=dict, repr=False)

    def note(self, node: str, path: Path, loc: tuple[str | int, ...]) -> None:
        self.places.setdefault(node, (path, loc))

    def of(self, node: object) -> tuple[Path | None, int | None]:
        """(file, line) of a node given as an IRI string, N-Triples term or rdflib/oxigraph term."""
        text = str(node)
        key = text if text.startswith("<") else f"<{text}>"
        if key not in self.places:
            return None, None
        path, loc = self.places[key]
        if path not in self._files:
            self._files[path] = LoadedRecord(path, None)  # type: ignore[arg-type]
        return path, self._files[path].line_of(loc)


@dataclass
class BuiltDataset:
    """The dataset as N-Triples text per graph: graph term -> set of "s p o" triples."""

    graphs: dict[str, set[str]]
    origins: Origins
    sources: list[URIRef]

    @cached_property
    def union_triples(self) -> set[str]:
        """All triples of every graph, once (what SPARQL's default graph shows)."""
        return set().union(*self.graphs.values())

    def quad_count(self) -> int:
        """Quads the store will hold: every named graph plus the union as default graph."""
        return sum(len(g) for g in self.graphs.values()) + len(self.union_triples)

    def nquads(self, chunk: int = 100_000) -> Iterator[bytes]:
        """The named graphs as N-Quads, then their union as the default graph, in chunks."""
        for name, triples in self.graphs.items():
            lines = [f"{t} {name} .\n" for t in triples]
            for start in range(0, len(lines), chunk):
                yield "".join(lines[start : start + chunk]).encode()
        union = list(self.union_triples)
        for start in range(0, len(union), chunk):
            yield "".join(f"{t} .\n" for t in union[start : start + chunk]).encode()

    def union(self) -> Graph:
        """The union as an rdflib Graph (for pySHACL and small data; slow at scale).

        Parsed by oxigraph, not rdflib: rdflib's N-Triples reader re-scans a line
        per 2 KB chunk, so a 2 MB literal took 20 s and 50 MB never finished.
        """
        merged = Graph()
        for prefix, namespace in PREFIXES.items():
            merged.bind(prefix, namespace)
        text = "".join(f"{t} .\n" for t in self.union_triples)
        triples = ox.parse(text, format=ox.RdfFormat.N_TRIPLES)
        merged.addN(
            (_rdflib(t.subject), _rdflib(t.predicate), _rdflib(t.object), merged) for t in triples
        )
        return merged

    @property
    def dataset(self) -> Dataset:
        """The named graphs as an rdflib Dataset (for small data and interoperability)."""
        ds = Dataset()
        for name, triples in self.graphs.items():
            ds.parse(data="".join(f"{t} {name} .\n" for t in triples), format="nquads")
        return ds
