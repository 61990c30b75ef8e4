"""The body a post is held in: named beside its title ("of X", "X's", "X Title"), or, with
none named there, the ministry of a minister's portfolio the article names, the body the graph
records, or the state.

Split from posts.py, which reads who holds which title; these are the lookups both it and the
proposal (a minister's post refined to the ministry the article names) make.
"""

import re

from graph.extract import lexicon as lx
from graph.extract.entities import Mention, Paragraph, Registry
from graph.extract.titles import JOINERS, Titles


class BodyNames(Titles):
    """The bodies named around the titles of one sentence."""

    def __init__(self, para: Paragraph, start: int, end: int, registry: Registry) -> None:
        super().__init__(para, start, end)
        self.registry = registry

    def _owner(self, m: Mention | None) -> str | None:
        if m is None or not (m.kind == "org" or self.registry.state_code(m)):
            return None
        after = m.end + (m.end < self.end and self.doc[m.end].lower_ in lx.OWNER_MARKS)
        body = self.para.at(after) if m.kind != "org" else None
        if body is not None and body.kind == "org":
            m = body  # "of UK GDS", "of Kenya's Ministry of ...": the body, not its country
        if m.kind == "org":
            return m.key
        return self.registry.government(self.registry.state_code(m) or "").key

    def _owner_before(self, k: int) -> str | None:
        """The body named just before token k: "RIA Director", "Estonia's Minister", "Korea
        Internet & Security Agency (KISA) President"."""
        if k - 1 >= self.start and self.doc[k - 1].lower_ in lx.OWNER_MARKS:
            k -= 1
        bracket = k - 4 >= self.start and self.doc[k - 1].text == ")"
        if bracket and self.doc[k - 3].text == "(":
            k -= 3
        return self._owner(self.para.at(k - 1)) if k - 1 >= self.start else None

    def _owner_after(self, k: int) -> str | None:
        """The body after a title at token k: "of the Cyber Security Agency", "of Serbia"."""
        if k < self.end and self.doc[k].lower_ in {"of", "at", "for"}:
            k += 1
            if k < self.end and self.doc[k].lower_ == "the":
                k += 1
            return self._owner(self.para.at(k))
        return None

    def _destination(self, k: int) -> tuple[str, int] | None:
        """ "to Kenya" after an envoy's title at token k: the words to add, and where they end."""
        if k >= self.end or self.doc[k].lower_ != "to":
            return None
        j = k + 1 + (k + 1 < self.end and self.doc[k + 1].lower_ == "the")
        place = self.para.at(j)
        if place is None or place.start != j or self._owner(place) is None:
            return None
        return self.doc[k : place.end].text, place.end

    def _state_before(self, k: int) -> str | None:
        """The government of the country or demonym that ends just before token k."""
        m = self.para.at(k - 1) if k - 1 >= self.start else None
        code = self.registry.state_code(m) if m is not None else None
        return self.registry.government(code).key if code else None


# A minister's portfolio: "Minister of X", "Senior Minister of State for X", "X Minister".
MINISTER = re.compile(
    r"(?:senior |deputy |vice |assistant )?(?:minister|secretary)(?: delegate)? (?:of state )?"
    r"(?:of|for|in charge of) (.+)",
    re.I,
)
PORTFOLIO_BODIES = ("Ministry of {}", "Department of {}")  # "Department for X": same words
MINISTER_AFTER = re.compile(r"(.+?) minister", re.I)


def norm_title(title: str) -> str:
    return " ".join(title.lower().replace("-", " ").split())


def portfolio(title: str, of_state: bool = True) -> str | None:
    """The portfolio a minister's title names ("Minister for Justice", "Justice Minister",
    "Secretary of State for Science"), not a rank ("Prime Minister", "Foreign Minister",
    "Minister of State"); with of_state False, none for a Minister of State, whose post the
    records keep in the government the article names."""
    found = MINISTER.fullmatch(title) or MINISTER_AFTER.fullmatch(title)
    if found is None or (not of_state and "minister of state" in title.lower()):
        return None
    words = found.group(1).split()
    return None if all(w.lower() in lx.TITLE_WORDS | JOINERS for w in words) else found.group(1)


def office_size(words: list[str]) -> int:
    """How many first words of a body's name are a government office (lexicon.
    GOVERNMENT_OFFICES), when they are the whole name or one "of" a state ("Cabinet of
    Ministers of X"), not "Cabinet Office"; 0 when they are not."""
    for size, offices in lx.GOVERNMENT_OFFICES.items():
        whole = size == len(words) or (size < len(words) and words[size].lower() == "of")
        if whole and " ".join(words[:size]).lower() in offices:
            return size
    return 0


def in_ministry(registry: Registry, owner: str, title: str) -> str:
    """A minister's post is in the ministry of the portfolio when the article names it
    ("Minister for Justice and Home Affairs" -> the Ministry of Justice and Home Affairs it
    names); else in the government, as a reader of the article alone would place it."""
    held = portfolio(title, of_state=False)
    if owner not in registry.states or held is None:
        return owner
    code = registry.found[owner].country
    for body in PORTFOLIO_BODIES:
        ministry = registry.named_in("org", body.format(held), code)
        if ministry is not None:
            return ministry.key
    return owner


def portfolio_body(registry: Registry, title: str) -> str | None:
    """With no body named beside a minister's title, the ministry of the portfolio when the
    article names exactly one ("Science and ICT Minister A" ... "the Ministry of Science
    and ICT")."""
    held = portfolio(title)
    for body in PORTFOLIO_BODIES if held else ():
        found = registry.named_once("org", body.format(held))
        if found is not None:
            return found.key
    return None


def recorded_body(registry: Registry, person: str, title: str) -> str | None:
    """The body the graph records this person holding this title in ("Prime Minister Lee
    Hsien Loong": the Government of Singapore), when the article names no body beside it;
    of several, the one the article names elsewhere. A minister's recorded ministry that the
    article never names gives the government, as a reader of the article would place it."""
    wanted, entries = norm_title(title), registry.gazetteer.entries
    held = [
        org
        for org, recorded in registry.gazetteer.posts.get(person, [])
        if org in entries and norm_title(recorded) == wanted
    ]
    named = []  # the article's own entity for each recorded body it names
    for org in held:
        entry = entries[org]
        same = registry.named_in("org", entry.label, entry.country or "")
        if same is not None or org in registry.found:
            named.append(same.key if same is not None else org)
    if named:  # a body the article names over the government it belongs to
        return min(named, key=lambda key: key in registry.states)
    if not held:
        return None
    code = registry.country_of(held[0])
    if portfolio(title) and code:  # a ministry the article never names: the government's
        return registry.government(code).key
    return registry.known(held[0], "org", entries[held[0]].label).key


def headed_by_portfolio(registry: Registry, held: str, other: str) -> str | None:
    """The body other than `other` the article names "Ministry / Secretariat / Department of"
    the portfolio `held`, if exactly one of such a name."""
    for head in lx.PORTFOLIO_HEADS:
        found = registry.named_once("org", f"{head} of {held}")
        if found is not None and found.key != other:
            return found.key
    return None


def body_starting(registry: Registry, word: str) -> str | None:
    """The one body of the article one of whose names starts with this word (an acronym
    before a title: "AfCFTA Secretary General" and "the AfCFTA Secretariat")."""
    hits = {
        found.key
        for found in registry.found.values()
        if found.kind == "org" and any(n.split()[:1] == [word] for n in [found.label, *found.alts])
    }
    return hits.pop() if len(hits) == 1 else None
