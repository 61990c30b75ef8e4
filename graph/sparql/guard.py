"""No outbound requests: refuse SERVICE, LOAD and datasets naming graphs the store lacks.

pyoxigraph really does fetch: SERVICE <url> sends an HTTP request and LOAD
<url> downloads, so an endpoint open to the public would be an SSRF relay.
pyoxigraph does not decode \\u escapes, so a keyword it obeys is spelled out
in the text: text without the letters SERVICE / FROM / LOAD anywhere (any
case, even inside other words) needs no check at all.

Text that has them is asked of the engine itself (pyoxigraph exposes no
parse tree, but its parser can judge): every occurrence is overwritten with
underscores, which no SPARQL keyword, prefix or language tag can be but a
comment, string, IRI, variable or local name can hold. If the engine still
accepts the text, no occurrence was a keyword (`?from`, `# service`, a
label), which costs one fast parse. Only if it refuses is the text parsed by
rdflib's SPARQL grammar, where comments, strings and IRIs cannot hide a
keyword and `?a<x:y)SERVICE:z#>` is read as the engine reads it; text rdflib
cannot parse (SPARQL 1.2 syntax pyoxigraph accepts) is then refused rather
than guessed at. A FROM keyword alone needs only the text before the WHERE
clause parsed, to read the dataset.
"""

import re
from collections.abc import Collection, Iterator, Mapping
from functools import partial
from typing import Any

import pyoxigraph as ox
from rdflib.plugins.sparql.algebra import translatePName, translatePrologue
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from graph.errors import Refused

OUTBOUND = {"ServiceGraphPattern": "SERVICE", "Load": "LOAD"}
# Deliberately substrings, not words: what matters is that no keyword can be missed.
SERVICE_WORD = re.compile("SERVICE", re.IGNORECASE)
FROM_WORD = re.compile("FROM", re.IGNORECASE)
UPDATE_WORDS = re.compile("SERVICE|LOAD", re.IGNORECASE)
# Always overwritten too before the engine tries a text, so that trying it cannot fetch.
OUTWARD = UPDATE_WORDS

# pyoxigraph's parsers recurse: ~5000 nested brackets overflow the stack and kill the
# process (SIGSEGV), and JSON-LD nesting costs memory quadratically. Real queries and
# documents nest a dozen levels.
MAX_NESTING = 64
# Tokens that can hide a bracket (IRIs, strings, comments, '\#' in a prefixed name) and the
# brackets. Where this reading and the engine's could differ, brackets are counted anyway
# (inside an IRI too), so depth is never under-estimated. JSON reads the same way: outside
# its strings it has none of these characters but the brackets.
LEXEMES = (  # IRIs and strings as the engine reads them (also graph.sparql.using)
    r"""<[^<>"{}|^`\\\x00-\x20]*>"""
    r'''|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\''''
    r"""|"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*'"""
)
_NESTING_TOKENS = re.compile(LEXEMES + r"""|\\.|#[^\n\r]*|[(\[{)\]}]""", re.DOTALL)
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


def blanked(text: str, words: re.Pattern[str]) -> str:
    """The text with every occurrence of words overwritten by as many underscores."""
    return words.sub(lambda match: "_" * len(match.group()), text)


def engine_parses(
    text: str, update: bool, prefixes: Mapping[str, str], base_iri: str | None
) -> bool:
    """Whether pyoxigraph accepts the text, tried on an empty store of its own.

    Only ever called on text without the letters SERVICE or LOAD (see
    mentions), so trying it cannot reach out; an empty store makes it cheap.
    """
    probe = ox.Store()
    try:
        if update:
            probe.update(text, prefixes=dict(prefixes), base_iri=base_iri)
        else:
            probe.query(text, prefixes=dict(prefixes), base_iri=base_iri)
    except SyntaxError:
        return False
    except Exception:  # parsed, then failed on evaluation: the text was accepted
        return True
    return True


def mentions(
    text: str,
    words: re.Pattern[str],
    update: bool,
    prefixes: Mapping[str, str],
    base_iri: str | None,
) -> str | None:
    """The first of words that may be a keyword of the text as the engine reads it, or None.

    None is certain (the engine accepted the text with every occurrence of
    every word overwritten); a word returned may still be only a prefix or a
    language tag, for a parser to decide.
    """
    found = words.search(text)
    if not found:
        return None
    if engine_parses(blanked(blanked(text, words), OUTWARD), update, prefixes, base_iri):
        return None
    return found.group(0)


def _parsed(parse: Any, text: str, word: str, what: str) -> Any:
    try:
        return parse(text)
    except Exception as exc:
        raise _unverifiable(word, what, exc) from exc


def _head(text: str) -> str | None:
    """The query up to its WHERE clause, closed by an empty one: every FROM keyword stands
    there, and it is far shorter than a query whose bulk is a pattern or VALUES block.

    The WHERE clause opens at the first '{' outside brackets that follows the first
    FROM outside IRIs, strings and comments (a CONSTRUCT template comes before it).
    """
    words = [match.start() for match in FROM_WORD.finditer(text)]
    depth = index = 0
    bare = False  # a FROM seen outside IRIs, strings and comments
    for match in _NESTING_TOKENS.finditer(text):
        while index < len(words) and words[index] < match.end():
            bare = bare or words[index] < match.start()
            index += 1
        token = match.group()
        if token in ("(", "[", "{"):
            if token == "{" and depth == 0 and bare:
                return text[: match.start()] + "{}"
            depth += 1
        elif token in (")", "]", "}"):
            depth -= 1
    return None


def _dataset(parsed: Any, prefixes: Mapping[str, str], base_iri: str | None) -> tuple[list, list]:
    prologue = translatePrologue(parsed[0], base_iri, initNs=dict(prefixes))
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
    return graphs, named


def check_query(
    text: str,
    local_graphs: Collection[str],
    prefixes: Mapping[str, str],
    base_iri: str | None = None,
) -> tuple[list[str], list[str]]:
    """Refuse SERVICE, and FROM / FROM NAMED graphs that are not in the store; return the
    query's FROM and FROM NAMED graphs, in order.

    Where SERVICE may be a keyword the whole text goes to the grammar; where only FROM
    is, only the part before the WHERE clause does (the whole text if it cannot be cut).
    """
    check_nesting(text, "query")
    if mentions(text, SERVICE_WORD, False, prefixes, base_iri):
        parsed = _parsed(parseQuery, text, "SERVICE", "query")
        _refuse_outbound(parsed)
    elif not mentions(text, FROM_WORD, False, prefixes, base_iri):
        return [], []  # no SERVICE or FROM keyword is in it
    else:
        head = _head(text)
        try:
            parsed = parseQuery(head) if head is not None else None
        except Exception:  # cut in the wrong place: read the whole text instead
            parsed = None
        if parsed is None:
            parsed = _parsed(parseQuery, text, "FROM", "query")
    graphs, named = _dataset(parsed, prefixes, base_iri)
    check_graphs([*graphs, *named], local_graphs, "FROM / FROM NAMED")
    return graphs, named


def check_update(
    text: str, prefixes: Mapping[str, str] | None = None, base_iri: str | None = None
) -> None:
    """Refuse LOAD and SERVICE in an update."""
    check_nesting(text, "update")
    word = mentions(text, UPDATE_WORDS, True, prefixes or {}, base_iri)
    if word is not None:
        _refuse_outbound(_parsed(parseUpdate, text, word, "update"))
