"""An older agreement that a signing renews or builds on, as one sentence tells it.

"X and Y renewed their MoU", "It renews the MoU first signed in 2017", "extends
the partnership agreement launched in April 2019", "builds on the ROK-UK
Bilateral Framework agreed in June 2022", "adds to the cooperation agreement
signed in 2021": a renewal or follow-up cue with an agreement named after it.
Whatever the sentence says after a second verb of concluding ("signed",
"launched", "agreed") or right before the older agreement's noun ("the 2019
agreement") dates the older agreement, not the signing; the kind, the name
("the ROK-UK Bilateral Framework") and the subject ("the cybersecurity MoU")
after the cue are the older agreement's too, and so are the parties named only in
the clause after it ("builds on an existing partnership between X and Y").
"""

import re
from dataclasses import dataclass

from graph.extract.dates import find_dates
from graph.extract.kinds import KIND_PATTERN, kinds_in
from graph.extract.topics import topics_in

RENEWS = re.compile(
    r"\b(?:renew(?:s|ed|al of|ing)?|extends?|extended|extending|extension of|replaces)\b", re.I
)
BUILDS = re.compile(
    r"\b(?:builds? (?:up)?on|built on|building on|follows? (?:up )?on|follows|expands on|"
    r"adds? to|supplement(?:s|ing)?(?: to)?|continuation of|(?:new|second|next|third) phase of)\b",
    re.I,
)
STATES = re.compile(r"\b(?:governments|countries|nations|states)\b", re.I)
# A second verb of concluding after the cue: what follows it tells when the older one was made.
CONCLUDED = re.compile(
    r"\b(?:signed|launched|agreed|concluded|inked|established|adopted|reached|struck|set up)\b",
    re.I,
)
# "the 2019 agreement", "their 2017 MoU": a year right before the older agreement's noun.
YEAR_BEFORE = re.compile(
    r"\b((?:19|20)\d{2})\s+(?:[\w-]+\s+){0,3}?(?=" + KIND_PATTERN.pattern + ")", re.I
)
# "the ROK-UK Bilateral Framework": a name of two or more capitalised words after the cue.
NAME = re.compile(r"\s*(?:the\s+)?([A-Z][\w'-]*(?:\s+(?:(?:of|on|for|and)\s+)?[A-Z][\w'-]*)+)")
# Where the older agreement's own noun phrase ends ("the cybersecurity MoU | that ...").
PHRASE_END = re.compile(r"\b(?:that|which|signed|first|originally|with|between|by)\b|[,;.]")


@dataclass(frozen=True)
class Earlier:
    """An older agreement the signing renews or builds on, as the article gives it."""

    link: str  # renews | builds_on
    date: str | None  # as precise as the text; None: the graph's may be found
    states: bool  # "the two governments", "the countries": between the states
    kind: str | None = None
    label: str | None = None  # its own name, when the text gives one
    topics: tuple[str, ...] = ()
    per_copy: bool = False  # "renewed two MoUs": each counted agreement renews its own
    parties: tuple[str, ...] = ()  # entity keys named as its parties ("between X and Y")

    @property
    def year(self) -> str | None:
        return self.date[:4] if self.date else None

    def merged(self, other: "Earlier") -> "Earlier":
        """One older agreement told by two sentences ("renewed their MoU" ... "first signed in
        2017"): what either gives."""
        return Earlier(
            self.link,
            self.date or other.date,
            self.states or other.states,
            self.kind or other.kind,
            self.label or other.label,
            tuple(dict.fromkeys(self.topics + other.topics)),
            self.per_copy or other.per_copy,
            tuple(dict.fromkeys(self.parties + other.parties)),
        )


@dataclass(frozen=True)
class EarlierMention:
    earlier: Earlier
    start: int  # the cue's character offsets in the sentence
    end: int
    dated_after: int | None  # where the clause of the older one's own signing starts, if any
    clause_end: int  # where the clause about the older agreement ends ("Building on X, ...")


def earlier_in(sentence: str, counted: re.Match[str] | None = None) -> EarlierMention | None:
    """The older agreement a sentence renews or builds on, if it names one after the cue."""
    renews, builds = RENEWS.search(sentence), BUILDS.search(sentence)
    cue = min((m for m in (renews, builds) if m), key=lambda m: m.start(), default=None)
    if cue is None:
        return None
    after = sentence[cue.end() :]
    kinds = kinds_in(after)
    if not kinds:
        return None  # "renewed commitment", "extend support": no agreement is renewed
    date, dated_after = None, None
    concluded = CONCLUDED.search(after)
    if concluded:
        dated_after = cue.end() + concluded.start()
        found = find_dates(after[concluded.end() :])
        date = max(found, key=lambda d: d.precision).value if found else None
    year = YEAR_BEFORE.search(after)
    if date is None and year:  # "the 2019 agreement": dated, but no clause of its own signing
        date = year.group(1)
    name = NAME.match(after)
    label = name.group(1) if name and _proper(name.group(1)) else None
    phrase = after[: (PHRASE_END.search(after) or re.search(r"$", after)).start()]
    link = "renews" if cue is renews else "builds_on"
    per_copy = bool(link == "renews" and counted and cue.end() <= counted.start() <= cue.end() + 12)
    earlier = Earlier(
        link,
        date,
        STATES.search(after) is not None,
        kinds[0].kind,
        label,
        tuple(topics_in(phrase)) if link == "renews" else (),
        per_copy,
    )
    clause = re.search(r"[,;]", after)
    clause_end = cue.end() + clause.start() if clause else len(sentence)
    return EarlierMention(earlier, cue.start(), cue.end(), dated_after, clause_end)


def _proper(name: str) -> bool:
    """A name of its own: an agreement noun with a capitalised word beside it ("ROK-UK
    Bilateral Framework"), not the noun alone ("Memorandum of Understanding")."""
    rest = KIND_PATTERN.sub(" ", name)
    return rest != name and any(w[:1].isupper() for w in rest.split() if w not in {"of", "on"})
