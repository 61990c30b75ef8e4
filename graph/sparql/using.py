"""The protocol's using-graph-uri / using-named-graph-uri: the USING dataset of an update.

pyoxigraph takes no dataset for an update, so the clauses are written into the
text, as `USING <g>` / `USING NAMED <g>` before the WHERE of each DELETE/INSERT
operation, which is what the SPARQL 1.1 Protocol says the parameters mean. The
WHERE keywords are found outside brackets, strings, IRIs and comments; the
result must then parse, so a clause can only have landed where the grammar
allows USING (right before an operation's WHERE). DELETE WHERE { P } takes no
USING, so it is written out as DELETE { P } USING … WHERE { P }, its meaning,
as the Oxigraph server applies the dataset to it too. An update with its own
USING or WITH is refused, as the Protocol requires.
"""

import re
from collections.abc import Mapping, Sequence

import pyoxigraph as ox

from graph.errors import Malformed
from graph.sparql.guard import LEXEMES, OUTWARD, blanked, engine_parses, mentions

OWN_DATASET = re.compile("USING|WITH", re.IGNORECASE)
# Brackets, and the tokens that may hide one; at depth 0 of an update '<' is always an IRI.
_TOKENS = re.compile(LEXEMES + r"""|#[^\n\r]*|[{}]|[?$]?[\w:.\-]+""", re.DOTALL)


def _where_keywords(text: str) -> list[tuple[int, str]]:
    """Each WHERE that opens an operation's pattern: its offset, and for DELETE WHERE
    (which has no USING) the pattern, to be written out as DELETE { P } USING … WHERE { P }."""
    depth, previous, found = 0, "", []
    shorthand = None  # offset of the WHERE of a DELETE WHERE whose pattern is being read
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth == 0 and shorthand is not None:
                start = text.index("{", shorthand)
                found.append((shorthand, text[start : match.end()] + " "))
                shorthand = None
        elif depth == 0 and token.upper() == "WHERE":
            if previous == "DELETE":
                shorthand = match.start()
            else:
                found.append((match.start(), ""))
        if token[0] != "#":
            previous = token.upper()
    return found


def with_using(
    text: str,
    graphs: Sequence[str],
    named: Sequence[str],
    prefixes: Mapping[str, str],
    base_iri: str | None,
) -> str:
    """The update with the protocol's USING dataset written in; Malformed if it cannot be."""
    if not graphs and not named:
        return text
    for graph in [*graphs, *named]:
        try:
            ox.NamedNode(graph)
        except ValueError as exc:
            raise Malformed(f"using-graph-uri must be an absolute IRI: {exc}") from exc
    if not engine_parses(blanked(text, OUTWARD), True, prefixes, base_iri):
        return text  # malformed: running it reports the engine's own message
    if mentions(text, OWN_DATASET, True, prefixes, base_iri):
        raise Malformed(
            "the update names its own dataset (USING or WITH): "
            "using-graph-uri / using-named-graph-uri may not be given as well"
        )
    clause = "".join([f"USING <{g}> " for g in graphs] + [f"USING NAMED <{g}> " for g in named])
    out = text
    for offset, template in reversed(_where_keywords(text)):
        out = f"{out[:offset]}{template}{clause}{out[offset:]}"
    if not engine_parses(blanked(out, OUTWARD), True, prefixes, base_iri):
        raise Malformed(
            "using-graph-uri / using-named-graph-uri apply to DELETE/INSERT ... WHERE "
            "operations; this update has a form they cannot be written into"
        )
    return out
