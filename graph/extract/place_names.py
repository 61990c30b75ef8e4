"""Which words name the place of a signing: a known or new place, a venue named after its
city, a street address, "the Finnish city of Turku", a body's building; not a name that goes on
past the place, nor the seat of a body named in a title.

Shared by the setting rules (graph.extract.setting_rules), which decide which places are the
signing's.
"""

from graph.extract import countries as pw
from graph.extract import dates as dt
from graph.extract import lexicon as lx
from graph.extract.entities import Mention
from graph.extract.name_shapes import nameish
from graph.extract.sentence import Sentence

MAX_PLACE_TOKENS = 12


class PlaceNames(Sentence):
    """The place names of one sentence."""

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
            described = end < self.sent.end and doc[end].lower_ in pw.DESCRIBED_NOUNS
            if end > j and not described:  # not "in the Caribbean nation"
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
