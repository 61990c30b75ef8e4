"""People's posts: the title a person holds and the body (or state) it is held in.

Press releases give a post next to the name, in a few orders:
- after it, as an apposition: "A, Chief Executive of the Cyber Security Agency",
  "B, Estonia's Minister of Foreign Trade", "C, Prime Minister of Serbia";
- before it: "RIA Director General Margus Tamm", "Kenya's Cabinet Secretary D",
  "Presidents E of Ukraine and F of Estonia" (the title shared by a list).
A title is a run of title words and capitalised portfolio words ("Minister of
Foreign Trade and Information Technology"); the body is the organisation or
country next to it ("of X", "X's", "X Title"), a country standing for its
government. A title with no body named is not proposed: the reviewer adds it.
Each rule looks a bounded number of tokens around one name.
"""

import re
from collections.abc import Iterator

from spacy.tokens import Token

from graph.extract import lexicon as lx
from graph.extract.entities import Mention, Paragraph, Registry
from graph.extract.new_names import nameish
from graph.extract.sentence import Fact

MINISTER = re.compile(r"(?:deputy |vice |assistant )?minister (?:of|for) (.+)", re.I)
JOINERS = frozenset({"of", "for", "and", "&", "the", "on"})
MAX_TITLE_TOKENS = 14
PLURAL_TITLES = {
    "presidents": "President",
    "ministers": "Minister",
    "governors": "Governor",
    "ambassadors": "Ambassador",
    "directors": "Director",
    "secretaries": "Secretary",
}


def _norm(title: str) -> str:
    return " ".join(title.lower().replace("-", " ").split())


def post_value(person: str, org: str, title: str) -> str:
    return f"{person}\t{org}\t{title}"


class Posts:
    """The posts one sentence states, for the people named in it."""

    def __init__(self, para: Paragraph, start: int, end: int, registry: Registry) -> None:
        self.para, self.doc, self.registry = para, para.doc, registry
        self.start, self.end = start, end

    def _free(self, k: int) -> bool:
        return self.start <= k < self.end and self.para.at(k) is None

    def _titleish(self, t: Token) -> bool:
        low = t.lower_.rstrip(".")
        return low in lx.TITLE_WORDS or low in PLURAL_TITLES or (nameish(t) and not t.like_num)

    def _across_joiners(self, k: int, step: int) -> int | None:
        """From a joiner at k ("of", "and the"), the next title-like token that way, if any."""
        for _ in range(3):
            if not self._free(k) or self.doc[k].lower_ not in JOINERS:
                return k if self._free(k) and self._titleish(self.doc[k]) else None
            k += step
        return None

    def _title_after(self, j: int) -> int:
        """End of the title run starting at j (j when there is none)."""
        k, end = j, j
        while k < self.end and k - j < MAX_TITLE_TOKENS and self._free(k):
            if self._titleish(self.doc[k]):
                k, end = k + 1, k + 1
                continue
            nxt = self._across_joiners(k, 1) if k > j else None
            if nxt is None:
                break
            k = nxt
        return end

    def _title_before(self, i: int) -> int:
        """Start of the title run ending just before token i (i when there is none)."""
        k, start = i - 1, i
        while k >= self.start and i - k <= MAX_TITLE_TOKENS and self._free(k):
            if self._titleish(self.doc[k]):
                start, k = k, k - 1
                continue
            nxt = self._across_joiners(k, -1) if k < i - 1 else None
            if nxt is None:
                break
            k = nxt
        while start < i and self.doc[start].lower_.rstrip(".") in lx.HONORIFICS:
            start += 1  # "His Excellency Minister ..."
        return start

    def _title(self, a: int, b: int) -> str | None:
        while b > a and self.doc[b - 1].lower_.rstrip(".") in lx.HONORIFICS:
            b -= 1  # "Minister Dr A": the honorific is not the title
        words = [t for t in self.doc[a:b] if t.lower_ not in JOINERS or t.i > a]
        if not words or not any(
            t.lower_.rstrip(".") in lx.TITLE_HEADS | set(PLURAL_TITLES) for t in words
        ):
            return None
        if words[0].lower_ in lx.FUNCTION_WORDS:
            return None
        text = self.doc[words[0].i : words[-1].i + 1].text
        if text.lower() in PLURAL_TITLES:
            return PLURAL_TITLES[text.lower()]
        return text[:1].upper() + text[1:]

    def _owner(self, m: Mention | None) -> str | None:
        if m is None or not (m.kind == "org" or self.registry.state_code(m)):
            return None
        body = self.para.at(m.end) if m.kind != "org" else None
        if body is not None and body.kind == "org":
            m = body  # "of UK GDS": the body, not its country
        if m.kind == "org":
            return m.key
        return self.registry.government(self.registry.state_code(m) or "").key

    def _owner_before(self, k: int) -> str | None:
        """The body named just before token k: "RIA Director", "Estonia's Minister"."""
        if k - 1 >= self.start and self.doc[k - 1].lower_ in lx.OWNER_MARKS:
            k -= 1
        return self._owner(self.para.at(k - 1)) if k - 1 >= self.start else None

    def _owner_after(self, k: int) -> str | None:
        """The body after a title at token k: "of the Cyber Security Agency", "of Serbia"."""
        if k < self.end and self.doc[k].lower_ in {"of", "at", "for"}:
            k += 1
            if k < self.end and self.doc[k].lower_ == "the":
                k += 1
            return self._owner(self.para.at(k))
        return None

    def _ministry(self, owner: str, title: str) -> str:
        """A minister's post is in the ministry of the portfolio when the graph or the article
        knows it ("Minister for Justice and Home Affairs" -> Ministry of Justice and Home
        Affairs), as the curated records mostly place it; else in the government."""
        portfolio = MINISTER.match(title)
        if owner not in self.registry.states or portfolio is None:
            return owner
        code = self.registry.found[owner].country
        ministry = self.registry.existing("org", f"Ministry of {portfolio.group(1)}", code)
        return ministry.key if ministry else owner

    def _recorded(self, m: Mention, title: str) -> str | None:
        """The body the graph records this person holding this title in ("Prime Minister Lee
        Hsien Loong": the Government of Singapore), when the article names no body."""
        wanted = _norm(title)
        for org, held in self.registry.gazetteer.posts.get(m.key, []):
            entry = self.registry.gazetteer.entries.get(org)
            if entry is not None and _norm(held) == wanted:
                return self.registry.known(org, "org", entry.label).key
        return None

    def facts(self, evidence: tuple[int, int]) -> Iterator[Fact]:
        shared: tuple[str, int] | None = None  # a plural title and where its list goes on
        for m in self.para.within(self.start, self.end, {"person"}):
            post = self._before(m) or self._after(m)
            if post is None and shared and self.doc[m.start - 1].lower_ in {"and", ","}:
                title = shared[0]
                owner = self._owner_after(m.end)
                post = (owner, title) if owner else None
            if post is not None:
                owner = self._ministry(*post)
                yield Fact("posts", post_value(m.key, owner, post[1]), evidence)
                plural = self.doc[self._title_before(m.start)].lower_
                shared = (post[1], m.end) if plural in PLURAL_TITLES else shared

    def _before(self, m: Mention) -> tuple[str, str] | None:
        """'RIA Director General A', 'Rwanda's Minister of ICT, Ms A', 'Prime Minister of
        Mongolia A', 'the Estonian Ambassador to Kenya, A'."""
        b = m.start
        while b - 1 > self.start and self.doc[b - 1].lower_.rstrip(".") in lx.HONORIFICS:
            b -= 1
        if b - 1 >= self.start and self.doc[b - 1].text == ",":
            b -= 1
        body = self.para.at(b - 1) if b - 1 >= self.start else None
        if body is not None and self._owner(body) and body.start - 1 > self.start:
            k = body.start - 1
            k -= self.doc[k].lower_ == "the" and k - 1 > self.start
            word = self.doc[k].lower_
            if word in {"of", "for", "at", "to"}:
                a = self._title_before(k)
                title = self._title(a, k)
                if title is None:
                    return None
                if word == "to":  # "Ambassador to Kenya": the post of the sending state
                    owner = self._owner_before(a)
                    title = f"{title} to {self.doc[body.start : body.end].text}"
                else:
                    owner = self._owner(body)
                return (owner, title) if owner else None
        a = self._title_before(b)
        title = self._title(a, b)
        if title is None:
            return None
        owner = self._owner_before(a) or self._owner_after(m.end) or self._recorded(m, title)
        return (owner, title) if owner else None

    def _after(self, m: Mention) -> tuple[str, str] | None:
        j = m.end
        if j >= self.end or self.doc[j].text != ",":
            return None
        j += 1
        if j < self.end and self.doc[j].lower_ == "the":
            j += 1
        owner = None
        lead = self.para.at(j)
        if lead is not None and self._owner(lead) and lead.start == j:
            owner, j = self._owner(lead), lead.end
            if j < self.end and self.doc[j].lower_ in lx.OWNER_MARKS:
                j += 1
        end = self._title_after(j)
        title = self._title(j, end)
        if title is None:
            return None
        owner = self._owner_after(end) or owner or self._recorded(m, title)
        return (owner, title) if owner else None


def sentence_posts(
    para: Paragraph, start: int, end: int, registry: Registry, evidence: tuple[int, int]
) -> list[Fact]:
    return list(Posts(para, start, end, registry).facts(evidence))
