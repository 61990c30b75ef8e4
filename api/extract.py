"""POST /extract: propose a record from an article's text, with the evidence for every fact.

Token-protected like SPARQL Update (the same Bearer check, api.sparql): the
proposal reveals nothing secret, but extraction costs CPU and the endpoint
exists for curators, not the public. The gazetteer and spaCy pipeline are
built once per store version (LiveStore.cached) and follow rebuilds; with no
store yet, names are not linked and the answer says so in `warnings`.
"""

from datetime import date
from functools import cache
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, Field
from spacy.language import Language

from api.deps import live_store, require_update_token, settings
from graph.extract.gazetteer import (
    Gazetteer,
    build_pipeline,
    gazetteer_from_records,
    gazetteer_from_store,
)
from graph.extract.propose import propose
from graph.store import StoreError

router = APIRouter(tags=["extract"])


class ExtractRequest(BaseModel):
    text: str = Field(min_length=1, description="the article as plain text")
    source_url: str | None = Field(None, description="where it was published")
    published: date | None = Field(None, description="publication date; resolves 'on Thursday'")
    source_id: str | None = Field(None, pattern=r"^[a-z0-9][a-z0-9-]*$", description="slug")


def _from_store(store: Any) -> tuple[Gazetteer, Language]:
    gazetteer = gazetteer_from_store(store)
    return gazetteer, build_pipeline(gazetteer)


@cache
def _countries_only() -> tuple[Gazetteer, Language]:
    gazetteer = gazetteer_from_records([])
    return gazetteer, build_pipeline(gazetteer)


@router.post("/extract", dependencies=[Depends(require_update_token)])
def extract(body: ExtractRequest, request: Request) -> dict[str, Any]:
    """The proposal: `record` (curated format), `entities`, `facts` with evidence, `warnings`."""
    limit = settings(request).max_request_bytes
    if len(body.text.encode()) > limit:
        raise HTTPException(413, f"the text is longer than {limit} bytes")
    warnings = []
    try:
        gazetteer, nlp = live_store(request).cached("extract-pipeline", _from_store)
    except StoreError as exc:
        gazetteer, nlp = _countries_only()
        warnings.append(f"no store ({exc}): only countries are linked")
    proposal = propose(
        body.text,
        gazetteer,
        nlp,
        source_id=body.source_id,
        source_url=body.source_url,
        published=body.published,
    )
    proposal.warnings[:0] = warnings
    return proposal.as_json()
