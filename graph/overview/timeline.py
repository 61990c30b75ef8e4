"""The timeline's items: agreements with the period their date names, and facets.

A day is a point; a month or a year is the span from its first to its last day,
so a reader never sees more precision than a source gave. Where sources
contradict each other on a date, every reading is listed. Undated agreements
are listed apart: they cannot be placed, and leaving them out would hide them.
Facets (countries, parties) are counted over the agreements every other filter
keeps, so a list offers only choices that still match something. Lists are capped
(the most recent dated agreements are kept) and say how many they hold in all.
"""

from collections import Counter

import networkx as nx

from graph.overview.agreements import Row, Selection, period_json, rows, years
from graph.overview.topics import TopicScheme
from graph.overview.world import COUNTRY_BASE

# Items per list: a drawing of more is unreadable (narrow the filters), and the answer
# grows by about 800 bytes an item.
DEFAULT_LIMIT, MAX_LIMIT = 1000, 5000


def _item(graph: nx.DiGraph, row: Row) -> dict:
    return {
        "iri": row.iri,
        "label": row.label,
        "class": row.cls,
        **period_json(row.date),
        "readings": list(row.readings),
        "topics": sorted(row.topics),
        "parties": [{"iri": p, "label": graph.nodes[p]["label"]} for p in row.parties],
        "countries": [c.removeprefix(COUNTRY_BASE) for c in row.countries],
    }


def _facet(graph: nx.DiGraph, counts: Counter[str], key: str, base: str = "") -> list[dict]:
    """Each IRI counted, by label: `key` holds the IRI less `base` (a country's code)."""
    by_label = sorted(counts, key=lambda iri: (graph.nodes[iri]["label"].casefold(), iri))
    return [
        {key: iri.removeprefix(base), "label": graph.nodes[iri]["label"], "agreements": counts[iri]}
        for iri in by_label
    ]


def timeline_answer(
    graph: nx.DiGraph, scheme: TopicScheme, chosen: Selection, limit: int = DEFAULT_LIMIT
) -> dict:
    """The /timeline.json answer (see api.map_timeline for its fields); at most `limit`
    items of each list, the most recent dated ones, each list's total beside it."""
    every = rows(graph)
    kept = [row for row in every if chosen.keeps(row)]
    dated = [r for r in kept if r.date is not None]  # rows() puts them first, by date
    undated = kept[len(dated) :]
    countries = Counter(c for r in every if chosen.keeps(r, skip="country") for c in r.countries)
    parties = Counter(p for r in every if chosen.keeps(r, skip="party") for p in r.parties)
    return {
        "filters": chosen.echo,
        "years": years(graph),
        "agreements": [_item(graph, r) for r in dated[-limit:]],
        "dated_total": len(dated),
        "undated": [_item(graph, r) for r in undated[:limit]],
        "undated_total": len(undated),
        "facets": {
            "countries": _facet(graph, countries, "code", COUNTRY_BASE),
            "parties": _facet(graph, parties, "iri"),
        },
        "topics": [t.as_json() for t in scheme.topics],
    }
