"""POST /extract: propose a record from an article's text, with the evidence for every fact.

Open, like /sparql: a proposal writes nothing and reveals nothing the records do
not, and extraction is bounded as a query is: the body cap (1 MB, a 413 beyond),
a query worker under the query time limit (an overrun is a 503 and the worker is
killed), clients taking turns for workers. Saving what a curator made of it
(POST /review/save, api.review) is what takes the update token. Names are linked by
graph.extract.service's policy, the same as `govties extract`: the store's
names (gazetteer and spaCy pipeline built once per store version in each
worker, following rebuilds), else the records', else countries only, which the
answer's `warnings` then say.
"""

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from api.deps import json_body, run_in_worker, settings
from graph.errors import TooLarge
from graph.extract.service import extract_json

router = APIRouter(tags=["extract"])


class ExtractRequest(BaseModel):
    text: str = Field(min_length=1, description="the article as plain text")
    source_url: str | None = Field(None, description="where it was published")
    published: date | None = Field(None, description="publication date; resolves 'on Thursday'")
    source_id: str | None = Field(None, pattern=r"^[a-z0-9][a-z0-9-]*$", description="slug")


# Read by a dependency, through the size cap.
Body = Annotated[ExtractRequest, Depends(json_body(ExtractRequest))]
JSON_BODY = {"content": {"application/json": {"schema": ExtractRequest.model_json_schema()}}}


@router.post("/extract", openapi_extra={"requestBody": JSON_BODY})
async def extract_article(body: Body, request: Request) -> dict[str, Any]:
    """The proposal: `record` (curated format), `entities`, `facts` with evidence, `warnings`."""
    limit = settings(request).max_request_bytes
    if len(body.text.encode()) > limit:
        raise TooLarge(f"the text is longer than {limit} bytes")
    data = settings(request).data
    return await run_in_worker(
        request,
        extract_json,
        str(settings(request).store),
        str(data) if data else None,
        body.text,
        body.source_id,
        body.source_url,
        body.published,
    )
