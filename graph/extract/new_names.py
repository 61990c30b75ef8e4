"""Names new to the graph: organisations and people, found by their shape.

A blank spaCy pipeline has no statistical NER, so new names are found by the
shape press releases give them:
- organisations: a capitalised run whose head is an organisation word
  ("... Ministry of Justice and Home Affairs", "National University of
  Singapore"), often followed by its acronym in brackets, which then names it
  too ("(IPUR)"); "X at Y" makes Y X's parent body;
- people (person_names.py, the base class): a capitalised run of two to four
  name-like words next to a title or honorific, a role cue, or a speech verb;
  later "Mr Kok" / "Prof Lee" resolve to a person already named.
"""

from collections.abc import Iterator

from spacy.tokens import Span

from graph.extract import lexicon as lx
from graph.extract.name_shapes import glued, is_acronym, nameish, spelled_out
from graph.extract.person_names import Candidate, PersonScanner

DASHES = {"-", "\u2013", "\u2014"}


class Scanner(PersonScanner):
    """Finds new names (organisations here, people in PersonScanner) in one paragraph."""

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
            place = self._dash_place(k, stop) if t.text in DASHES else None
            if place is not None:
                return place  # "Department of Government Enablement - Abu Dhabi (DGE)"
            low, nxt = t.lower_, k + 1
            if low in {"of", "for", "on"} and nxt < stop and doc[nxt].lower_ == "the":
                nxt += 1
            the = low == "and" and nxt < stop and doc[nxt].lower_ == "the"
            if the and (listed or after_of) and self._portfolio_tail(nxt + 1, stop):
                nxt += 1  # "..., Communications and the Digital Economy", "... and the Future"
            joins = (
                low in {"of", "for", "on", "&"}
                or (low == "to" and listed and self.kinds[nxt] is None)
                or (
                    low == "and"
                    and (
                        after_of
                        or doc[k - 1].lower_ in lx.NAME_STOPWORDS
                        or (self._plain(i, k) and self._headed(nxt, stop))
                        or spelled_out(doc, i, k) is not None
                    )
                    and not self._next_name_starts(nxt, stop)
                )
            )
            if joins and nxt < stop and nameish(doc[nxt]) and not self.opaque(nxt):
                after_of = after_of or low in {"of", "for", "on"}
                k = nxt
                continue
            break
        return end

    def _portfolio_tail(self, k: int, stop: int) -> bool:
        """After "... of X and the": the last words of the portfolio ("and the Future", "and the
        Digital Economy"), not another body ("and the Government of Moldova", "and the NHS"):
        plain capitalised words, no head word or acronym, not followed by "of"."""
        doc, j = self.doc, k
        while j < stop and j - k < 3 and nameish(doc[j]) and self.kinds[j] is None:
            if doc[j].lower_ in lx.ORG_HEADS or doc[j].is_upper:
                return False
            j += 1
        return j > k and not (j < stop and (nameish(doc[j]) or doc[j].lower_ in {"of", "for"}))

    def _dash_place(self, k: int, stop: int) -> int | None:
        """A name's place after a spaced dash, when its acronym follows ("Department of
        Government Enablement - Abu Dhabi (DGE)"): the end of the name, else None. Without the
        acronym the dash more often starts another clause or a dateline."""
        doc, j = self.doc, k + 1
        if doc[k].whitespace_ == "" or doc[k - 1].whitespace_ == "":
            return None  # a hyphen, not a dash
        while j < stop and j - k <= 3 and nameish(doc[j]) and not doc[j].is_upper:
            if self.kinds[j] not in {None, "place", "country"}:
                return None
            j += 1
        bracket = j > k + 1 and j + 2 < stop and doc[j].text == "(" and doc[j + 2].text == ")"
        return j if bracket and is_acronym(doc[j + 1]) else None

    def _list_comma(self, k: int, stop: int) -> bool:
        """A comma inside a portfolio's list (", Communications and (the) Digital Economy"):
        plain capitalised words after it, then "and" and another one; an item may be a phrase
        with "to" inside (", Access to Information and Personal Data Protection")."""
        doc, j = self.doc, k + 1

        def plain(i: int) -> bool:
            return i < stop and nameish(doc[i]) and self.kinds[i] is None

        while j - k <= 3 and plain(j) and doc[j].lower_ not in lx.ORG_HEADS:
            j += 1
            if j > k + 1 and j < stop and doc[j].lower_ == "to" and plain(j + 1):
                j += 1  # the word after "to" is the next one read
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
        if self._rest_of_known(start, end, stop):
            return None
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

    def _rest_of_known(self, start: int, end: int, stop: int) -> bool:
        """The words after a known body's name that its acronym in brackets follows ("NPCI
        International Payments Ltd (NIPL)", where the graph knows "NPCI International" and
        "NIPL"): the rest of that body's name as this article spells it, not another body."""
        doc, known = self.doc, self.iris[start - 1] if start > 0 else None
        bracket = end + 2 < stop and doc[end].text == "(" and doc[end + 2].text == ")"
        return (
            bracket
            and known is not None
            and self.kinds[start - 1] == "org"
            and self.kinds[end + 1] == "org"
            and self.iris[end + 1] == known
        )

    def _iri(self, i: int) -> str:
        iri = self.iris[i]
        assert iri is not None, "called only where the gazetteer named a country"
        return iri
