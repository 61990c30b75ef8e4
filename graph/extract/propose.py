"""From an article's text to a proposed record: one agreement, its ties, and the evidence.

The proposal (graph.extract.proposal) is the record plus, for every entity and
fact, whether it is new and the sentences stating it.
One agreement per article: the signing the article reports. Other agreements
it mentions in passing ("builds on an existing partnership") are left to the
reviewer.
"""

import re
import unicodedata
from collections import defaultdict
from datetime import date
from typing import Any
from urllib.parse import urlparse

from spacy.language import Language

from graph.extract.chrome import content_blocks, headline
from graph.extract.dates import dateline
from graph.extract.entities import Found, Paragraph, Registry, state_name
from graph.extract.gazetteer import Gazetteer, KnownAgreement
from graph.extract.mentions import scan
from graph.extract.proposal import Proposal
from graph.extract.rules import extract_facts
from graph.extract.sentence import Fact
from ontology import entity_iri

ROLE_FIELDS = ("parties", "facilitators", "signatories", "witnesses")
TYPE_NAMES = {
    "MemorandumOfUnderstanding": ("mou", "Memorandum of Understanding"),
    "Partnership": ("partnership", "Partnership"),
    "Agreement": ("agreement", "Agreement"),
}


def slugify(text: str, limit: int = 60) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", re.sub(r"['\u2019]", "", ascii_text.lower())).strip("-")
    return slug[:limit].rstrip("-") or "unnamed"


def _choose(facts: list[Fact]) -> dict[str, list[Fact]]:
    """Group facts by field, keeping text order; one value per role, signatories over witnesses."""
    by_field: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        by_field[fact.field].append(fact)
    facilitators = {f.value for f in by_field["facilitators"]}
    signatories = {f.value for f in by_field["signatories"]}
    by_field["parties"] = [f for f in by_field["parties"] if f.value not in facilitators]
    by_field["witnesses"] = [f for f in by_field["witnesses"] if f.value not in signatories]
    if by_field["signed_on"]:
        best = max(len(f.value.split("-")) for f in by_field["signed_on"])
        first = next(f.value for f in by_field["signed_on"] if len(f.value.split("-")) == best)
        by_field["signed_on"] = [f for f in by_field["signed_on"] if f.value == first]
    if by_field["signed_at"]:
        first = by_field["signed_at"][0].value
        by_field["signed_at"] = [f for f in by_field["signed_at"] if f.value == first]
    if by_field["type"]:
        kinds = [f.value for f in by_field["type"]]
        kind = "MemorandumOfUnderstanding" if "MemorandumOfUnderstanding" in kinds else kinds[0]
        by_field["type"] = [f for f in by_field["type"] if f.value == kind]
    return by_field


def _without_covered_states(parties: list[Fact], registry: Registry) -> list[Fact]:
    """A state is a party only where none of its bodies is: "Singapore and the UK signed" above
    "GovTech and GDS signed" reports the agencies' agreement, not a second one of the states."""
    bodies = {registry.country_of(f.value) for f in parties if f.value not in registry.states}
    return [
        f
        for f in parties
        if f.value not in registry.states or registry.country_of(f.value) not in bodies
    ]


def _known_agreement(
    gazetteer: Gazetteer, party_iris: set[str], signed_on: str | None
) -> KnownAgreement | None:
    """The graph's agreement between the same known parties in the same year, if any."""
    if len(party_iris) < 2:
        return None
    for agreement in gazetteer.agreements:
        if not party_iris <= agreement.parties:
            continue
        years = {d[:4] for d in agreement.dates}
        if signed_on is None or not years or signed_on[:4] in years:
            return agreement
    return None


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
        if country and found.kind in {"org", "place"}:
            item["country"] = country
        if parent and found.kind in {"org", "place"}:
            parent_found = self._found_or_entry(parent, found.kind)
            if parent_found is not None:
                item["parent" if found.kind == "org" else "within"] = self.add(parent_found.key)
        return ident

    def _found_or_entry(self, key: str, kind: str) -> Found | None:
        if key in self.registry.found:
            return self.registry.found[key]
        entry = self.registry.gazetteer.entries.get(key)
        return self.registry.known(entry.iri, kind, entry.label) if entry else None

    def evidence(self, span: tuple[int, int]) -> dict[str, Any]:
        return {"start": span[0], "end": span[1], "text": self.text[span[0] : span[1]]}


def propose(
    text: str,
    gazetteer: Gazetteer,
    nlp: Language,
    *,
    source_id: str | None = None,
    source_url: str | None = None,
    published: date | None = None,
    document: str | None = None,
) -> Proposal:
    """Read an article and propose the record of the agreement it reports."""
    warnings: list[str] = []
    blocks = content_blocks(text)
    if published is None:
        published = dateline(text)
        if published:
            warnings.append(f"publication date {published} read from the page, not given")
    paragraphs = [
        Paragraph(b, doc) for b, doc in zip(blocks, nlp.pipe(b.text for b in blocks), strict=True)
    ]
    registry = Registry(gazetteer)
    scan(paragraphs, registry, nlp)
    chosen = _choose(extract_facts(paragraphs, registry, nlp.vocab, published))
    chosen["parties"] = _without_covered_states(chosen["parties"], registry)
    build = RecordBuilder(registry, text)

    agreement: dict[str, Any] = {}
    roles: dict[str, list[str]] = {}
    for role in ROLE_FIELDS:
        roles[role] = list(dict.fromkeys(build.add(f.value) for f in chosen[role]))
    posts = _add_posts(build, chosen["posts"])
    signed_on = chosen["signed_on"][0].value if chosen["signed_on"] else None
    signed_at = build.add(chosen["signed_at"][0].value) if chosen["signed_at"] else None
    kind = chosen["type"][0].value if chosen["type"] else "Agreement"
    party_iris = {registry.found[f.value].key for f in chosen["parties"]}
    known = _known_agreement(
        gazetteer, {k for k in party_iris if not k.startswith("new:")}, signed_on
    )
    names = [_short_name(registry.found[f.value]) for f in chosen["parties"]]
    names = list(dict.fromkeys(names))
    short, long = TYPE_NAMES[kind]
    year = signed_on[:4] if signed_on else None
    parts = [*names[:3], short, *([year] if year else [])]
    agreement["id"] = known.slug if known else slugify("-".join(parts), limit=100)
    agreement["type"] = kind
    agreement["label"] = known.label if known else f"{' - '.join(names[:3]) or 'Unnamed'} {long}"
    for role in ROLE_FIELDS:
        if roles[role]:
            agreement[role] = roles[role]
    if signed_on:
        agreement["signed_on"] = signed_on
    if signed_at:
        agreement["signed_at"] = signed_at
    topics = list(dict.fromkeys(f.value for f in chosen["topics"]))
    if topics:
        agreement["topics"] = topics

    title = headline(text) or "Untitled article"
    issued = published.isoformat() if published else signed_on
    if issued is None:
        issued = date.today().isoformat()
        warnings.append("no publication date: source.issued is today's date; correct it")
    elif published is None:
        warnings.append("no publication date: source.issued is the signing date")
    publisher = urlparse(source_url).hostname if source_url else None
    if not publisher:
        warnings.append("publisher unknown: set source.publisher")
    source: dict[str, Any] = {
        "id": slugify(source_id or title),
        "title": title,
        "publisher": publisher or "unknown",
        "issued": issued,
    }
    if source_url:
        source["url"] = source_url
    if document:
        source["document"] = document
    record: dict[str, Any] = {"source": source}
    for section in ("organizations", "people", "places"):
        if build.sections[section]:
            record[section] = list(build.sections[section].values())
    record["agreements"] = [agreement]
    if len(roles["parties"]) < 2:
        warnings.append("fewer than two parties found: an agreement needs two")
    for item in record.get("organizations", []):
        if "country" not in item and "parent" not in item:
            warnings.append(f"organisation {item['id']!r} has no country")

    proposal = Proposal(record, warnings=warnings)
    for key, ident in build.ids.items():
        found = registry.found[key]
        proposal.entities.append(
            {
                "id": ident,
                "kind": found.kind,
                "label": found.entry.label if found.entry else found.label,
                "iri": found.key if found.entry else str(entity_iri(found.kind, ident)),
                "new": found.new,
                "evidence": build.evidence(found.first) if found.first else None,
            }
        )
    for fact, text in posts:
        proposal.facts.append(
            {"field": "posts", "value": text, "evidence": [build.evidence(fact.evidence)]}
        )
    for fld in (*ROLE_FIELDS, "signed_on", "signed_at", "type", "topics"):
        values: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for fact in chosen[fld]:
            value = build.ids.get(fact.value, fact.value)
            ev = build.evidence(fact.evidence)
            if ev not in values[value]:
                values[value].append(ev)
        for value, evidence in values.items():
            proposal.facts.append({"field": fld, "value": value, "evidence": evidence})
    return proposal


def _add_posts(build: RecordBuilder, facts: list[Fact]) -> list[tuple[Fact, str]]:
    """Each post the article states, as people[].posts (the longest title per body)."""
    added = []
    for fact in facts:
        person, org, title = fact.value.split("\t")
        build.add(person)  # a person the article gives a post is worth a record entry
        item = build.sections["people"][build.ids[person]]
        org_id = build.add(org)
        held = item.setdefault("posts", [])
        same = next((p for p in held if p["org"] == org_id), None)
        if same is None:
            held.append({"org": org_id, "title": title})
        elif len(title) > len(same["title"]):  # "Chief Executive Officer" over "chief executive"
            same["title"] = title
        added.append((fact, f"{item['id']}: {title}, {org_id}"))
    return added


def _short_name(found: Found) -> str:
    names = [found.entry.label if found.entry else found.label, *found.alts]
    if found.entry:
        names += list(found.entry.alts)
    acronyms = [n for n in names if " " not in n and any(c.isupper() for c in n[1:])]
    return min(acronyms, key=len) if acronyms else names[0]
