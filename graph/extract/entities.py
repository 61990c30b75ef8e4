"""The entities an article names, and where: one per entity, however the article writes it.

A Found is an entity the article talks about (known to the graph, or new), a
Mention a run of tokens naming one, a Paragraph a prose block's doc with its
mentions. The Registry merges repeated and differently written names of one
entity, and links a new name whose content words and country equal a known
entity's to it ("Mongolia's Ministry of Justice and Home Affairs").
"""

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field

import pycountry
from spacy.tokens import Doc, Span

from graph.extract import lexicon as lx
from graph.extract.chrome import Block
from graph.extract.countries import CITIES, COUNTRY_ALIASES
from graph.extract.gazetteer import Entry, Gazetteer

RULER_KINDS = {
    "ORG": "org",
    "PERSON": "person",
    "PLACE": "place",
    "PROGRAMME": "programme",
    "COUNTRY": "country",
    "DEMONYM": "demonym",
}
THE_STATES = {"United", "Republic", "Russian", "Dominican", "Central", "Czech", "Holy"}
OPAQUE = {"org", "person", "place", "programme"}  # a new name never runs through these


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
    """A prose block's doc; its mentions are disjoint, sorted, and indexed per token, since
    the rules ask at(i) of nearly every token and a scan of the mentions would make a long
    paragraph quadratic."""

    block: Block
    doc: Doc
    mentions: list[Mention] = field(default_factory=list)
    quoted: list[bool] = field(default_factory=list)  # per token: inside a quotation
    _owner: list[Mention | None] = field(default_factory=list, init=False, repr=False)
    _starts: list[int] = field(default_factory=list, init=False, repr=False)

    def __post_init__(self) -> None:
        self.set_mentions(self.mentions)

    def set_mentions(self, mentions: list[Mention]) -> None:
        self.mentions = mentions
        self._owner = [None] * len(self.doc)
        for m in mentions:
            self._owner[m.start : m.end] = [m] * (m.end - m.start)
        self._starts = [m.start for m in mentions]

    def at(self, i: int) -> Mention | None:
        return self._owner[i] if 0 <= i < len(self._owner) else None

    def within(self, start: int, end: int, kinds: set[str]) -> list[Mention]:
        found, k = [], bisect_left(self._starts, start)
        while k < len(self.mentions) and self.mentions[k].start < end:
            m, k = self.mentions[k], k + 1
            if m.end <= end and m.kind in kinds:
                found.append(m)
        return found

    def evidence(self, sent: Span) -> tuple[int, int]:
        return self.block.span(sent.start_char, sent.end_char)


class Registry:
    """The article's entities, merging repeated and differently written names of one entity."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.found: dict[str, Found] = {}
        # New entities by kind and content words, in the order found: what new() merges into
        self._new: dict[tuple[str, frozenset[str]], list[Found]] = defaultdict(list)
        # People by the parts of their names ("Kok", "Ping", "Soon"): what people_named finds
        self._people: dict[str, dict[str, Found]] = defaultdict(dict)
        # Every entity of the article by kind and the content words of each of its names
        self._named: dict[tuple[str, frozenset[str]], dict[str, Found]] = defaultdict(dict)
        self.states: set[str] = set()  # keys of the governments standing for their state
        # People by the title word written just before their name ("President" -> Chakwera)
        self._titled: dict[str, dict[str, Found]] = defaultdict(dict)
        # Bodies named only by a masthead line of no country, by their name in lower case
        self._mastheads: dict[str, str] = {}

    def _add(self, found: Found) -> Found:
        """Register found; one with the same key (a name seen with other countries) is replaced
        in place, as in the dict."""
        replaced = self.found.get(found.key)
        if replaced is not None and replaced.kind == "person":
            for part in {p for n in replaced.alts for p in _parts(n)}:
                self._people[part].pop(found.key, None)
        self.found[found.key] = found
        for name in (found.label, *(found.entry.alts if found.entry else ())):
            self._index_name(found, name)
        if found.new:
            same = self._new[found.kind, self.gazetteer.name_key(found.label)[0]]
            at = next((i for i, f in enumerate(same) if f is replaced), None)
            if at is None:
                same.append(found)
            else:
                same[at] = found
        return found

    def _index_name(self, found: Found, name: str) -> None:
        self._named[found.kind, self.gazetteer.name_key(name)[0]][found.key] = found
        if found.kind == "person":
            for part in _parts(name):
                self._people[part][found.key] = found

    def _also_named(self, found: Found, name: str) -> None:
        found.alts.append(name)
        self._index_name(found, name)

    def known(self, iri: str, kind: str, text: str) -> Found:
        if iri not in self.found:
            entry = self.gazetteer.entries.get(iri)
            label = entry.label if entry else _country_label(self.gazetteer, iri, text)
            country = entry.country if entry else iri.rsplit("/", 1)[-1]
            self._add(Found(iri, kind, label, entry, country=country))
        found = self.found[iri]
        if text != found.label and text not in found.alts and kind in OPAQUE:
            self._also_named(found, text)
        return found

    def new(self, kind: str, label: str, country: str | None = None, state: bool = False) -> Found:
        """A new name: linked to the graph if its words match a known entity, else merged; "the
        Government of Estonia" is the state's government (unless state: making that one)."""
        label = label.replace(lx.RSQUO, "'")
        if kind == "place" and country is None:
            country = CITIES.get(label)  # a city the article names without its country
        words, codes = self.gazetteer.name_key(label)
        codes |= {country} if country else set()
        if kind == "org" and not state and words == {"government"} and len(codes) == 1:
            return self.government(next(iter(codes)))
        longer = self._longer(kind, label) if not codes else None
        if longer is not None:
            return longer
        shared = not codes and label.lower() in self.gazetteer.shared_names  # whose, unknown
        entry = None if shared else self.gazetteer.match(kind, words, codes)
        if entry is not None:
            return self.known(entry.iri, kind, label)
        for found in self._new[kind, words]:
            f_codes = self.gazetteer.name_key(found.label)[1]
            f_codes |= {found.country} if found.country else set()
            if not codes or not f_codes or codes == f_codes:
                found.country = found.country or country
                if label != found.label and label not in found.alts:
                    self._also_named(found, label)
                return found
        key = f"new:{kind}:{label}"
        return self._add(Found(key, kind, label, None, country=country))

    def _longer(self, kind: str, label: str) -> Found | None:
        """The one body of this article whose name starts with this one: "the Prime Minister's
        Office" after "the Prime Minister's Office of Brunei Darussalam" is that office, not
        another country's that the graph knows by the short name."""
        short = label.lower().removeprefix("the ") + " "
        hits = {
            f.key: f
            for f in self.found.values()
            if f.kind == kind and any(n.lower().startswith(short) for n in (f.label, *f.alts))
        }
        return next(iter(hits.values())) if len(hits) == 1 else None

    def government(self, code: str) -> Found:
        """The state itself as a party ("Canada and Estonia signed"): the graph's government of
        the country if known, else a new one named as the records name governments."""
        entry = self.gazetteer.governments.get(code)
        if entry is not None:
            found = self.known(entry.iri, "org", entry.label)
        else:
            found = self.new("org", f"Government of {state_name(code)}", code, state=True)
            found.org_type = found.org_type or "Government"
        self.states.add(found.key)
        return found

    def state_code(self, m: "Mention") -> str | None:
        """The country a mention names: a country, a demonym, or a place named as its
        country is (Singapore, the city-state)."""
        if m.kind in {"country", "demonym"}:
            return self.found[m.key].country
        if m.kind == "place":
            return self.gazetteer.countries.get(self.found[m.key].label)
        return None

    def masthead(self, label: str, country: str | None) -> Found:
        """A body whose name the page prints above its headline ("Ministry of Information and
        Communications", maybe over its state, "Arab Republic of Egypt"): the article names it,
        so a minister's post is in it, but no fact is read from the line. With no state named
        (here or by the graph), it only answers to its name spelled the same way: "Minister for
        Communications and Information" of another state is not its minister."""
        words, codes = self.gazetteer.name_key(label)
        if country or codes:
            return self.new("org", label, country)
        named = list(self._named.get(("org", words), {}).values())
        if len(named) == 1:
            return named[0]  # the text names it too
        spelled = " ".join(label.lower().split())
        same = [  # of no state, a known body only by the very name: a word order is a state's
            e
            for e in self.gazetteer.entries.values()
            if e.kind == "org" and spelled in {n.lower() for n in (e.label, *e.alts)}
        ]
        if len({e.country for e in same}) == 1:
            return self.known(same[0].iri, "org", label)
        found = self._add(Found(f"new:org:{label}", "org", label))
        self._mastheads[found.key] = spelled
        return found

    def _answers(self, found: Found, label: str) -> bool:
        spelled = self._mastheads.get(found.key)
        return spelled is None or spelled == " ".join(label.lower().split())

    def named_in(self, kind: str, label: str, country: str) -> Found | None:
        """The one entity of this article of that country (or of none: a ministry's header above
        the headline) that goes by a name of these content words ("the Ministry of Justice"
        for Estonia's "Minister of Justice"), if the article names it: a body only the graph
        knows is not what the article says."""
        hits = self._named.get((kind, self.gazetteer.name_key(label)[0]), {})
        for wanted in (country, None):  # its own country's first, then one of no country
            mine = [f for f in hits.values() if self.country_of(f.key) == wanted]
            mine = [f for f in mine if self._answers(f, label)]
            if mine:
                return mine[0] if len(mine) == 1 else None
        return None

    def named_once(self, kind: str, label: str) -> Found | None:
        """The one entity of this article that goes by a name of these content words, whatever
        its country ("Ministry of Science and ICT" for "Science and ICT Minister"); none when the
        article names none or several (two countries' ministries of foreign affairs)."""
        hits = self._named.get((kind, self.gazetteer.name_key(label)[0]), {})
        if len(hits) != 1:
            return None
        found = next(iter(hits.values()))
        return found if self._answers(found, label) else None

    def country_of(self, key: str) -> str | None:
        """An organisation's country, or its parent body's (a few levels up)."""
        for _ in range(4):
            found = self.found.get(key)
            entry = found.entry if found else self.gazetteer.entries.get(key)
            country = found.country if found else entry.country if entry else None
            parent = found.parent if found and not entry else entry.parent if entry else None
            if country or parent is None:
                return country
            key = parent
        return None

    def title_before(self, word: str, key: str) -> None:
        self._titled[word][key] = self.found[key]

    def titled(self, word: str) -> list[Found]:
        """People written with this title word just before their name, in the article's order."""
        return list(self._titled.get(word, {}).values())

    def people_named(self, token: str) -> list[Found]:
        """People of this article one of whose name parts is token ("Kok" -> Kok Ping Soon)."""
        return list(self._people.get(token, {}).values())


def state_name(code: str) -> str:
    """A state's name as the records write it after "Government of": the short form the press
    uses where ISO 3166 inverts the name ("Palestine, State of" -> Palestine)."""
    country = pycountry.countries.get(alpha_2=code)
    name = getattr(country, "common_name", None) or (country.name if country else code)
    if "," in name:
        short = [n for n, c in COUNTRY_ALIASES.items() if c == code and not n.isupper()]
        name = short[0] if short else name.split(",")[0]
    plural = name.endswith("s") and " " not in name  # the Philippines, the Netherlands
    return f"the {name}" if plural or name.split()[0] in THE_STATES else name


def _parts(name: str) -> list[str]:
    """The words of a name and the pieces of its hyphenated words ("Oyun-Erdene", "Oyun")."""
    return [p for w in name.split() for p in (w, *w.split("-"))]


def _country_label(gazetteer: Gazetteer, iri: str, text: str) -> str:
    code = iri.rsplit("/", 1)[-1]
    names = [n for n, c in gazetteer.countries.items() if c == code]
    return min(names, key=len) if names else text
