"""What an agreement is about: concepts of the SKOS topic scheme (ontology/topics.ttl).

A topic is proposed when a sentence about the agreement names it: by the
concept's preferred or alternative label, read from the scheme, or by one of
the press phrasings listed below for it ("e-government", "cyber threats",
"train civil servants"). A sentence counts when it speaks of the agreement (an
agreement noun, a signing, cooperation, "the fields ...") and is not page
furniture, so topics of other stories or of the publisher do not leak in.
Phrasings name the concept itself, not a generic activity around it: "exchange
experience", "share knowledge and best practices" or "digital transformation"
name no topic (the golds read them so). A topic word inside the name of a body,
post or event ("Ministry of ... Digital Economy", "Cyber Security Agency") says
who or where, not what, and a generic means ("training") yields to the narrower
concept it serves ("train civil servants in digital skills"). Every topic keeps
the sentences that named it as evidence. Matching is one regular expression per
sentence: linear in the text."""

import re
from functools import cache

from rdflib import Graph
from rdflib.namespace import SKOS

from ontology import ID_BASE, ontology_file

# Press phrasings of each concept beyond its labels; regular expressions, lower case.
CUES: dict[str, tuple[str, ...]] = {
    "digital-government": (r"e-?government", r"[em]-?governance",
                           r"electronic (?:government|governance)", r"digital public services?",
                           r"digital (?:government )?services", r"government services? online",
                           r"e-services", r"(?:online|electronic) services",
                           r"digital transformation of (?:the )?(?:government|public (?:services?|"
                           r"sector|administration))", r"government digital transformation",
                           r"e-(?:health|education)"),
    "digital-skills": (r"digital (?:skills|capabilit\w+|talent)", r"skills? in digital",
                       r"(?:ict|it) skills"),
    "digital-academies": (r"digital academ\w+",),
    "digital-platforms": (r"(?:digital|shared|common) platforms?",),
    "digital-identity": (r"digital id\b", r"e-?id\b", r"electronic identi\w+",
                         r"identity (?:cards?|systems?|management)",
                         r"identit(?:y|ies)", r"identification", r"(?:mobile|smart)-id"),
    "officer-exchange": (r"exchange of (?:officers|officials|staff|civil servants)",
                         r"secondments?", r"(?:officers|officials|staff) exchanges?"),
    "public-service-transformation": (
        r"moderni[sz]\w+ (?:of )?(?:the )?(?:government|public (?:service|sector|administration))",
        r"government (?:\w+ and )?moderni[sz]ation", r"public administration reform",
        r"transformation of (?:the |its |their |\w+['\u2019]s )?public "
        r"(?:sector|service|administration)",
        r"(?:civil|public) service reform", r"public sector reform",
        r"administrative (?:reform|moderni[sz]ation)", r"government performance",
        r"moderni[sz]\w+ the way (?:the )?government works?",
        r"government (?:excellence|experience)"),
    "capacity-building": (r"capacity[- ](?:building|development)",
                          r"build(?:ing)? (?:(?:local|institutional|human|their|its) )?capacit\w+",
                          r"build(?:ing)? the capacit(?:y|ies) of",
                          r"train(?:ing)? (?:of )?(?:civil|public) servants",
                          r"capabilities of (?:public|civil) servants", r"(?<!vocational )training",
                          r"technical assistance", r"skills?[- ]transfer"),
    "human-capital": (r"human capital", r"human resources? (?:development|management)"),
    "public-sector-innovation": (r"innovation in (?:the )?public sector",
                                 r"government innovation", r"public[- ]sector innovation",
                                 r"public (?:service|sector) (?:\w+ and )?innovation"),
    "data-policy": (r"data[- ]centric polic\w+", r"data protection", r"data governance",
                    r"privacy", r"personal data", r"(?:cross-border )?data flows?",
                    r"data free flow"),
    "data-innovation": (r"data innovation",),
    "artificial-intelligence": (r"\bai\b",),
    "good-governance": (r"good governance",),
    "risk-communication": (r"risk communications?",),
    "digital-economy": (r"digital econom\w+",),
    "digital-public-infrastructure": (r"\bdpi\b", r"india stack"),
    "data-exchange": (r"data exchange", r"exchange of data", r"x-road"),
    "open-source": (r"open[- ]source",),
    "open-standards": (r"(?:(?<=government )|(?<=data )|(?<=interoperability )|(?<=common )|"
                       r"(?<=shared ))standards", r"standardi[sz]ation"),
    "trust-services": (r"electronic signatures?", r"e-signatures?", r"digital signatures?",
                       r"\bpki\b", r"public key infrastructure", r"trust services",
                       r"digital certificates?", r"electronic seals?", r"e-seals?"),
    "open-data": (r"open data",),
    "cybersecurity": (r"cyber ?security", r"cyber-security", r"cyber (?:threats?|attacks?|"
                      r"incidents?|defen[cs]e|resilience|capacity)", r"security online",
                      r"cyber-?(?:space|crime|attacks?|threats?)", r"c?sirts?", r"cirts?",
                      r"cert(?:-\w+)?", r"incident response",
                      r"information security",
                      r"(?:network|telecoms?|telecommunications?) security",
                      r"computer emergency response teams?"),
    "smart-cities": (r"smart cit(?:y|ies)",),
    "connectivity": (r"broadband", r"(?:submarine|undersea) (?:optical )?(?:fib(?:re|er) )?cables?",
                     r"optical fib(?:re|er)", r"\b5g\b", r"internet access",
                     r"mobile (?:networks|communications)",
                     r"telecom(?:munication)?s?(?!(?: and \w+)? (?:secretar|minist|regulat|"
                     r"operator|analyst|security))"),
    "digital-trade": (r"digital trade", r"e-?commerce", r"electronic commerce",
                      r"paperless trade", r"e-?invoic\w+"),
    "cross-border-payments": (r"cross-border (?:digital )?(?:payments?|transactions|transfers|"
                              r"remittances)(?: connectivity)?", r"payments? connectivity",
                              r"payments? (?:and messaging )?(?:systems?|links?|linkages?)",
                              r"qr (?:code )?payments?", r"local currenc\w+", r"\bqr\b",
                              r"remittances?"),
}  # fmt: skip
# Labels too broad to stand alone in press text ("National Academy of Governance").
TOO_BROAD = frozenset({"governance"})
# A sentence speaks of the agreement if it has one of these (or a signing cue): "the fields
# named include", "The measure is ...", "These include ...", "are also on the list".
ABOUT_AGREEMENT = re.compile(
    r"\b(?:agreements?|mou|mous|memorand\w+|partnerships?|accord|deal|treaty|charters?|cooperat\w+|"
    r"collaborat\w+|work together|sign\w*|inked|framework|areas?|fields?|focus\w*|aims?|"
    r"pillars?|measure|(?:these|they) include|on the list)\b",
    re.I,
)
# Concepts a generic means ("training") names only when nothing narrower says what it is for:
# "train civil servants in digital skills" is about digital skills.
NARROWER = {"capacity-building": frozenset({"digital-skills", "digital-academies",
                                            "officer-exchange"})}  # fmt: skip
GENERIC = re.compile(r"train\w*(?: (?:of )?(?:civil|public) servants)?", re.I)
# Heads of the names of bodies, posts and events: "Ministry of ... Digital Economy", "Cyber
# Security Agency", "Minister for Digital Transformation", "e-Governance Conference". A topic
# word in such a name is who or where, not what the agreement is about.
NAME_HEADS = frozenset({
    "ministry", "ministries", "minister", "ministers", "department", "agency", "authority",
    "academy", "office", "division", "directorate", "bureau", "council", "commission",
    "committee", "corporation", "company", "limited", "ltd", "institute", "centre", "center",
    "foundation", "university", "school", "college", "secretary", "secretariat", "board",
    "association", "service", "unit", "scientist", "officer", "director", "commissioner",
    "lab", "laboratory", "forum", "summit", "conference", "expo", "week", "programme", "program"
})  # fmt: skip
NAME_JOINS = frozenset({"of", "and", "for", "the", "on", "in", "to", "charge", "&"})
# An older agreement's own name after a cue of building on it: "follows the UK-Singapore
# Digital Economy Agreement" is that agreement's subject, not the new one's.
AFTER_EARLIER = re.compile(
    r"\b(?:follow(?:s|ed|ing)?|builds? on|building on|complement(?:s|ing)?|adds? to)"
    r"\s+(?:the\s+)?[^,.;]{0,60}$",
    re.I,
)
AGREEMENT_HEADS = frozenset({
    "agreement", "agreements", "memorandum", "mou", "partnership", "framework", "declaration",
    "accord", "treaty", "charter"
})  # fmt: skip
# Words of a name; a parenthesis ends it ("Lead Scientist (Data and Technology)").
WORD = re.compile(r"[\w\u2019'&-]+|[,()]")


@cache
def _scheme() -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern of every label and cue, and the concept each named group stands for."""
    graph = Graph().parse(ontology_file("topics.ttl"))
    phrases: dict[str, list[str]] = {slug: list(cues) for slug, cues in CUES.items()}
    base = ID_BASE + "topic/"
    for predicate in (SKOS.prefLabel, SKOS.altLabel):
        for concept, label in graph.subject_objects(predicate):
            if str(concept).startswith(base) and str(label).lower() not in TOO_BROAD:
                slug = str(concept)[len(base) :]
                phrases.setdefault(slug, []).append(re.escape(str(label).lower()))
    # Longest phrase first: a regex alternation takes the first that matches, and "public
    # service transformation" must not be read as "public service" of another concept.
    ordered = sorted(
        ((phrase, slug) for slug, alternatives in phrases.items() for phrase in alternatives),
        key=lambda item: (-len(item[0]), item[0]),
    )
    names = {f"t{n}": slug for n, (_, slug) in enumerate(ordered)}
    groups = [f"(?P<t{n}>{phrase})" for n, (phrase, _) in enumerate(ordered)]
    return re.compile(r"(?<![\w-])(?:" + "|".join(groups) + r")(?![\w-])", re.I), names


def _capital(word: str) -> bool:
    """A word of a name: "Digital", "e-Governance", "ICT" (not "digital", not "eID")."""
    return re.match(r"(?:[a-z]-)?[A-Z]", word) is not None


def _name_around(sentence: str, start: int, end: int) -> list[str] | None:
    """The words of the capitalised name a match is part of ("Ministry of Information,
    Communications and Digital Economy"), or None when the match is not capitalised. Of the
    match itself only its last word can be the name's head ("Saudi Digital Academy"): the
    "Service" of "MoU on Public Service Transformation" is the topic's own word."""
    inside = WORD.findall(sentence[start:end])
    if not all(_capital(w) or w.lower() in NAME_JOINS for w in inside):
        return None
    before, after = WORD.findall(sentence[:start]), WORD.findall(sentence[end:])
    left: list[str] = []
    for word in reversed(before):  # a join only before a word of the name: "for the Digital"
        if _capital(word) or word.lower() in NAME_JOINS or word == ",":
            left.insert(0, word)
        else:
            break
    right: list[str] = []
    for word in after:
        if _capital(word) or word.lower() in NAME_JOINS or word == ",":
            right.append(word)
        else:
            break
    while left and not _capital(left[0]):
        left.pop(0)
    while right and not _capital(right[-1]):
        right.pop()
    return [*left, inside[-1], *right]


def _in_name(sentence: str, start: int, end: int) -> bool:
    """Whether a match is a word of a body's, post's or event's name, or of the name of an
    older agreement the sentence builds on."""
    words = _name_around(sentence, start, end)
    if words is None:
        return False
    heads = {w.lower().split("-")[0] for w in words}
    if heads & NAME_HEADS:
        return True
    return bool(heads & AGREEMENT_HEADS) and AFTER_EARLIER.search(sentence[:start]) is not None


def topics_in(sentence: str) -> list[str]:
    """The topic slugs a sentence about the agreement names, in the order named."""
    if not ABOUT_AGREEMENT.search(sentence):
        return []
    pattern, names = _scheme()
    found: list[tuple[str, bool]] = []
    for m in pattern.finditer(sentence):
        if m.lastgroup and not _in_name(sentence, m.start(), m.end()):
            found.append((names[m.lastgroup], GENERIC.fullmatch(m.group(0)) is not None))
    named = {slug for slug, _ in found}
    specific = {slug for slug, generic in found if not generic}
    kept = [
        slug for slug, _ in found if slug in specific or not NARROWER.get(slug, frozenset()) & named
    ]
    return list(dict.fromkeys(kept))
