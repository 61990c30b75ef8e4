"""No outbound requests: refuse SERVICE, LOAD and datasets naming graphs the store lacks.

pyoxigraph really does fetch: SERVICE <url> sends an HTTP request and LOAD
<url> downloads, so an endpoint open to the public would be an SSRF relay.
The check reads rdflib's parse tree (the SPARQL grammar, so comments,
strings and IRIs cannot hide a keyword, and `?a<x:y)SERVICE:z#>` is read
as the engine reads it). pyoxigraph does not decode \\u escapes, so a
keyword it obeys is spelled out in the text: text without the letters
SERVICE / FROM / LOAD anywhere (any case, even inside other words) needs no
parse at all, and text that has them but that rdflib cannot parse (SPARQL
1.2 syntax pyoxigraph accepts) is refused rather than guessed at.
"""

import re
from collections.abc import Collection, Iterator, Mapping
from functools import partial
from typing import Any

from rdflib.plugins.sparql.algebra import translatePName, translatePrologue
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from graph.errors import Refused

OUTBOUND = {"ServiceGraphPattern": "SERVICE", "Load": "LOAD"}
# Deliberately substrings, not words: what matters is that no keyword can be missed.
QUERY_WORDS = re.compile("SERVICE|FROM", re.IGNORECASE)
UPDATE_WORDS = re.compile("SERVICE|LOAD", re.IGNORECASE)

# pyoxigraph's parsers recurse: ~5000 nested brackets overflow the stack and kill the
# process (SIGSEGV), and JSON-LD nesting costs memory quadratically. Real queries and
# documents nest a dozen levels.
MAX_NESTING = 64
# Tokens that can hide a bracket (IRIs, strings, comments, '\#' in a prefixed name) and the
# brackets. Where this reading and the engine's could differ, brackets are counted anyway
# (inside an IRI too), so depth is never under-estimated. JSON reads the same way: outside
# its strings it has none of these characters but the brackets.
_NESTING_TOKENS = re.compile(
    r"""<[^<>"{}|^`\\\x00-\x20]*>"""
    r'''|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\''''
    r"""|"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*'"""
    r"""|\\.|#[^\n\r]*|[(\[{)\]}]""",
    re.DOTALL,
)
# RDF/XML may declare entities (namespace abbreviations); nested or much-repeated ones
# expand a few hundred bytes into gigabytes ("billion laughs"), and pyoxigraph expands them.
MAX_ENTITY_EXPANSION = 1_000_000
_ENTITY = re.compile(rb"""<!ENTITY\s+(?:%\s+)?([^\s"'>]+)\s+(?:"([^"]*)"|'([^']*)')""")
_REFERENCE = re.compile(rb"""[&%]([^\s;&%<>"']+);""")


def _nodes(tree: Any) -> Iterator[CompValue]:
    """Every CompValue in an rdflib parse tree, depth first."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            yield node
            stack.extend(node.values())
        elif isinstance(node, list | tuple) or type(node).__name__ == "ParseResults":
            stack.extend(node)


def _refuse_outbound(tree: Any) -> None:
    for node in _nodes(tree):
        if node.name in OUTBOUND:
            raise Refused(
                f"{OUTBOUND[node.name]} is not allowed: this endpoint never makes outbound requests"
            )


def _unverifiable(word: str, what: str, error: Exception) -> Refused:
    return Refused(
        f"{word.upper()} cannot be allowed: this endpoint never makes outbound requests, and "
        f"this {what} mentions {word.upper()} in a form its checker cannot parse ({error})"
    )


def nesting(text: str) -> int:
    """How deep (), [] and {} nest in SPARQL or JSON text, outside strings and comments."""
    depth = deepest = 0
    for match in _NESTING_TOKENS.finditer(text):
        token = match.group()
        if token[0] == "<":
            deepest = max(deepest, depth + token.count("(") + token.count("["))
        elif token in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif token in ")]}":
            depth -= 1
    return deepest


def check_nesting(text: str, what: str) -> None:
    if nesting(text) > MAX_NESTING:
        raise Refused(f"the {what} nests brackets more than {MAX_NESTING} levels deep")


def entity_expansion(data: bytes) -> int:
    """Bytes an XML document's internal entity references expand to (an upper bound)."""
    sizes: dict[bytes, int] = {}
    for match in _ENTITY.finditer(data):
        value = match.group(2) if match.group(2) is not None else match.group(3)
        sizes[match.group(1)] = len(value) + sum(
            sizes.get(ref, 0) for ref in _REFERENCE.findall(value)
        )
    return sum(sizes.get(ref, 0) for ref in _REFERENCE.findall(data))


def check_upload(data: bytes, media_type: str) -> None:
    """Refuse RDF that would blow up its parser: XML entity bombs, JSON nested too deep."""
    if "xml" in media_type and entity_expansion(data) > MAX_ENTITY_EXPANSION:
        raise Refused(f"the XML entities expand past {MAX_ENTITY_EXPANSION} bytes")
    if "json" in media_type:
        check_nesting(data.decode("utf-8", "replace"), "JSON-LD document")


def check_graphs(graphs: Collection[str], local: Collection[str], where: str) -> None:
    """Dataset graphs must be graphs of this store: nothing is fetched from elsewhere."""
    missing = sorted(set(graphs) - set(local))
    if missing:
        raise Refused(
            f"{where} names graphs this store does not hold: "
            + ", ".join(f"<{g}>" for g in missing)
            + " (this endpoint never fetches remote data; GET /sparql lists its graphs)"
        )


def check_query(
    text: str, local_graphs: Collection[str], prefixes: Mapping[str, str]
) -> tuple[list[str], list[str]]:
    """Refuse SERVICE, and FROM / FROM NAMED graphs that are not in the store; return the
    query's FROM and FROM NAMED graphs, in order."""
    check_nesting(text, "query")
    found = QUERY_WORDS.search(text)
    if not found:
        return [], []  # no SERVICE or FROM can be in it
    try:
        parsed = parseQuery(text)
    except Exception as exc:
        raise _unverifiable(found.group(0), "query", exc) from exc
    _refuse_outbound(parsed)
    prologue = translatePrologue(parsed[0], None, initNs=dict(prefixes))
    resolve = partial(translatePName, prologue=prologue)
    graphs, named = [], []
    query = parsed[1]
    # CompValue.get(key, default) returns the key itself when it is missing, hence the test.
    for clause in query["datasetClause"] if "datasetClause" in query else []:  # noqa: SIM401
        iri = clause["default"] if "default" in clause else clause["named"]
        try:
            (graphs if "default" in clause else named).append(str(resolve(iri) or iri))
        except Exception as exc:  # an undeclared prefix: the engine will say so
            raise Refused(f"FROM {iri}: {exc}") from exc
    check_graphs([*graphs, *named], local_graphs, "FROM / FROM NAMED")
    return graphs, named


def check_update(text: str) -> None:
    """Refuse LOAD and SERVICE in an update."""
    check_nesting(text, "update")
    found = UPDATE_WORDS.search(text)
    if not found:
        return
    try:
        parsed = parseUpdate(text)
    except Exception as exc:
        raise _unverifiable(found.group(0), "update", exc) from exc
    _refuse_outbound(parsed)
