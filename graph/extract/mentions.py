"""Who and what an article names: gazetteer matches plus organisations and people new to the graph.

Two passes over the article: the first collects full names, the second finds
every mention of them (acronyms, short forms) so later sentences link.
"""

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from graph.extract import lexicon as lx
from graph.extract.entities import OPAQUE, RULER_KINDS, Mention, Paragraph, Registry
from graph.extract.name_shapes import glued, is_acronym, nameish, spelled_out
from graph.extract.new_names import Scanner
from graph.extract.person_names import Candidate

QUOTE_OPEN, QUOTE_CLOSE = "\u201c", "\u201d"


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


def scan(paragraphs: list[Paragraph], registry: Registry, nlp: Language) -> None:
    """Fill each paragraph's mentions: gazetteer matches, then new names and their short forms."""
    firsts: dict[str, tuple[int, int]] = {}
    defined: dict[str, str] = {}  # an acronym the article gives a known body -> its IRI
    collected: list[list[Candidate]] = []
    named = {  # the countries the article names, which settle a name several bodies share
        e.ent_id_.rsplit("/", 1)[-1]
        for para in paragraphs
        for e in para.doc.ents
        if RULER_KINDS.get(e.label_) in {"country", "demonym"}
    }
    for para in paragraphs:
        para.quoted = _quoted(para.doc)
        ents = [_settled(e, named, registry) for e in para.doc.ents]
        para.doc.ents = [
            e
            for e in ents
            if e is not None and not _foreign(para.doc, e, registry) and not _cut_short(para.doc, e)
        ]
        for ent in para.doc.ents:
            kind = RULER_KINDS[ent.label_]
            registry.known(ent.ent_id_, "country" if kind == "demonym" else kind, ent.text)
            acronym = _defined_acronym(para.doc, ent) if kind == "org" else None
            if acronym is not None:
                defined[acronym] = ent.ent_id_
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
    for acronym, key in defined.items():
        matcher.add(key, [nlp.make_doc(acronym)])
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
        # A new name's later mentions outrank the graph's same words: an acronym the article
        # defines ("... Information Society (AGESIC)") names the article's body, not the graph's.
        for match_id, start, end in matcher(para.doc):
            key = nlp.vocab.strings[match_id]
            spans.append((start, end, key, registry.found[key].kind, 2))
        spans += _short_names(para, registry)
        para.set_mentions(_non_overlapping(spans))
        for sent in para.doc.sents:
            for m in para.within(sent.start, sent.end, OPAQUE | {"country"}):
                firsts.setdefault(m.key, para.evidence(sent))
                if m.kind == "person":
                    for word in _title_words(para, m, sent):
                        registry.title_before(word, m.key)
    for key, span in firsts.items():
        if key in registry.found:
            registry.found[key].first = registry.found[key].first or span


def _title_words(para: Paragraph, m: Mention, sent: Span) -> set[str]:
    """The title words written next to a person's name, for "the two Presidents" / "the two
    leaders" to find them by: the word just before it ("President A", "Prime Minister B"), and
    the title heads of an apposition after it ("C, Vice President and Prime Minister of X")."""
    doc, words = para.doc, set()
    if m.start > sent.start:
        words.add(doc[m.start - 1].lower_)
        if m.start - 1 > sent.start and doc[m.start - 2 : m.start].text.lower() == "prime minister":
            words.add("prime minister")
    if m.end < sent.end and doc[m.end].text == ",":
        run = doc[m.end + 1 : min(sent.end, m.end + 8)]
        for k, t in enumerate(run):
            if t.text == "," or para.at(t.i) is not None:
                break
            if t.lower_ in lx.TITLE_HEADS:
                words.add(t.lower_)
            if t.lower_ == "minister" and k and run[k - 1].lower_ == "prime":
                words.add("prime minister")
    return words


def _settled(ent: Span, countries: set[str], registry: Registry) -> Span | None:
    """A name several countries' bodies share, as the one body of a country the article names;
    dropped (read as a new name) when the article names none or several of them."""
    shared = registry.gazetteer.shared_names.get(ent.text.lower())
    if shared is None:
        return ent
    here = [e for e in shared if e.country in countries]
    if len(here) != 1:
        return None
    return Span(ent.doc, ent.start, ent.end, label=ent.label_, span_id=here[0].iri)


def _foreign(doc: Doc, ent: Span, registry: Registry) -> bool:
    """A known body's name owned by another country ("Kenya's Ministry of Information", where
    the graph knows Antigua's): not that body, so the name is read as a new one."""
    entry = registry.gazetteer.entries.get(ent.ent_id_)
    if entry is None or entry.kind != "org" or not entry.country or ent.start < 2:
        return False
    if doc[ent.start - 1].lower_ not in lx.OWNER_MARKS:
        return False
    owner = next((e for e in doc.ents if e.end == ent.start - 1), None)
    code = owner.ent_id_.rsplit("/", 1)[-1] if owner is not None else None
    return (
        owner is not None and RULER_KINDS.get(owner.label_) == "country" and code != entry.country
    )


def _defined_acronym(doc: Doc, ent: Span) -> str | None:
    """The acronym in brackets right after a known body's name ("The Kurdistan Regional
    Government (KRG)"), which names it wherever the article uses it, as for a new name's."""
    end = ent.end
    if end + 2 >= len(doc) or doc[end].text != "(" or doc[end + 2].text != ")":
        return None
    t = doc[end + 1]
    return t.text if is_acronym(t) and not t.ent_type_ else None


def _cut_short(doc: Doc, ent: Span) -> bool:
    """A known body's name that is the start of a longer one the article spells out with its
    acronym ("Department of Foreign Affairs and Trade (DFAT)", where the graph knows another
    country's "Department of Foreign Affairs"): not that body, so the longer name is read."""
    if ent.label_ != "ORG" or ent.end >= len(doc) or doc[ent.end].lower_ != "and":
        return False
    return spelled_out(doc, ent.start, ent.end) is not None


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
        if end + 1 < len(doc) and glued(doc, end) and doc[end].text == "-":
            end += 2
        if end < len(doc) and nameish(doc[end]):
            continue  # a longer name: the candidates already cover it
        hits = registry.people_named(doc[k:end].text)
        if len(hits) == 1:
            out.append((k, end, hits[0].key, "person", 0))
    return out + _surnames(para, registry)


def _surnames(para: Paragraph, registry: Registry) -> list[tuple[int, int, str, str, int]]:
    """'Balama also signed': a lone capitalised word that is the last word of the name of
    exactly one person of the article, not after "in"/"at" (a place) nor inside a longer name."""
    doc, out = para.doc, []
    for t in doc:
        if not t.is_title or t.lower_ in lx.NAME_STOPWORDS_ALL or t.ent_type_:
            continue
        before = doc[t.i - 1] if t.i else None
        if before is not None and (nameish(before) or before.lower_ in {"in", "at"}):
            continue
        if t.i + 1 < len(doc) and nameish(doc[t.i + 1]):
            continue
        hits = registry.people_named(t.text)
        if len(hits) == 1 and hits[0].label.split()[-1] == t.text:
            out.append((t.i, t.i + 1, hits[0].key, "person", 0))
    return out


def _non_overlapping(spans: list[tuple[int, int, str, str, int]]) -> list[Mention]:
    """Longest first, then the more specific source; overlapping shorter spans are dropped.

    The tokens already taken are a set, so each span costs its length, not the mentions so far.
    """
    taken: list[Mention] = []
    used: set[int] = set()
    for start, end, key, kind, _ in sorted(spans, key=lambda s: (s[0] - s[1], -s[4], s[0])):
        if used.isdisjoint(range(start, end)):
            taken.append(Mention(start, end, key, kind))
            used.update(range(start, end))
    return sorted(taken, key=lambda m: m.start)
