"""spaCy's EntityRuler, placing its matches in time linear in the paragraph.

spaCy's own `set_annotations` re-filters every entity already in the doc for
each match it places, so a ruler that runs after another (the one-word names
after the multi-word ones, see graph.extract.nlp) costs matches x entities: a
paragraph of 200 KB spent seconds there, 1 MB minutes. This one looks the
overlapping entities up by token. The result is the same: a match is skipped
when (without overwrite) it touches an entity, or when its first or last token
is taken by an earlier match; else it replaces the entities it overlaps.
"""

from collections.abc import Iterable

from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc, Span

NAME_RULER = "govties_name_ruler"  # the factory's name, for nlp.add_pipe


class NameRuler(EntityRuler):
    def set_annotations(self, doc: Doc, matches: Iterable[tuple[int, int, int]]) -> None:
        entities = {e.start: e for e in doc.ents}  # doc.ents are disjoint: a start names one
        owner = {i: e.start for e in entities.values() for i in range(e.start, e.end)}
        placed: list[Span] = []
        seen: set[int] = set()
        for match_id, start, end in matches:
            if not self.overwrite and any(i in owner for i in range(start, end)):
                continue
            if start in seen or end - 1 in seen:
                continue
            if match_id in self._ent_ids:
                label, ent_id = self._ent_ids[match_id]
                placed.append(Span(doc, start, end, label=label, span_id=ent_id))
            else:
                placed.append(Span(doc, start, end, label=match_id))
            for i in range(start, end):
                if i in owner:
                    dropped = entities.pop(owner[i])
                    for j in range(dropped.start, dropped.end):
                        del owner[j]
            seen.update(range(start, end))
        doc.ents = [*entities.values(), *placed]


@Language.factory(
    NAME_RULER,
    default_config={"phrase_matcher_attr": None, "overwrite_ents": False},
)
def make_name_ruler(
    nlp: Language, name: str, phrase_matcher_attr: str | None, overwrite_ents: bool
) -> NameRuler:
    return NameRuler(
        nlp, name, phrase_matcher_attr=phrase_matcher_attr, overwrite_ents=overwrite_ents
    )
