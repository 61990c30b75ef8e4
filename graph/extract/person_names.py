"""People's names new to the graph, found by their shape.

A capitalised run of two to four name-like words next to a title or honorific
("IPUR Deputy Director, Professor Leonard Lee"), a role cue, or a speech verb;
name particles ("bin", "von", "de la") and patronyms ("A bin B") stay inside it.
The base of new_names.Scanner, which adds organisations' names.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from graph.extract import lexicon as lx
from graph.extract.countries import country_names
from graph.extract.entities import OPAQUE, RULER_KINDS, Found, Paragraph, Registry
from graph.extract.name_shapes import glued, nameish


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


class PersonScanner:
    """Finds new people's names in one paragraph; `kinds[i]` / `iris[i]` are the gazetteer kind
    and IRI at token i."""

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
