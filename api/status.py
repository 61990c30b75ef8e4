"""/health and /stats: is the store there, which version, what it holds."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from api import render
from api.deps import live_store, run_in_worker
from api.protocol import prefers_html
from graph.describe.labels import Namer
from graph.sparql import service
from graph.store.versions import live_version, read_manifest

router = APIRouter(tags=["status"])


@router.get("/health", summary="ok, the live store version and its size (503 if no store)")
async def health(request: Request) -> dict[str, Any]:
    version = live_version(request.app.state.settings.store)
    manifest = read_manifest(version)
    return {
        "status": "ok",
        "version": version.name,
        "quads": manifest.get("quads"),
        "built_at": manifest.get("built_at"),
        "updated_at": manifest.get("updated_at"),
        **_backend(manifest),
        "cache": request.app.state.cache.summary(),
    }


def _backend(manifest: dict[str, Any]) -> dict[str, Any]:
    """Where a remote store's live version is (graph.backend.mirror); nothing if embedded."""
    remote = manifest.get("remote")
    if not remote:
        return {}
    return {"backend": {k: remote[k] for k in ("engine", "url", "version") if k in remote}}


@router.get("/stats", summary="quads, triples, quads per named graph, entities per class")
async def stats(request: Request) -> Any:
    """JSON for clients; a browser gets the same figures as a page, graphs named by title."""
    version = live_version(request.app.state.settings.store)
    found = await run_in_worker(request, service.stats, str(version))
    if not prefers_html(request.headers.get("accept")):
        return JSONResponse(found, headers={"Vary": "Accept"})
    names = Namer(live_store(request).store())
    titles = {g: names(g) for g in found["graphs"]}
    return render.page("stats.html", headers={"Vary": "Accept"}, stats=found, names=titles)
