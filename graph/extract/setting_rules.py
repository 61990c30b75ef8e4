"""When and where the signing took place, and what kind of agreement was signed.

A date or "at/in" place belongs to the signing when no other event
("announced ... on Friday", "a visit by ...") stands between it and the cue,
or when it dates the event the signing took place "during"; a date after the
publication is a plan, never the signing's.
"""

from collections.abc import Iterator
from datetime import date

from graph.extract import lexicon as lx
from graph.extract.dates import MONTHS, WEEKDAYS, find_dates
from graph.extract.kinds import kinds_in
from graph.extract.new_names import nameish
from graph.extract.sentence import Fact, Sentence

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
DATELINE_TOKENS = 12
DATELINE_MARKS = {"--", "\u2014", "\u2013", "-"}


class SettingRules(Sentence):
    """The rules dating and placing the signing, and typing the agreement."""

    def _dateline_end(self) -> int:
        """Where a paragraph's dateline ends ("NAIROBI, April 19 (Agency) --"): its date is the
        report's, not the signing's. 0 when the paragraph has none."""
        doc = self.doc
        if self.sent.start != 0:
            return 0
        for t in doc[: min(len(doc), DATELINE_TOKENS)]:
            if t.text in DATELINE_MARKS:
                return t.i
        return 0

    def dates(self, published: date | None) -> Iterator[Fact]:
        if not self.signing:
            return
        dateline_end = self._dateline_end()
        for found in find_dates(self.sent.text, published):
            span = self.doc.char_span(
                self.sent.start_char + found.start,
                self.sent.start_char + found.end,
                alignment_mode="expand",
            )
            if span is None or span.start < dateline_end:
                continue
            if published and found.value > published.isoformat()[: len(found.value)]:
                continue  # "to be operational in 2024": not a signing the report looks back on
            attached = self._attached(span.start) or self._during(span.start)
            if not self.para.quoted[span.start] and attached:
                yield self.fact("signed_on", found.value)

    def _during(self, i: int) -> bool:
        """A date inside "during <event>" after the signing ("signed ... during the minister's
        visit to Estonia from 16 to 18 May 2022"): the event it names dates the signing."""
        k = next(
            (t.i for t in reversed(self.doc[self.sent.start : i]) if t.lower_ == "during"), None
        )
        return k is not None and self._signed_before(k)

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
            place = self._place(t.i, 0 <= t.i - cue.end <= 2, self._signed_before(t.i))
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
        elif (
            nameish(doc[j])
            and not doc[j].like_num  # "in 2017"
            and not (doc[j].is_upper and len(doc[j]) > 1)  # "in ICT": a field, not a place
            and doc[j].lower_ not in {*MONTHS, *WEEKDAYS, *lx.FUNCTION_WORDS}
        ):
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
        if not self.signing:
            return
        for found in kinds_in(self.sent.text):
            span = self.doc.char_span(
                self.sent.start_char + found.start,
                self.sent.start_char + found.end,
                alignment_mode="expand",
            )
            if span is not None and not self.para.quoted[span.start]:
                yield self.fact("type", found.kind)
