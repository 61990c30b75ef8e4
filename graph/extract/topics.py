"""What an agreement is about: concepts of the SKOS topic scheme (ontology/topics.ttl).

A topic is proposed when a sentence about the agreement names it: by the
concept's preferred or alternative label, read from the scheme, or by one of
the press phrasings listed below for it ("e-government", "cyber threats",
"train civil servants"). A sentence counts when it speaks of the agreement (an
agreement noun, a signing, cooperation) and is not page furniture, so topics
of other stories or of the publisher do not leak in. Every topic keeps the
sentences that named it as evidence. Matching is one regular expression per
sentence: linear in the text.
"""

import re
from functools import cache

from rdflib import Graph
from rdflib.namespace import SKOS

from ontology import ID_BASE, ontology_file

# Press phrasings of each concept beyond its labels; regular expressions, lower case.
CUES: dict[str, tuple[str, ...]] = {
    "digital-government": (r"e-?government", r"[em]-?governance", r"digital public services?",
                           r"digital (?:government )?services", r"government services? online",
                           r"e-services", r"(?:online|electronic) services", r"public services",
                           r"public service delivery",
                           r"digital transformation(?! of (?:the )?(?:financial|banking|private))",
                           r"digiti[sz]\w+", r"digitali[sz]\w+", r"e-(?:health|education)"),
    "digital-skills": (r"digital (?:skills|capabilit\w+|talent)", r"skills? in digital"),
    "digital-academies": (r"digital academ\w+",),
    "digital-platforms": (r"(?:digital|shared|common) platforms?",),
    "digital-identity": (r"digital id\b", r"e-?id\b", r"electronic identi\w+",
                         r"identity (?:cards?|systems?|management)",
                         r"identit(?:y|ies)", r"identification", r"(?:mobile|smart)-id"),
    "officer-exchange": (r"exchange of (?:officers|officials|staff|civil servants)",
                         r"secondments?", r"(?:officers|officials|staff) exchanges?"),
    "public-service-transformation": (
        r"moderni[sz]\w+ (?:of )?(?:the )?(?:government|public (?:service|sector|administration))",
        r"government moderni[sz]ation", r"public administration reform",
        r"(?:civil|public) service reform", r"government (?:work|performance)",
        r"government (?:excellence|experience)"),
    "capacity-building": (r"capacity[- ]building", r"build(?:ing)? capacit\w+",
                          r"train(?:ing)? (?:of )?(?:civil|public) servants",
                          r"(?:knowledge|expertise|experience) (?:exchange|sharing)",
                          r"exchange (?:of )?(?:knowledge|expertise|experience|best practices)",
                          r"shar\w+ (?:of )?(?:their |its )?(?:knowledge|expertise|experience)",
                          r"capabilities of (?:public|civil) servants", r"training",
                          r"technical assistance", r"best practices?",
                          r"(?:civil|public) servants"),
    "human-capital": (r"human capital", r"human resources? (?:development|management)"),
    "public-sector-innovation": (r"innovation in (?:the )?public sector",
                                 r"government innovation", r"public[- ]sector innovation"),
    "data-policy": (r"data[- ]centric polic\w+", r"data protection", r"data governance",
                    r"privacy", r"personal data"),
    "data-innovation": (r"data innovation",),
    "artificial-intelligence": (r"\bai\b",),
    "good-governance": (r"good governance",),
    "risk-communication": (r"risk communications?",),
    "digital-economy": (r"digital econom\w+",),
    "digital-public-infrastructure": (r"\bdpi\b", r"india stack"),
    "data-exchange": (r"data exchange", r"exchange of data", r"x-road"),
    "open-source": (r"open[- ]source",),
    "open-standards": (r"standards", r"standardi[sz]ation"),
    "trust-services": (r"electronic signatures?", r"e-signatures?", r"digital signatures?",
                       r"\bpki\b", r"trust services"),
    "open-data": (r"open data",),
    "cybersecurity": (r"cyber ?security", r"cyber-security", r"cyber (?:threats?|attacks?|"
                      r"incidents?|defen[cs]e|resilience|capacity)", r"security online",
                      r"cyber-?(?:space|crime|attacks?|threats?)", r"c?sirts?", r"cirts?",
                      r"cert(?:-\w+)?", r"incident response",
                      r"information security"),
    "smart-cities": (r"smart cit(?:y|ies)",),
    "connectivity": (r"broadband", r"submarine cables?", r"\b5g\b", r"internet access",
                     r"telecom(?:munication)?s?(?! (?:secretary|minister|ministry|regulator))"),
    "digital-trade": (r"digital trade", r"e-?commerce", r"paperless trade", r"e-?invoic\w+"),
    "cross-border-payments": (r"cross-border (?:payments?|transactions|transfers|remittances)",
                              r"payments? (?:and messaging )?(?:systems?|links?|linkages?)",
                              r"qr (?:code )?payments?", r"local currenc\w+", r"\bupi\b",
                              r"payments?", r"\bqr\b", r"remittances?"),
}  # fmt: skip
# Labels too broad to stand alone in press text ("National Academy of Governance").
TOO_BROAD = frozenset({"governance"})
# A sentence speaks of the agreement if it has one of these (or a signing cue).
ABOUT_AGREEMENT = re.compile(
    r"\b(?:agreements?|mou|mous|memorand\w+|partnerships?|accord|deal|treaty|cooperat\w+|"
    r"collaborat\w+|work together|sign\w*|inked|framework|areas?|focus\w*|aims?|pillars?)\b",
    re.I,
)


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


def topics_in(sentence: str) -> list[str]:
    """The topic slugs a sentence about the agreement names, in the order named."""
    if not ABOUT_AGREEMENT.search(sentence):
        return []
    pattern, names = _scheme()
    found = [names[m.lastgroup] for m in pattern.finditer(sentence) if m.lastgroup]
    return list(dict.fromkeys(found))
