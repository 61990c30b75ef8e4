"""The one table of the formats govties reads and writes.

Each format carries everything every layer needs to know about it: the
names a person types (`format=json`, `govties query -f csv`), its media
type and the other media types clients send for it, the pyoxigraph format
that writes it, its W3C format IRI (for the Service Description) and the
answers it can carry: query results (SELECT / ASK) or a graph (CONSTRUCT /
DESCRIBE, Graph Store reads, exports). Order is preference: the first of
a form is its default.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

import pyoxigraph as ox

W3C_FORMATS = "http://www.w3.org/ns/formats/"


class Form(Enum):
    """What kind of answer a format carries."""

    RESULTS = "SELECT / ASK results"
    GRAPH = "CONSTRUCT / DESCRIBE results"


@dataclass(frozen=True)
class Mark:
    """Bytes that show where rows are in a results format, as pyoxigraph writes it."""

    pattern: bytes | re.Pattern[bytes]
    width: int  # bytes one match spans, so that a match split between two writes is found
    header: int = 0  # matches before the first row

    def count(self, data: bytes) -> int:
        if isinstance(self.pattern, bytes):
            return data.count(self.pattern)
        return len(self.pattern.findall(data))


@dataclass(frozen=True)
class RowMarks:
    """How to count the rows of a results format while pyoxigraph writes it (so that the
    row cap holds without writing results in Python). exact: one match per row and none
    elsewhere; extra: a match for every row exact misses, and maybe some inside values.
    So exact counts rows from below, exact + extra from above."""

    exact: Mark | None = None
    extra: Mark | None = None


# A row is the only object in an array and its first key is a variable name: no string
# holds `{"` and then a name (a quote in a string is escaped, and a string ending in `{`
# is followed by , } ] or :). An empty row is `{}`, which a literal may also hold.
JSON_ROWS = RowMarks(Mark(re.compile(rb'[,\[]\{"[^,}\]:]'), 4), Mark(b"{}", 2))
XML_ROWS = RowMarks(Mark(b"<result>", 8))  # `<` is escaped in text and attributes alike
# A line break in a literal is written \n; each line, the header too, ends with one.
TSV_ROWS = RowMarks(Mark(b"\n", 1, header=1))
CSV_ROWS = RowMarks(extra=Mark(b"\r\n", 2, header=1))  # a quoted value may hold a CRLF


@dataclass(frozen=True)
class Format:
    names: tuple[str, ...]  # what people type; the first is the canonical name
    media_type: str
    engine: ox.QueryResultsFormat | ox.RdfFormat
    w3c: str  # local name under http://www.w3.org/ns/formats/
    aliases: tuple[str, ...] = ()  # other media types clients use for it
    rows: RowMarks | None = None  # for query results

    @property
    def name(self) -> str:
        return self.names[0]

    @property
    def form(self) -> Form:
        return Form.RESULTS if isinstance(self.engine, ox.QueryResultsFormat) else Form.GRAPH

    @property
    def iri(self) -> str:
        return W3C_FORMATS + self.w3c

    @property
    def datasets(self) -> bool:
        """Whether it keeps named graphs (TriG, N-Quads)."""
        return isinstance(self.engine, ox.RdfFormat) and self.engine.supports_datasets

    def matches(self, value: str) -> bool:
        """Whether a format= value or media type names this format."""
        value = value.strip().lower()
        return value in self.names or value == self.media_type or value in self.aliases


RQ = ox.QueryResultsFormat
RDF = ox.RdfFormat
FORMATS: tuple[Format, ...] = (
    Format(("json", "srj"), "application/sparql-results+json", RQ.JSON, "SPARQL_Results_JSON",
           ("application/json",), JSON_ROWS),
    Format(("xml", "srx"), "application/sparql-results+xml", RQ.XML, "SPARQL_Results_XML",
           ("application/xml", "text/xml"), XML_ROWS),
    Format(("csv",), "text/csv", RQ.CSV, "SPARQL_Results_CSV", rows=CSV_ROWS),
    Format(("tsv",), "text/tab-separated-values", RQ.TSV, "SPARQL_Results_TSV", rows=TSV_ROWS),
    Format(("turtle", "ttl", "n3"), "text/turtle", RDF.TURTLE, "Turtle",
           ("application/x-turtle", "application/turtle", "text/n3", "text/rdf+n3")),
    Format(("ntriples", "n-triples", "nt"), "application/n-triples", RDF.N_TRIPLES, "N-Triples",
           ("text/plain",)),
    Format(("rdfxml", "rdf+xml", "rdf", "xml"), "application/rdf+xml", RDF.RDF_XML, "RDF_XML",
           ("application/xml", "text/xml")),
    Format(("jsonld", "json-ld", "json"), "application/ld+json", RDF.JSON_LD, "JSON-LD",
           ("application/json", "application/x-json+ld")),
    Format(("trig",), "application/trig", RDF.TRIG, "TriG"),
    Format(("nquads", "n-quads", "nq"), "application/n-quads", RDF.N_QUADS, "N-Quads"),
)  # fmt: skip

RESULTS = tuple(f for f in FORMATS if f.form is Form.RESULTS)
GRAPHS = tuple(f for f in FORMATS if f.form is Form.GRAPH)
# One graph (Graph Store reads and writes, the Service Description): TriG and N-Quads add
# nothing there. JSON-LD can hold named graphs but serves well as one graph.
GRAPH_ONLY = tuple(f for f in GRAPHS if f.engine not in (RDF.TRIG, RDF.N_QUADS))
BY_FORM = {Form.RESULTS: RESULTS, Form.GRAPH: GRAPHS}
BY_MEDIA_TYPE = {f.media_type: f for f in FORMATS}


def named(value: str, among: Sequence[Format] = FORMATS) -> Format | None:
    """The format a name or media type picks among `among` (first match), or None."""
    return next((f for f in among if f.matches(value)), None)


def names(among: Sequence[Format]) -> str:
    """The canonical names, for messages: "json, xml, csv, tsv"."""
    return ", ".join(f.name for f in among)
