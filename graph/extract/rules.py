"""Sentence rules: who signed, witnessed or brokered an agreement, between whom, when and where.

A blank pipeline has no parser, so the rules are token patterns (spaCy
Matcher) for cue phrases plus the linear order English press releases use.
This module runs them over every sentence of an article; the cue patterns are
in cues.py, what the rules of one sentence share in sentence.py, who took part
and between whom in role_rules.py, when, where and what kind in setting_rules.py.
"""

import re
from bisect import bisect_left
from datetime import date

from spacy.tokens import Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from graph.extract import lexicon as lx
from graph.extract.cues import cue_matcher
from graph.extract.earlier import earlier_in
from graph.extract.entities import Paragraph, Registry
from graph.extract.posts import sentence_posts
from graph.extract.role_rules import RoleRules
from graph.extract.sentence import BLOCKERS, ORDINAL, Fact
from graph.extract.setting_rules import SettingRules
from graph.extract.topics import ABOUT_AGREEMENT, topics_in

# What an agreement "will" let its parties do: a sentence telling its provisions.
PROVISION = re.compile(r"\b(?:will|shall)\b", re.I)


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


def _topics(sent: Span) -> list[str]:
    """The topics a sentence names for the agreement; "The first, with A, covers ..." after
    "exchanged three memoranda" is about one of them, as "The first memorandum" would be."""
    m = ORDINAL.match(sent.text)
    if m is None or ABOUT_AGREEMENT.search(sent.text):
        return topics_in(sent.text)
    return topics_in(f"{sent.text[: m.end()]} memorandum {sent.text[m.end() :]}")


def _continued_topics(before: Span | None, sent: Span) -> list[str]:
    """ "The MoU with Somalia provides for ... Somali trainees will be able to join courses in
    data analysis, artificial intelligence ...": a sentence right after one that names the
    agreement, telling what the parties will do under it, names that agreement's topics too,
    though it names no agreement itself. A sentence about anything else (another event, a
    speech, the sector's past) or with an agreement noun of its own is left to topics_in."""
    if before is None or ABOUT_AGREEMENT.search(sent.text) or not PROVISION.search(sent.text):
        return []
    if not any(t.lower_ in lx.AGREEMENT_NOUNS for t in before) or not ABOUT_AGREEMENT.search(
        before.text
    ):
        return []
    if any(t.lower_ in BLOCKERS or t.text in {'"', "“", "”"} for t in sent):
        return []
    own = set(topics_in(before.text))
    return [t for t in topics_in(f"{before.text} {sent.text}") if t not in own]


def extract_facts(
    paragraphs: list[Paragraph], registry: Registry, vocab: Vocab, published: date | None
) -> list[Fact]:
    """Every fact every sentence of the article states about its signing, in text order."""
    matcher = cue_matcher(vocab)
    facts: list[Fact] = []
    for para in paragraphs:
        cues = [c for c in filter_spans(matcher(para.doc, as_spans=True)) if not _noun_sign(c)]
        starts = [c.start for c in cues]
        before: Span | None = None
        for sent in para.doc.sents:
            first, last = bisect_left(starts, sent.start), bisect_left(starts, sent.end)
            here = [c for c in cues[first:last] if c.end <= sent.end]
            rules = SentenceRules(para, sent, here, registry)
            facts += [*rules.roles(), *rules.parties(), *rules.dates(published)]
            facts += [*rules.places(), *rules.agreement_types()]
            facts += sentence_posts(para, sent.start, sent.end, registry, rules.evidence)
            facts += [Fact("topics", slug, rules.evidence) for slug in _topics(sent)]
            facts += [Fact("topics", t, rules.evidence) for t in _continued_topics(before, sent)]
            before = sent
            if earlier_in(sent.text):  # an older agreement, whether or not the signing is here
                facts.append(Fact("earlier", "", rules.evidence))
    return facts
