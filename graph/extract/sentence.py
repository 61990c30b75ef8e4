"""One sentence as every rule reads it: its cues, clause breaks and signing cues.

The rules read English press releases in linear order, so what they share is
where a sentence's cues and clause breaks are, and whether another event
("announced ... on Friday", "a visit by ...") stands between two positions.
Cues inside quotations ("delighted to sign") are not reports of the signing
and are dropped here.
"""

from dataclasses import dataclass

from spacy.tokens import Span

from graph.extract import lexicon as lx
from graph.extract.cues import ROLE_AFTER, ROLE_BEFORE, SIGNING
from graph.extract.entities import Paragraph, Registry


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
        self.signing = [c for c in self.cues if c.label_ in SIGNING]
        self.agreement_noun = any(t.lower_ in lx.AGREEMENT_NOUNS for t in sent)

    def fact(self, field: str, value: str) -> Fact:
        return Fact(field, value, self.evidence)

    def _blocked(self, a: int, b: int) -> bool:
        """Another event, quotation or clause break between token positions a and b."""
        lo, hi = min(a, b), max(a, b)
        return any(
            t.lower_ in lx.OTHER_EVENTS | lx.OTHER_AGREEMENT | lx.SPEECH_VERBS or t.text == ";"
            for t in self.doc[lo:hi]
        )

    def _attached(self, i: int) -> Span | None:
        """The signing cue token i (a date or a place) belongs to, if any."""
        for cue in sorted(self.signing, key=lambda c: abs(c.start - i)):
            if not self._blocked(*sorted((cue.start, i))):
                return cue
        return None
