"""What kind of agreement a phrase names: the record types (data/README.md) by their press names.

A phrase is read as a whole ("memorandum of cooperation", "declaration of
intent", "digital economy agreement"), so the most specific reading wins over
its head noun. The curated records type them the same way: a declaration of
intent is a LetterOfIntent, a charter or joint statement a Declaration.
"""

import re
from dataclasses import dataclass

_MEMO = r"memorand(?:um|a|ums)"
# Longest first: the regex takes the first alternative that matches at a position.
KINDS: tuple[tuple[str, str], ...] = (
    (r"letters? of intent|(?:joint )?declarations? of intent|\blois?\b", "LetterOfIntent"),
    (rf"{_MEMO} of cooperation|\bmocs?\b", "MemorandumOfCooperation"),
    (rf"{_MEMO}(?: of understanding)?|\bmous?\b", "MemorandumOfUnderstanding"),
    (r"digital economy agreements?|(?:free )?trade agreements?", "TradeAgreement"),
    (r"grant agreements?|financing agreements?", "GrantAgreement"),
    (r"joint declarations?|joint statements?|declarations?|charters?", "Declaration"),
    (r"partnership agreements?", "Agreement"),
    (r"partnerships?", "Partnership"),
    (
        r"agreements?|accords?|treat(?:y|ies)|deals?|protocols?|frameworks?|action plans?|"
        r"(?:cooperation|work) programmes?|programmes? of cooperation",
        "Agreement",
    ),
)
KIND_PATTERN = re.compile(
    r"\b(?:" + "|".join(f"(?P<k{n}>{p})" for n, (p, _) in enumerate(KINDS)) + r")\b", re.I
)
# Which kind names an agreement best when a signing sentence names several ("a memorandum of
# understanding to deepen the partnership"): the instrument over what it sets up.
RANK = {
    "LetterOfIntent": 0,
    "MemorandumOfCooperation": 0,
    "MemorandumOfUnderstanding": 1,
    "TradeAgreement": 1,
    "GrantAgreement": 1,
    "Declaration": 2,
    "Agreement": 3,
    "Partnership": 3,
}


@dataclass(frozen=True)
class KindMention:
    start: int  # character offsets in the searched text
    end: int
    kind: str


def kinds_in(text: str) -> list[KindMention]:
    """Every agreement kind the text names, in text order."""
    return [
        KindMention(m.start(), m.end(), KINDS[int(m.lastgroup[1:])][1])
        for m in KIND_PATTERN.finditer(text)
        if m.lastgroup
    ]


def best_kind(kinds: list[str]) -> str | None:
    """The kind of an agreement named by several phrases: the best ranked, the first on a tie."""
    return min(kinds, key=lambda k: RANK[k]) if kinds else None
