"""The map's numbers: agreements per country and per pair of countries.

A country counts the agreements tying it to at least one other country; a pair
counts an agreement once, however many bodies of each side sign it (as
gt:tiedWith is derived). Countries carry their ISO 3166-1 numeric code, from
pycountry (the table the build loads its countries from), because world atlases
key their shapes by it; a code with no numeric form (none in ISO 3166-1) gets None.
"""

from collections import Counter
from itertools import combinations

import networkx as nx
import pycountry

from graph.overview.agreements import Selection, rows, years
from graph.overview.topics import TopicScheme
from ontology import ID_BASE

COUNTRY_BASE = ID_BASE + "country/"


def numeric(alpha_2: str) -> str | None:
    """The ISO 3166-1 numeric code ("702") of an alpha-2 code ("SG")."""
    found = pycountry.countries.get(alpha_2=alpha_2)
    return found.numeric if found else None


def alpha_2_by_numeric() -> dict[str, str]:
    """Every ISO 3166-1 country's alpha-2 code by its numeric one, for the map's links."""
    return {c.numeric: c.alpha_2 for c in pycountry.countries}


def world_answer(graph: nx.DiGraph, scheme: TopicScheme, chosen: Selection) -> dict:
    """The /map.json answer (see api.map_timeline for its fields)."""
    every = rows(graph)
    per_country: Counter[str] = Counter()
    partners: dict[str, set[str]] = {}
    pairs: Counter[tuple[str, str]] = Counter()
    counted = undated = 0
    for row in every:
        if len(row.countries) < 2 or not chosen.keeps(row):
            continue
        counted += 1
        undated += row.date is None
        for country in row.countries:
            per_country[country] += 1
            partners.setdefault(country, set()).update(set(row.countries) - {country})
        pairs.update(combinations(row.countries, 2))  # row.countries is sorted
    countries = [
        {
            "code": (code := iri.removeprefix(COUNTRY_BASE)),
            "iri": iri,
            "label": graph.nodes[iri]["label"],
            "numeric": numeric(code),
            "agreements": n,
            "partners": len(partners[iri]),
        }
        for iri, n in sorted(per_country.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    return {
        "filters": chosen.echo,
        "years": years(graph),
        "agreements": counted,
        "undated": undated,
        "countries": countries,
        "pairs": [
            {
                "countries": [a.removeprefix(COUNTRY_BASE), b.removeprefix(COUNTRY_BASE)],
                "agreements": n,
            }
            for (a, b), n in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "topics": [t.as_json() for t in scheme.topics],
    }
