"""Which agreement each fact belongs to, when an article reports several.

Facts are grouped by sentence, in text order. A sentence naming parties joins
the agreement whose parties it shares (a state shares with its own bodies:
"Singapore and the UK signed" and "GovTech and GDS signed" are one signing);
one naming at least two new parties, or marked as another signing
("Separately, ...", "also signed", "a second MoU"), starts an agreement of its
own. A sentence naming no parties ("The MoU was signed by A and B") belongs to
the agreement of the sentence before it in its paragraph, else to the first.
"two memoranda of understanding" between the same parties gives that many
agreements. An earlier agreement that the signing renews or builds on ("It
renews the MoU first signed in 2017") is kept apart with its year, so its date
is not taken for the signing's.
"""

import re
from dataclasses import dataclass, field

from graph.extract.entities import Registry
from graph.extract.sentence import Fact

NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
COUNTED = re.compile(
    r"\b(two|three|four|five|six|seven|eight|[2-8])\s+(?:\w+\s+)?(?:mous|memoranda|agreements|"
    r"memorandums|partnerships|accords|deals)\b",
    re.I,
)
ANOTHER = re.compile(
    r"\b(?:separately|another|second|a further|in addition|additionally|also signed|"
    r"also inked)\b",
    re.I,
)
RENEWS = re.compile(r"\b(?:renews?|renewal|renewing|extends|extension of|replaces)\b", re.I)
BUILDS = re.compile(r"\b(?:builds? on|building on|follows? (?:up )?on|expands on)\b", re.I)
STATES = re.compile(r"\b(?:governments|countries|nations|states)\b", re.I)
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
MAX_COPIES = 8
# Agreements one article can report: each sentence is compared with every group so far, so
# the cap keeps the grouping linear in the text (press articles report a handful).
MAX_GROUPS = 24


@dataclass(frozen=True)
class Earlier:
    """An older agreement the signing renews or builds on, as the article dates it."""

    link: str  # renews | builds_on
    year: str | None  # None: the article gives none, the graph's may be found
    states: bool  # "the two governments", "the countries": between the states


@dataclass
class Group:
    """The facts of one agreement, and how many agreements they stand for."""

    facts: list[Fact] = field(default_factory=list)
    parties: set[str] = field(default_factory=set)
    copies: int = 1
    earlier: Earlier | None = None


class Grouper:
    def __init__(self, registry: Registry, text: str) -> None:
        self.registry, self.text = registry, text
        self.groups: list[Group] = []

    def _countries(self, keys: set[str]) -> set[str | None]:
        return {self.registry.country_of(k) for k in keys}

    def _shares(self, parties: set[str], group: Group) -> bool:
        if parties & group.parties:
            return True
        states = self.registry.states
        mine, theirs = parties & states, group.parties & states
        return bool(
            self._countries(mine) & self._countries(group.parties - states)
            or self._countries(theirs) & self._countries(parties - states)
        )

    def _group_for(self, parties: set[str], sentence: str) -> Group:
        shared = next((g for g in self.groups if self._shares(parties, g)), None)
        another = ANOTHER.search(sentence) and shared is not None and parties != shared.parties
        if self.groups and shared is not None and not another:
            return shared
        if not self.groups or (len(parties) >= 2 and len(self.groups) < MAX_GROUPS):
            self.groups.append(Group())
            return self.groups[-1]
        return shared or self.groups[0]

    def add(self, evidence: tuple[int, int], facts: list[Fact], last: Group | None) -> Group:
        sentence = self.text[evidence[0] : evidence[1]]
        parties = {f.value for f in facts if f.field == "parties"}
        if parties:
            group = self._group_for(parties, sentence)
            group.parties |= parties
        else:
            group = last or (self.groups[0] if self.groups else self._first())
        earlier = self._earlier(sentence)
        if earlier and group.earlier is None:
            group.earlier = earlier
            facts = [f for f in facts if f.field not in {"signed_on", "signed_at"}]
        counted = COUNTED.search(sentence)
        if counted and not earlier:
            word = counted.group(1).lower()
            group.copies = max(group.copies, min(MAX_COPIES, NUMBERS.get(word) or int(word)))
        group.facts += facts
        return group

    def _first(self) -> Group:
        self.groups.append(Group())
        return self.groups[0]

    def _earlier(self, sentence: str) -> Earlier | None:
        renews, builds = RENEWS.search(sentence), BUILDS.search(sentence)
        year = YEAR.search(sentence)
        if not (renews or builds):
            return None
        states = STATES.search(sentence) is not None
        return Earlier("renews" if renews else "builds_on", year and year.group(0), states)


def group_facts(facts: list[Fact], registry: Registry, text: str) -> list[Group]:
    """The article's facts, one group per agreement it reports (at least one group)."""
    by_sentence: dict[tuple[int, int], list[Fact]] = {}
    for fact in facts:
        by_sentence.setdefault(fact.evidence, []).append(fact)
    grouper = Grouper(registry, text)
    last: Group | None = None
    previous_end = -1
    for evidence, here in by_sentence.items():
        same_paragraph = "\n\n" not in text[previous_end : evidence[0]] if last else False
        last = grouper.add(evidence, here, last if same_paragraph else None)
        previous_end = evidence[1]
    groups = [g for g in grouper.groups if g.parties]
    if groups:  # a caption or lead before the parties are named is about the first signing
        for g in grouper.groups:
            if not g.parties:
                groups[0].facts[:0] = g.facts
                groups[0].copies = max(groups[0].copies, g.copies)
                groups[0].earlier = groups[0].earlier or g.earlier
        grouper.groups = groups
    count = sum(g.copies for g in grouper.groups)
    for g in grouper.groups:  # "two MoUs" that the article goes on to tell apart are two groups
        g.copies = max(1, g.copies - (len(grouper.groups) - 1)) if count > 1 else 1
    return grouper.groups or [Group()]
