"""Record sections for the entities a proposal uses: ids, labels, types, countries, parents.

Known entities keep their graph id and label; new ones get a proposed id (the
acronym's or label's slug, a state's government as "{country}-government", as
the curated records name them), unique against the graph's ids. A new venue
with no country takes the country of the city or country it is named after.
"""

import re
import unicodedata
from collections import defaultdict
from typing import Any

from graph.extract.countries import CITIES
from graph.extract.entities import Found, Registry, state_name

STROKED = str.maketrans(
    {"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L",
     "þ": "th", "Þ": "Th", "\u0131": "i", "œ": "oe", "Œ": "OE"}
)  # fmt: skip


def slugify(text: str, limit: int = 60) -> str:
    """An id from a name, at most limit characters, cut between words ("...-digital-government",
    not "...-digital-government-s") unless one word is longer than the limit."""
    plain = text.translate(STROKED)  # letters NFKD does not decompose ("Nystrøm", "Łódź")
    ascii_text = unicodedata.normalize("NFKD", plain).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", re.sub(r"['\u2019]", "", ascii_text.lower())).strip("-")
    if len(slug) > limit:
        head = slug[: limit + 1]
        slug = head[: head.rfind("-")] if "-" in head else slug[:limit]
    return slug.rstrip("-") or "unnamed"


class RecordBuilder:
    """Assigns ids and writes the record sections for the entities the facts use."""

    def __init__(self, registry: Registry, text: str) -> None:
        self.registry = registry
        self.text = text
        self.ids: dict[str, str] = {}
        self.taken = registry.gazetteer.slugs()
        self.sections: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)

    def id_of(self, found: Found) -> str:
        if found.key in self.ids:
            return self.ids[found.key]
        if found.entry is not None:
            slug = found.entry.slug
        else:
            acronyms = [a for a in found.alts if a.isupper() and 2 <= len(a) <= 8]
            base = slugify(acronyms[0] if found.kind == "org" and acronyms else found.label)
            if found.org_type == "Government" and found.country:  # as the records name them
                base = slugify(state_name(found.country).removeprefix("the ")) + "-government"
            slug, n = base, 2
            while slug in self.taken:
                slug, n = f"{base}-{n}", n + 1
        self.taken.add(slug)
        self.ids[found.key] = slug
        return slug

    def add(self, key: str) -> str:
        """Define the entity (and its parent chain) in its section; return its id."""
        found = self.registry.found[key]
        ident = self.id_of(found)
        section = {"org": "organizations", "person": "people", "place": "places"}[found.kind]
        if ident in self.sections[section]:
            return ident
        item: dict[str, Any] = {
            "id": ident,
            "label": found.entry.label if found.entry else found.label,
        }
        self.sections[section][ident] = item
        alts = [a for a in found.alts if a != item["label"]]
        if alts:
            item["alt"] = alts
        entry = found.entry
        parent = entry.parent if entry else found.parent
        if found.kind == "org":
            item["type"] = (entry.org_type if entry else found.org_type) or "Organization"
        country = entry.country if entry else found.country
        if country is None and found.kind == "place" and not parent:
            country = self._named_after(found.label)
        if country and found.kind in {"org", "place"}:
            item["country"] = country
        if parent and found.kind in {"org", "place"}:
            parent_found = self._found_or_entry(parent, found.kind)
            if parent_found is not None:
                item["parent" if found.kind == "org" else "within"] = self.add(parent_found.key)
        return ident

    def _named_after(self, label: str) -> str | None:
        """The country of a new venue named after its city or country ("Kigali Convention
        Centre", "Estonian Business School"): its longest leading name that the city table,
        the graph's places or the country names know."""
        places = {e.label: e.country for e in self.registry.gazetteer.entries.values()
                  if e.kind == "place" and e.country}  # fmt: skip
        countries = self.registry.gazetteer.countries
        words = label.split()
        for n in range(len(words) - 1, 0, -1):
            head = " ".join(words[:n])
            code = CITIES.get(head) or places.get(head) or countries.get(head)
            if code:
                return code
        return None

    def _found_or_entry(self, key: str, kind: str) -> Found | None:
        if key in self.registry.found:
            return self.registry.found[key]
        entry = self.registry.gazetteer.entries.get(key)
        return self.registry.known(entry.iri, kind, entry.label) if entry else None

    def evidence(self, span: tuple[int, int]) -> dict[str, Any]:
        return {"start": span[0], "end": span[1], "text": self.text[span[0] : span[1]]}
