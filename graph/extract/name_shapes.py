"""The shapes of name words: capitalised, glued by a hyphen or 's, an acronym in brackets.

Shared by the scanners of new names (new_names.py, mentions.py) and the rules
that read titles and roles around them.
"""

from spacy.tokens import Doc, Token

from graph.extract import lexicon as lx


def nameish(t: Token) -> bool:
    """Starts with a capital (or is a version number like 4.0) and is a word."""
    return (t.text[:1].isupper() and any(c.isalpha() for c in t.text)) or t.like_num


def glued(doc: Doc, k: int) -> bool:
    """A hyphen or 's written without spaces inside a name (Oyun-Erdene, Lloyd's)."""
    t = doc[k]
    return (
        (t.text == "-" or t.text in lx.POSSESSIVES)
        and doc[k - 1].whitespace_ == ""
        and k + 1 < len(doc)
        and (t.text != "-" or t.whitespace_ == "")
    )


def spelled_out(doc: Doc, start: int, k: int) -> int | None:
    """Where a name from `start` goes on past "and" at k to a bracketed acronym of its initials
    ("Department of Foreign Affairs and Trade (DFAT)"): the end of the name, else None."""
    j = k + 1
    while j < min(len(doc), k + 4) and nameish(doc[j]):
        j += 1
    if j == k + 1 or j + 2 >= len(doc) or doc[j].text != "(" or doc[j + 2].text != ")":
        return None
    words = [t.text for t in doc[start:j] if t.lower_ not in lx.CONNECTORS]
    return j if doc[j + 1].text.upper() == "".join(w[0] for w in words).upper() else None


def is_acronym(t: Token) -> bool:
    letters = [c for c in t.text if c.isalpha()]
    return len(letters) >= 2 and t.text[0].isupper() and sum(c.isupper() for c in letters) >= 2
