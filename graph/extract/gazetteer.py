"""What the graph already knows, as names to find in text: the extractor's gazetteer.

Organisations, people, places and programmes come from the store (labels and
skos:altLabels) so a proposal links them to their IRIs; countries come from
pycountry (graph.extract.countries). Without a store the same SPARQL runs over
an in-memory store built from the records, so there is one way to read the graph.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

import pyoxigraph as ox

from graph.build.pipeline import nquads
from graph.build.rdf import build_dataset
from graph.build.records import LoadedRecord
from graph.extract.countries import country_names, demonyms
from graph.sparql.query import value_rows
from ontology import ID_BASE

ORG_TYPES = (  # the narrowest first: a Government is also a GovernmentBody
    "Government",
    "GovernmentBody",
    "AcademicInstitution",
    "InternationalOrganization",
    "Foundation",
    "Company",
)

ENTRIES_QUERY = """
SELECT ?e ?label ?alt ?type ?country ?parent ?within WHERE {
  ?e rdfs:label ?label .
  FILTER(STRSTARTS(STR(?e), "%s") && REGEX(STR(?e), "/(org|person|place|programme)/[^/]+$"))
  OPTIONAL { ?e skos:altLabel ?alt }
  OPTIONAL { ?e a ?type FILTER(?type IN (%s)) }
  OPTIONAL { ?e gt:country ?country }
  OPTIONAL { ?e org:subOrganizationOf ?parent }
  OPTIONAL { ?e schema:containedInPlace ?within }
}
""" % (ID_BASE, ", ".join(f"gt:{t}" for t in ORG_TYPES))  # noqa: UP031

AGREEMENTS_QUERY = """
SELECT ?a ?label ?party ?date WHERE {
  ?a a gt:Agreement ; rdfs:label ?label ; gt:party ?party .
  OPTIONAL { ?a gt:signedOn ?date }
}
"""

# Words of a state's formal name ("the Republic of Korea"): a government of one is national,
# not of a city or region ("Government of Abu Dhabi", "Scottish Government").
STATE_FORMS = frozenset(
    {"republic", "kingdom", "federal", "democratic", "people", "islamic", "united", "state",
     "states", "commonwealth", "union", "socialist", "arab", "plurinational"}
)  # fmt: skip
POSTS_QUERY = """
SELECT ?person ?org ?title WHERE {
  ?post org:member ?person ; org:organization ?org ; gt:title ?title .
  ?person a gt:Person .
}
"""

KEY_STOPWORDS = frozenset({"the", "of", "for", "and", "s", "a", "an", "at", "on", "in"})


@dataclass(frozen=True)
class Entry:
    """One entity the graph knows, with what a record needs to restate it."""

    iri: str
    kind: str
    slug: str
    label: str
    alts: tuple[str, ...] = ()
    org_type: str | None = None
    country: str | None = None  # ISO code
    parent: str | None = None  # IRI: an org's parent body or a place's enclosing place


@dataclass(frozen=True)
class KnownAgreement:
    iri: str
    slug: str
    label: str
    parties: frozenset[str]
    dates: frozenset[str]


@dataclass
class Gazetteer:
    entries: dict[str, Entry] = field(default_factory=dict)
    agreements: list[KnownAgreement] = field(default_factory=list)
    countries: dict[str, str] = field(default_factory=dict)  # name or alias -> ISO code
    demonyms: dict[str, str] = field(default_factory=dict)  # "Mongolian" -> MN
    # The posts the graph records, by person IRI: (organisation IRI, title)
    posts: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def slugs(self) -> set[str]:
        return {entry.slug for entry in self.entries.values()}

    @cached_property
    def _country_words(self) -> tuple[re.Pattern[str], dict[str, str]]:
        lookup = {name.lower(): code for name, code in {**self.countries, **self.demonyms}.items()}
        alternatives = "|".join(re.escape(n) for n in sorted(lookup, key=len, reverse=True))
        return re.compile(rf"(?<![\w.])({alternatives})(?![\w])"), lookup

    def name_key(self, text: str) -> tuple[frozenset[str], set[str]]:
        """A name's content words and the countries it names: "Mongolia's Ministry of Justice"
        and "Ministry of Justice of Mongolia" both give ({ministry, justice}, {MN})."""
        pattern, lookup = self._country_words
        low = text.replace("\u2019", "'").lower()
        codes = {lookup[m.group(1)] for m in pattern.finditer(low)}
        words = re.findall(r"[a-z0-9]+", pattern.sub(" ", low))
        return frozenset(w for w in words if w not in KEY_STOPWORDS), codes

    @cached_property
    def _by_key(self) -> dict[tuple[str, frozenset[str]], list[tuple[Entry, set[str]]]]:
        index: dict[tuple[str, frozenset[str]], list[tuple[Entry, set[str]]]] = defaultdict(list)
        for entry in self.entries.values():
            keys = [self.name_key(name) for name in (entry.label, *entry.alts)]
            codes = set().union(*(c for _, c in keys)) | ({entry.country} - {None})
            for words, _ in keys:
                if words:
                    index[(entry.kind, words)].append((entry, codes))
        return index

    @cached_property
    def shared_names(self) -> dict[str, list[Entry]]:
        """Names (lower case) that bodies of several countries go by ("Prime Minister's
        Office", "Ministry of Foreign Affairs"): a mention of one is resolved by the article."""
        by_name: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.entries.values():
            if entry.kind == "org" and entry.country:
                for name in {entry.label.lower(), *(a.lower() for a in entry.alts)}:
                    by_name[name].append(entry)
        return {n: e for n, e in by_name.items() if len({x.country for x in e}) > 1}

    @cached_property
    def governments(self) -> dict[str, Entry]:
        """The graph's government of each country ("Government of Serbia"), by ISO code: what a
        state named as a party links to, never a regional one ("Scottish Government")."""
        found: dict[str, Entry] = {}
        for entry in self.entries.values():
            national = self.name_key(entry.label)[0] - STATE_FORMS == {"government"}
            if entry.kind == "org" and entry.country and national:
                found.setdefault(entry.country, entry)
        return found

    def match(self, kind: str, words: frozenset[str], codes: set[str]) -> Entry | None:
        """The known entity of this kind with the same content words and compatible countries."""
        for entry, entry_codes in self._by_key.get((kind, words), []):
            if codes <= entry_codes:
                return entry
        return None


def _split_iri(iri: str) -> tuple[str, str]:
    kind, _, slug = iri[len(ID_BASE) :].partition("/")
    return kind, slug


def _code(iri: str | None) -> str | None:
    return iri.rsplit("/", 1)[-1] if iri else None


def gazetteer_from_store(store: ox.Store) -> Gazetteer:
    """Read the graph's entities and agreements (default graph = union of all sources)."""
    rows: dict[str, dict] = {}
    for iri, label, alt, cls, country, parent, within in value_rows(store, ENTRIES_QUERY):
        row = rows.setdefault(iri, {"label": label, "alts": [], "types": set()})
        for key, value in (("country", country), ("parent", parent), ("within", within)):
            if value is not None:
                row[key] = value
        if alt is not None and alt not in row["alts"]:
            row["alts"].append(alt)
        if cls is not None:
            row["types"].add(cls.rsplit("#", 1)[-1])
    entries = {}
    for iri, row in rows.items():
        kind, slug = _split_iri(iri)
        org_type = next((t for t in ORG_TYPES if t in row["types"]), None)
        if kind == "org" and org_type is None:
            org_type = "Organization"
        entries[iri] = Entry(
            iri=iri,
            kind=kind,
            slug=slug,
            label=row["label"],
            alts=tuple(row["alts"]),
            org_type=org_type,
            country=_code(row.get("country")),
            parent=row.get("parent") or row.get("within"),
        )
    agreements: dict[str, dict] = defaultdict(lambda: {"parties": set(), "dates": set()})
    for iri, label, party, signed in value_rows(store, AGREEMENTS_QUERY):
        agr = agreements[iri]
        agr["label"] = label
        agr["parties"].add(party)
        if signed is not None:
            agr["dates"].add(signed)
    known = [
        KnownAgreement(
            iri, _split_iri(iri)[1], a["label"], frozenset(a["parties"]), frozenset(a["dates"])
        )
        for iri, a in sorted(agreements.items())
    ]
    posts: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for person, org, title in value_rows(store, POSTS_QUERY):
        posts[person].append((org, title))
    ordered = {person: sorted(held) for person, held in posts.items()}  # the store's order varies
    return Gazetteer(entries, known, country_names(), demonyms(), ordered)


def gazetteer_from_records(records: list[LoadedRecord]) -> Gazetteer:
    """The same gazetteer from records alone, through an in-memory store (no build needed)."""
    store = ox.Store()
    if records:
        store.load(b"".join(nquads(build_dataset(records))), format=ox.RdfFormat.N_QUADS)
    return gazetteer_from_store(store)
