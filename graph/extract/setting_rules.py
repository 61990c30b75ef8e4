"""When and where the signing took place, and what kind of agreement was signed.

A date or "at/in" place belongs to the signing when no other event
("announced ... on Friday", "a visit by ...") stands between it and the cue,
or when it dates the event the signing took place "during"; a date after the
publication is a plan, never the signing's. A signing that refers back to its
occasion ("After their talks, ... signed", "At the end of the working session",
"on the sidelines of the Forum") and gives no date or place of its own takes
those of the sentence that described the meeting, visit or forum, a few
sentences before: press releases tell the occasion first and the signing after.
"""

from collections.abc import Callable, Iterator
from datetime import date
from weakref import WeakKeyDictionary

from spacy.tokens import Span

from graph.extract import countries as pw
from graph.extract import dates as dt
from graph.extract.entities import Registry
from graph.extract.kinds import kinds_in
from graph.extract.name_shapes import nameish
from graph.extract.place_names import PlaceNames
from graph.extract.sentence import BLOCKERS, Fact

DATELINE_TOKENS = 12
CONCLUDING = {"concluded", "completed", "finalised", "finalized", "wrapped"}
NEGOTIATIONS = {"negotiations", "negotiation", "talks"}
ACCESSION_WORDS = {"accession", "accede", "accedes", "acceded", "acceding"}
PAGES = {"page", "pages"}
TITLE_JOINERS = {"of", "on", "for", "and", "the", "in"}  # inside an agreement's capitalised name
DATELINE_MARKS = {"--", "\u2014", "\u2013", "-"}
# Per article (its registry): the sentence rules of one article run in text order.
_READINGS: "WeakKeyDictionary[Registry, dt.Reading]" = WeakKeyDictionary()


class SettingRules(PlaceNames):
    """The rules dating and placing the signing, and typing the agreement."""

    _seen: set[int] | None = None
    _who: set[int] = set()  # noqa: RUF012  (set per sentence by _transparent)

    def _dateline_end(self) -> int:
        """Where a paragraph's dateline ends ("NAIROBI, April 19 (Agency) --", "Georgetown
        [Guyana], November 21 (ANI):"): its date is the report's, not the signing's. 0 when the
        paragraph has none."""
        doc = self.doc
        if self.sent.start != 0:
            return 0
        for t in doc[: min(len(doc), DATELINE_TOKENS)]:
            closes = t.text == "):" or (t.text == ":" and t.i and doc[t.i - 1].text == ")")
            hyphen = t.text == "-" and not (t.whitespace_ and doc[t.i - 1].whitespace_)
            if (t.text in DATELINE_MARKS and not hyphen) or closes:  # "(ANI):" ends it too
                return t.i
        return 0  # a hyphen inside a word ("Australia-Singapore") is no dateline's end

    def _span(self, start: int, end: int) -> Span | None:
        """The tokens of characters start:end of the sentence's text."""
        base = self.sent.start_char
        return self.doc.char_span(base + start, base + end, alignment_mode="expand")

    def _reading(self) -> dt.Reading:
        return _READINGS.setdefault(self.registry, dt.Reading())

    def _dates_here(self, published: date | None) -> Iterator[tuple[int, str]]:
        """(token, value) of each date the sentence gives, outside its dateline and quotations,
        and not after the publication ("to be operational in 2024" is a plan)."""
        dateline_end = self._dateline_end()
        for found in dt.find_dates(self.sent.text, published):
            span = self._span(found.start, found.end)
            if span is None or span.start < dateline_end or self.para.quoted[span.start]:
                continue
            if published and found.value > published.isoformat()[: len(found.value)]:
                continue
            yield span.start, found.value

    def dates(self, published: date | None) -> Iterator[Fact]:
        reading = self._reading()
        reading.sentences += 1
        if not self.signing:
            self._note_occasion(reading, published)
            return
        if self._accession():
            return
        own = False
        for i, value in self._dates_here(published):
            cue = self._cue_for(i)
            if cue is not None and self._negotiations_end(cue):
                continue
            if cue is not None or self._during(i):
                own = True
                yield self.fact("signed_on", value)
        occasion = self._occasion(lambda o: o.date is not None) if not own else None
        if occasion is not None and occasion.date:
            yield Fact("signed_on", occasion.date, occasion.evidence)

    def _note_occasion(self, reading: dt.Reading, published: date | None) -> None:
        """Keep a meeting, visit or forum sentence's date and place ("received X in Dubai on
        ...", "went to the Academy in Tallinn"): a signing after it may refer back to it."""
        if not any(t.lower_ in dt.OCCASION_WORDS for t in self.sent):
            return
        day = next((v for _, v in self._dates_here(published)), None)
        place, venue = None, None
        for t in self.sent:
            if self.para.quoted[t.i] or t.i + 2 >= self.sent.end:
                continue
            m, name = self.para.at(t.i + 1), self.doc[t.i + 1].text
            if t.lower_ == "in" and (m.kind == "place" if m else name in pw.CITIES):
                # a city or place the graph knows, not "in digital government"
                place = place or (m.key if m else self.registry.new("place", name).key)
            elif t.lower_ == "at" and venue is None:
                # "at the offices of X", "at the Presidential Palace", not "at the Forum"
                key = self._place(t.i, False, True)
                label = self.registry.found[key].label.lower().split() if key else []
                seat = self._seat(t.i + 2) or self._seat(t.i + 1)
                venue = key if key and (seat or label[-1] in pw.VENUE_HEADS) else None
        place = venue or place
        if day or place:
            reading.occasions.append(dt.Occasion(reading.sentences, day, place, self.evidence))

    def _occasion(self, has: Callable[[dt.Occasion], bool]) -> dt.Occasion | None:
        """The occasion the signing refers back to ("After their talks, ..."), told within the
        last few sentences, with the field wanted."""
        first = self.signing[0].start - self.sent.start
        before = self.sent.text[: self.sent[first].idx - self.sent.start_char]
        if not dt.BACK_TO_OCCASION.search(before):
            return None
        reading = self._reading()
        for o in reversed(reading.occasions):
            if reading.sentences - o.sentence > dt.OCCASION_WINDOW:
                return None
            if has(o):
                return o
        return None

    def _transparent(self) -> set[int]:
        """Tokens whose cue words stand for no other event: the agreement's name ("signed a
        joint statement in Chisinau") and a signer's relative clause ("A, who visited Japan at
        the invitation of MIC, signed")."""
        if self._seen is not None:
            return self._seen
        spans = [self._span(k.start, k.end) for k in kinds_in(self.sent.text)]
        seen = {t for sp in spans if sp is not None for t in range(sp.start, sp.end)}
        self._who = set()
        for t in self.sent:
            if t.lower_ == "who" and t.i > self.sent.start and self.doc[t.i - 1].text == ",":
                end = next((u.i for u in self.doc[t.i : self.sent.end] if u.text == ","), t.i)
                self._who |= set(range(t.i, end))
        self._seen = seen | self._who
        return self._seen

    def _cue_for(self, i: int) -> Span | None:
        """The signing cue a date or place at token i belongs to: the nearer of the nearest cues
        on either side with no other event between, outside the agreement's name and a
        signer's relative clause; none for a place or date inside that clause."""
        transparent = self._transparent()
        cue = self._attached(i)
        if cue is None:
            before = [c for c in self.signing if c.end <= i][-1:]
            after = [c for c in self.signing if c.start > i][:1]
            for c in sorted(before + after, key=lambda c: abs(c.start - i)):
                lo, hi = (c.end, i) if c.end <= i else (i, c.start)
                if not any(
                    (t.lower_ in BLOCKERS or t.text == ";") and t.i not in transparent
                    for t in self.doc[lo:hi]
                ):
                    cue = c
                    break
        if cue is not None and i in self._who and cue.start not in self._who:
            return None
        return cue

    def _during(self, i: int) -> bool:
        """A date inside "during <event>" after the signing ("signed ... during the minister's
        visit to Estonia from 16 to 18 May 2022"): the event it names dates the signing."""
        k = next(
            (t.i for t in reversed(self.doc[self.sent.start : i]) if t.lower_ == "during"), None
        )
        return k is not None and self._signed_before(k)

    def places(self) -> Iterator[Fact]:
        if not self.signing or self._accession():
            return
        inside_cue = {i for c in self.cues for i in range(c.start, c.end)}
        for t in self.sent:
            if t.lower_ not in {"at", "in"} or t.i in inside_cue or self.para.quoted[t.i]:
                continue
            cue = self._cue_for(t.i)
            if cue is None or self._in_title(t.i):
                continue
            place = self._place(t.i, 0 <= t.i - cue.end <= 2, self._signed_before(t.i))
            if place:
                yield self.fact("signed_at", place)
                return
        city = self._event_city()
        if city is not None:
            yield self.fact("signed_at", city)
            return
        occasion = self._occasion(lambda o: o.place is not None)
        if occasion is not None and occasion.place:
            yield Fact("signed_at", occasion.place, occasion.evidence)

    def _event_city(self) -> str | None:
        """The city an event named after it is held in, when the signing took place during it
        ("signed ... during the Tallinn Digital Summit", "during the Tallinn e-Governance
        Conference, where eGA put its name to ..."): the city, as the records place it."""
        doc, end = self.doc, self.sent.end
        for t in self.sent:
            if t.lower_ != "during" or self.para.quoted[t.i]:
                continue
            j = t.i + 2 if t.i + 1 < end and doc[t.i + 1].lower_ == "the" else t.i + 1
            m = self.para.at(j) if j < end else None
            if m is not None and (m.start != j or m.kind != "place"):
                continue
            if m is None and (j >= end or doc[j].text not in pw.CITIES):
                continue  # a place the graph knows, or a city of the table
            k = m.end if m is not None else j + 1
            name_end = k
            while k < end and (nameish(doc[k]) or doc[k].text == "-") and not doc[k].like_num:
                k += 1
            if k == name_end or doc[k - 1].lower_ not in pw.EVENT_NOUNS:
                continue
            where = k + 2 < end and doc[k].text == "," and doc[k + 1].lower_ == "where"
            if self._signed_before(t.i) or (where and any(c.start > k for c in self.signing)):
                return m.key if m is not None else self.registry.new("place", doc[j].text).key
        return None

    def _negotiations_end(self, cue: Span) -> bool:
        """The cue ends the negotiations, not the signing ("Negotiations on the agreement were
        concluded on 23 March"): that date comes before the signing."""
        before = self.doc[self.sent.start : cue.start]
        return cue[0].lower_ in CONCLUDING and any(t.lower_ in NEGOTIATIONS for t in before)

    def _accession(self) -> bool:
        """A party joining an agreement already signed ("signed the supplemental pages of the
        MoU", "its instrument of accession"): the date and place are the accession's."""
        pages = any(
            t.lower_ == "supplemental" and t.i + 1 < self.sent.end and t.nbor().lower_ in PAGES
            for t in self.sent
        )  # not "a supplemental agreement", signed on its own day
        return pages or any(t.lower_ in ACCESSION_WORDS for t in self.sent)

    def _in_title(self, i: int) -> bool:
        """The "in" at token i is a word of the agreement's capitalised name ("the Memorandum of
        Understanding on Cooperation in Regional Payment Connectivity"): capitalised words and
        their small connectors run back from it to the agreement's noun."""
        doc = self.doc
        if i + 1 >= self.sent.end or not doc[i + 1].is_title or not doc[i - 1].is_title:
            return False
        names = self._kind_tokens()
        k = i - 1
        while k > self.sent.start and k not in names:
            if not (doc[k].is_title or doc[k].lower_ in TITLE_JOINERS):
                return False
            k -= 1
        return k in names and doc[k].is_title

    def _kind_tokens(self) -> set[int]:
        """Tokens of the agreement nouns the sentence names ("Memorandum of Understanding")."""
        spans = [self._span(k.start, k.end) for k in kinds_in(self.sent.text)]
        return {t for sp in spans if sp is not None for t in range(sp.start, sp.end)}

    def agreement_types(self) -> Iterator[Fact]:
        if not self.signing:
            return
        for found in kinds_in(self.sent.text):
            span = self._span(found.start, found.end)
            if span is not None and not self.para.quoted[span.start]:
                yield self.fact("type", found.kind)
