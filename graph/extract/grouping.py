"""Which agreement each fact belongs to, when an article reports several.

Facts are grouped by sentence, in text order. A sentence naming parties joins
the agreement whose parties it shares (a state shares with its own bodies:
"Singapore and the UK signed" and "GovTech and GDS signed" are one signing);
one naming at least two new parties, or marked as another signing
("Separately, ...", "also signed", "a second MoU"), starts an agreement of its
own, and so does one where the same parties "also signed" an instrument
("BI and MAS also signed a letter of intent"), or a signer "also signed" one
without naming parties ("The two ministers also signed an MoU on space"). Such
an agreement, signed at the same occasion, takes from the one before it the
date and place its own sentences leave out, and, naming no signatories, its
parties and signatories too (graph.extract.group_finish, once all sentences are read). A
sentence whose subject is the agreement reported ("The memorandum was first signed in Bali
by A, B and C") tells more of it, however many parties it names. A sentence naming no
parties ("The MoU was signed by A and B") belongs to the one agreement of the kind it names
("The letter of intent builds on ..."), else to the agreement of the sentence before it in
its paragraph, else to the first. "two memoranda of understanding" between the same parties
gives that many agreements, and so does "MoUs on A, on B and on C". An older agreement that
the signing renews or builds on (graph.extract.earlier) is kept apart with its date, so that
date is not taken for the signing's, unless it is the only signing the article reports ("The
move follows the agreement ... signed by A and B").
"""

import re
from dataclasses import replace

from graph.extract import lexicon as lx
from graph.extract.earlier import Earlier, EarlierMention, earlier_in
from graph.extract.entities import Registry
from graph.extract.group_finish import Group, finish
from graph.extract.kinds import KIND_PATTERN, kinds_in
from graph.extract.sentence import ORDINAL, ORDINALS, Fact

__all__ = ["Earlier", "Group", "group_facts"]  # agreements.py reads a group and its Earlier

COUNTED = re.compile(
    r"\b(" + "|".join(lx.NUMBER_WORDS) + r"|[2-8])\s+(?:\w+\s+)?(?:mous|memoranda|agreements|"
    r"memorandums|partnerships|accords|deals)\b",
    re.I,
)
# "signed MoUs on e-governance, on cybersecurity and on digital identity": one per "on".
LISTED = re.compile(
    r"\b(?:mous|memoranda|memorandums|agreements|accords)(?:\s+of\s+(?:understanding|"
    r"cooperation))?\s+on\b(?P<rest>[^.;]*?\band on\b)",
    re.I,
)
ANOTHER = re.compile(
    r"\b(?:separately|another|second|a further|in addition|additionally|also signed|"
    r"also inked|also exchanged|also concluded)\b",
    re.I,
)
# "signed an MoU with B, and a second memorandum with C": the second clause is another signing.
SECOND_CLAUSE = re.compile(
    r"(?:,\s*|\s)and\s+(?:also\s+)?(?:a\s+second|another|a\s+third|a\s+further)\b", re.I
)
ROLES = {"parties", "signatories", "witnesses", "facilitators"}
SIGNED = re.compile(r"\b(?:signed|signs|inked|inks|concluded|exchanged)\b", re.I)
# "The memorandum was first signed in Bali by A, B and C": a sentence whose subject is the
# agreement already reported tells more of that one, however many parties it names.
DEFINITE = re.compile(
    r"\s*(?:the|this|that)\s+(?:" + KIND_PATTERN.pattern + r")\s+(?:was|were)\b", re.I
)
MAX_COPIES = 8
# Agreements one article can report: each sentence is compared with every group so far, so
# the cap keeps the grouping linear in the text (press articles report a handful).
MAX_GROUPS = 24


class Grouper:
    def __init__(self, registry: Registry, text: str) -> None:
        self.registry, self.text = registry, text
        self.groups: list[Group] = []
        self.recent: Group | None = None
        self.counted: tuple[Group, list[Fact]] | None = None  # "exchanged three memoranda"

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

    def _new(self, inherits: Group | None = None) -> Group:
        self.groups.append(Group(inherits=inherits))
        return self.groups[-1]

    def _group_for(
        self, parties: set[str], sentence: str, kinds: list[str], forced: bool = False
    ) -> Group:
        """`forced`: the sentence is the second clause of "signed A, and another with B"."""
        shared = next((g for g in self.groups if self._shares(parties, g)), None)
        another = forced or ANOTHER.search(sentence) is not None
        if not another and self.recent is not None and DEFINITE.match(sentence):
            return self.recent
        signed = forced or SIGNED.search(sentence) is not None
        room = len(self.groups) < MAX_GROUPS
        if shared is not None and another and room:
            if parties != shared.parties:
                return self._new()
            if kinds and signed:  # "X and Y also signed a letter of intent"
                return self._new(inherits=shared)
        if self.groups and shared is not None:
            return shared
        if not self.groups or (room and (len(parties) >= 2 or (another and signed))):
            return self._new(inherits=self.recent if len(parties) < 2 else None)
        return shared or self.groups[0]

    def _named_in(self, key: str, text: str) -> bool:
        found = self.registry.found[key]
        names = [found.label, *found.alts]
        if found.entry is not None:
            names += [found.entry.label, *found.entry.alts]
        return any(len(n) > 2 and n in text for n in names)

    def _older_parties(
        self, sentence: str, facts: list[Fact], mention: EarlierMention
    ) -> tuple[list[Fact], EarlierMention]:
        """The parties named only in the clause about the older agreement are its parties, not
        the signing's; after a subject that names no one ("It adds to the agreement that X and Y
        signed in 2021"), every party the sentence names is."""
        anaphoric = _anaphoric(sentence[: mention.start])
        clause = sentence[mention.end : mention.clause_end]
        older = [
            f.value
            for f in facts
            if f.field == "parties"
            and (anaphoric or self._named_in(f.value, clause))
            and not self._named_in(f.value, sentence[: mention.start])
        ]
        if anaphoric:
            facts = [f for f in facts if f.field != "parties"]
        if not older:
            return facts, mention
        earlier = replace(mention.earlier, parties=tuple(dict.fromkeys(older)))
        kept = [f for f in facts if not (f.field == "parties" and f.value in older)]
        return kept, replace(mention, earlier=earlier)

    def _is_the_signing(self, sentence: str, facts: list[Fact], mention: EarlierMention) -> bool:
        """ "The move follows the agreement ... signed by A and B in July 2023": an event (a
        meeting, a launch) that follows an agreement whose signers the sentence names, in an
        article that has reported no signing before, is an article about that agreement: it is
        the one the article reports, not an older one."""
        subject = sentence[: mention.start]
        return (
            mention.earlier.link == "builds_on"
            and not kinds_in(subject)
            and any(f.field == "signatories" for f in facts)
            and not any(
                f.field in ("signatories", "signed_on") for g in self.groups for f in g.facts
            )
        )

    def _ordinal(self, sentence: str, facts: list[Fact]) -> Group | None:
        """ "A exchanged three memoranda with Singaporean institutions. The first, with B, ...
        Under the second, ...": each ordinal after a count is one of the agreements counted,
        between the parties of the count's sentence and those its own sentence names; the
        first is the counted group itself, each further one a group of its own."""
        m = ORDINAL.match(sentence)
        if m is None or self.counted is None:
            return None
        counted, shared = self.counted
        nth = ORDINALS[m.group("nth").lower()]
        if nth > counted.copies or (nth > 1 and len(self.groups) >= MAX_GROUPS):
            return None
        group = counted if nth == 1 else self._new()
        if nth > 1:
            facts = [*shared, *facts]
        group.parties |= {f.value for f in facts if f.field == "parties"}
        group.facts += facts
        group.kinds += [k for k in counted.kinds if k not in group.kinds]
        self.recent = group
        return group

    def _by_kind(self, sentence: str) -> Group | None:
        """The one agreement of the kind a sentence is about ("The letter of intent builds on
        ..."), when the article reports agreements of several kinds."""
        named = kinds_in(sentence)
        if not named:
            return None
        of_kind = [g for g in self.groups if named[0].kind in g.kinds]
        return of_kind[0] if len(of_kind) == 1 else None

    def add(self, evidence: tuple[int, int], facts: list[Fact], last: Group | None) -> Group:
        sentence = self.text[evidence[0] : evidence[1]]
        split = SECOND_CLAUSE.search(sentence)
        if split:
            first, second = self._split(sentence, split.start(), facts)
            if second:
                group = self._add(sentence[: split.start()], first, last)
                return self._add(sentence[split.start() :], second, group, another=True)
        return self._add(sentence, facts, last)

    def _split(self, sentence: str, at: int, facts: list[Fact]) -> tuple[list[Fact], list[Fact]]:
        """The facts of "A signed an MoU with B, and a second with C": the signer before the
        verb and what is not a role (date, place, kind) belong to both clauses, a role named only
        after the second clause's start to the second, the rest to the first."""
        verb = SIGNED.search(sentence)
        subject = sentence[: verb.start()] if verb and verb.start() < at else ""
        first, second = [], []
        for fact in facts:
            if fact.field not in ROLES or (subject and self._named_in(fact.value, subject)):
                first.append(fact)
                second.append(fact)
            elif self._named_in(fact.value, sentence[at:]) and not self._named_in(
                fact.value, sentence[:at]
            ):
                second.append(fact)
            else:
                first.append(fact)
        if not any(f.field in ROLES and f not in first for f in second):
            return facts, []
        return first, second

    def _add(
        self, sentence: str, facts: list[Fact], last: Group | None, another: bool = False
    ) -> Group:
        parties = {f.value for f in facts if f.field == "parties"}
        kinds = [f.value for f in facts if f.field == "type"]
        counted = COUNTED.search(sentence)
        mention = earlier_in(sentence, counted)
        ordinal = None if mention else self._ordinal(sentence, facts)
        if ordinal is not None:
            return ordinal
        if ORDINAL.match(sentence) and not SIGNED.search(sentence):  # no count: no parties
            facts = [f for f in facts if f.field != "parties"]
            parties = set()
        if mention and self._is_the_signing(sentence, facts, mention):
            mention = None
        if mention:
            facts, mention = self._older_parties(sentence, facts, mention)
            parties = {f.value for f in facts if f.field == "parties"}
        if parties:
            group = self._group_for(parties, sentence, kinds, another)
            group.parties |= parties
        elif (
            self.groups
            and (another or (ANOTHER.search(sentence) and SIGNED.search(sentence)))
            and kinds
        ):
            group = self._new(inherits=self.recent) if len(self.groups) < MAX_GROUPS else last
            group = group or self.groups[-1]
        else:
            subject = sentence[: mention.start] if mention else sentence  # not the older one
            group = self._by_kind(subject) or last or self.groups[0] if self.groups else None
            group = group or self._new()
        if mention:
            earlier = mention.earlier
            group.earlier = group.earlier.merged(earlier) if group.earlier else earlier
            if mention.dated_after is not None:  # the older agreement's date and place
                facts = [
                    f
                    for f in facts
                    if f.field != "signed_at"
                    and not (f.field == "signed_on" and earlier.date and f.value == earlier.date)
                ]
        if counted and (
            mention is None or counted.start() < mention.start or mention.earlier.per_copy
        ):
            word = counted.group(1).lower()
            group.copies = max(
                group.copies, min(MAX_COPIES, lx.NUMBER_WORDS.get(word) or int(word))
            )
            self.counted = (group, [f for f in facts if f.field in ("parties", "type")])
        listed = None if counted or mention else LISTED.search(sentence)
        if listed:
            rest = listed.group("rest")
            group.copies = max(group.copies, min(MAX_COPIES, 2 + rest.count(", on ")))
        group.facts += facts
        group.kinds += [k for k in kinds if k not in group.kinds]
        self.recent = group
        return group


def _anaphoric(subject: str) -> bool:
    """Whether a sentence's subject names no one ("It", "The new agreement", "The second MoU"):
    the names after its renewal cue are then the older agreement's."""
    return re.search(r"[A-Z]", KIND_PATTERN.sub(" ", subject)[1:]) is None


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
    return finish(grouper.groups, facts, text)
