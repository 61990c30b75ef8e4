"""The site search: every entity, agreement, country, source and topic by label or alias.

Built once per store version (api caches it with the live store) from the
label, alias and title statements; ranking is graph.network.ranking, the
same that suggests names when a path query cannot resolve one.
"""

from dataclasses import dataclass

import pyoxigraph as ox

from graph.describe.labels import LABEL, TITLE, Namer
from graph.network.projection import kind_of
from graph.network.ranking import NameTable, rank
from ontology import DERIVED_GRAPH, ID_BASE, RDF, SKOS

ALT_LABEL = ox.NamedNode(str(SKOS.altLabel))
TYPE = ox.NamedNode(str(RDF.type))
# People look for countries and bodies more often than for the pages that mention them.
KIND_BIAS = {"country": 3.0, "org": 2.0, "person": 2.0, "agreement": 1.0, "source": -25.0}


@dataclass(frozen=True)
class Entry:
    label: str
    kind: str
    cls: str | None  # the class's label


@dataclass
class SiteIndex:
    table: NameTable
    entries: dict[str, Entry]


def _named(store: ox.Store, predicate: ox.NamedNode) -> list[tuple[str, str]]:
    return [
        (q.subject.value, q.object.value)
        for q in store.quads_for_pattern(None, predicate, None, None)
        if isinstance(q.subject, ox.NamedNode)
        and q.subject.value.startswith(ID_BASE)
        and "#" not in q.subject.value
        and isinstance(q.object, ox.Literal)
    ]


def site_index(store: ox.Store) -> SiteIndex:
    name = Namer(store)
    labels = dict(sorted(_named(store, LABEL)))
    for iri, title in _named(store, TITLE):
        labels.setdefault(iri, title)
    table = NameTable()
    entries: dict[str, Entry] = {}
    derived = ox.NamedNode(str(DERIVED_GRAPH))
    for iri, label in sorted(labels.items()):
        types = sorted(
            q.object.value
            for q in store.quads_for_pattern(ox.NamedNode(iri), TYPE, None, None)
            if q.graph_name != derived
        )
        entries[iri] = Entry(label, kind_of(iri) or "", name(types[0]) if types else None)
        table.add(iri, label, True)
    for iri, alias in sorted(_named(store, ALT_LABEL)):
        if iri in entries:
            table.add(iri, alias, False)
    return SiteIndex(table, entries)


def _bias(index: SiteIndex, iri: str) -> float:
    return KIND_BIAS.get(index.entries[iri].kind, 0.0)


def search(index: SiteIndex, text: str, limit: int = 10) -> list[dict]:
    """Ranked matches as the /search answer lists them."""
    return [
        {
            "iri": m.iri,
            "label": index.entries[m.iri].label,
            "matched": m.name,
            "kind": index.entries[m.iri].kind,
            "class": index.entries[m.iri].cls,
            "score": round(m.score, 1),
        }
        for m in rank(index.table, text, limit, bias=lambda iri: _bias(index, iri))
    ]
