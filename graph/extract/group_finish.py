"""What the grouping of an article's facts does once every sentence is read.

An agreement signed "also" at the same occasion takes what its own sentences leave out from
the one it was signed beside; a group with neither parties nor signers (a caption, a lead
before the parties are named) is about the first signing; witnesses of a sentence about
several memoranda witnessed each; "two MoUs" that the article goes on to tell apart are that
many groups, not twice that many. Kept apart from graph.extract.grouping, which reads the
sentences one by one.
"""

import re
from dataclasses import dataclass, field

from graph.extract.earlier import Earlier
from graph.extract.sentence import Fact

PLURAL = re.compile(r"\b(?:mous|memoranda|memorandums|agreements|accords)\b", re.I)
# What an agreement signed "also" at the same occasion takes from the one before it, when its
# own sentences do not say: the signing's date, place and witnesses, and, naming none, parties
# and signers.
INHERITED = ("signed_on", "signed_at", "parties", "signatories", "witnesses")


@dataclass
class Group:
    """The facts of one agreement, and how many agreements they stand for."""

    facts: list[Fact] = field(default_factory=list)
    parties: set[str] = field(default_factory=set)
    copies: int = 1
    earlier: Earlier | None = None
    kinds: list[str] = field(default_factory=list)
    inherits: "Group | None" = None  # "also signed" at the same occasion as this one


def _inherit(group: Group) -> None:
    """An agreement signed "also" at the same occasion: what its sentences leave out comes from
    the agreement it was signed beside."""
    source = group.inherits
    if source is None:
        return
    own = {f.field for f in group.facts}
    signers = "signatories" in own
    for fld in INHERITED:
        if fld in own or (fld == "parties" and signers):
            continue  # signers of its own: their bodies are its parties (agreements.write)
        group.facts += [f for f in source.facts if f.field == fld]
    if not signers:
        group.parties |= source.parties


def _signed(group: Group) -> bool:
    """Whether a group names signers, whose bodies become its parties (agreements.write). An
    "also signed" group or the one it took its date from, with neither parties nor signers (a
    lead sentence naming no one), is no agreement of its own: a record's agreement needs
    parties."""
    return any(f.field == "signatories" for f in group.facts)


def _share_witnesses(groups: list[Group], facts: list[Fact], text: str) -> None:
    """ "A and B witnessed the exchange of a number of memoranda": witnesses of a sentence about
    several agreements witnessed each, so those the article names no witnesses for get them."""
    shared = [
        f for f in facts if f.field == "witnesses" and PLURAL.search(text[slice(*f.evidence)])
    ]
    for g in groups if len(groups) > 1 else []:
        if shared and not any(f.field == "witnesses" for f in g.facts):
            g.facts += shared


def finish(groups: list[Group], facts: list[Fact], text: str) -> list[Group]:
    """The article's groups once all its sentences are read (see the module's docstring)."""
    for g in groups:
        _inherit(g)
    sources = {id(g.inherits) for g in groups if g.inherits}
    also = [g for g in groups if (g.inherits or id(g) in sources) and _signed(g)]
    kept = [g for g in groups if g.parties or g in also]
    if kept:  # a caption or lead before the parties are named is about the first signing
        ids = {id(g) for g in kept}
        for g in groups:
            if id(g) not in ids:
                kept[0].facts[:0] = g.facts
                kept[0].copies = max(kept[0].copies, g.copies)
                kept[0].earlier = kept[0].earlier or g.earlier
        groups = kept
    _share_witnesses(groups, facts, text)
    count = sum(g.copies for g in groups)
    for g in groups:  # "two MoUs" that the article goes on to tell apart are two groups
        g.copies = max(1, g.copies - (len(groups) - 1)) if count > 1 else 1
    return groups or [Group()]
