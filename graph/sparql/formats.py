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
class RowMarks:
    """How to count the rows of a results format as pyoxigraph writes it, so that the row
    cap holds without the results being written in Python.

    Every row but `unmarked` begins (or ends) with `mark`, which a value may also hold:
    its count, less the header's, plus `unmarked` is at least the rows. Counted on every
    write, so it is plain bytes (a regular expression costs several times more). When
    that count passes the cap, `lower` tells from what was written whether the rows did.
    """

    mark: bytes
    header: int = 0  # matches in the header, before the first row
    unmarked: int = 0  # rows that no mark begins (JSON's first, after `[`)
    exact: bool = False  # no value can hold a mark: the count is the rows
    starts: re.Pattern[bytes] | None = None  # if not exact: each match begins a row

    @property
    def width(self) -> int:
        return len(self.mark)

    def lower(self, written: bytes, counted: int) -> int:
        """At least how many rows `written` holds (counted: from its marks, as above)."""
        if self.exact:
            return counted
        return len(self.starts.findall(written)) if self.starts else 0


# A row is the only object in an array. Its first key is a variable name, and no string
# holds `{"` and then a name: a quote in a string is escaped, and a string ending in `{`
# is followed by , } ] or :. Only an empty row `{}` has no such start.
JSON_ROWS = RowMarks(b",{", unmarked=1, starts=re.compile(rb'[,\[]\{"[^,}\]:]'))
XML_ROWS = RowMarks(b"<result>", exact=True)  # `<` is escaped in text and attributes
# A line break in a literal is written \n; each line, the header too, ends with one.
TSV_ROWS = RowMarks(b"\n", header=1, exact=True)
CSV_ROWS = RowMarks(b"\r\n", header=1)  # a quoted value may hold a CRLF


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
