"""One group of facts (graph.extract.grouping) as the record's agreements.

Each role keeps its values in text order; one date (the most precise, first),
one place and one type (graph.extract.kinds: the instrument over what it sets
up). A group the article counts ("two MoUs") gives that many agreements with
the same ties, for the reviewer to tell apart. An older agreement it renews or
builds on (graph.extract.earlier) is linked by `renews` / `builds_on`: the
graph's agreement between the same parties (or their states) in that year if
there is one, else a new one between the parties the article names for it, or
the signing's, or their states when the article says "the two governments",
with its date, kind, name and subject as the article gives them. A renewal the
article does not date is still linked (an "(earlier)" agreement for the
reviewer to date); "builds on an existing partnership" with neither a date nor
parties is not. "renewed two MoUs" links each to an older one of its own. The
older agreements follow the signings in the record.
"""

from collections import defaultdict
from datetime import date
from typing import Any

from graph.extract.dates import dateline
from graph.extract.entities import Found, Registry
from graph.extract.gazetteer import Gazetteer, KnownAgreement
from graph.extract.grouping import Earlier, Group
from graph.extract.kinds import best_kind
from graph.extract.record_builder import RecordBuilder, slugify
from graph.extract.sentence import Fact

ROLE_FIELDS = ("parties", "facilitators", "signatories", "witnesses")
TYPE_NAMES = {
    "MemorandumOfUnderstanding": ("mou", "Memorandum of Understanding"),
    "MemorandumOfCooperation": ("moc", "Memorandum of Cooperation"),
    "LetterOfIntent": ("loi", "Letter of Intent"),
    "Declaration": ("declaration", "Declaration"),
    "TradeAgreement": ("agreement", "Agreement"),
    "GrantAgreement": ("grant-agreement", "Grant Agreement"),
    "Partnership": ("partnership", "Partnership"),
    "Agreement": ("agreement", "Agreement"),
}


def choose(facts: list[Fact], registry: Registry) -> dict[str, list[Fact]]:
    """Group facts by field, keeping text order; one value per role, signatories over witnesses."""
    by_field: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        by_field[fact.field].append(fact)
    facilitators = {f.value for f in by_field["facilitators"]}
    signatories = {f.value for f in by_field["signatories"]}
    parties = [f for f in by_field["parties"] if f.value not in facilitators]
    by_field["parties"] = _without_covered_states(parties, registry)
    by_field["witnesses"] = [f for f in by_field["witnesses"] if f.value not in signatories]
    if by_field["signed_on"]:
        best = max(len(f.value.split("-")) for f in by_field["signed_on"])
        first = next(f.value for f in by_field["signed_on"] if len(f.value.split("-")) == best)
        by_field["signed_on"] = [f for f in by_field["signed_on"] if f.value == first]
    for fld in ("signed_at", "type"):
        if by_field[fld]:
            values = [f.value for f in by_field[fld]]
            first = best_kind(values) if fld == "type" else values[0]
            by_field[fld] = [f for f in by_field[fld] if f.value == first]
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
    gazetteer: Gazetteer, party_iris: set[str], signed_on: str | None, page: date | None = None
) -> KnownAgreement | None:
    """The graph's agreement between the same known parties in the same year, if any; not one
    the article's date rules out: another month of that year ("August 2022" is not the graph's
    November 2022 MoU), or, undated, one signed after the page's date or over a year before
    it (a 2019 report does not tell of the graph's 2021 agreement)."""
    if len(party_iris) < 2:
        return None
    for agreement in gazetteer.agreements:
        if not party_iris <= agreement.parties:
            continue
        undated = signed_on is None and page is not None and bool(agreement.dates)
        if undated and not any(_around(d, page) for d in agreement.dates):
            continue
        if signed_on is None or not agreement.dates:
            return agreement
        if any(_compatible(signed_on, d) for d in agreement.dates):
            return agreement
    return None


def _compatible(one: str, other: str) -> bool:
    """Two dates that may be the same day: "2022" and "2022-11-14", not "2022-08" and it."""
    n = min(len(one), len(other))
    return one[:n] == other[:n]


def _around(signed: str, page: date) -> bool:
    """A signing an article of that date may report undated: that year or the one before, and
    not after the page."""
    return page.year - 1 <= int(signed[:4]) and signed[: len(page.isoformat())] <= str(page)


def short_name(found: Found) -> str:
    names = [found.entry.label if found.entry else found.label, *found.alts]
    if found.entry:
        names += list(found.entry.alts)
    acronyms = [n for n in names if " " not in n and any(c.isupper() for c in n[1:])]
    return min(acronyms, key=len) if acronyms else names[0]


class AgreementWriter:
    """Writes groups of facts as agreement entries, with ids unique in the record."""

    def __init__(self, registry: Registry, build: RecordBuilder) -> None:
        self.registry, self.build = registry, build
        self.ids: set[str] = set()
        self.page = dateline(build.text)  # the page's date, if it prints one

    def _unique(self, ident: str) -> str:
        base, n = ident, 2
        while ident in self.ids:
            ident, n = f"{base}-{n}", n + 1
        self.ids.add(ident)
        return ident

    def _named(
        self,
        keys: list[str],
        kind: str,
        signed_on: str | None,
        dated: bool = False,
        reuse: bool = True,
    ) -> dict[str, Any]:
        known = None
        if reuse and not any(k.startswith("new:") for k in keys):  # a new party: not the graph's
            known = _known_agreement(self.registry.gazetteer, set(keys), signed_on, self.page)
        names = list(dict.fromkeys(short_name(self.registry.found[k]) for k in keys))
        short, long = TYPE_NAMES.get(kind, TYPE_NAMES["Agreement"])
        year = signed_on[:4] if signed_on else None
        parts = [*names[:3], short, *([year] if year else [])]
        label = f"{' - '.join(names[:3]) or 'Unnamed'} {long}"
        return {
            "id": self._unique(known.slug if known else slugify("-".join(parts), limit=100)),
            "type": kind,
            "label": known.label if known else label + (f" ({year})" if dated and year else ""),
        }

    def write(
        self, group: Group, chosen: dict[str, list[Fact]], bodies: dict[str, list[str]]
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The group's agreement (and its counted copies), and any older ones they link to.

        `bodies` are the organisations each person holds a post in: with fewer than two parties
        named, the signatories' bodies are the parties ("signed by A, Chief Executive of X,
        and B, Director of Y")."""
        build = self.build
        signed_on = chosen["signed_on"][0].value if chosen["signed_on"] else None
        kind = chosen["type"][0].value if chosen["type"] else "Agreement"
        named = list(dict.fromkeys(f.value for f in chosen["parties"]))
        parties = named
        if len(named) < 2:
            signers = [
                body
                for f in chosen["signatories"]
                for body in bodies.get(f.value, [])[:1]
                if not self._signs_for_state(f.value, body, chosen)
            ]
            parties = list(dict.fromkeys([*named, *signers]))
            chosen["parties"] += [
                Fact("parties", key, f.evidence)
                for key in parties[len(named) :]
                for f in chosen["signatories"][:1]
            ]
        written = []
        for _ in range(group.copies):
            # an undated renewal is not the graph's agreement between them: that is the older one
            agreement = self._named(
                parties, kind, signed_on, reuse=bool(signed_on or not group.earlier)
            )
            for role in ROLE_FIELDS:
                values = list(dict.fromkeys(build.add(f.value) for f in chosen[role]))
                if values:
                    agreement[role] = values
            if signed_on:
                agreement["signed_on"] = signed_on
            if chosen["signed_at"]:
                agreement["signed_at"] = build.add(chosen["signed_at"][0].value)
            topics = list(dict.fromkeys(f.value for f in chosen["topics"]))
            if topics:
                agreement["topics"] = topics
            written.append(agreement)
        if group.earlier is None:
            return written, []
        # "renewed two MoUs": each renews its own older one; else all link to the one
        olders = written if group.earlier.per_copy else written[:1]
        links = [self._earlier(parties, kind, group.earlier) for _ in olders]
        for n, agreement in enumerate(written):
            older = links[min(n, len(links) - 1)]
            if older is not None:
                agreement[group.earlier.link] = [older["id"]]
        return written, [older for older in links if older is not None]

    def _signs_for_state(self, person: str, body: str, chosen: dict[str, list[Fact]]) -> bool:
        """A signer named where the state their body belongs to is the party ("For Canada, the
        charter was signed by A, President of the Treasury Board"): A signs for the state, so
        A's body is no party of its own. A new body of no known country is taken for that
        state's."""
        country = self.registry.country_of(body)
        states = {
            f.evidence
            for f in chosen["parties"]
            if f.value in self.registry.states
            and country in {None, self.registry.country_of(f.value)}  # a new body: whose?
        }
        return any(f.value == person and f.evidence in states for f in chosen["signatories"])

    def _earlier(self, parties: list[str], kind: str, earlier: Earlier) -> dict[str, Any] | None:
        """The agreement renewed or built on: the graph's between the parties or their states
        (in that year, or the latest when the article gives none), else a new one of that
        year ("the two governments first signed in 2017": between the states)."""
        if earlier.parties:  # named for it: with one, the signing's party of another country
            older = list(earlier.parties)
            mine = set(self._countries(older))
            others = [p for p in parties if self.registry.country_of(p) not in mine]
            parties = older if len(older) >= 2 else [*others, *older]
        states = [self.registry.government(c).key for c in self._countries(parties)]
        kind = earlier.kind or kind
        for keys in (parties, states):
            known = self._graphs(keys, earlier.year)
            if known is not None:
                return {
                    "id": self._unique(known.slug),
                    "type": kind,
                    "label": known.label,
                    "parties": [self.build.add(k) for k in keys],
                    **({"signed_on": min(known.dates)} if known.dates else {}),
                    **({"topics": list(earlier.topics)} if earlier.topics else {}),
                }
        keys = states if earlier.states and len(states) >= 2 else parties
        vague = earlier.link == "builds_on" and not (earlier.date or earlier.parties)
        if len(keys) < 2 or vague:  # "builds on an existing partnership": whose, and when?
            return None  # left to the reviewer
        agreement = self._named(keys, kind, earlier.date, dated=True)
        if earlier.label:  # "the ROK-UK Bilateral Framework"
            self.ids.discard(agreement["id"])
            agreement["id"] = self._unique(slugify(earlier.label, limit=100))
            agreement["label"] = earlier.label
        elif earlier.date is None:
            agreement["label"] += " (earlier)"
        agreement["parties"] = [self.build.add(k) for k in keys]
        if earlier.date:
            agreement["signed_on"] = earlier.date
        if earlier.topics:
            agreement["topics"] = list(earlier.topics)
        return agreement

    def _graphs(self, keys: list[str], year: str | None) -> KnownAgreement | None:
        """The graph's agreement between exactly these known parties, of that year if given."""
        if len(keys) < 2 or any(k.startswith("new:") for k in keys):
            return None
        agreements = self.registry.gazetteer.agreements
        between = [a for a in agreements if set(keys) == a.parties and a.slug not in self.ids]
        dated = [
            a for a in between if a.dates and (year is None or year in {d[:4] for d in a.dates})
        ]
        return max(dated, key=lambda a: max(a.dates), default=None)

    def _countries(self, keys: list[str]) -> list[str]:
        codes = [self.registry.country_of(k) for k in keys]
        return list(dict.fromkeys(c for c in codes if c))
