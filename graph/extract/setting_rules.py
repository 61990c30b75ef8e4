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
from graph.extract import lexicon as lx
from graph.extract.entities import Mention, Registry
from graph.extract.kinds import kinds_in
from graph.extract.new_names import nameish
from graph.extract.sentence import BLOCKERS, Fact, Sentence

MAX_PLACE_TOKENS = 12
DATELINE_TOKENS = 12
DATELINE_MARKS = {"--", "\u2014", "\u2013", "-"}
# Per article (its registry): the sentence rules of one article run in text order.
_READINGS: "WeakKeyDictionary[Registry, dt.Reading]" = WeakKeyDictionary()


class SettingRules(Sentence):
    """The rules dating and placing the signing, and typing the agreement."""

    _seen: set[int] | None = None
    _who: set[int] = set()  # noqa: RUF012  (set per sentence by _transparent)

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
        own = False
        for i, value in self._dates_here(published):
            if self._cue_for(i) is not None or self._during(i):
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
        if not self.signing:
            return
        inside_cue = {i for c in self.cues for i in range(c.start, c.end)}
        for t in self.sent:
            if t.lower_ not in {"at", "in"} or t.i in inside_cue or self.para.quoted[t.i]:
                continue
            cue = self._cue_for(t.i)
            if cue is None:
                continue
            place = self._place(t.i, 0 <= t.i - cue.end <= 2, self._signed_before(t.i))
            if place:
                yield self.fact("signed_at", place)
                return
        occasion = self._occasion(lambda o: o.place is not None)
        if occasion is not None and occasion.place:
            yield Fact("signed_at", occasion.place, occasion.evidence)

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
        j, country = self._after_city_noun(j)
        if country is not None:
            allow_country = False  # "in the capital of Estonia" is no city
        m = self.para.at(j)
        key, end = None, j
        if (venue := self._venue(j, m)) is not None:
            key, end = venue
        elif m is not None and m.start == j:
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
            elif (
                m.kind == "org"
                and allow_venue
                and (
                    self.registry.found[m.key].new  # "at the Kigali Convention Centre": a venue
                    # "signed at the Israeli Prime Minister's Office", right after the cue
                    # (not "the Minister of Energy at the PMO"): the body's seat, as the curated
                    # records place it; not "at the UN Public Service Forum"
                    or (allow_country and doc[k].lower_ == "at" and not self._goes_on(m.end))
                )
            ):
                label, country = doc[m.start : m.end].text, self.registry.country_of(m.key)
                key, end = self.registry.new("place", label, country).key, m.end
            else:
                return None
        elif (
            nameish(doc[j])
            and not doc[j].like_num  # "in 2017"
            and not (doc[j].is_upper and len(doc[j]) > 1)  # "in ICT": a field, not a place
            and doc[j].lower_ not in {*dt.MONTHS, *dt.WEEKDAYS, *lx.FUNCTION_WORDS, *pw.FIELD_NOUNS}
        ):
            while end < self.sent.end and (nameish(doc[end]) or doc[end].like_num):
                if self.para.at(end) is not None and self.para.at(end).kind != "place":  # type: ignore[union-attr]
                    break
                end += 1
            if end > j:
                key = self.registry.new("place", doc[j:end].text, country or None).key
        elif doc[k].lower_ == "at" and self._seat(j):  # not "at the invitation of"
            while (
                end < self.sent.end
                and end - j < MAX_PLACE_TOKENS
                and (
                    not (doc[end].is_punct or doc[end].lower_ in pw.PLACE_STOP)
                    or self._inside_name(end)  # "the Ministry of Information and Communications"
                )
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

    def _goes_on(self, i: int) -> bool:
        """A name continues at token i ("the United Nations Public Service Forum")."""
        return i < self.sent.end and nameish(self.doc[i])

    def _inside_name(self, i: int) -> bool:
        """An "and" between capitalised words, as inside a name."""
        doc = self.doc
        return (
            doc[i].lower_ == "and"
            and self.sent.start < i < self.sent.end - 1
            and nameish(doc[i - 1])
            and nameish(doc[i + 1])
        )

    def _seat(self, j: int) -> bool:
        """A body's seat starts at j: "headquarters", "official residence"."""
        doc, end = self.doc, self.sent.end
        return doc[j].lower_ in pw.SEAT_NOUNS or (
            j + 1 < end and doc[j].is_lower and doc[j + 1].lower_ in pw.SEAT_NOUNS
        )

    def _after_city_noun(self, j: int) -> tuple[int, str | None]:
        """Past "[Finnish] city of" / "[Estonian] capital," to the city's name, with the
        demonym's country ("" when none); (j, None) when no such phrase starts at j."""
        doc, end = self.doc, self.sent.end
        m, country = self.para.at(j), ""
        if m is not None and m.start == j and m.kind in {"country", "demonym"}:
            country, j2 = self.registry.country_of(m.key) or "", m.end
        else:
            j2 = j
        if j2 + 1 >= end or doc[j2].lower_ not in pw.CITY_NOUNS:
            return j, None
        j2 += 1
        if doc[j2].lower_ == "of" or doc[j2].text == ",":
            j2 += 1
        if j2 < end and nameish(doc[j2]) and not doc[j2].like_num:
            return j2, country
        return j, None

    def _venue(self, j: int, m: Mention | None) -> tuple[str, int] | None:
        """A venue named after its city ("the Kigali Convention Centre") or a street address
        ("10 Whitechapel High Street, London"): a new place within the city named."""
        doc, stop, start, owner = self.doc, self.sent.end, j, None
        if doc[j].like_num:  # an address
            heads, j = pw.STREET_HEADS, j + 1
        elif m is not None and m.start == j and m.kind in {"place", "country"}:
            heads, j, owner = pw.VENUE_HEADS, m.end, m.key
        else:
            return None
        end = j
        while end < stop and nameish(doc[end]) and not doc[end].like_num:
            inner = self.para.at(end)  # "Convention Centre" read as a new body's name
            if inner is not None and not (
                inner.kind == "org" and self.registry.found[inner.key].new
            ):
                return None
            end += 1
        if end == j or doc[end - 1].lower_ not in heads:
            return None
        city = None
        if end + 1 < stop and doc[end].text == "," and (c := self.para.at(end + 1)) is not None:
            city = c.key if c.kind == "place" and c.start == end + 1 else None
        owner = city or owner
        country = self.registry.country_of(owner) if owner else None
        place = self.registry.new("place", doc[start:end].text, country)
        if city and city != place.key and place.new:
            place.parent = place.parent or city
        return place.key, end

    def agreement_types(self) -> Iterator[Fact]:
        if not self.signing:
            return
        for found in kinds_in(self.sent.text):
            span = self._span(found.start, found.end)
            if span is not None and not self.para.quoted[span.start]:
                yield self.fact("type", found.kind)
