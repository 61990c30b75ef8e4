"""/review: the page where a curator turns an article into a record, and its two endpoints.

The page (api/templates/review.html, api/static/review*.js) asks POST /extract for
a proposal, shows each fact's evidence in the article, and lets the curator edit
it. Every edit is checked by POST /review/validate, which runs `govties validate`
on the data directory with the record in it (graph.build.candidate) and answers
the YAML that would be written with its problems at line and record path; the
download is that YAML. POST /review/save writes it into data/records/ and runs the
same build as `govties build`.

Token policy: reading is open, saving needs the update token. Extraction and
validation write nothing and are bounded like a SPARQL query (the body cap, a
killable worker under the query time limit, clients taking turns for workers), so
they are no costlier than the open /sparql. Saving changes the data and the
store, so it takes the Bearer token of SPARQL Update, and the writers' lock.
"""

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar, get_args

import yaml
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field, model_validator

from api.deps import UpdateToken, json_body, live_store, run_in_worker, settings
from api.render import page
from graph.build.candidate import check_candidate, record_yaml, restore, target, write_record
from graph.build.pipeline import build
from graph.build.record_schema import (
    NESTED_REFERENCE_KINDS,
    REFERENCE_KINDS,
    SECTION_KIND,
    AgreementType,
    Organization,
)
from graph.describe.lookup import site_index
from graph.describe.vocabulary import Concept, vocabulary
from graph.errors import DataError, Exists, Problem, ReadOnly, StoreError
from ontology import ID_BASE

router = APIRouter(tags=["review"])
T = TypeVar("T")


class Candidate(BaseModel):
    """A record to check or save: as JSON (the page's form) or as YAML text (a file)."""

    record: dict[str, Any] | None = Field(None, description="the record as JSON")
    yaml: str | None = Field(None, description="the record as YAML text, checked as written")
    replace: bool = Field(False, description="the record replaces the file of its source id")

    @model_validator(mode="after")
    def _one_form(self) -> "Candidate":
        if (self.record is None) == (self.yaml is None):
            raise ValueError("give the record as `record` (JSON) or as `yaml` (text), not both")
        return self

    def text(self) -> str:
        return self.yaml if self.yaml is not None else record_yaml(self.record or {})

    def parsed(self) -> dict[str, Any]:
        """The record as data, as far as it parses (only its source id is read from it)."""
        if self.record is not None:
            return self.record
        try:
            data = yaml.safe_load(self.yaml or "")
        except yaml.YAMLError:
            return {}
        return data if isinstance(data, dict) else {}


Body = Annotated[Candidate, Depends(json_body(Candidate))]
JSON_BODY = {"content": {"application/json": {"schema": Candidate.model_json_schema()}}}


def _topics(concepts: list[Concept] | tuple[Concept, ...], depth: int = 0) -> list[dict]:
    """The topic scheme as a flat list in tree order, each with its depth."""
    found = []
    for concept in concepts:
        slug = concept.iri.rsplit("/", 1)[1]
        found.append({"slug": slug, "label": concept.label, "depth": depth})
        found += _topics(concept.narrower, depth + 1)
    return found


def _schema() -> dict[str, Any]:
    """What the page's editor needs to know of the record format (graph.build.record_schema)."""
    return {
        "sections": SECTION_KIND,
        "references": [
            {"section": s, "field": f, "kinds": list(k)} for (s, f), k in REFERENCE_KINDS.items()
        ],
        "nested": [
            {"section": s, "field": f, "key": key, "kinds": list(k)}
            for (s, f, key), k in NESTED_REFERENCE_KINDS.items()
        ],
        "org_types": list(get_args(Organization.model_fields["type"].annotation)),
        "agreement_types": list(get_args(AgreementType)),
        "topics": _topics(vocabulary().topics),
    }


@router.get("/review", response_class=HTMLResponse, include_in_schema=False)
def review_page(request: Request) -> HTMLResponse:
    config = settings(request)
    return page(
        "review.html",
        schema=_schema(),
        can_save=bool(config.update_token and config.data),
        data=str(config.data) if config.data else None,
    )


def _file(request: Request, body: Candidate) -> Path | None:
    data = settings(request).data
    return target(data, body.parsed()) if data else None


def _known(request: Request, record: dict[str, Any]) -> list[str]:
    """The record's entities the served graph already has, as "kind/id" (the page marks the
    others NEW), by the site index the search box uses."""
    try:
        entries = live_store(request).cached("site_index", site_index).entries
    except StoreError:
        return []
    found = []
    for section, kind in SECTION_KIND.items():
        items = record.get(section)
        for item in items if isinstance(items, list) else []:
            ident = item.get("id") if isinstance(item, dict) else None
            if isinstance(ident, str) and f"{ID_BASE}{kind}/{ident}" in entries:
                found.append(f"{kind}/{ident}")
    return found


async def _check(request: Request, body: Candidate, text: str) -> dict[str, Any]:
    data, file = settings(request).data, _file(request, body)
    answer = await run_in_worker(
        request,
        check_candidate,
        str(data) if data else None,
        text,
        body.replace,
        str(file) if file else None,
    )
    exists = file is not None and (file.exists() or file.is_symlink())
    known = _known(request, body.parsed())
    shown = str(file) if file else None
    return {**answer, "yaml": text, "file": shown, "exists": exists, "known": known}


@router.post("/review/validate", openapi_extra={"requestBody": JSON_BODY})
async def validate(request: Request, body: Body) -> dict[str, Any]:
    """`govties validate` on the data with this record in it: `valid`, `problems` and
    `warnings` (each with `line` in `yaml`, the record `path` there, and `message`; `file`
    when another record is at fault), `yaml` as it would be saved, `file` and `exists`,
    and `known`: the record's entities the graph already has ("kind/id")."""
    return await _check(request, body, body.text())


def _refusal(answer: dict[str, Any]) -> DataError:
    return DataError(
        [
            Problem(Path(p["file"] or answer["file"] or "record"), p["line"], p["message"])
            for p in answer["problems"]
        ]
    )


async def run_to_the_end(fn: Callable[..., T], *args: Any) -> T:
    """fn(*args) in a thread, awaited until it ends even if the request is cancelled meanwhile.

    A build that has begun decides what the store holds; the caller keeps the lock and
    the record file until then, and puts the file back only if the build failed (a
    cancelled request whose build succeeded leaves data and store in agreement).
    """
    future = asyncio.ensure_future(asyncio.to_thread(fn, *args))
    cancelled = False
    while not future.done():
        try:
            await asyncio.shield(future)
        except asyncio.CancelledError:
            cancelled = cancelled or not future.done()
    if cancelled and future.exception() is None:
        raise asyncio.CancelledError
    return future.result()


@router.post(
    "/review/save",
    dependencies=UpdateToken,
    status_code=201,
    openapi_extra={"requestBody": JSON_BODY},
)
async def save(request: Request, body: Body) -> JSONResponse:
    """Write the record into data/records/<source id>.yaml and rebuild the store.

    Refused: without a data directory (403), an invalid record (422 naming each
    problem), an existing file unless `replace` (409). A failed build puts the old
    file back, leaves the served store as it was and says why.
    """
    config = settings(request)
    if config.data is None:
        raise ReadOnly("this server has no data directory to save into (govties serve --data)")
    text = body.text()
    async with request.app.state.update_lock:  # one writer at a time, like SPARQL Update
        answer = await _check(request, body, text)
        path = Path(answer["file"]) if answer["file"] else None
        if answer["exists"] and not body.replace:
            raise Exists(f"{path} exists: ask to replace it, or give the source another id")
        if not answer["valid"] or path is None:
            raise _refusal(answer)
        previous = write_record(path, text, body.replace)
        try:
            report = await run_to_the_end(build, config.data, config.store)
        except Exception:  # the build failed: the data as it was, as the store still is
            restore(path, previous)
            raise
    source = path.stem
    content = {
        "saved": str(path),
        "replaced": previous is not None,
        "source": f"/id/source/{source}",
        "warnings": answer["warnings"],
        "build": {
            "version": report.version.name,
            "quads": report.quads,
            "sources": report.sources,
            "seconds": round(report.seconds, 2),
        },
    }
    return JSONResponse(content, status_code=201, headers={"Location": f"/id/source/{source}"})
