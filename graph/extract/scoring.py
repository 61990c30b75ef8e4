"""Comparing a proposed record with a gold one, fact by fact: what the evaluation counts.

A proposed entity matches a gold one if one of its names equals one of the
gold's (label or alias) up to case, apostrophes, "the" and possessive
countries (Gazetteer.name_key), or if both are the same id.

Agreements are paired first: each proposed agreement with the gold one it
shares the most parties and signatories with (in order when none share any),
so an article reporting several agreements is scored on all of them, and a
gold record listing the earlier agreement first is still paired right. The
role, date and place fields are then compared within each pair as before;
an unpaired gold agreement's facts are all missed, an unpaired proposed
one's all extra. Further fields, counted only for golds that state them (any post, topic or link):
- agreements: a gold agreement counts as found when its pair shares a party;
- posts: (person, organisation, title) of every person with a post, the
  title compared without case, hyphens and "the";
- topics: the agreement's topic slugs;
- links: the agreements it renews or builds on, the same agreement when the
  same id, or the same year and a shared party.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from graph.build.record_schema import SECTION_KIND
from graph.extract.gazetteer import Gazetteer

ROLE_TYPES = ("parties", "signatories", "witnesses", "facilitators")
FACT_TYPES = (*ROLE_TYPES, "dates", "places", "agreements", "posts", "topics", "links")
FIELDS = {"dates": "signed_on", "places": "signed_at"}


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


@dataclass
class Report:
    scores: dict[str, Score] = field(default_factory=lambda: {t: Score() for t in FACT_TYPES})
    misses: list[str] = field(default_factory=list)
    articles: int = 0


def as_data(record: dict[str, Any] | Any) -> dict[str, Any]:
    return record if isinstance(record, dict) else record.model_dump()


def names(data: dict[str, Any], ident: str) -> set[str]:
    """Label and aliases of the entity `ident` in a record."""
    for section in SECTION_KIND:
        for item in data.get(section) or []:
            if item["id"] == ident:
                return {item["label"], *(item.get("alt") or []), ident}
    return {ident}


def same(a: set[str], b: set[str], gazetteer: Gazetteer) -> bool:
    for x in a:
        for y in b:
            if x == y:
                return True
            (wx, cx), (wy, cy) = gazetteer.name_key(x), gazetteer.name_key(y)
            if wx and wx == wy and (cx <= cy or cy <= cx):
                return True
    return False


def _refs(agreement: dict[str, Any], key: str) -> list[str]:
    value = agreement.get(key)
    return [] if value is None else value if isinstance(value, list) else [value]


def _title(text: str) -> str:
    words = re.sub(r"[-\u2013]", " ", text.lower()).split()
    return " ".join(w for w in words if w != "the")


class Scorer:
    """Scores one proposal against one gold record into a report."""

    def __init__(
        self, proposal: dict[str, Any], gold: dict[str, Any], gazetteer: Gazetteer
    ) -> None:
        self.p, self.g, self.gazetteer = proposal, gold, gazetteer

    def _match(self, a: str, b: str) -> bool:
        return same(names(self.p, a), names(self.g, b), self.gazetteer)

    def _overlap(self, pa: dict[str, Any], ga: dict[str, Any]) -> int:
        return sum(
            any(self._match(x, y) for y in _refs(ga, role))
            for role in ("parties", "signatories")
            for x in _refs(pa, role)
        )

    def pairs(self) -> list[tuple[dict[str, Any] | None, dict[str, Any] | None]]:
        proposed, gold = list(self.p.get("agreements") or []), list(self.g.get("agreements") or [])
        pairs: list[tuple[dict[str, Any] | None, dict[str, Any] | None]] = []
        for pa in list(proposed):
            best = max(gold, key=lambda ga: self._overlap(pa, ga), default=None)
            if best is not None and self._overlap(pa, best) > 0:
                pairs.append((pa, best))
                proposed.remove(pa)
                gold.remove(best)
        pairs += list(zip(proposed, gold, strict=False))
        n = min(len(proposed), len(gold))
        pairs += [(pa, None) for pa in proposed[n:]] + [(None, ga) for ga in gold[n:]]
        return pairs

    def values(self, agreement: dict[str, Any] | None, fact: str) -> list[str]:
        if agreement is None:
            return []
        if fact == "links":
            return _refs(agreement, "renews") + _refs(agreement, "builds_on")
        return [str(r) for r in _refs(agreement, FIELDS.get(fact, fact))]

    def count(
        self,
        report: Report,
        fact: str,
        name: str,
        predicted: list,
        expected: list,
        hit: Callable[[Any, Any], bool],
    ) -> None:
        unmatched, score = list(expected), report.scores[fact]
        for value in predicted:
            found = next((g for g in unmatched if hit(value, g)), None)
            if found is None:
                score.fp += 1
                report.misses.append(f"{name}: {fact}: extra {value!r}")
            else:
                score.tp += 1
                unmatched.remove(found)
        score.fn += len(unmatched)
        report.misses += [f"{name}: {fact}: missed {g!r}" for g in unmatched]

    def _hit(self, fact: str) -> Callable[[Any, Any], bool]:
        if fact in ("dates", "topics"):
            return lambda a, b: a == b
        if fact == "links":
            return self._same_agreement
        return self._match

    def _agreement(self, data: dict[str, Any], ident: str) -> dict[str, Any]:
        return next((a for a in data.get("agreements") or [] if a["id"] == ident), {"id": ident})

    def _same_agreement(self, a: str, b: str) -> bool:
        pa, ga = self._agreement(self.p, a), self._agreement(self.g, b)
        if a == b:
            return True
        year = str(pa.get("signed_on", ""))[:4]
        return bool(year) and year == str(ga.get("signed_on", ""))[:4] and self._shares(pa, ga)

    def _shares(self, pa: dict[str, Any], ga: dict[str, Any]) -> bool:
        return any(self._match(x, y) for x in _refs(pa, "parties") for y in _refs(ga, "parties"))

    def _posts(self, data: dict[str, Any]) -> list[tuple[str, str, str]]:
        return [
            (person["id"], post["org"], post["title"])
            for person in data.get("people") or []
            for post in person.get("posts") or []
        ]

    def _same_post(self, a: tuple[str, str, str], b: tuple[str, str, str]) -> bool:
        return self._match(a[0], b[0]) and self._match(a[1], b[1]) and _title(a[2]) == _title(b[2])

    def _stated(self, fact: str) -> bool:
        """Whether the gold states this kind of fact at all: a gold written before topics or
        posts were proposed does not make every proposed one wrong."""
        if fact == "posts":
            return bool(self._posts(self.g))
        return any(self.values(ga, fact) for ga in self.g.get("agreements") or [])

    def score(self, report: Report, name: str) -> None:
        paired = 0
        optional = [f for f in ("topics", "links") if self._stated(f)]
        for pa, ga in self.pairs():
            for fact in (*ROLE_TYPES, "dates", "places", *optional):
                self.count(
                    report,
                    fact,
                    name,
                    self.values(pa, fact),
                    self.values(ga, fact),
                    self._hit(fact),
                )
            paired += bool(pa and ga and self._shares(pa, ga))
        agreements = report.scores["agreements"]
        agreements.tp += paired
        agreements.fp += len(self.p.get("agreements") or []) - paired
        agreements.fn += len(self.g.get("agreements") or []) - paired
        if self._stated("posts"):
            self.count(
                report, "posts", name, self._posts(self.p), self._posts(self.g), self._same_post
            )


def score_case(proposal: Any, gold: Any, gazetteer: Gazetteer, report: Report, name: str) -> None:
    """Add one article's proposal (a Proposal) against its gold (a LoadedRecord) to report."""
    Scorer(as_data(proposal.record), as_data(gold.record), gazetteer).score(report, name)
