"""Ranking names against what a person typed: the site search and "did you mean".

People type names half-remembered, in their own language, without accents:
"singapur", "Estonian e-gov academy", "Teo". A match is scored by how it
matches, best first:

    exact name (label 100, alias 95) > the name starts with the text as whole
    words (85) > every typed word is a word of the name (82) > the name starts
    with the text (80) > every typed word starts a word of the name (70) > the
    name contains the text (60) > a close spelling (up to 65, by difflib ratio
    against the name, its words and word prefixes: "singapur" for Singapore)

A caller may add a bias per entity (the site search puts countries and
bodies before the pages that mention them).

Ties go to labels over aliases, then to shorter names (the more specific
match), then to the IRI, so the same data always ranks the same way.
Comparison ignores case, accents and punctuation. Close spellings are only
tried among names sharing a character trigram with the text, so a lookup
stays fast on large graphs.
"""

import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

FUZZY_MIN = 0.72  # below this ratio a spelling is not "close"
FUZZY_POOL = 60  # names (by shared trigrams) whose spelling is compared


def fold(text: str) -> str:
    """Lower case, no accents, punctuation as spaces ("São Tomé & Príncipe": "sao tome and
    principe"): how names are compared."""
    decomposed = unicodedata.normalize("NFKD", text.replace("&", " and "))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[\W_]+", " ", bare.casefold()).split())


def _trigrams(folded: str) -> set[str]:
    padded = f"  {folded} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


@dataclass(frozen=True)
class Match:
    iri: str
    name: str  # the label or alias that matched
    score: float
    is_label: bool


@dataclass
class NameTable:
    """Every (iri, name) pair, folded, with a trigram index for close spellings."""

    # (iri, name, folded name, whether the name is the label)
    names: list[tuple[str, str, str, bool]] = field(default_factory=list)
    exact: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    grams: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))

    def add(self, iri: str, name: str, is_label: bool) -> None:
        folded = fold(name)
        if not folded:
            return
        index = len(self.names)
        self.names.append((iri, name, folded, is_label))
        self.exact[folded].append(index)
        for gram in _trigrams(folded):
            self.grams[gram].append(index)


def name_table(entries: Iterable[tuple[str, str, bool]]) -> NameTable:
    table = NameTable()
    for iri, name, is_label in entries:
        table.add(iri, name, is_label)
    return table


def _score(wanted: str, words: list[str], folded: str) -> float:
    name_words = folded.split()
    if folded.startswith(wanted + " "):
        return 85.0
    if all(t in name_words for t in words):
        return 82.0
    if folded.startswith(wanted):
        return 80.0
    if all(any(w.startswith(t) for w in name_words) for t in words):
        return 70.0
    if wanted in folded:
        return 60.0
    return 0.0


def _spelling(wanted: str, folded: str) -> float:
    """The best difflib ratio of the text against the name, its words and word prefixes."""
    candidates = {folded, *folded.split()}
    candidates |= {c[: len(wanted)] for c in list(candidates) if len(c) > len(wanted)}
    return max(difflib.SequenceMatcher(None, wanted, c).ratio() for c in candidates)


def rank(
    table: NameTable,
    text: str,
    limit: int = 10,
    accept: Callable[[str], bool] | None = None,
    bias: Callable[[str], float] | None = None,
) -> list[Match]:
    """The best match per entity, best first (at most `limit`)."""
    wanted = fold(text)
    if not wanted:
        return []
    words = wanted.split()
    best: dict[str, Match] = {}

    def offer(index: int, score: float) -> None:
        iri, name, _, is_label = table.names[index]
        if score <= 0 or (accept is not None and not accept(iri)):
            return
        score += (1 if is_label else 0) + (bias(iri) if bias else 0)  # labels beat aliases
        if iri not in best or score > best[iri].score:
            best[iri] = Match(iri, name, score, is_label)

    for index in table.exact.get(wanted, ()):
        offer(index, 99.0 if table.names[index][3] else 94.0)
    shared: dict[int, int] = defaultdict(int)
    for gram in _trigrams(wanted):
        for index in table.grams.get(gram, ()):
            shared[index] += 1
    for index in shared:
        offer(index, _score(wanted, words, table.names[index][2]))
    pool = sorted(shared, key=lambda i: (-shared[i], len(table.names[i][2]), i))[:FUZZY_POOL]
    for index in pool:
        ratio = _spelling(wanted, table.names[index][2])
        if ratio >= FUZZY_MIN:
            offer(index, 65.0 * ratio)
    ordered = sorted(best.values(), key=lambda m: (-m.score, len(m.name), m.iri))
    return ordered[:limit]
