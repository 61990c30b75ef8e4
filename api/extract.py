"""POST /extract: propose a record from an article's text, with the evidence for every fact.

Token-protected like SPARQL Update (the same Bearer check, api.deps): the
proposal reveals nothing secret, but extraction costs CPU and the endpoint
exists for curators, not the public. Names are linked by graph.extract.service's
policy, the same as `govties extract`: the store's names (gazetteer and spaCy
pipeline built once per store version, following rebuilds), else the
records', else countries only, which the answer's `warnings` then say.
"""

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from api.deps import UpdateToken, json_body, live_store, settings
from graph.errors import StoreError, TooLarge
from graph.extract.service import extract, names_from_store, names_without_store

router = APIRouter(tags=["extract"])


class ExtractRequest(BaseModel):
    text: str = Field(min_length=1, description="the article as plain text")
    source_url: str | None = Field(None, description="where it was published")
    published: date | None = Field(None, description="publication date; resolves 'on Thursday'")
    source_id: str | None = Field(None, pattern=r"^[a-z0-9][a-z0-9-]*$", description="slug")


# Read by a dependency, so after the token check (UpdateToken) and through the size cap.
Body = Annotated[ExtractRequest, Depends(json_body(ExtractRequest))]
JSON_BODY = {"content": {"application/json": {"schema": ExtractRequest.model_json_schema()}}}


@router.post("/extract", dependencies=UpdateToken, openapi_extra={"requestBody": JSON_BODY})
def extract_article(body: Body, request: Request) -> dict[str, Any]:
    """The proposal: `record` (curated format), `entities`, `facts` with evidence, `warnings`."""
    limit = settings(request).max_request_bytes
    if len(body.text.encode()) > limit:
        raise TooLarge(f"the text is longer than {limit} bytes")
    try:
        names = live_store(request).cached("extract-pipeline", names_from_store)
    except StoreError as exc:
        names = names_without_store(settings(request).data, str(exc))
    proposal = extract(
        body.text,
        names,
        source_id=body.source_id,
        source_url=body.source_url,
        published=body.published,
    )
    return proposal.as_json()
