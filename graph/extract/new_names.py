"""Names new to the graph: organisations and people, found by their shape.

A blank spaCy pipeline has no statistical NER, so new names are found by the
shape press releases give them:
- organisations: a capitalised run whose head is an organisation word
  ("... Ministry of Justice and Home Affairs", "National University of
  Singapore"), often followed by its acronym in brackets, which then names it
  too ("(IPUR)"); "X at Y" makes Y X's parent body;
- people: a capitalised run of two to four name-like words next to a title or
  honorific ("IPUR Deputy Director, Professor Leonard Lee"), a role cue, or a
  speech verb; later "Mr Kok" / "Prof Lee" resolve to a person already named.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from graph.extract import lexicon as lx
from graph.extract.countries import country_names
from graph.extract.entities import OPAQUE, RULER_KINDS, Found, Paragraph, Registry
from graph.extract.name_shapes import glued, is_acronym, nameish, spelled_out


def _name_word(doc: Doc, k: int) -> bool:
    """Could be part of a person's name: not a title, organisation or function word."""
    t = doc[k]
    if t.text == "-":
        return glued(doc, k)
    if t.text in lx.NAME_PARTICLES or (len(t.text) == 2 and t.text[1] == "." and t.is_upper):
        return True  # "bin", an initial ("K. Rajaraman")
    return not (t.lower_.rstrip(".") in lx.NAME_STOPWORDS_ALL or t.is_upper or t.like_num)


def _demonym(text: str) -> bool:
    """A country name of several words with a demonym's ending ("Sri Lankan", "South African",
    "New Zealander"), which the one-word demonym table does not list."""
    return any(text.endswith(end) and text[: -len(end)] in COUNTRIES for end in DEMONYM_ENDS)


@dataclass
class Candidate:
    start: int
    end: int
    found: Found
    acronym: int | None = None  # token index of "(ACR)"'s ACR
    parent_at: int | None = None  # token index where "at (the) Y" names a parent


COUNTRIES = frozenset(n for n in country_names() if " " in n)
DEMONYM_ENDS = ("n", "an", "ese", "i", "ian", "er")
SECOND_PARTICLES = {"la", "las", "los", "der", "den"}  # "de la", "van der"
PATRONYMS = {"bin", "binti", "bint", "ibn"}  # "son of" / "daughter of" inside a name


class Scanner:
    """Finds new names in one paragraph; `kinds[i]` / `iris[i]` are the gazetteer kind and IRI
    at token i."""

    def __init__(self, para: Paragraph, registry: Registry) -> None:
        self.para = para
        self.doc = para.doc
        self.registry = registry
        self.kinds: list[str | None] = [None] * len(self.doc)
        self.iris: list[str | None] = [None] * len(self.doc)
        for ent in self.doc.ents:
            for i in range(ent.start, ent.end):
                self.kinds[i], self.iris[i] = RULER_KINDS.get(ent.label_), ent.ent_id_

    def opaque(self, i: int) -> bool:
        return self.kinds[i] in OPAQUE

    def org_run(self, i: int, stop: int) -> int:
        """End of the organisation-like capitalised run starting at i."""
        doc, end, k, after_of, listed = self.doc, i + 1, i + 1, False, False
        while k < stop and not self.opaque(k):
            t = doc[k]
            if nameish(t):
                k, end = k + 1, k + 1
                continue
            if glued(doc, k) and nameish(doc[k + 1]):
                k += 1
                continue
            if t.text == "," and after_of and self._list_comma(k, stop):
                k, listed = k + 1, True  # "Ministry of Information, Communications and ..."
                continue
            low, nxt = t.lower_, k + 1
            if low in {"of", "for", "on"} and nxt < stop and doc[nxt].lower_ == "the":
                nxt += 1
            if low == "and" and listed and nxt < stop and doc[nxt].lower_ == "the":
                nxt += 1  # "..., Communications and the Digital Economy"
            joins = low in {"of", "for", "on", "&"} or (
                low == "and"
                and (
                    after_of
                    or doc[k - 1].lower_ in lx.NAME_STOPWORDS
                    or (self._plain(i, k) and self._headed(nxt, stop))
                    or spelled_out(doc, i, k) is not None
                )
                and not self._next_name_starts(nxt, stop)
            )
            if joins and nxt < stop and nameish(doc[nxt]) and not self.opaque(nxt):
                after_of = after_of or low in {"of", "for", "on"}
                k = nxt
                continue
            break
        return end

    def _list_comma(self, k: int, stop: int) -> bool:
        """A comma inside a portfolio's list (", Communications and (the) Digital Economy"):
        plain capitalised words after it, then "and" and another one."""
        doc, j = self.doc, k + 1

        def plain(i: int) -> bool:
            return i < stop and nameish(doc[i]) and self.kinds[i] is None

        while j - k <= 3 and plain(j) and doc[j].lower_ not in lx.ORG_HEADS:
            j += 1
        if j == k + 1 or j >= stop or doc[j].lower_ != "and":
            return False
        j += 2 if j + 1 < stop and doc[j + 1].lower_ == "the" else 1
        return plain(j)

    def _plain(self, i: int, k: int) -> bool:
        """One or two words with no title in them ("US Cybersecurity"): the start of a name that
        goes on past "and", not "Director General Margus Tamm"."""
        words = self.doc[i:k]
        return len(words) <= 2 and not any(t.lower_ in lx.NAME_STOPWORDS_ALL for t in words)

    def _headed(self, k: int, stop: int) -> bool:
        """A capitalised run from k ends in an organisation head word: "Cybersecurity and
        Infrastructure Security Agency" is one name, "X and Y" of two plain words is not."""
        end = k
        while end < stop and end - k < 6 and nameish(self.doc[end]) and not self.opaque(end):
            end += 1
        return end > k and self.doc[end - 1].lower_ in lx.ORG_HEADS

    def _next_name_starts(self, k: int, stop: int) -> bool:
        """After 'and': another body's name ("... and Estonia's Ministry of ...", "... and the
        Ministry of ..."), not the rest of this one's portfolio."""
        owner = (
            self.kinds[k] == "country" and k + 1 < stop and self.doc[k + 1].lower_ in lx.OWNER_MARKS
        )
        return owner or self.doc[k].lower_ in {"ministry", "department", "agency", "authority"}

    def org_candidates(self, sent: Span) -> Iterator[Candidate]:
        doc, i = self.doc, sent.start
        while i < sent.end:
            if not nameish(doc[i]) or self.opaque(i):
                i += 1
                continue
            end = self.org_run(i, sent.end)
            if i - 2 >= sent.start and glued(doc, i - 1) and len(doc[i - 2].text) == 1:
                i -= 2  # "e-Governance Academy"
            cand = self._org(i, end, sent.end)
            if cand is None:  # "Director General of the Estonian Data Agency": the body after
                cand = self._after_title(i, end, sent.end)
            if cand:
                yield cand
            i = end

    def _after_title(self, start: int, end: int, stop: int) -> Candidate | None:
        """The organisation after "of (the)" in a run headed by a title ("Director General of
        the ...", "Cabinet Secretary of Kenya's Ministry of ..."), if it is one."""
        if self.doc[start].lower_ not in lx.TITLE_WORDS | {"cabinet"}:
            return None
        k = next((t.i for t in self.doc[start:end] if t.lower_ in {"of", "at"}), None)
        if k is None or self.doc[k - 1].lower_ not in lx.TITLE_HEADS:
            return None
        k += 1 + (self.doc[k + 1].lower_ == "the")
        return self._org(k, end, stop) if k < end else None

    def _org(self, start: int, end: int, stop: int) -> Candidate | None:
        doc, country = self.doc, None
        owner = start - 2 if start >= 2 and doc[start - 1].lower_ in lx.OWNER_MARKS else None
        if owner is not None and self.kinds[owner] == "country":  # "the Emirates' Authority"
            country = self.registry.known(self._iri(owner), "country", doc[owner].text).country
        while start < end:
            t, after = doc[start], start + 1  # after the country's name: "United Arab Emirates'"
            while (
                after < end
                and self.kinds[after] == "country"
                and self.iris[after] == self.iris[start]
            ):
                after += 1
            possessive = after < end and doc[after].lower_ in lx.OWNER_MARKS
            if self.kinds[start] == "country" and possessive:
                name = doc[start:after].text
                country = self.registry.known(self._iri(start), "country", name).country
                start = after + 1
            elif t.lower_ in lx.FUNCTION_WORDS:
                start += 1
            else:
                break
        for t in doc[start:end]:  # "the European Union's EU-LAC Digital Alliance": the owner
            if t.text in lx.POSSESSIVES and doc[t.i - 1].lower_ in lx.ORG_HEADS:
                start = t.i + 1
        if end - start < 2:
            return None
        words = [t for t in doc[start:end] if t.lower_ not in lx.CONNECTORS]
        head_end = next((t.i for t in doc[start:end] if t.lower_ in {"of", "for", "on"}), end)
        heads = [t for t in doc[start:head_end] if self.kinds[t.i] not in {"country", "demonym"}]
        if not heads or heads[-1].lower_ not in lx.ORG_HEADS or len(words) < 2:
            return None
        for t in doc[start:end]:
            if self.kinds[t.i] in {"country", "demonym"}:
                country = country or self.registry.known(self._iri(t.i), "country", t.text).country
        name_end = end
        city = end + 4 < stop and doc[end].text == "," and nameish(doc[end + 1])
        if city and doc[end + 2].text == "(" and doc[end + 4].text == ")":
            name_end = end = end + 2  # "Vietnam National University, Hanoi (VNU)"
        found = self.registry.new("org", doc[start:name_end].text, country)
        found.org_type = found.org_type or lx.ORG_HEADS[heads[-1].lower_]
        cand = Candidate(start, name_end, found)
        bracket = end + 2 < stop and doc[end].text == "(" and doc[end + 2].text == ")"
        if bracket and (is_acronym(doc[end + 1]) or self.kinds[end + 1] == "org"):
            cand.acronym = end + 1
            if doc[end + 1].text not in found.alts:
                found.alts.append(doc[end + 1].text)
            end += 3
        if end + 1 < stop and doc[end].lower_ == "at":
            cand.parent_at = end + 2 if doc[end + 1].lower_ == "the" else end + 1
        return cand

    def _iri(self, i: int) -> str:
        iri = self.iris[i]
        assert iri is not None, "called only where the gazetteer named a country"
        return iri

    def person_candidates(self, sent: Span, cue: bool) -> Iterator[Candidate]:
        """Two to four name words after any title/honorific words of a capitalised run."""
        doc, i = self.doc, sent.start
        while i < sent.end:
            if not nameish(doc[i]) or self.kinds[i] is not None:
                i += 1
                continue
            end = i + 1
            while end < sent.end and self.kinds[end] is None:
                if nameish(doc[end]) and not doc[end].like_num:
                    end += 1
                elif glued(doc, end) and doc[end].text == "-" and doc[end + 1].is_alpha:
                    end += 2  # Oyun-Erdene, Park Jin-ho
                elif self._particle(end, sent.end):
                    end += 1  # Maktoum bin Mohammed
                elif self._particle(end, sent.end, pair=True):
                    end += 2  # Ximena Puente de la Mora
                elif self._patronym(end, sent.end):
                    end = next(e.end for e in self.doc.ents if e.start == end + 1)
                else:
                    break
            cand = self._person(i, end, sent, cue)
            if cand:
                yield cand
            i = end

    def _particle(self, k: int, stop: int, pair: bool = False) -> bool:
        """A particle inside a name ("bin", "von"); `pair`: two of them ("de la", "van der")."""
        t, k = self.doc[k], k + pair
        return (
            t.is_lower
            and t.text in lx.NAME_PARTICLES
            and (not pair or (k < stop and self.doc[k].text in SECOND_PARTICLES))
            and k + 1 < stop
            and nameish(self.doc[k + 1])
            and self.kinds[k + 1] is None
        )

    def _patronym(self, k: int, stop: int) -> bool:
        """ "Khaled bin Mohamed bin Zayed Al Nahyan", where the graph knows "Mohamed bin Zayed Al
        Nahyan": a name before "bin" makes the known person the father named in a longer name."""
        t = self.doc[k]
        return (
            t.text in PATRONYMS
            and k + 1 < stop
            and self.kinds[k + 1] == "person"
            and nameish(self.doc[k - 1])
            and self.kinds[k - 1] is None
        )

    def _person(self, start: int, end: int, sent: Span, cue: bool) -> Candidate | None:
        doc = self.doc
        name_start = end  # the name is the run's longest tail of name-like words
        while name_start > start and _name_word(doc, name_start - 1):
            name_start -= 1
        if name_start < end and doc[name_start].text == "-":
            name_start += 1
        while name_start < end and doc[name_start].lower_ in lx.INNER_HONORIFICS:
            name_start += 1
        inner = lx.NAME_PARTICLES | {w.title() for w in lx.INNER_HONORIFICS}
        words = [w for w in doc[name_start:end].text.split() if w not in inner]
        if _demonym(doc[name_start:end].text):
            return None  # "the Sri Lankan leader", "a New Zealander"
        longest = 4 + sum(w in PATRONYMS for w in doc[name_start:end].text.split())  # "A bin B"
        if not 2 <= len(words) <= longest or doc[name_start].text in lx.NAME_PARTICLES:
            return None
        before = doc[max(sent.start, name_start - 6) : name_start]
        after = doc[end : min(sent.end, end + 4)]
        titled = any(t.lower_.rstrip(".") in lx.TITLE_WORDS | lx.HONORIFICS for t in before)
        described = (
            len(after) > 1
            and after[0].text == ","
            and any(t.lower_ in lx.TITLE_WORDS for t in after[1:])
        )
        speaks = any(t.lower_ in lx.SPEECH_VERBS for t in after[:2])
        if not (titled or described or speaks or cue):
            return None
        if name_start - 2 >= sent.start and doc[name_start - 1].lower_ in {"and", "of", "for"}:
            left = doc[name_start - 2]
            if left.is_title and left.lower_ in lx.NAME_STOPWORDS:
                return None  # "Secretary of State for Digitalisation and Artificial Intelligence"
        bracketed = name_start > sent.start and doc[name_start - 1].text == "("
        if bracketed and end < sent.end and doc[end].text == ")" and not titled:
            return None  # a dateline's "(Baltic Newswire)": the agency, not a person
        if name_start > sent.start and doc[name_start - 1].lower_ in {"at", "in"} and not titled:
            return None  # "signed at Qasr Al Watan": a place
        return Candidate(name_start, end, self.registry.new("person", doc[name_start:end].text))
