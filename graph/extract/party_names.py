"""Which names in a span stand for the parties: bodies not attached to another name, states
standing for their government, and a new body's name with no head word.

Shared by the role rules (graph.extract.role_rules), which decide which spans are party slots.
"""

from graph.extract import lexicon as lx
from graph.extract.countries import CITIES
from graph.extract.dates import MONTHS
from graph.extract.entities import Mention
from graph.extract.name_shapes import nameish
from graph.extract.sentence import Sentence

LIST_WORDS = {",", "and", "the"}
# After a body's name, nouns that make it an adjective: "Mercosur countries", "ASEAN members".
MEMBER_NOUNS = {"countries", "members", "member", "states", "nations", "economies", "partners"}
NOT_A_PARTY_AFTER = {"at", "of", "from", "by", "in", "to", "on", "under"}


class PartyNames(Sentence):
    """The names of one sentence that can fill a party slot."""

    def _orgs(self, start: int, end: int) -> list[Mention]:
        """Organisations in a span that are not attached to a neighbour by 'at'/'of'."""
        kept = []
        for m in self.para.within(start, end, {"org"}):
            if m.end < self.sent.end and self.doc[m.end].lower_ in MEMBER_NOUNS:
                continue  # "the other Mercosur countries": describes them, not a party
            k = m.start - 1
            while k >= start:
                left = self.para.at(k)
                if self.doc[k].lower_ in {"the", "(", *lx.POSSESSIVES} or (
                    left and left.kind == "country"
                ):
                    k -= 1
                elif left and left.key == m.key:  # "National University of Singapore (NUS)"
                    k = left.start - 1
                else:
                    break
            if k < start or not self._attaches(k):
                kept.append(m)
        return kept

    def _attaches(self, k: int) -> bool:
        """A preposition that makes what follows part of another name ("Director of X", "IPUR
        at NUS"), not a party; "on behalf of X" names one."""
        low = self.doc[k].lower_
        return low in NOT_A_PARTY_AFTER and not (low == "of" and self.doc[k - 1].lower_ == "behalf")

    def _states(self, start: int, end: int) -> list[str]:
        """Countries standing for their state in a party slot ("Canada and Estonia signed",
        "the governments of X and Y", "Estonian and Kenyan officials"), as government keys.

        Not a country that owns or describes what follows ("Estonia's RIA", "Singapore Prime
        Minister"), nor one after "of"/"at"/"in" ("Minister of Serbia"), which is the
        country of another name, not a party."""
        keys = []
        for m in self.para.within(start, end, {"country", "demonym", "place"}):
            code = self.registry.state_code(m)
            if code is None:
                continue
            nxt = self.doc[m.end] if m.end < self.sent.end else None
            if m.kind == "demonym" or self._before_demonym(m.end):
                if not self._state_noun_after(m.end, end):
                    continue
            elif nxt is not None and (
                nxt.lower_ in lx.OWNER_MARKS
                or nxt.lower_.rstrip(".") in lx.TITLE_WORDS | set(lx.ORG_HEADS)
                or self.para.at(nxt.i) is not None
            ):
                continue
            k = m.start - 1
            while k >= start and (self.doc[k].text in LIST_WORDS or self._is(k, "country")):
                k -= 1
            governments = k > start and self.doc[k - 1].lower_ in {"government", "governments"}
            if k >= start and self._attaches(k) and not governments:
                continue
            keys.append(self.registry.government(code).key)
        return keys

    def _before_demonym(self, k: int) -> bool:
        """A country coordinated with a demonym ("UAE and Singaporean entities") describes
        what follows as the demonym does."""
        return k + 1 < self.sent.end and self.doc[k].lower_ == "and" and self._is(k + 1, "demonym")

    def _state_noun_after(self, k: int, end: int) -> bool:
        """Whether a run of demonyms from k ends in a noun standing for the states ("Estonian
        and Kenyan officials"), not in another noun ("Singaporean entities")."""
        while k < end and (self.doc[k].text in {",", "and"} or self._is(k, "demonym")):
            k += 1
        return k < self.sent.end and self.doc[k].lower_ in lx.STATE_NOUNS

    def _is(self, k: int, kind: str) -> bool:
        m = self.para.at(k)
        return m is not None and m.kind == kind

    def _unknown_org(self, start: int, end: int) -> str | None:
        """The last capitalised run of a span that names nothing known: a new organisation."""
        best: tuple[int, int] | None = None
        k = start
        while k < end:
            m = self.para.at(k)
            if nameish(self.doc[k]) and (m is None or m.kind == "country"):
                run = k
                while (
                    k < end
                    and nameish(self.doc[k])
                    and (self.para.at(k) is None or self.para.at(k).kind == "country")
                ):  # type: ignore[union-attr]
                    k += 1
                while run < k and self.doc[run].lower_ in lx.NAME_STOPWORDS_ALL:
                    run += 1
                if run < k and self._could_name_a_body(run, k, start):
                    best = (run, k)
            k += 1
        if best is None:
            return None
        codes = self.registry.gazetteer.name_key(self.doc[best[0] : best[1]].text)[1]
        country = next(iter(codes)) if len(codes) == 1 else None
        return self.registry.new("org", self.doc[best[0] : best[1]].text, country).key

    def _could_name_a_body(self, run: int, end: int, start: int) -> bool:
        """A capitalised run with no head word names a party only if it looks like a name of
        its own: an acronym, or two words or more not after "of" ("Ministry of Economic
        Development" cut short) and without a number ("two", a dateline "Nov 28")."""
        words = self.doc[run:end]
        if any(t.like_num or t.lower_.rstrip(".") in MONTHS for t in words):
            return False
        if any(t.text.title() in CITIES for t in words):  # a dateline's "NAIROBI"
            return False
        if all(self.para.at(t.i) is not None for t in words):
            return False
        acronym = any(t.is_upper and len(t.text) >= 2 and t.is_alpha for t in words)
        after_of = run > start and self.doc[run - 1].lower_ in NOT_A_PARTY_AFTER
        return acronym or (len(words) >= 2 and not after_of)
