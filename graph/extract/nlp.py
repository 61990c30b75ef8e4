"""The spaCy pipeline that finds the gazetteer's names in an article.

The spaCy pipeline is blank English (tokenizer only: nothing to download),
a sentencizer and an EntityRuler holding the gazetteer's names, each match
carrying the entity's IRI as its ent_id.
"""

from collections import defaultdict

import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from graph.extract.gazetteer import Gazetteer
from graph.extract.ruler import NAME_RULER
from ontology import entity_iri

# The longest sentence the rules read whole. Press sentences stay under ~70 tokens (the
# evaluation corpus: 66); a longer run (a list without full stops, or an attack) is cut into
# pieces of this many tokens, each read as a sentence, so no rule's work grows with it.
MAX_SENTENCE_TOKENS = 200


@Language.component("govties_sentence_cap")
def cap_sentences(doc: Doc) -> Doc:
    """Start a new sentence every MAX_SENTENCE_TOKENS tokens of a longer one.

    Written as one array: setting Token.is_sent_start checks the whole doc each time.
    """
    starts = doc.to_array(SENT_START)
    last, cut = 0, False
    for i, value in enumerate(starts.tolist()):
        if value == 1:
            last = i
        elif i - last >= MAX_SENTENCE_TOKENS:
            starts[i], last, cut = 1, i, True
    if cut:
        doc.from_array([SENT_START], starts.reshape(-1, 1))
    return doc


def _patterns(
    nlp: Language, label: str, ent_id: str, names: list[str]
) -> tuple[list[dict], list[dict]]:
    """Phrase patterns: multi-word names (any case), and one-word names as written or CAPS."""
    multi, single = [], []
    for name in dict.fromkeys(n.strip() for n in names if n.strip()):
        if len(nlp.make_doc(name)) > 1:
            multi.append({"label": label, "pattern": name, "id": ent_id})
        else:
            for form in dict.fromkeys([name, name.upper()]):
                single.append({"label": label, "pattern": form, "id": ent_id})
    return multi, single


def build_pipeline(gazetteer: Gazetteer) -> Language:
    """Blank English + sentencizer (sentences capped) + EntityRulers of the gazetteer's names.

    Two phrase-matching rulers: multi-word names first, in any case ("GOVERNMENT
    DIGITAL SERVICE"); then one-word names exactly as written, so "Chad" the
    country is not "chad" and "US" is not "us". The second never overwrites
    the first, which keeps the longest match ("National University of
    Singapore", not "Singapore"). Phrase matching and NameRuler keep this linear.
    """
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("govties_sentence_cap")
    multi: list[dict] = []
    single: list[dict] = []
    groups: list[tuple[str, dict[str, str]]] = [
        ("COUNTRY", gazetteer.countries),
        ("DEMONYM", gazetteer.demonyms),
    ]
    for label, names in groups:
        by_code: dict[str, list[str]] = defaultdict(list)
        for name, code in names.items():
            by_code[code].append(name)
        for code, codes_names in by_code.items():
            m, s = _patterns(nlp, label, str(entity_iri("country", code)), codes_names)
            multi, single = multi + m, single + s
    for entry in gazetteer.entries.values():
        # A government's alias "UAE" is the country's name: found as the country, which the
        # rules read as the state where it stands for one.
        names = [n for n in (entry.label, *entry.alts) if n not in gazetteer.countries]
        m, s = _patterns(nlp, entry.kind.upper(), entry.iri, names)
        multi, single = multi + m, single + s
    config = {"phrase_matcher_attr": "LOWER", "overwrite_ents": True}
    nlp.add_pipe(NAME_RULER, name="gazetteer_names", config=config).add_patterns(multi)  # type: ignore[attr-defined]
    config = {"phrase_matcher_attr": "ORTH", "overwrite_ents": False}
    nlp.add_pipe(NAME_RULER, name="gazetteer_words", config=config).add_patterns(single)  # type: ignore[attr-defined]
    return nlp
