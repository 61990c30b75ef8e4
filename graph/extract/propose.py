"""From an article's text to a proposed record: one agreement, its ties, and the evidence.

The proposal (graph.extract.proposal) is the record plus, for every entity and
fact, whether it is new and the sentences stating it.
Every signing the article reports is an agreement (graph.extract.grouping),
followed by the older agreements they renew or build on.
"""

from collections import defaultdict
from datetime import date
from typing import Any
from urllib.parse import urlparse

from spacy.language import Language

from graph.extract.agreements import ROLE_FIELDS, AgreementWriter, choose
from graph.extract.chrome import content_blocks, headline, is_body_name
from graph.extract.dates import dateline
from graph.extract.entities import RULER_KINDS, Paragraph, Registry
from graph.extract.gazetteer import Gazetteer
from graph.extract.grouping import group_facts
from graph.extract.mentions import scan
from graph.extract.post_bodies import in_ministry
from graph.extract.posts import post_value
from graph.extract.proposal import Proposal
from graph.extract.record_builder import RecordBuilder, slugify
from graph.extract.rules import extract_facts
from graph.extract.sentence import Fact
from ontology import entity_iri


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
    heading = headline(text)
    _register_mastheads(text, heading, registry)
    facts = extract_facts(paragraphs, registry, nlp.vocab, published)
    build = RecordBuilder(registry, text)
    writer = AgreementWriter(registry, build)
    agreements: list[dict[str, Any]] = []
    chosen_of: list[tuple[dict[str, Any], dict[str, list[Fact]]]] = []
    bodies: dict[str, list[str]] = defaultdict(list)
    facts = _place_loose_posts(facts, registry)
    for fact in facts:
        if fact.field == "posts":
            person, org, _ = fact.value.split("\t")
            bodies[person].append(org)
    olders: list[dict[str, Any]] = []  # the agreements renewed or built on, after the signings
    for group in group_facts([f for f in facts if f.field != "posts"], registry, text):
        chosen = choose(group.facts, registry)
        written, older = writer.write(group, chosen, bodies)
        agreements += written
        olders += older
        chosen_of += [(written[0], chosen)]
    agreements += olders
    roles = {ref for a in agreements for fld in ROLE_FIELDS for ref in a.get(fld, [])}
    posts = _add_posts(build, [f for f in facts if f.field == "posts"], roles)
    title = heading or "Untitled article"
    if not any(a.get("parties") for a in agreements):
        states = _headline_states(title, nlp, registry)
        for agreement in agreements[: len(agreements) - len(olders)] if states else []:
            agreement["parties"] = [build.add(k) for k in states]
        if states:
            warnings.append("no party found in the text: the parties are the headline's states")
    main = agreements[0]
    signed_on = main.get("signed_on")

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
    record["agreements"] = agreements
    for agreement in agreements:
        if len(agreement.get("parties", [])) < 2:
            warnings.append(
                f"{agreement['id']}: fewer than two parties found, an agreement needs two"
            )
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
    for agreement, chosen in chosen_of:
        for fld in (*ROLE_FIELDS, "signed_on", "signed_at", "type", "topics"):
            values: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for fact in chosen[fld]:
                value = build.ids.get(fact.value, fact.value)
                ev = build.evidence(fact.evidence)
                if ev not in values[value]:
                    values[value].append(ev)
            for value, evidence in values.items():
                proposal.facts.append(
                    {
                        "field": fld,
                        "value": value,
                        "evidence": evidence,
                        "agreement": agreement["id"],
                    }
                )
    return proposal


def _register_mastheads(text: str, title: str | None, registry: Registry) -> None:
    """The bodies named above the headline ("Ministry of Communications and Information
    Technology" over "Arab Republic of Egypt"): a ministry's own press release names it there
    and only there, and by the gold conventions its minister's post is in it."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    if title is None or title not in lines:
        return
    above = lines[: lines.index(title)]

    def state(line: str) -> str | None:  # a line that is only a state's name
        words, codes = registry.gazetteer.name_key(line)
        return next(iter(codes)) if not words and len(codes) == 1 else None

    for n, line in enumerate(above):
        if is_body_name(line) and state(line) is None:
            registry.masthead(line, state(above[n + 1]) if n + 1 < len(above) else None)


def _headline_states(title: str, nlp: Language, registry: Registry) -> list[str]:
    """The states the headline names ("India, Sri Lanka discuss early launch of UPI"), for an
    article whose text names no party: a record's agreement needs parties, and the headline's
    countries are what the report is about, for the reviewer to check."""
    keys = []
    for ent in nlp(title).ents:
        if RULER_KINDS.get(ent.label_) == "country":
            code = registry.known(ent.ent_id_, "country", ent.text).country
            if code:
                keys.append(registry.government(code).key)
    return list(dict.fromkeys(keys))


def _place_loose_posts(facts: list[Fact], registry: Registry) -> list[Fact]:
    """A title with no body beside it ("Minister of Foreign Affairs A signed on behalf of the
    Government of Uganda") is held in the one party named where that person signs; a title
    still without a body is dropped, for the reviewer to add."""
    parties: dict[tuple[int, int], set[str]] = defaultdict(set)
    signs: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for fact in facts:
        if fact.field == "parties":
            parties[fact.evidence].add(fact.value)
        elif fact.field == "signatories":
            signs[fact.value].add(fact.evidence)
    kept = []
    for fact in facts:
        if fact.field != "posts" or fact.value.split("\t")[1]:
            kept.append(fact)
            continue
        person, _, title = fact.value.split("\t")
        owners = {party for where in signs[person] for party in parties[where]}
        if len(owners) == 1:
            owner = in_ministry(registry, owners.pop(), title)
            kept.append(Fact("posts", post_value(person, owner, title), fact.evidence))
    return kept


def _add_posts(build: RecordBuilder, facts: list[Fact], roles: set[str]) -> list[tuple[Fact, str]]:
    """Each post the article states for a person with a part in an agreement, as people[].posts
    (the longest title per body). Officials only quoted or mentioned stay out: the record is
    about the agreement, and their posts would be the reviewer's to delete. A bare title
    whose words are all in a longer one of the same person ("Minister Takaichi" after "Takaichi
    Sanae, Minister of Internal Affairs and Communications") is that post again."""
    titles: dict[str, set[frozenset[str]]] = defaultdict(set)
    for fact in facts:
        person, _, title = fact.value.split("\t")
        titles[person].add(frozenset(title.lower().split()))
    added = []
    for fact in facts:
        person, org, title = fact.value.split("\t")
        words = frozenset(title.lower().split())
        if build.ids.get(person) not in roles or any(words < t for t in titles[person]):
            continue
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
