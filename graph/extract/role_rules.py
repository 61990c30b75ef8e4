"""Who took part in the signing: its signatories, witnesses and facilitators, and its parties.

Names are taken by where they stand in the sentence, relative to a cue:
- a cue that introduces a list ("The signatories were", "Witnessing the
  signing are", "signed by", "Representing the agencies at the signing were")
  takes the people after it, up to the next cue or clause break, past a
  relative clause inside the list ("A, who led the delegation, and B");
- an active verb ("X and Y signed", "A, together with B, witnessed", "SIN
  Singapore has brokered", "X and Y have reached an agreement") takes the names
  before it; the people after "A signed the memorandum with" sign too;
- "with X" after a signing verb, "between X and Y", and "signed on behalf of X"
  / "signed for X" name the parties; organisations after "at"/"of" ("IPUR at
  NUS", "Director of GDS") do not.
"""

from bisect import bisect_left, bisect_right
from collections.abc import Iterator

from spacy.tokens import Span

from graph.extract import lexicon as lx
from graph.extract.cues import ROLE_AFTER, ROLE_BEFORE
from graph.extract.entities import Mention
from graph.extract.party_names import PartyNames
from graph.extract.sentence import ORDINAL, Fact
from graph.extract.titles import PLURAL_TITLES

RELATIVES = {"who", "whose", "whom"}
REPRESENTATIVES = {"representatives", "officials", "delegates", "delegations", "envoys"}
WITH_SPAN = 20  # "signed ... with his Saudi counterpart, Minister of Communications and ... A"
LEADERS = ("president", "prime minister", "king", "emir", "sultan", "chancellor", "premier")
# "the two X": the title words the people it stands for were named with.
GROUP_TITLES = {
    **{plural: (title.lower(),) for plural, title in PLURAL_TITLES.items()},
    "leaders": LEADERS,
    "heads": LEADERS,
}


def _active(sent: Span, cue: Span) -> bool:
    """A verb reported as done by what precedes it: not passive, not 'to sign'."""
    k = cue.start - 1
    while k >= sent.start and (
        sent.doc[k].lower_.endswith("ly")
        or sent.doc[k].lower_ in {"also", "today", "formally", "jointly", "have", "has", "had"}
    ):
        k -= 1
    return k < sent.start or sent.doc[k].lower_ not in lx.PASSIVE_AUX | {"to", "will", "would"}


class RoleRules(PartyNames):
    """The rules naming who signed, witnessed or brokered, and between whom."""

    def _after(self, cue: Span, limit: int | None = None) -> tuple[int, int]:
        k = bisect_left(self.breaks, cue.end)
        end = self.breaks[k] if k < len(self.breaks) else self.sent.end
        return cue.end, min(end, cue.end + limit) if limit else end

    def _list(self, cue: Span) -> list[tuple[int, int]]:
        """The list after a cue, and its part past a relative clause inside it ("in the
        presence of A, who led the delegation, and B")."""
        spans = [self._after(cue)]
        end = spans[-1][1]
        while (
            end < self.sent.end
            and self.doc[end].lower_ in RELATIVES
            and self.doc[end - 1].text == ","
        ):
            k = bisect_right(self.breaks, end)
            stop = self.breaks[k] if k < len(self.breaks) else self.sent.end
            comma = next((t.i for t in self.doc[end:stop] if t.text == ","), None)
            if comma is None or comma + 2 >= stop or self.doc[comma + 1].lower_ != "and":
                break
            spans.append((comma + 2, stop))
            end = stop
        return spans

    def _before(self, cue: Span) -> tuple[int, int]:
        k = bisect_left(self.breaks, cue.start)
        start = self.breaks[k - 1] + 1 if k else self.sent.start
        return start, cue.start

    def _people(self, start: int, end: int) -> list[str]:
        """The people named in a span, or those "the two Presidents" in it stands for."""
        named = [m.key for m in self.para.within(start, end, {"person"})]
        return named or self._the_two(start, end)

    def _the_two(self, start: int, end: int) -> list[str]:
        """ "as the two Presidents looked on", "the two leaders witnessed": the last two people
        the article has named so far with that title next to the name ("President Lazarus
        Chakwera", "A, President of X"); leaders are heads of state or government."""
        k = next((t.i for t in self.doc[start:end] if t.lower_ in GROUP_TITLES), None)
        if k is None or k == start or self.doc[k - 1].lower_ not in {"two", "both"}:
            return []
        here = self.evidence[0]
        named = {
            f.key: f
            for title in GROUP_TITLES[self.doc[k].lower_]
            for f in self.registry.titled(title)
            if f.first and f.first[0] <= here
        }
        ordered = sorted(named.values(), key=lambda f: f.first or (0, 0))
        return [f.key for f in ordered[-2:]] if len(ordered) >= 2 else []

    def _passive_signing_before(self, i: int) -> bool:
        """'was signed in Dubai on Thursday by', 'the signing of the MoU by': a signing, not
        done by what precedes it, ends before token i with nothing blocking between."""
        k = bisect_right(self._signing_ends, i)
        if not k or self._blocked(self.signing[k - 1].start, i):
            return False
        cue = self.signing[k - 1]
        return cue.label_ == "SIGN_NOUN" or (
            cue.label_ == "SIGN_VERB" and not _active(self.sent, cue)
        )

    def roles(self) -> Iterator[Fact]:
        for cue in self.cues:
            label = cue.label_
            if label == "BY" and self._passive_signing_before(cue.start):
                for start, end in self._list(cue):
                    for key in self._people(start, end):
                        yield self.fact("signatories", key)
                    yield from self._represented_by(start, end)
            elif label == "WITH" and self._signed_with(cue):
                for key in self._people(*self._after(cue, WITH_SPAN)):
                    yield self.fact("signatories", key)
            elif label in ROLE_AFTER:
                if label == "SIGNING_FOR":  # the party is inside the cue: "for X was"
                    span = (cue.start + 2, cue.end - 1)
                    for key in [m.key for m in self._orgs(*span)] + self._states(*span):
                        yield self.fact("parties", key)
                if ROLE_AFTER[label] == "facilitators":
                    for m in self._orgs(*self._after(cue)):
                        yield self.fact("facilitators", m.key)
                    continue
                for start, end in self._list(cue):
                    for key in self._people(start, end):
                        yield self.fact(ROLE_AFTER[label], key)
                    if label == "SIGNED_BY":
                        yield from self._represented_by(start, end)
            elif label in ROLE_BEFORE and _active(self.sent, cue):
                start, end = self._before(cue)
                role = ROLE_BEFORE[label]
                named = self._relative_antecedent(start, end)
                if role == "facilitators":  # "brokered", "facilitated": not "to facilitate"
                    if (self.agreement_noun or self.signing) and cue[0].lower_.endswith("ed"):
                        orgs = [m.key for m in self._orgs(start, end)]
                        fallback = self._unknown_org(start, end) if not orgs else None
                        for key in orgs or ([fallback] if fallback else []):
                            yield self.fact("facilitators", key)
                    continue
                for key in self._people(start, end) or named:
                    yield self.fact(role, key)
                if role == "signatories":
                    yield from self._parties_of(self._orgs(start, end), start, end)
                    yield from self._signers_bodies(cue, start, end)

    def _represented_by(self, start: int, end: int) -> Iterator[Fact]:
        """ "signed by representatives of the nine member states: Israel, Canada ...", "signed by
        officials of X and Y": no one named, the bodies or states they represent are parties."""
        words = [t.lower_ for t in self.doc[start : min(end, start + 3)]]
        if not any(w in REPRESENTATIVES for w in words) or "of" not in words:
            return
        if self.para.within(start, end, {"person"}):
            return
        of = start + words.index("of") + 1
        for key in [m.key for m in self._orgs(of, end)] + self._states(of, end):
            yield self.fact("parties", key)

    def _signers_bodies(self, cue: Span, start: int, end: int) -> Iterator[Fact]:
        """ "A, Chairman of the State Agency X, has signed a letter of intent with Y and Z": the
        body of the signer's post is a party beside those after "with", when the signers are
        named with no body of their own in the subject."""
        with_after = any(
            c.label_ == "WITH" and c.start >= cue.end and not self._blocked(cue.start, c.start)
            for c in self.cues
        )
        if not with_after or self._orgs(start, end) or not self._people(start, end):
            return
        for m in self.para.within(start, end, {"org"}):
            if self.doc[m.start - 1].lower_ in {"of", "at"} or self.doc[m.start - 2].lower_ in {
                "of",
                "at",
            }:  # "Chairman of X", "Director at the Y"
                yield self.fact("parties", m.key)

    def _relative_antecedent(self, start: int, end: int) -> list[str]:
        """ "A, post, and B, post, who visited Japan ..., signed", "C, the Minister of X, who
        signed for his government": with no one named between the relative pronoun and the
        verb, the people named before the relative clause."""
        if start - 2 < self.sent.start or self.doc[start - 1].lower_ not in RELATIVES:
            return []
        if self.doc[start - 2].text != "," or self.para.within(start, end, {"person"}):
            return []
        k = bisect_left(self.breaks, start - 1)
        before = self.breaks[k - 1] + 1 if k else self.sent.start
        return self._people(before, start - 1)

    def _signed_with(self, cue: Span) -> bool:
        """'A signed the memorandum with B': an active signing verb just before "with", with no
        other cue or clause between, makes the people after it signatories too."""
        k = bisect_right(self._signing_ends, cue.start)
        verb = self.signing[k - 1] if k else None
        if verb is None or verb.label_ != "SIGN_VERB" or not _active(self.sent, verb):
            return False
        between = bisect_right(self.breaks, verb.end - 1) < bisect_left(self.breaks, cue.start)
        return not between and not self._blocked(verb.start, cue.start)

    def _parties_of(self, orgs: list[Mention], start: int, end: int) -> Iterator[Fact]:
        states = self._states(start, end)
        for key in [m.key for m in orgs] + states:
            yield self.fact("parties", key)
        if not orgs and not states and not self.para.within(start, end, {"org", "person"}):
            key = self._unknown_org(start, end)
            if key:
                yield self.fact("parties", key)

    def parties(self) -> Iterator[Fact]:
        verbs = [c for c in self.signing if c.label_ in {"SIGN_VERB", "SIGNED_BY"}]
        if self.agreement_noun:
            verbs += [c for c in self.cues if c.label_.startswith("FACILITAT")]
        starts = sorted(v.start for v in verbs)
        ordinal = ORDINAL.match(self.sent.text) is not None and not starts
        if ordinal:  # "The first, with A, through its B, covers ...": one counted, with A
            starts = [self.sent.start]
        for cue in self.cues:
            if cue.label_ == "ON_BEHALF" and self._reached(starts, cue.start, either_side=False):
                yield from self._represented(cue)
            elif cue.label_ == "ON_BEHALF" and cue.start == self.sent.start and starts:
                yield from self._represented(cue, fronted=True)
            if cue.label_ not in {"WITH", "BETWEEN"}:
                continue
            if cue.label_ == "WITH" and self._reached(starts, cue.start, either_side=False):
                span = self._after(cue, WITH_SPAN)
                if ordinal:  # the name the commas set off, not what the sentence goes on to
                    ends = [t.i for t in self.doc[span[0] : span[1]] if t.text == ","]
                    span = (span[0], ends[0] if ends else span[1])
                yield from self._parties_of(self._orgs(*span), *span)
            elif cue.label_ == "BETWEEN" and (
                self._reached(starts, cue.start, either_side=True) or self._attached(cue.start)
            ):
                span = self._after(cue, 20)
                for key in [m.key for m in self._orgs(*span)] + self._states(*span):
                    yield self.fact("parties", key)

    def _represented(self, cue: Span, fronted: bool = False) -> Iterator[Fact]:
        """'signed on behalf of the Malaysian government', 'signed for Brunei by A': the body or
        state right after the cue is a party, when no person stands between the signing and
        the cue ("signed by A, Ambassador for B" is A's post). `fronted`: the sentence opens
        with it ("For Canada, the charter was signed by A"), the name then ends at a comma."""
        k = bisect_right(self._signing_ends, cue.start)
        if not fronted and (
            not k or self.para.within(self.signing[k - 1].end, cue.start, {"person"})
        ):
            return
        first = cue.end + (cue.end < self.sent.end and self.doc[cue.end].lower_ == "the")
        m = self.para.at(first)
        if m is None or m.start != first:
            return
        if fronted and (m.end >= self.sent.end or self.doc[m.end].text != ","):
            return
        for key in [o.key for o in self._orgs(first, m.end)] + self._states(first, m.end):
            yield self.fact("parties", key)
