"""One sentence as every rule reads it: its cues, clause breaks and signing cues.

The rules read English press releases in linear order, so what they share is
where a sentence's cues and clause breaks are, and whether another event
("announced ... on Friday", "a visit by ...") stands between two positions.
Cues inside quotations ("delighted to sign") are not reports of the signing
and are dropped here.

Every question a rule asks here costs O(1) or O(log n), not a walk over the
sentence: whether anything blocks between two positions is a difference of
prefix counts, and since a wider interval holds everything a narrower one
does, only the nearest cue on each side of a position can be unblocked.
"""

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate

from spacy.tokens import Span, Token

from graph.extract import lexicon as lx
from graph.extract.cues import ROLE_AFTER, ROLE_BEFORE, SIGNING
from graph.extract.entities import Paragraph, Registry

# "exchanged three memoranda. The first, with A, covers ...; Under the second, B and C will
# ...": a sentence opening with an ordinal that stands for one of the agreements counted.
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}
ORDINAL = re.compile(
    r"^\W*(?:(?:under|in|with)\s+)?the\s+(?P<nth>" + "|".join(ORDINALS) + r")\s*(?:,|(?=(?:one|"
    r"mou|memorandum|agreement)\b))",
    re.I,
)
BLOCKERS = lx.OTHER_EVENTS | lx.OTHER_AGREEMENT | lx.SPEECH_VERBS


def _blocks(t: Token) -> bool:
    """Another event's word, or a semicolon; "signed during a video conference" is the signing
    itself."""
    if t.lower_ == "conference" and t.i and t.nbor(-1).lower_ in {"video", "virtual", "online"}:
        return False
    return t.lower_ in BLOCKERS or t.text == ";"


@dataclass(frozen=True)
class Fact:
    """One proposed statement about the agreement and the sentence that states it."""

    field: str  # parties | signatories | witnesses | facilitators | signed_on | signed_at | type
    value: str  # an entity key (see entities.Found), a date, or an agreement type
    evidence: tuple[int, int]  # original offsets of the sentence


class Sentence:
    """One sentence of one paragraph, with its cues outside quotations."""

    def __init__(self, para: Paragraph, sent: Span, cues: list[Span], registry: Registry) -> None:
        self.para, self.sent, self.doc, self.registry = para, sent, sent.doc, registry
        self.cues = [c for c in cues if not para.quoted[c.start]]
        self.evidence = para.evidence(sent)
        roles = {*ROLE_AFTER, *ROLE_BEFORE}
        self.breaks = sorted(
            {t.i for t in sent if t.text == ";" or t.lower_ in lx.CLAUSE_BREAKS}
            | {c.start for c in self.cues if c.label_ in roles}
            | {c.end - 1 for c in self.cues if c.label_ in roles}
        )
        self.signing = [c for c in self.cues if c.label_ in SIGNING]  # by start, disjoint
        self._signing_starts = [c.start for c in self.signing]
        self._signing_ends = [c.end for c in self.signing]
        self.agreement_noun = any(t.lower_ in lx.AGREEMENT_NOUNS for t in sent)
        blocking = (_blocks(t) for t in sent)
        self._blockers = list(accumulate(blocking, initial=0))  # blockers before each token

    def _blocked(self, a: int, b: int) -> bool:
        """Another event, quotation or clause break between token positions a and b."""
        lo, hi = min(a, b) - self.sent.start, max(a, b) - self.sent.start
        return self._blockers[hi] > self._blockers[lo]

    def _reached(self, starts: list[int], i: int, either_side: bool) -> bool:
        """Whether a position in sorted `starts` before i (or after it, if either_side) has
        nothing blocking between it and i."""
        k = bisect_left(starts, i)
        near = starts[max(0, k - 1) : k] + (starts[k : k + 1] if either_side else [])
        return any(not self._blocked(s, i) for s in near)

    def _signed_before(self, i: int) -> bool:
        """A signing cue ends before token i with nothing blocking between."""
        k = bisect_right(self._signing_ends, i)
        return k > 0 and not self._blocked(self.signing[k - 1].start, i)

    def fact(self, field: str, value: str) -> Fact:
        return Fact(field, value, self.evidence)

    def _attached(self, i: int) -> Span | None:
        """The signing cue token i (a date or a place) belongs to: the nearer unblocked of the
        nearest cues on either side (the earlier on a tie)."""
        k = bisect_left(self._signing_starts, i)
        for cue in sorted(self.signing[max(0, k - 1) : k + 1], key=lambda c: abs(c.start - i)):
            if not self._blocked(*sorted((cue.start, i))):
                return cue
        return None
