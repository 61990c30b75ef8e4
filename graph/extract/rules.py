"""Sentence rules: who signed, witnessed or brokered an agreement, between whom, when and where.

A blank pipeline has no parser, so the rules are token patterns (spaCy
Matcher) for cue phrases plus the linear order English press releases use:
- a cue that introduces a list ("The signatories were", "Witnessing the
  signing are", "signed by", "Representing the agencies at the signing were")
  takes the people after it, up to the next cue or clause break;
- an active verb ("X and Y signed", "A, together with B, witnessed", "SIN
  Singapore has brokered") takes the names before it;
- "with X" after a signing verb and "between X and Y" name the parties;
  organisations after "at"/"of" ("IPUR at NUS", "Director of GDS") do not;
- a date or "at/in" place belongs to the signing when no other event
  ("announced ... on Friday", "a visit by ...") stands between it and the cue.
Cues inside quotations ("delighted to sign") are not reports of the signing.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from spacy.matcher import Matcher
from spacy.tokens import Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from graph.extract import lexicon as lx
from graph.extract.dates import MONTHS, WEEKDAYS, find_dates
from graph.extract.mentions import Mention, Paragraph, Registry, nameish

ROLE_AFTER = {
    "SIGNATORIES": "signatories",
    "SIGNED_BY": "signatories",
    "REPRESENTING": "signatories",
    "WITNESSING": "witnesses",
    "WITNESSED_BY": "witnesses",
    "FACILITATED_BY": "facilitators",
}
ROLE_BEFORE = {
    "SIGN_VERB": "signatories",
    "WITNESS_VERB": "witnesses",
    "FACILITATE_VERB": "facilitators",
}
SIGNING = {
    "SIGN_VERB",
    "SIGN_NOUN",
    "SIGNATORIES",
    "SIGNED_BY",
    "REPRESENTING",
    "WITNESSING",
    "WITNESSED_BY",
    "WITNESS_VERB",
}
NOT_A_PARTY_AFTER = {"at", "of", "from", "by", "in", "to", "on", "under"}
PLACE_STOP = {
    "in",
    "on",
    "to",
    "with",
    "during",
    "which",
    "where",
    "for",
    "after",
    "before",
    "and",
    "as",
    "when",
    "while",
    "by",
}
MAX_PLACE_TOKENS = 12
ANY = {"IS_SENT_START": False, "IS_PUNCT": False, "OP": "*"}


@dataclass(frozen=True)
class Fact:
    """One proposed statement about the agreement and the sentence that states it."""

    field: str  # parties | signatories | witnesses | facilitators | signed_on | signed_at | type
    value: str  # an entity key (see mentions.Found), a date, or an agreement type
    evidence: tuple[int, int]  # original offsets of the sentence


def cue_matcher(vocab: Vocab) -> Matcher:
    """The cue phrases as token patterns; overlapping matches keep the longest."""
    matcher = Matcher(vocab)
    copula = {"LOWER": {"IN": sorted(lx.COPULAS)}}
    patterns = {
        "SIGN_VERB": [[{"LOWER": {"IN": sorted(lx.SIGN_VERBS)}}]],
        "SIGN_NOUN": [[{"LOWER": {"IN": ["signing", "signature"]}}]],
        "SIGNATORIES": [[{"LOWER": {"IN": ["signatories", "signatory"]}}, copula]],
        "SIGNED_BY": [[{"LOWER": {"IN": sorted(lx.SIGN_VERBS)}}, {"LOWER": "by"}]],
        "REPRESENTING": [[{"LOWER": "representing"}, ANY, {"LOWER": {"IN": ["were", "are"]}}]],
        "WITNESSING": [[{"LOWER": {"IN": ["witnessing", "witnesses"]}}, ANY, copula]],
        "WITNESSED_BY": [
            [{"LOWER": "witnessed"}, {"LOWER": "by"}],
            [{"LOWER": "in"}, {"LOWER": "the"}, {"LOWER": "presence"}, {"LOWER": "of"}],
        ],
        "WITNESS_VERB": [[{"LOWER": {"IN": ["witness", "witnessed"]}}]],
        "FACILITATED_BY": [
            [
                {"LOWER": {"IN": sorted(lx.FACILITATE_VERBS | {"supported", "mediated"})}},
                {"LOWER": "by"},
            ],
            [
                {"LOWER": "with"},
                {"LOWER": "the", "OP": "?"},
                {"LOWER": "support"},
                {"LOWER": {"IN": ["of", "from"]}},
            ],
        ],
        "FACILITATE_VERB": [[{"LOWER": {"IN": sorted(lx.FACILITATE_VERBS)}}]],
        "WITH": [[{"LOWER": "with"}]],
        "BETWEEN": [[{"LOWER": "between"}]],
    }
    for label, pats in patterns.items():
        matcher.add(
            label, pats, greedy="FIRST" if label in {"REPRESENTING", "WITNESSING"} else None
        )
    return matcher


def _active(sent: Span, cue: Span) -> bool:
    """A verb reported as done by what precedes it: not passive, not 'to sign'."""
    k = cue.start - 1
    while k >= sent.start and (
        sent.doc[k].lower_.endswith("ly")
        or sent.doc[k].lower_ in {"also", "today", "formally", "jointly", "have", "has", "had"}
    ):
        k -= 1
    return k < sent.start or sent.doc[k].lower_ not in lx.PASSIVE_AUX | {"to", "will", "would"}


class SentenceRules:
    """The rules applied to one sentence of one paragraph."""

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

    def _after(self, cue: Span, limit: int | None = None) -> tuple[int, int]:
        end = next((b for b in self.breaks if b >= cue.end), self.sent.end)
        return cue.end, min(end, cue.end + limit) if limit else end

    def _before(self, cue: Span) -> tuple[int, int]:
        start = max((b + 1 for b in self.breaks if b < cue.start), default=self.sent.start)
        return start, cue.start

    def _people(self, start: int, end: int) -> list[Mention]:
        return self.para.within(start, end, {"person"})

    def _orgs(self, start: int, end: int) -> list[Mention]:
        """Organisations in a span that are not attached to a neighbour by 'at'/'of'."""
        kept = []
        for m in self.para.within(start, end, {"org"}):
            k = m.start - 1
            while k >= start:
                left = self.para.at(k)
                if self.doc[k].lower_ in {"the", "(", *lx.POSSESSIVES} or (
                    left and left.kind == "country"
                ):
                    k -= 1
                elif left and left.key == m.key:  # "National University of Singapore (NUS)"
                    k = left.start - 1
                else:
                    break
            if k < start or self.doc[k].lower_ not in NOT_A_PARTY_AFTER:
                kept.append(m)
        return kept

    def _unknown_org(self, start: int, end: int) -> str | None:
        """The last capitalised run of a span that names nothing known: a new organisation."""
        best: tuple[int, int] | None = None
        k = start
        while k < end:
            m = self.para.at(k)
            if nameish(self.doc[k]) and (m is None or m.kind == "country"):
                run = k
                while (
                    k < end
                    and nameish(self.doc[k])
                    and (self.para.at(k) is None or self.para.at(k).kind == "country")
                ):  # type: ignore[union-attr]
                    k += 1
                while run < k and self.doc[run].lower_ in lx.NAME_STOPWORDS_ALL:
                    run += 1
                if run < k and any(self.para.at(i) is None for i in range(run, k)):
                    best = (run, k)
            k += 1
        if best is None:
            return None
        codes = self.registry.gazetteer.name_key(self.doc[best[0] : best[1]].text)[1]
        country = next(iter(codes)) if len(codes) == 1 else None
        return self.registry.new("org", self.doc[best[0] : best[1]].text, country).key

    def roles(self) -> Iterator[Fact]:
        for cue in self.cues:
            label = cue.label_
            if label in ROLE_AFTER:
                start, end = self._after(cue)
                if ROLE_AFTER[label] == "facilitators":
                    for m in self._orgs(start, end):
                        yield self.fact("facilitators", m.key)
                else:
                    for m in self._people(start, end):
                        yield self.fact(ROLE_AFTER[label], m.key)
            elif label in ROLE_BEFORE and _active(self.sent, cue):
                start, end = self._before(cue)
                role = ROLE_BEFORE[label]
                if role == "facilitators":
                    if self.agreement_noun or self.signing:
                        orgs = [m.key for m in self._orgs(start, end)]
                        fallback = self._unknown_org(start, end) if not orgs else None
                        for key in orgs or ([fallback] if fallback else []):
                            yield self.fact("facilitators", key)
                    continue
                for m in self._people(start, end):
                    yield self.fact(role, m.key)
                if role == "signatories":
                    yield from self._parties_of(self._orgs(start, end), start, end)

    def _parties_of(self, orgs: list[Mention], start: int, end: int) -> Iterator[Fact]:
        if orgs:
            for m in orgs:
                yield self.fact("parties", m.key)
        elif not self.para.within(start, end, {"org", "person"}):
            key = self._unknown_org(start, end)
            if key:
                yield self.fact("parties", key)

    def parties(self) -> Iterator[Fact]:
        verbs = [c for c in self.signing if c.label_ in {"SIGN_VERB", "SIGNED_BY"}]
        if self.agreement_noun:
            verbs += [c for c in self.cues if c.label_.startswith("FACILITAT")]
        for cue in self.cues:
            if cue.label_ not in {"WITH", "BETWEEN"}:
                continue
            linked = [v for v in verbs if not self._blocked(*sorted((v.start, cue.start)))]
            if cue.label_ == "WITH" and any(v.start < cue.start for v in linked):
                yield from self._parties_of(
                    self._orgs(*self._after(cue, 12)), *self._after(cue, 12)
                )
            elif cue.label_ == "BETWEEN" and (linked or self._attached(cue.start)):
                for m in self._orgs(*self._after(cue, 20)):
                    yield self.fact("parties", m.key)

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

    def dates(self, published: date | None) -> Iterator[Fact]:
        if not self.signing:
            return
        for found in find_dates(self.sent.text, published):
            span = self.doc.char_span(
                self.sent.start_char + found.start,
                self.sent.start_char + found.end,
                alignment_mode="expand",
            )
            if span is not None and not self.para.quoted[span.start] and self._attached(span.start):
                yield self.fact("signed_on", found.value)

    def places(self) -> Iterator[Fact]:
        if not self.signing:
            return
        inside_cue = {i for c in self.cues for i in range(c.start, c.end)}
        for t in self.sent:
            if t.lower_ not in {"at", "in"} or t.i in inside_cue or self.para.quoted[t.i]:
                continue
            cue = self._attached(t.i)
            if cue is None:
                continue
            after = any(c.end <= t.i and not self._blocked(c.start, t.i) for c in self.signing)
            place = self._place(t.i, 0 <= t.i - cue.end <= 2, after)
            if place:
                yield self.fact("signed_at", place)
                return

    def _place(self, k: int, allow_country: bool, allow_venue: bool = False) -> str | None:
        """The place named after the preposition at token k, with any 'in Z' as its container.

        A country counts only right after the cue ("signed in Singapore"); a new
        organisation-like name only after it ("signed ... at the Kigali Convention
        Centre", but not "IPUR at the National University of Singapore signed").
        """
        doc, j = self.doc, k + 1
        if j < self.sent.end and doc[j].lower_ == "the":
            j += 1
        if j >= self.sent.end:
            return None
        m = self.para.at(j)
        key, end = None, j
        if m is not None and m.start == j:
            if m.end < self.sent.end and doc[m.end].lower_ in lx.VENUE_NOUNS:
                label = f"{doc[m.start : m.end].text} {doc[m.end].text}"
                key, end = (
                    self.registry.new("place", label, self.registry.found[m.key].country).key,
                    m.end + 1,
                )
            elif m.kind == "place":
                key, end = m.key, m.end
            elif m.kind == "country" and allow_country:
                found = self.registry.found[m.key]
                key, end = self.registry.new("place", found.label, found.country).key, m.end
            elif m.kind == "org" and self.registry.found[m.key].new and allow_venue:
                found = self.registry.found[m.key]  # "at the Kigali Convention Centre": a venue
                key, end = self.registry.new("place", found.label, found.country).key, m.end
            else:
                return None
        elif nameish(doc[j]) and doc[j].lower_ not in {*MONTHS, *WEEKDAYS, *lx.FUNCTION_WORDS}:
            while end < self.sent.end and (nameish(doc[end]) or doc[end].like_num):
                if self.para.at(end) is not None and self.para.at(end).kind != "place":  # type: ignore[union-attr]
                    break
                end += 1
            if end > j:
                key = self.registry.new("place", doc[j:end].text).key
        elif doc[k].lower_ == "at" and doc[j].is_lower:
            while (
                end < self.sent.end
                and end - j < MAX_PLACE_TOKENS
                and not (doc[end].is_punct or doc[end].lower_ in PLACE_STOP)
            ):
                end += 1
            phrase = doc[j:end]
            if any(t.lower_ == "of" for t in phrase) and any(nameish(t) for t in phrase):
                label = phrase.text[0].upper() + phrase.text[1:]
                codes = self.registry.gazetteer.name_key(label)[1]
                country = next(iter(codes)) if len(codes) == 1 else None
                key = self.registry.new("place", label, country).key
        if key is None:
            return None
        if end + 1 < self.sent.end and doc[end].lower_ == "in":
            within = self._place(end, True, True)
            place = self.registry.found[key]
            if within and within != key and place.new:
                place.parent = place.parent or within
        return key

    def agreement_types(self) -> Iterator[Fact]:
        if self.signing:
            for t in self.sent:
                if t.lower_ in lx.AGREEMENT_NOUNS and not self.para.quoted[t.i]:
                    yield self.fact("type", lx.AGREEMENT_NOUNS[t.lower_])


def extract_facts(
    paragraphs: list[Paragraph], registry: Registry, vocab: Vocab, published: date | None
) -> list[Fact]:
    """Every fact every sentence of the article states about its signing, in text order."""
    matcher = cue_matcher(vocab)
    facts: list[Fact] = []
    for para in paragraphs:
        cues = filter_spans(matcher(para.doc, as_spans=True))
        for sent in para.doc.sents:
            here = [c for c in cues if sent.start <= c.start and c.end <= sent.end]
            rules = SentenceRules(para, sent, here, registry)
            facts += [*rules.roles(), *rules.parties(), *rules.dates(published)]
            facts += [*rules.places(), *rules.agreement_types()]
    return facts
