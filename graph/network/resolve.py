"""What a person types -> the entity, predicate or class they mean.

People name endpoints the way sources do ("GDS", "Mongolian Ministry of Justice
and Home Affairs"), so an entity is found, in this order, by its IRI (or the
short form kind/slug), an ISO 3166-1 alpha-2 code for a country, its exact
rdfs:label, an exact skos:altLabel, and finally a case-insensitive,
whitespace-normalised match of either. The first step that matches decides;
several matches in that step is Ambiguous, listing them (never a
guess), none in any step is NotFound with close names to suggest, ranked as
the site search ranks them (graph.network.ranking). Partial matches only ever
suggest.
"""

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import networkx as nx

from graph.errors import Ambiguous, Candidate, NotFound
from graph.network.projection import memo
from graph.network.ranking import NameTable, name_table, rank
from ontology import ID_BASE, PREFIXES

ISO_CODE = re.compile(r"^[A-Za-z]{2}$")
MAX_CANDIDATES = 8


@dataclass
class NameIndex:
    """Names of every node, per resolution step, built once per projection."""

    labels: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    aliases: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    normalised: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


def normalise(text: str) -> str:
    """Case-folded with runs of whitespace collapsed: how names are compared loosely."""
    return " ".join(text.casefold().split())


def name_index(graph: nx.DiGraph) -> NameIndex:
    def build(g: nx.DiGraph) -> NameIndex:
        index = NameIndex()
        for iri, data in g.nodes(data=True):
            index.labels[data["label"]].add(iri)
            index.normalised[normalise(data["label"])].add(iri)
            for alias in data["aliases"]:
                index.aliases[alias].add(iri)
                index.normalised[normalise(alias)].add(iri)
        return index

    return memo(graph, "name_index", build)


def candidate(graph: nx.DiGraph, iri: str) -> Candidate:
    data = graph.nodes[iri]
    return Candidate(iri, data["label"], data.get("cls"))


def _steps(graph: nx.DiGraph, text: str) -> Iterable[set[str]]:
    """The resolution steps in order, lazily: each yields the set of nodes it matches."""
    index = name_index(graph)
    yield {iri for iri in (text, ID_BASE + text) if iri in graph}
    if ISO_CODE.match(text):
        yield {iri for iri in (f"{ID_BASE}country/{text.upper()}",) if iri in graph}
    yield index.labels.get(text, set())
    yield index.aliases.get(text, set())
    yield index.normalised.get(normalise(text), set())


def resolve(
    graph: nx.DiGraph, text: str, what: str = "entity", accept: Callable[[str], bool] | None = None
) -> str:
    """The IRI of the one node `text` names; `accept` narrows the nodes considered.

    `what` names the parameter in messages ("from", "to", "country"...).
    """
    text = text.strip()
    if not text:
        raise NotFound(f"{what}: no name given")
    for found in _steps(graph, text):
        matches = sorted(iri for iri in found if accept is None or accept(iri))
        if len(matches) == 1:
            return matches[0]
        if matches:
            listed = [candidate(graph, iri) for iri in matches]
            names = "; ".join(f"{c.label} <{c.iri}>" for c in listed)
            raise Ambiguous(f"{what}: {text!r} names {len(matches)} entities: {names}", listed)
    close = close_candidates(graph, text, accept)
    hint = f"; did you mean: {'; '.join(c.label for c in close)}?" if close else ""
    raise NotFound(f"{what}: no entity named {text!r}{hint}", close)


def close_candidates(
    graph: nx.DiGraph, text: str, accept: Callable[[str], bool] | None = None
) -> list[Candidate]:
    """Entities whose names are close to `text`, ranked as the site search ranks them."""
    table = memo(graph, "name_table", _name_table)
    return [candidate(graph, m.iri) for m in rank(table, text, MAX_CANDIDATES, accept)]


def _name_table(graph: nx.DiGraph) -> NameTable:
    return name_table(
        (iri, name, name == data["label"])
        for iri, data in sorted(graph.nodes(data=True))
        for name in (data["label"], *data["aliases"])
    )


def expand_term(text: str) -> str | None:
    """A CURIE with a govties prefix (gt:party) or a full IRI as an IRI; None otherwise."""
    text = text.strip()
    if text.startswith(("http://", "https://")):
        return text
    prefix, colon, local = text.partition(":")
    if colon and prefix in PREFIXES and local and " " not in local:
        return PREFIXES[prefix] + local
    return None


def curie(iri: str) -> str:
    """The shortest prefixed form of an IRI, or the IRI itself."""
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri
