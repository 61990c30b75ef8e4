"""The cue phrases of a signing, as spaCy Matcher token patterns.

A blank pipeline has no parser, so the rules start from cue phrases matched
as token patterns. A cue's label says how the rules read it: ROLE_AFTER cues
introduce a list and take the names after them, ROLE_BEFORE verbs take the
names before them, and SIGNING cues are the signing a date or place attaches to.
"""

from spacy.matcher import Matcher
from spacy.vocab import Vocab

from graph.extract import lexicon as lx

ROLE_AFTER = {
    "SIGNATORIES": "signatories",
    "SIGNED_BY": "signatories",
    "REPRESENTING": "signatories",
    "SIGNING_FOR": "signatories",
    "WITNESSING": "witnesses",
    "WITNESSED_BY": "witnesses",
    "FACILITATED_BY": "facilitators",
}
ROLE_BEFORE = {
    "SIGN_VERB": "signatories",
    "WITNESS_VERB": "witnesses",
    "FACILITATE_VERB": "facilitators",
}
SIGNING = {
    "SIGN_VERB",
    "SIGN_NOUN",
    "SIGNATORIES",
    "SIGNED_BY",
    "REPRESENTING",
    "SIGNING_FOR",
    "WITNESSING",
    "WITNESSED_BY",
    "WITNESS_VERB",
}
# The words between "Witnessing" / "Representing" and "were". The open "*" keeps a partial
# match alive from each such word to the sentence's end, which the pipeline's sentence cap
# (graph.extract.nlp) bounds; a bounded "{0,n}" costs twice as much on every token.
ANY = {"IS_SENT_START": False, "IS_PUNCT": False, "OP": "*"}


def cue_matcher(vocab: Vocab) -> Matcher:
    """The cue phrases as token patterns; overlapping matches keep the longest."""
    matcher = Matcher(vocab)
    copula = {"LOWER": {"IN": sorted(lx.COPULAS)}}
    patterns = {
        "SIGN_VERB": [
            [{"LOWER": {"IN": sorted(lx.SIGN_VERBS)}}],
            [  # "X and Y have reached an agreement": done by what precedes it, as "signed"
                {"LOWER": {"IN": ["reach", "reached", "reaches"]}},
                {"LOWER": {"IN": ["a", "an", "the"]}, "OP": "?"},
                {"LOWER": {"IN": sorted(lx.AGREEMENT_NOUNS)}},
            ],
            [  # "X and Y launched the Japan-UK Digital Partnership": concluding it
                {"LOWER": {"IN": ["launch", "launched", "launches"]}},
                {"LOWER": "the"},
                {"TEXT": {"REGEX": r"^(?:[A-Z][\w'.]*|-)$"}, "OP": "*"},  # "Japan-UK Digital"
                {"LOWER": {"IN": ["partnership", "framework", "agreement", "alliance"]}},
            ],
            [  # "A and B put their signatures to the agreement"
                {"LOWER": {"IN": ["put", "puts", "affixed", "affix", "affixes"]}},
                {"LOWER": {"IN": ["their", "his", "her"]}},
                {"LOWER": {"IN": ["signatures", "signature"]}},
            ],
            [  # a caption's "A and B exchange the signed documents"; "X and Y exchanged an MoU"
                {"LOWER": {"IN": ["exchange", "exchanges", "exchanged", "exchanging"]}},
                {
                    "LOWER": {"IN": ["the", "signed", "copies", "of", "a", "an", *lx.NUMBER_WORDS]},
                    "OP": "*",
                },
                {"LOWER": {"IN": ["documents", "document", *sorted(lx.AGREEMENT_NOUNS)]}},
            ],
        ],
        "SIGN_NOUN": [[{"LOWER": {"IN": ["signing", "signature"]}}]],
        "SIGNATORIES": [[{"LOWER": {"IN": ["signatories", "signatory"]}}, copula]],
        "SIGNED_BY": [[{"LOWER": {"IN": sorted(lx.SIGN_VERBS)}}, {"LOWER": "by"}]],
        "REPRESENTING": [[{"LOWER": "representing"}, ANY, {"LOWER": {"IN": ["were", "are"]}}]],
        "SIGNING_FOR": [  # "Signing for the Central African Republic was A": A, for that party
            [
                {"LOWER": "signing", "IS_SENT_START": True},
                {"LOWER": {"IN": ["for", "on"]}},
                ANY,
                {"LOWER": {"IN": ["was", "were"]}},
            ]
        ],
        "WITNESSING": [[{"LOWER": {"IN": ["witnessing", "witnesses"]}}, ANY, copula]],
        "WITNESSED_BY": [
            [{"LOWER": {"IN": ["witnessed", "watched"]}}, {"LOWER": "by"}],
            [{"LOWER": "in"}, {"LOWER": "the"}, {"LOWER": "presence"}, {"LOWER": "of"}],
            [{"LOWER": "in"}, {"LOWER": "front"}, {"LOWER": "of"}],
            [{"LOWER": "attended"}, {"LOWER": "by"}],  # "the ceremony was attended by"
            [  # "Also present were A and B", "Present at the signing was C"
                {"LOWER": {"IN": ["present", "attendance"]}},
                {"LOWER": {"IN": ["at", "the", "signing", "ceremony", "event"]}, "OP": "*"},
                {"LOWER": {"IN": ["were", "was"]}},
            ],
        ],
        "WITNESS_VERB": [
            [{"LOWER": {"IN": ["witness", "witnessed"]}}],
            [{"LOWER": {"IN": ["look", "looks", "looked", "looking"]}}, {"LOWER": "on"}],
            [  # "C attended the ceremony", "D was present at the signing"
                {"LOWER": {"IN": ["attended", "attend", "attends", "attending"]}},
                {"LOWER": "the"},
                {"LOWER": {"IN": ["ceremony", "signing"]}},
            ],
            [
                {"LOWER": {"IN": ["was", "were"]}},
                {"LOWER": "also", "OP": "?"},
                {"LOWER": "present"},
            ],
        ],
        "FACILITATED_BY": [
            [
                {"LOWER": {"IN": sorted(lx.FACILITATE_VERBS | {"supported", "mediated"})}},
                {"LOWER": "by"},
            ],
            [
                {"LOWER": "with"},
                {"LOWER": "the", "OP": "?"},
                {"LOWER": "support"},
                {"LOWER": {"IN": ["of", "from"]}},
            ],
        ],
        "FACILITATE_VERB": [[{"LOWER": {"IN": sorted(lx.FACILITATE_VERBS)}}]],
        "WITH": [[{"LOWER": "with"}]],
        "ON_BEHALF": [[{"LOWER": "on"}, {"LOWER": "behalf"}, {"LOWER": "of"}], [{"LOWER": "for"}]],
        "BY": [[{"LOWER": "by"}]],
        "BETWEEN": [[{"LOWER": "between"}]],
    }
    for label, pats in patterns.items():
        matcher.add(
            label,
            pats,
            greedy="FIRST" if label in {"REPRESENTING", "SIGNING_FOR", "WITNESSING"} else None,
        )
    return matcher
