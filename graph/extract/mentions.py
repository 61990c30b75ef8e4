"""Who and what an article names: gazetteer matches plus organisations and people new to the graph.

A blank spaCy pipeline has no statistical NER, so new names are found by the
shape press releases give them:
- organisations: a capitalised run whose head is an organisation word
  ("... Ministry of Justice and Home Affairs", "National University of
  Singapore"), often followed by its acronym in brackets, which then names it
  too ("(IPUR)"); "X at Y" makes Y X's parent body;
- people: a capitalised run of two to four name-like words next to a title or
  honorific ("IPUR Deputy Director, Professor Leonard Lee"), a role cue, or a
  speech verb; later "Mr Kok" / "Prof Lee" resolve to a person already named.
Two passes over the article: the first collects full names, the second finds
every mention of them (acronyms, short forms) so later sentences link.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from graph.extract import lexicon as lx
from graph.extract.chrome import Block
from graph.extract.gazetteer import Entry, Gazetteer

RULER_KINDS = {
    "ORG": "org",
    "PERSON": "person",
    "PLACE": "place",
    "PROGRAMME": "programme",
    "COUNTRY": "country",
    "DEMONYM": "demonym",
}
OPAQUE = {"org", "person", "place", "programme"}  # a new name never runs through these
QUOTE_OPEN, QUOTE_CLOSE = "\u201c", "\u201d"


@dataclass
class Found:
    """An entity the article talks about: known to the graph (entry) or new."""

    key: str  # the IRI when known, "new:{kind}:{label}" otherwise
    kind: str  # org | person | place | country | programme
    label: str
    entry: Entry | None = None
    alts: list[str] = field(default_factory=list)
    org_type: str | None = None
    country: str | None = None
    parent: str | None = None  # key of the parent body (org) or enclosing place
    first: tuple[int, int] | None = None  # original offsets of the first sentence naming it

    @property
    def new(self) -> bool:
        return self.entry is None


@dataclass(frozen=True)
class Mention:
    start: int  # token indices in the paragraph's doc
    end: int
    key: str
    kind: str


@dataclass
class Paragraph:
    block: Block
    doc: Doc
    mentions: list[Mention] = field(default_factory=list)
    quoted: list[bool] = field(default_factory=list)  # per token: inside a quotation

    def at(self, i: int) -> Mention | None:
        return next((m for m in self.mentions if m.start <= i < m.end), None)

    def within(self, start: int, end: int, kinds: set[str]) -> list[Mention]:
        return [m for m in self.mentions if start <= m.start and m.end <= end and m.kind in kinds]

    def evidence(self, sent: Span) -> tuple[int, int]:
        return self.block.span(sent.start_char, sent.end_char)


class Registry:
    """The article's entities, merging repeated and differently written names of one entity."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.found: dict[str, Found] = {}

    def known(self, iri: str, kind: str, text: str) -> Found:
        if iri not in self.found:
            entry = self.gazetteer.entries.get(iri)
            label = entry.label if entry else _country_label(self.gazetteer, iri, text)
            country = entry.country if entry else iri.rsplit("/", 1)[-1]
            self.found[iri] = Found(iri, kind, label, entry, country=country)
        found = self.found[iri]
        if text != found.label and text not in found.alts and kind in OPAQUE:
            found.alts.append(text)
        return found

    def new(self, kind: str, label: str, country: str | None = None) -> Found:
        """A new name: linked to the graph if its words match a known entity, else merged."""
        label = label.replace(lx.RSQUO, "'")
        words, codes = self.gazetteer.name_key(label)
        codes |= {country} if country else set()
        entry = self.gazetteer.match(kind, words, codes)
        if entry is not None:
            return self.known(entry.iri, kind, label)
        for found in self.found.values():
            if found.kind == kind and found.new:
                f_words, f_codes = self.gazetteer.name_key(found.label)
                f_codes |= {found.country} if found.country else set()
                if f_words == words and (not codes or not f_codes or codes == f_codes):
                    found.country = found.country or country
                    if label != found.label and label not in found.alts:
                        found.alts.append(label)
                    return found
        key = f"new:{kind}:{label}"
        self.found[key] = Found(key, kind, label, None, country=country)
        return self.found[key]

    def people_named(self, token: str) -> list[Found]:
        """People of this article one of whose name parts is token ("Kok" -> Kok Ping Soon)."""
        hits = []
        for found in self.found.values():
            names = [found.label, *found.alts]
            parts = {p for n in names for w in n.split() for p in (w, *w.split("-"))}
            if found.kind == "person" and token in parts:
                hits.append(found)
        return hits


def _country_label(gazetteer: Gazetteer, iri: str, text: str) -> str:
    code = iri.rsplit("/", 1)[-1]
    names = [n for n, c in gazetteer.countries.items() if c == code]
    return min(names, key=len) if names else text


def nameish(t: Token) -> bool:
    """Starts with a capital (or is a version number like 4.0) and is a word."""
    return (t.text[:1].isupper() and any(c.isalpha() for c in t.text)) or t.like_num


def _glued(doc: Doc, k: int) -> bool:
    """A hyphen or 's written without spaces inside a name (Oyun-Erdene, Lloyd's)."""
    t = doc[k]
    return (
        (t.text == "-" or t.text in lx.POSSESSIVES)
        and doc[k - 1].whitespace_ == ""
        and k + 1 < len(doc)
        and (t.text != "-" or t.whitespace_ == "")
    )


def _name_word(doc: Doc, k: int) -> bool:
    """Could be part of a person's name: not a title, organisation or function word."""
    t = doc[k]
    if t.text == "-":
        return _glued(doc, k)
    return not (t.lower_.rstrip(".") in lx.NAME_STOPWORDS_ALL or t.is_upper or t.like_num)


def _is_acronym(t: Token) -> bool:
    letters = [c for c in t.text if c.isalpha()]
    return len(letters) >= 2 and t.text[0].isupper() and sum(c.isupper() for c in letters) >= 2


def _quoted(doc: Doc) -> list[bool]:
    """Per token: inside a double-quoted passage (quotes may span sentences of a paragraph)."""
    inside, flags = False, []
    for t in doc:
        opens = t.text == QUOTE_OPEN or (t.text == '"' and not inside)
        closes = t.text == QUOTE_CLOSE or (t.text == '"' and inside)
        inside = inside or opens
        flags.append(inside)
        if closes and not opens:
            inside = False
    return flags


@dataclass
class Candidate:
    start: int
    end: int
    found: Found
    acronym: int | None = None  # token index of "(ACR)"'s ACR
    parent_at: int | None = None  # token index where "at (the) Y" names a parent


class Scanner:
    """Finds new names in one paragraph; `kinds[i]` is the gazetteer kind at token i."""

    def __init__(self, para: Paragraph, registry: Registry) -> None:
        self.para = para
        self.doc = para.doc
        self.registry = registry
        self.kinds: list[str | None] = [None] * len(self.doc)
        for ent in self.doc.ents:
            for i in range(ent.start, ent.end):
                self.kinds[i] = RULER_KINDS.get(ent.label_)

    def opaque(self, i: int) -> bool:
        return self.kinds[i] in OPAQUE

    def org_run(self, i: int, stop: int) -> int:
        """End of the organisation-like capitalised run starting at i."""
        doc, end, k, after_of = self.doc, i + 1, i + 1, False
        while k < stop and not self.opaque(k):
            t = doc[k]
            if nameish(t):
                k, end = k + 1, k + 1
                continue
            if _glued(doc, k) and nameish(doc[k + 1]):
                k += 1
                continue
            low, nxt = t.lower_, k + 1
            if low in {"of", "for", "on"} and nxt < stop and doc[nxt].lower_ == "the":
                nxt += 1
            joins = low in {"of", "for", "on", "&"} or (
                low == "and" and (after_of or doc[k - 1].lower_ in lx.NAME_STOPWORDS)
            )
            if joins and nxt < stop and nameish(doc[nxt]) and not self.opaque(nxt):
                after_of = after_of or low in {"of", "for", "on"}
                k = nxt
                continue
            break
        return end

    def org_candidates(self, sent: Span) -> Iterator[Candidate]:
        doc, i = self.doc, sent.start
        while i < sent.end:
            if not nameish(doc[i]) or self.opaque(i):
                i += 1
                continue
            end = self.org_run(i, sent.end)
            if i - 2 >= sent.start and _glued(doc, i - 1) and len(doc[i - 2].text) == 1:
                i -= 2  # "e-Governance Academy"
            cand = self._org(i, end, sent.end)
            if cand:
                yield cand
            i = end

    def _org(self, start: int, end: int, stop: int) -> Candidate | None:
        doc, country = self.doc, None
        while start < end:
            t = doc[start]
            possessive = start + 1 < end and doc[start + 1].lower_ in lx.POSSESSIVES
            if self.kinds[start] == "country" and possessive:
                country = self.registry.known(self._iri(start), "country", t.text).country
                start += 2
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
        if bracket and (_is_acronym(doc[end + 1]) or self.kinds[end + 1] == "org"):
            cand.acronym = end + 1
            if doc[end + 1].text not in found.alts:
                found.alts.append(doc[end + 1].text)
            end += 3
        if end + 1 < stop and doc[end].lower_ == "at":
            cand.parent_at = end + 2 if doc[end + 1].lower_ == "the" else end + 1
        return cand

    def _iri(self, i: int) -> str:
        return next(e.ent_id_ for e in self.doc.ents if e.start <= i < e.end)

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
                elif _glued(doc, end) and doc[end].text == "-" and doc[end + 1].is_alpha:
                    end += 2  # Oyun-Erdene, Park Jin-ho
                else:
                    break
            cand = self._person(i, end, sent, cue)
            if cand:
                yield cand
            i = end

    def _person(self, start: int, end: int, sent: Span, cue: bool) -> Candidate | None:
        doc = self.doc
        name_start = end  # the name is the run's longest tail of name-like words
        while name_start > start and _name_word(doc, name_start - 1):
            name_start -= 1
        if name_start < end and doc[name_start].text == "-":
            name_start += 1
        words = doc[name_start:end].text.split()
        if not 2 <= len(words) <= 4:
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
        return Candidate(name_start, end, self.registry.new("person", doc[name_start:end].text))


def scan(paragraphs: list[Paragraph], registry: Registry, nlp: Language) -> None:
    """Fill each paragraph's mentions: gazetteer matches, then new names and their short forms."""
    firsts: dict[str, tuple[int, int]] = {}
    collected: list[list[Candidate]] = []
    for para in paragraphs:
        para.quoted = _quoted(para.doc)
        for ent in para.doc.ents:
            kind = RULER_KINDS[ent.label_]
            registry.known(ent.ent_id_, "country" if kind == "demonym" else kind, ent.text)
        scanner = Scanner(para, registry)
        cands: list[Candidate] = []
        for sent in para.doc.sents:
            cue = any(t.lower_ in lx.ROLE_CUE_WORDS for t in sent)
            org_cands = list(scanner.org_candidates(sent))
            for cand in org_cands:
                parent = next((c for c in org_cands if c.start == cand.parent_at), None)
                if parent and parent.found is not cand.found:
                    cand.found.parent = cand.found.parent or parent.found.key
            cands += org_cands
            cands += scanner.person_candidates(sent, cue)
            for cand in org_cands:
                firsts.setdefault(cand.found.key, para.evidence(sent))
        collected.append(cands)
    matcher = _new_name_matcher(nlp, registry)
    for para, cands in zip(paragraphs, collected, strict=True):
        spans: list[tuple[int, int, str, str, int]] = []  # start, end, key, kind, priority
        for ent in para.doc.ents:
            kind = RULER_KINDS[ent.label_]
            found = registry.known(ent.ent_id_, "country" if kind == "demonym" else kind, ent.text)
            spans.append((ent.start, ent.end, found.key, kind, 1))
        for cand in cands:
            spans.append((cand.start, cand.end, cand.found.key, cand.found.kind, 2))
            if cand.acronym is not None:
                spans.append((cand.acronym, cand.acronym + 1, cand.found.key, "org", 3))
        for match_id, start, end in matcher(para.doc):
            key = nlp.vocab.strings[match_id]
            spans.append((start, end, key, registry.found[key].kind, 0))
        spans += _short_names(para, registry)
        para.mentions = _non_overlapping(spans)
        for sent in para.doc.sents:
            for m in para.within(sent.start, sent.end, OPAQUE | {"country"}):
                firsts.setdefault(m.key, para.evidence(sent))
    for key, span in firsts.items():
        if key in registry.found:
            registry.found[key].first = registry.found[key].first or span


def _new_name_matcher(nlp: Language, registry: Registry) -> PhraseMatcher:
    matcher = PhraseMatcher(nlp.vocab)
    for found in registry.found.values():
        if found.new:
            names = {found.label, *found.alts, *(a.replace("'", lx.RSQUO) for a in found.alts)}
            matcher.add(
                found.key, [nlp.make_doc(n) for n in names | {found.label.replace("'", lx.RSQUO)}]
            )
    return matcher


def _short_names(para: Paragraph, registry: Registry) -> list[tuple[int, int, str, str, int]]:
    """'Mr Kok', 'Prof Lee', 'Prime Minister Oyun-Erdene': one name word after a title."""
    doc, out = para.doc, []
    for t in doc:
        if t.i == 0 or t.lower_.rstrip(".") not in lx.HONORIFICS | lx.TITLE_HEADS:
            continue
        k, end = t.i + 1, t.i + 2
        if k >= len(doc) or not nameish(doc[k]) or doc[k].lower_ in lx.NAME_STOPWORDS_ALL:
            continue
        if end + 1 < len(doc) and _glued(doc, end) and doc[end].text == "-":
            end += 2
        if end < len(doc) and nameish(doc[end]):
            continue  # a longer name: the candidates already cover it
        hits = registry.people_named(doc[k:end].text)
        if len(hits) == 1:
            out.append((k, end, hits[0].key, "person", 0))
    return out


def _non_overlapping(spans: list[tuple[int, int, str, str, int]]) -> list[Mention]:
    """Longest first, then the more specific source; overlapping shorter spans are dropped."""
    taken: list[Mention] = []
    for start, end, key, kind, _ in sorted(spans, key=lambda s: (s[0] - s[1], -s[4], s[0])):
        if all(end <= m.start or m.end <= start for m in taken):
            taken.append(Mention(start, end, key, kind))
    return sorted(taken, key=lambda m: m.start)
