"""The SKOS topic scheme as the map and timeline filter by it.

A filter on a topic means the topic and everything narrower (an agreement on
digital identity is an agreement on digital government), as the example
queries do with skos:broader*. The scheme is read from the store, not from
ontology/topics.ttl, so a filter offers exactly the concepts the served data has.
"""

from collections import defaultdict
from dataclasses import dataclass

import pyoxigraph as ox

from graph.errors import BadInput
from graph.sparql.query import value_rows
from ontology import ID_BASE, TOPICS_SCHEME

TOPIC_BASE = ID_BASE + "topic/"

CONCEPTS = f"""
SELECT ?c ?label ?broader WHERE {{
  ?c skos:inScheme <{TOPICS_SCHEME}> ; skos:prefLabel ?label .
  OPTIONAL {{ ?c skos:broader ?broader }}
}}
"""


@dataclass(frozen=True)
class Topic:
    iri: str
    label: str
    broader: str | None
    depth: int  # 0 for a top concept: how far to indent it in a list

    def as_json(self) -> dict[str, object]:
        return {"iri": self.iri, "label": self.label, "broader": self.broader, "depth": self.depth}


@dataclass(frozen=True)
class TopicScheme:
    """The concepts in tree order (each after its broader one) and what each covers."""

    topics: tuple[Topic, ...]
    covers: dict[str, frozenset[str]]  # concept -> itself and every narrower concept

    def find(self, text: str) -> str:
        """The concept a slug (`digital-identity`) or an IRI names; BadInput if none."""
        text = text.strip()
        iri = text if text.startswith(TOPIC_BASE) else TOPIC_BASE + text
        if iri not in self.covers:
            known = ", ".join(t.iri.removeprefix(TOPIC_BASE) for t in self.topics)
            raise BadInput(f"topic: {text!r} is not a topic of the scheme; topics: {known}")
        return iri


def topic_scheme(store: ox.Store) -> TopicScheme:
    """Read the scheme; in the list, a concept with several broader ones sits under the
    first by IRI, while it counts under each of them."""
    labels: dict[str, str] = {}
    broader: dict[str, list[str]] = defaultdict(list)
    for concept, label, parent in value_rows(store, CONCEPTS):
        assert concept is not None and label is not None
        labels[concept] = min(label, labels.get(concept, label))
        if parent is not None:
            broader[concept].append(parent)
    children: dict[str | None, list[str]] = defaultdict(list)
    for concept in labels:
        parents = sorted(p for p in broader[concept] if p in labels)
        children[parents[0] if parents else None].append(concept)
    ordered: list[Topic] = []

    def walk(parent: str | None, depth: int) -> None:
        for concept in sorted(children[parent], key=lambda c: labels[c].casefold()):
            ordered.append(Topic(concept, labels[concept], parent, depth))
            walk(concept, depth + 1)

    walk(None, 0)
    return TopicScheme(tuple(ordered), {c: _covered(c, broader) for c in labels})


def _covered(concept: str, broader: dict[str, list[str]]) -> frozenset[str]:
    """The concept and every concept below it through any chain of skos:broader."""
    return frozenset(c for c in broader.keys() | {concept} if concept in _above(c, broader))


def _above(concept: str, broader: dict[str, list[str]]) -> set[str]:
    """The concept and everything skos:broader* reaches from it (a cycle ends the walk)."""
    seen, todo = {concept}, [concept]
    while todo:
        for parent in broader.get(todo.pop(), []):
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen
