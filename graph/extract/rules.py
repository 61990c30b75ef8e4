"""Sentence rules: who signed, witnessed or brokered an agreement, between whom, when and where.

A blank pipeline has no parser, so the rules are token patterns (spaCy
Matcher) for cue phrases plus the linear order English press releases use.
This module runs them over every sentence of an article; the cue patterns are
in cues.py, what the rules of one sentence share in sentence.py, who took part
and between whom in role_rules.py, when, where and what kind in setting_rules.py.
"""

from bisect import bisect_left
from datetime import date

from spacy.tokens import Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from graph.extract.cues import cue_matcher
from graph.extract.earlier import earlier_in
from graph.extract.entities import Paragraph, Registry
from graph.extract.posts import sentence_posts
from graph.extract.role_rules import RoleRules
from graph.extract.sentence import Fact
from graph.extract.setting_rules import SettingRules
from graph.extract.topics import topics_in


class SentenceRules(RoleRules, SettingRules):
    """The rules applied to one sentence of one paragraph."""


def _noun_sign(cue: Span) -> bool:
    """ "a further sign of the close relations": the noun, not a signing."""
    doc = cue.doc
    return (
        cue.label_ == "SIGN_VERB"
        and cue.text.lower() in {"sign", "signs"}
        and cue.end < len(doc)
        and doc[cue.end].lower_ == "of"
    )


def extract_facts(
    paragraphs: list[Paragraph], registry: Registry, vocab: Vocab, published: date | None
) -> list[Fact]:
    """Every fact every sentence of the article states about its signing, in text order."""
    matcher = cue_matcher(vocab)
    facts: list[Fact] = []
    for para in paragraphs:
        cues = [c for c in filter_spans(matcher(para.doc, as_spans=True)) if not _noun_sign(c)]
        starts = [c.start for c in cues]
        for sent in para.doc.sents:
            first, last = bisect_left(starts, sent.start), bisect_left(starts, sent.end)
            here = [c for c in cues[first:last] if c.end <= sent.end]
            rules = SentenceRules(para, sent, here, registry)
            facts += [*rules.roles(), *rules.parties(), *rules.dates(published)]
            facts += [*rules.places(), *rules.agreement_types()]
            facts += sentence_posts(para, sent.start, sent.end, registry, rules.evidence)
            facts += [Fact("topics", slug, rules.evidence) for slug in topics_in(sent.text)]
            if earlier_in(sent.text):  # an older agreement, whether or not the signing is here
                facts.append(Fact("earlier", "", rules.evidence))
    return facts
