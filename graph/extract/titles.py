"""Titles next to a name: the run of title and portfolio words a post is written in.

A title is a run of title words ("Director General", "Prime Minister") and
capitalised portfolio words ("Minister of Foreign Trade and Information
Technology", "Minister of Technology, Information and Communication"), joined
by "of", "for", "and" or a list's comma, read from a name outwards; mentions
(a body, a country, another person) end it. Each scan is bounded
(MAX_TITLE_TOKENS), so the cost of a sentence stays in proportion to its names.
What a title implies about the body it is held in is graph.extract.post_bodies.
"""

from spacy.tokens import Token

from graph.extract import lexicon as lx
from graph.extract.entities import Paragraph
from graph.extract.name_shapes import nameish

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


class Titles:
    """Title runs around positions of one sentence (tokens start..end of a paragraph)."""

    def __init__(self, para: Paragraph, start: int, end: int) -> None:
        self.para, self.doc = para, para.doc
        self.start, self.end = start, end

    def _free(self, k: int) -> bool:
        return self.start <= k < self.end and self.para.at(k) is None

    def _titleish(self, t: Token) -> bool:
        low = t.lower_.rstrip(".")
        if low in lx.PORTFOLIO_WORDS and t.text.islower():
            if self._before_minister(t.i):
                return True  # "the commerce and industry minister of Singapore"
            nxt = self.doc[t.i + 1].lower_ if t.i + 1 < self.end else ""
            if nxt in {"and", ",", "&"}:
                return False  # "the talks covered trade and Minister A"
        return low in lx.TITLE_WORDS or low in PLURAL_TITLES or (nameish(t) and not t.like_num)

    def _before_minister(self, k: int) -> bool:
        """Portfolio words, "and" or a comma from k on up to a minister's or secretary's title
        in lower case: a portfolio written in lower case is a title only right before its
        head word."""
        for j in range(k + 1, min(k + 6, self.end)):
            token = self.doc[j]
            if token.text in {"minister", "ministers", "secretary"}:
                return True
            if token.lower_ not in lx.PORTFOLIO_WORDS and token.lower_ not in {"and", ",", "&"}:
                return False
        return False

    def _joins(self, k: int) -> bool:
        token = self.doc[k]
        hyphen = token.text == "-" and k > 0 and not self.doc[k - 1].whitespace_  # Director-General
        charge = token.lower_ in {"in", "charge"} and self._in_charge(k)
        return (
            token.lower_ in JOINERS or hyphen or charge or (token.text == "," and self._in_list(k))
        )

    def _in_charge(self, k: int) -> bool:
        """ "in charge of", a minister's portfolio ("Minister Delegate in charge of Digital
        Transition", "Minister-in-charge of Cyber Security"): its "in" or "charge" at k."""
        words = [t.lower_ for t in self.doc[max(k - 2, 0) : k + 4] if t.text != "-"]
        return "in charge of" in " ".join(words)

    def _in_list(self, k: int) -> bool:
        """A comma inside a portfolio's list of words ("Minister of Technology, Information and
        Communication", "..., Communications and the Digital Economy"): capitalised words on
        both sides, and "and" before the list ends."""

        def word(j: int) -> bool:
            low = self.doc[j].lower_.rstrip(".") if self._free(j) else ""
            return bool(low) and nameish(self.doc[j]) and low not in lx.TITLE_HEADS

        if not word(k - 1):
            return False
        j = k + 1
        while j < self.end and j - k <= 4 and word(j):
            j += 1
        if j == k + 1 or j + 1 >= self.end or self.doc[j].lower_ != "and":
            return False
        return word(j + 1) or (self.doc[j + 1].lower_ == "the" and word(j + 2))

    def _across_joiners(self, k: int, step: int) -> int | None:
        """From a joiner at k ("of", "and the", a list's comma), the next title-like token that
        way, if any. Backwards, "the" is inside a title only after another joiner ("Minister
        for the Digital Economy"), not after a date ("On Monday the Minister")."""
        for _ in range(4):  # "in charge of" is three
            if (
                step < 0
                and self.doc[k].lower_ == "the"
                and not (k - 1 >= self.start and self._joins(k - 1))
            ):
                return None
            if not self._free(k) or not self._joins(k):
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

    def _cabinet_after(self, k: int) -> bool:
        """A free "Cabinet" at token k that no other name word follows (not "Cabinet Office")."""
        if not self._free(k) or self.doc[k].lower_ not in lx.GOVERNMENT_OFFICES[1]:
            return False
        return not (self._free(k + 1) and self.doc[k + 1].text[:1].isupper())

    def _title(self, a: int, b: int) -> str | None:
        while b > a and self.doc[b - 1].lower_.rstrip(".") in lx.HONORIFICS:
            b -= 1  # "Minister Dr A": the honorific is not the title
        words = [t for t in self.doc[a:b] if t.lower_ not in JOINERS or t.i > a]
        if not words or not any(
            t.lower_.rstrip(".") in lx.TITLE_HEADS | set(PLURAL_TITLES) for t in words
        ):
            return None
        if words[0].lower_ in lx.FUNCTION_WORDS and not words[0].text.isupper():  # "IT"
            return None
        span = self.doc[words[0].i : words[-1].i + 1]
        text = span.text
        if all(not t.text[:1].isupper() for t in span):  # "the commerce minister of X"
            text = "".join(
                (t.text if t.lower_ in JOINERS else t.text[:1].upper() + t.text[1:]) + t.whitespace_
                for t in span
            ).strip()
        last = words[-1].lower_
        if last in PLURAL_TITLES:  # "Presidents A of X and B of Y", "Prime Ministers A ..."
            text = text[: len(text) - len(words[-1].text)] + PLURAL_TITLES[last]
        return text[:1].upper() + text[1:]
