"""Word lists the rules share: cue verbs, titles, honorifics, organisation head words.

Kept in one place so the rules read as grammar and the lists can grow without
touching them. All entries are lower case; rules compare `token.lower_`.
"""

RSQUO = "\u2019"  # the typographic apostrophe, as in "Lloyd\u2019s"
POSSESSIVES = frozenset({"'s", RSQUO + "s"})
OWNER_MARKS = POSSESSIVES | {"'", RSQUO}  # and the bare apostrophe of "the Emirates' agency"

HONORIFICS = frozenset(
    {"mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "madam", "hon",
     "dato", "datuk", "dato'", "excellency", "he", "h.e.", "h.e", "highness", "sheikh", "sheikha",
     "shaikh", "majesty", "emir", "prince", "princess", "king", "queen", "crown", "honourable",
     "honorable", "seri", "setia", "tun", "datin", "pengiran", "pehin", "berhormat",
     "awang", "dayang", "paduka", "datu", "colonel", "gen", "lt", "col", "maj", "brig", "capt"}
)  # fmt: skip

# Words of a post's title; the first group can head one ("Director", "Minister").
TITLE_HEADS = frozenset(
    {"minister", "president", "director", "director-general", "secretary", "chancellor",
     "ambassador", "commissioner", "governor", "mayor", "dean", "provost", "rector",
     "vice-chancellor", "chairman", "chairwoman", "chairperson", "chair", "ceo", "cio", "cto",
     "coo", "cdo", "officer", "head", "scientist", "founder", "co-founder", "manager", "leader",
     "executive", "envoy", "consul", "counsellor", "adviser", "advisor", "premier", "chief",
     "principal", "fellow", "researcher", "lead", "contact", "presidents", "secretaries",
     "directors", "governors", "ambassadors", "chiefs", "representative"}
)  # fmt: skip
TITLE_MODIFIERS = frozenset(
    {"deputy", "assistant", "associate", "senior", "vice", "acting", "chief", "executive",
     "permanent", "prime", "foreign", "lead", "principal", "general", "managing", "high",
     "second", "first", "digital", "technology", "information", "research", "programme",
     "program", "founding", "co", "state", "junior", "trade", "finance", "parliamentary"}
)  # fmt: skip
TITLE_WORDS = TITLE_HEADS | TITLE_MODIFIERS | {"general"}

# Head words of an organisation's name ("... Ministry of ...", "... Agency").
ORG_HEADS = {
    "ministry": "GovernmentBody",
    "department": "GovernmentBody",
    "agency": "GovernmentBody",
    "office": "GovernmentBody",
    "authority": "GovernmentBody",
    "service": "GovernmentBody",
    "commission": "GovernmentBody",
    "council": "GovernmentBody",
    "bureau": "GovernmentBody",
    "directorate": "GovernmentBody",
    "government": "GovernmentBody",
    "cabinet": "GovernmentBody",
    "parliament": "GovernmentBody",
    "secretariat": "GovernmentBody",
    "network": "GovernmentBody",
    "embassy": "GovernmentBody",
    "university": "AcademicInstitution",
    "institute": "AcademicInstitution",
    "academy": "AcademicInstitution",
    "college": "AcademicInstitution",
    "school": "AcademicInstitution",
    "centre": "Organization",
    "center": "Organization",
    "foundation": "Foundation",
    "fund": "Foundation",
    "trust": "Foundation",
    "bank": "InternationalOrganization",
    "organisation": "InternationalOrganization",
    "organization": "InternationalOrganization",
    "union": "InternationalOrganization",
    "association": "Organization",
    "board": "GovernmentBody",
    "corporation": "Company",
    "company": "Company",
    "ltd": "Company",
    "limited": "Company",
    "inc": "Company",
    "group": "Company",
    "labs": "Company",
    "technologies": "Company",
    "division": "GovernmentBody",
    "unit": "GovernmentBody",
    "administration": "GovernmentBody",
    "alliance": "InternationalOrganization",
    "forum": "InternationalOrganization",
}
# "at the GovTech headquarters": an organisation's premises as the place of a signing.
VENUE_NOUNS = frozenset({"campus", "headquarters", "offices", "office", "premises", "building"})
# Capitalised at a sentence's start but never part of a name.
# Counts an article writes in words ("exchanged three MoUs", "two memoranda").
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
FUNCTION_WORDS = frozenset(
    {"the", "this", "that", "these", "those", "under", "after", "before", "both", "as", "in",
     "on", "at", "by", "for", "with", "not", "all", "a", "an", "it", "we", "our", "their",
     "he", "she", "they", "his", "her", "said", "while", "when", "its", "towards", "also",
     "and", "of", "to", "photo", "today", "yesterday", "following", "during", "through",
     "together", "speaking", "representing", "witnessing", "signing"}
)  # fmt: skip
# Words that appear inside organisation names and portfolios, never in people's names.
# Words of a minister's portfolio, also in lower case before "minister" ("the commerce and
# industry minister"); never in people's names.
PORTFOLIO_WORDS = frozenset(
    {"affairs", "home", "justice", "foreign", "finance", "trade", "industry", "digital",
     "science", "innovation", "technology", "development", "defence", "defense", "health",
     "education", "communications", "information", "economy", "security", "interior",
     "transformation", "data", "planning", "administration", "digitalisation",
     "digitalization", "telecommunications", "infrastructure", "investment", "communication",
     "telecommunication", "multimedia", "sport", "transport", "energy", "mining",
     "environment", "tourism", "culture", "agriculture", "labour", "employment", "economic",
     "commerce", "ict"}
)  # fmt: skip
# Words that appear inside organisation names and portfolios, never in people's names.
NAME_STOPWORDS = FUNCTION_WORDS | PORTFOLIO_WORDS | frozenset(
    {"national", "public", "federal", "state", "royal", "international", "exchequer",
     "governance", "policy", "research", "smart", "nation", "reform", "transition",
     "modernisation", "modernization",
     "mou", "memorandum", "understanding", "agreement", "partnership", "speaker", "series",
     "programme", "program", "initiative", "ministers", "minister", "new", "joint", "annual",
     "press", "statement", "lab", "laboratory", "says", "republic", "kingdom", "city",
     "cabinet", "post", "posts", "services"}
)  # fmt: skip
NAME_STOPWORDS_ALL = NAME_STOPWORDS | TITLE_WORDS | HONORIFICS | set(ORG_HEADS)

# Lower-case particles inside people's names (Maktoum bin Mohammed, Ursula von der Leyen).
NAME_PARTICLES = frozenset({"bin", "bint", "ibn", "al", "el", "von", "van", "der", "de", "da"})
# Part of a name inside it ("Ajman Haji Meludin"), an honorific before it ("Haji Mohd Amin").
INNER_HONORIFICS = frozenset({"haji", "hajah"})
CONNECTORS = frozenset({"of", "for", "the", "and", "on", "in", "&", "de", "du"})

# "renewed": the renewal is itself a signing ("X and Y renewed their MoU"); "renews" opens a
# clause about the older agreement (OTHER_AGREEMENT).
SIGN_VERBS = frozenset(
    {"sign", "signs", "signed", "ink", "inks", "inked", "concluded", "renew", "renewed"}
)
SIGN_NOUNS = frozenset({"signing", "signature", "signatories", "signatory"})
WITNESS_VERBS = frozenset({"witness", "witnesses", "witnessed"})
# Words that make a sentence one where people's names are worth looking for.
ROLE_CUE_WORDS = SIGN_VERBS | SIGN_NOUNS | WITNESS_VERBS | {"witnessing", "representing",
                                                              "presence", "signatures"}  # fmt: skip
FACILITATE_VERBS = frozenset(
    {"broker", "brokers", "brokered", "facilitate", "facilitates", "facilitated"}
)
AGREEMENT_NOUNS = {
    "mou": "MemorandumOfUnderstanding",
    "mous": "MemorandumOfUnderstanding",
    "memorandum": "MemorandumOfUnderstanding",
    "memoranda": "MemorandumOfUnderstanding",
    "agreement": "Agreement",
    "accord": "Agreement",
    "deal": "Agreement",
    "treaty": "Agreement",
    "partnership": "Partnership",
}
# "Estonian and Kenyan officials signed": a demonym before one of these stands for the state.
STATE_NOUNS = frozenset(
    {"officials", "government", "governments", "counterparts", "delegation", "delegations",
     "side", "sides", "authorities", "ministers", "leaders", "representatives"}
)  # fmt: skip
PASSIVE_AUX = frozenset({"was", "were", "is", "are", "been", "be", "being"})
COPULAS = frozenset({"were", "are", "was", "is", "included", "include", "includes"})
# Verbs and nouns of another event: a date or place past one of these is not the signing's.
OTHER_EVENTS = frozenset(
    {"announced", "announces", "said", "says", "added", "launched", "launches", "visit",
     "visited", "visits", "delivered", "hosted", "published", "founded", "established",
     "met", "spoke", "statement", "conference", "lecture", "election", "elected", "appointed",
     "builds", "existing", "previous", "earlier", "since"}
)  # fmt: skip
# A clause that starts with one of these talks about another (older) agreement.
OTHER_AGREEMENT = frozenset(
    {"builds", "existing", "previous", "earlier", "renews", "extends", "similar"}
)
SPEECH_VERBS = frozenset({"said", "says", "explained", "added", "noted", "stated", "remarked"})
# Where a list of names after a cue ends: another clause starts.
CLAUSE_BREAKS = OTHER_AGREEMENT | SPEECH_VERBS | {"which", "who", "whose", "whom"}
# The government's own collective offices, by length in words, longest first: a title "of" one
# ("Chairman of the Cabinet of Ministers", "President of the Treasury Board") is a post of the
# state, with the office in the title.
GOVERNMENT_OFFICES = {
    3: frozenset({"cabinet of ministers", "council of ministers"}),
    2: frozenset({"treasury board"}),
    1: frozenset({"cabinet"}),
}
# Bodies a minister or secretary heads, named by the portfolio: "Secretariat of X" for the
# "Secretary of X" of Latin American governments.
PORTFOLIO_HEADS = ("Ministry", "Secretariat", "Department")
