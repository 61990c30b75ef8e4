"""People's posts: the title a person holds and the body (or state) it is held in.

Press releases give a post next to the name, in a few orders:
- after it, as an apposition: "A, Chief Executive of the Cyber Security Agency",
  "B, Estonia's Minister of Foreign Trade", "C, Singapore's Ambassador to the US";
- before it: "RIA Director General Margus Tamm", "Kenya's Cabinet Secretary D",
  "Korea Internet & Security Agency (KISA) President E", "the Ambassador of
  India to Oman, F", "Presidents G of Ukraine and H of Estonia" (the title shared by a list);
- by reference: "his Tanzanian counterpart, I" (the title of the post before, in
  the other state; or I's own, "counterpart, Minister I"), "three Paraguayan ministers,
  J, K and L" (the list's state), "X ... its Director, K", "X, represented by Director L",
  "AfCFTA Secretary General M" (the body whose name the acronym starts).
A title of the government's collective office ("Chairman of the Cabinet of Ministers",
"President of the Treasury Board") keeps the office and is the state's post.
The title itself is read by graph.extract.titles; the body is the organisation
or country next to it ("of X", "X's", "X Title"), a country standing for its
government. With no body named beside it: the body the graph records the
person holding that title in (a minister's unnamed ministry: the government), else for a
minister the one ministry of the
portfolio the article names ("Science and ICT Minister" and "the Ministry of
Science and ICT"), else the state of the list. A title with no body found is
not proposed: the reviewer adds it. Each rule looks a bounded number of tokens
around one name.
"""

from collections.abc import Iterator

from graph.extract import lexicon as lx
from graph.extract.entities import Mention, Paragraph, Registry
from graph.extract.post_bodies import (
    BodyNames,
    body_starting,
    headed_by_portfolio,
    in_ministry,
    office_size,
    portfolio,
    portfolio_body,
    recorded_body,
)
from graph.extract.sentence import Fact
from graph.extract.titles import PLURAL_TITLES


def post_value(person: str, org: str, title: str) -> str:
    return f"{person}\t{org}\t{title}"


class Posts(BodyNames):
    """The posts one sentence states, for the people named in it."""

    def facts(self, evidence: tuple[int, int]) -> Iterator[Fact]:
        shared: tuple[str, int] | None = None  # a plural title and where its list goes on
        group: str | None = None  # the state of "three Paraguayan ministers, A, B and C"
        last: str | None = None  # the title before "his Cambodian counterpart, B"
        for m in self.para.within(self.start, self.end, {"person"}):
            listed = self.doc[m.start - 1].lower_ in {"and", ","}
            post = self._counterpart(m, last) or self._before(m)
            if post is not None and post[0] is None:
                group = self._group_state(self._title_before(self._name_start(m))) or group
            elif post is not None:
                group = None
            placed = self._placed(m, post, group)
            if placed is None:
                placed = self._placed(m, self._after(m), None)
            if placed is None and shared and listed:
                owner = self._owner_after(m.end)
                placed = (owner, shared[0], False) if owner else None
            if placed is None:
                loose = post or self._after(m)
                if loose is not None and loose[0] is None:  # placed by whom they sign for
                    yield Fact("posts", post_value(m.key, "", loose[1]), evidence)
                continue
            owner, title, settled = placed
            owner = owner if settled else in_ministry(self.registry, owner, title)
            yield Fact("posts", post_value(m.key, owner, title), evidence)
            last = title
            b = self._name_start(m)
            plural = self.doc[b - 1].lower_ if b - 1 >= self.start else ""
            shared = (title, m.end) if plural in PLURAL_TITLES else shared

    def _placed(
        self, m: Mention, post: tuple[str | None, str] | None, group: str | None
    ) -> tuple[str, str, bool] | None:
        """A post with its body: the one named beside the title (to be refined to a minister's
        ministry), else the one the graph records for this person and title, the portfolio's
        ministry the article names (both settled), or the state of the list."""
        if post is None:
            return None
        owner, title = post
        if owner is not None:
            return owner, title, False
        settled = recorded_body(self.registry, m.key, title) or portfolio_body(self.registry, title)
        if settled is not None:
            return settled, title, True
        return (group, title, False) if group else None

    def _name_start(self, m: Mention) -> int:
        """Where the words before a name start: past its honorifics and a comma."""
        b = m.start
        while b - 1 > self.start and self.doc[b - 1].lower_.rstrip(".") in lx.HONORIFICS:
            b -= 1
        return b - 1 if b - 1 >= self.start and self.doc[b - 1].text == "," else b

    def _group_state(self, a: int) -> str | None:
        """ "three Paraguayan ministers, A ...": the state of a list's people, named before it."""
        k = a - 1 if a - 1 >= self.start and self.doc[a - 1].text == "," else a
        if k - 1 < self.start or self.doc[k - 1].lower_ not in lx.STATE_NOUNS | set(PLURAL_TITLES):
            return None
        return self._state_before(k - 1)

    def _counterpart(self, m: Mention, last: str | None) -> tuple[str, str] | None:
        """ "A, and his Tanzanian counterpart, B": B holds A's title in the other state; "his
        Somali counterpart, Minister B" or "..., B, Minister of X": B's own title there."""
        b = self._name_start(m)
        a = self._title_before(b)
        titled = self._title(a, b) if a < b else None
        if titled is not None:
            k = a - (a - 1 >= self.start and self.doc[a - 1].text == ",")
            if k - 1 >= self.start and self.doc[k - 1].lower_ == "counterpart":
                owner = self._state_before(k - 1)
                return (owner, titled) if owner else None
            return None
        if b - 1 < self.start or self.doc[b - 1].lower_ != "counterpart":
            return None
        owner = self._state_before(b - 1)
        after = self._after(m) if owner else None
        if after is not None and after[0] is None:  # "his Ivorian counterpart, B, Minister of X"
            return owner, after[1]
        if (
            last is None
            or portfolio(last)
            or any(w in last.lower().split() for w in ("of", "for", "to"))
        ):
            return None  # "Minister of X": a counterpart holds another portfolio
        return (owner, last) if owner else None

    def _before(self, m: Mention) -> tuple[str | None, str] | None:
        """'RIA Director General A', 'Rwanda's Minister of ICT, Ms A', 'Prime Minister of
        Mongolia A', 'the Estonian Ambassador to Kenya, A', 'the Ambassador of India to Oman,
        A'. The owner is None when no body is named beside the title."""
        b = self._name_start(m)
        body = self.para.at(b - 1) if b - 1 >= self.start else None
        if body is not None and self._owner(body) and body.start - 1 > self.start:
            k = body.start - 1
            k -= self.doc[k].lower_ == "the" and k - 1 > self.start
            word = self.doc[k].lower_
            if word == "to":
                return self._envoy(k)
            if word in {"of", "for", "at"}:
                title = self._title(self._title_before(k), k)
                named = self._portfolio_named(title, k) if title else None
                return named or ((self._owner(body), title) if title else None)
        a = self._title_before(b)
        title = self._title(a, b)
        if title is None:
            return None
        owner = self._owner_before(a) or self._referred(a) or self._owner_after(m.end)
        return (owner, title) if owner else self._acronym_led(a, b) or (None, title)

    def _acronym_led(self, a: int, b: int) -> tuple[str, str] | None:
        """ "AfCFTA Secretary General A", where only a longer name the article gives starts with
        the acronym ("the AfCFTA Secretariat"): the post is that body's, the title the rest."""
        word = self.doc[a].text
        if sum(c.isupper() for c in word) < 2 or word.lower() in lx.TITLE_WORDS:
            return None
        body = body_starting(self.registry, word)
        title = self._title(a + 1, b) if body else None
        return (body, title) if body and title else None

    def _referred(self, k: int) -> str | None:
        """The body a title at token k is said to be of by reference: "X ... its Executive
        Director, A" (the nearest body before "its"), "X, represented by Director General A"."""
        word = self.doc[k - 1].lower_ if k - 1 > self.start else ""
        if word == "its":
            for m in reversed(self.para.within(self.start, k - 1, {"org", "country", "place"})):
                if (owner := self._owner(m)) is not None:
                    return owner
        if word == "by" and self.doc[k - 2].lower_ == "represented" and k - 3 > self.start:
            before = k - 3 - (self.doc[k - 3].text == ",")
            return self._owner(self.para.at(before))
        return None

    def _envoy(self, k: int) -> tuple[str | None, str] | None:
        """An envoy's title before "to Y" at token k ("the Estonian Ambassador to Kenya", "the
        Ambassador of India to Oman"): the post of the sending state."""
        where = self._destination(k)
        a = self._title_before(k)
        sender = self.para.at(k - 1) if a == k else None
        if sender is not None and self.doc[sender.start - 1].lower_ == "of":
            a = self._title_before(sender.start - 1)
            title, owner = self._title(a, sender.start - 1), self._owner(sender)
        else:
            title, owner = self._title(a, k), self._owner_before(a)
        return (owner, f"{title} {where[0]}") if title and where else None

    def _after(self, m: Mention) -> tuple[str | None, str] | None:
        """'A, Chief Executive of X', 'B, Singapore's Ambassador to the United States'."""
        j = m.end
        if j >= self.end or self.doc[j].text != ",":
            return None
        j += 1
        if j < self.end and self.doc[j].lower_ == "the":
            j += 1
        owner = None
        lead = self.para.at(j)
        if j < self.end and self.doc[j].lower_ == "its":  # "A, its Director General"
            owner, j = self._referred(j + 1), j + 1
        elif lead is not None and self._owner(lead) and lead.start == j:
            owner, j = self._owner(lead), lead.end
            if j < self.end and self.doc[j].lower_ in lx.OWNER_MARKS:
                j += 1
        end = self._title_after(j)
        title = self._title(j, end)
        if title is None:
            return None
        where = self._destination(end) or self._destination(self._past_owner(end))
        if where is not None:  # "B, Singapore's Ambassador to the United States", "C, High
            title = f"{title} {where[0]}"  # Commissioner of Bangladesh to India"
        office = self._office(title, end) or self._portfolio_named(title, end)
        if office is not None:
            return office
        return (self._owner_after(end) or owner, self._minister_in(title, end))

    def _portfolio_named(self, title: str, k: int) -> tuple[str, str] | None:
        """ "Secretary of Public Administration" where "Public Administration" was read as a
        body's name, and the article names the "Secretariat of Public Administration" (or a
        Ministry of it): that is the portfolio, and the post is in that body."""
        body = self.para.at(k + 1) if k + 1 < self.end else None
        if title.lower() not in {"secretary", "minister"} or self.doc[k].lower_ not in {
            "of",
            "for",
        }:
            return None
        if body is None or body.kind != "org" or body.start != k + 1:
            return None
        found = headed_by_portfolio(self.registry, self.doc[body.start : body.end].text, body.key)
        return (found, f"{title} {self.doc[k : body.end].text}") if found else None

    def _office(self, title: str, k: int) -> tuple[str | None, str] | None:
        """A title of the government's own collective office ("Chairman of the Cabinet of
        Ministers of X", "Secretary-General of the UAE Cabinet", "President of the Treasury
        Board"): the office is part of the title, and the post is the state's, as the records
        hold heads of government (the office's own, when its country is not known)."""
        if k + 1 >= self.end or self.doc[k].lower_ != "of":
            return None
        j = k + 1 + (self.doc[k + 1].lower_ == "the")
        body = self.para.at(j)
        if body is None or body.start != j:
            return None
        if body.kind == "org":
            words = [t.text for t in self.doc[body.start : body.end]]
            size = office_size(words)
            code = self.registry.country_of(body.key)
        elif self._cabinet_after(body.end):  # "of the UAE Cabinet"
            words = [t.text for t in self.doc[body.start : body.end + 1]]
            size, code = len(words), self.registry.state_code(body)
        else:
            return None
        if not size:
            return None
        office = " ".join(words[:size])
        owner = self.registry.government(code).key if code else self._owner(body)
        return owner, f"{title} of the {office}"

    def _past_owner(self, k: int) -> int:
        """Where "of X" after a title at token k ends (k when there is none)."""
        if k + 1 < self.end and self.doc[k].lower_ == "of":
            m = self.para.at(k + 1 + (self.doc[k + 1].lower_ == "the"))
            return m.end if m is not None else k
        return k

    def _minister_in(self, title: str, k: int) -> str:
        """A minister with no portfolio holds the post by the office named after it: "Minister
        at the Prime Minister's Office", "Minister in the Prime Minister's Department"."""
        if title.lower() not in {"minister", "senior minister"} or k + 1 >= self.end:
            return title
        if self.doc[k].lower_ not in {"at", "in"} or self.doc[k + 1].lower_ != "the":
            return title
        body = self.para.at(k + 2)
        if body is None or body.kind != "org" or body.start != k + 2:
            return title
        return f"{title} {self.doc[k : body.end].text}"


def sentence_posts(
    para: Paragraph, start: int, end: int, registry: Registry, evidence: tuple[int, int]
) -> list[Fact]:
    return list(Posts(para, start, end, registry).facts(evidence))
