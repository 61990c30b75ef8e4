"""/health and /stats: is the store there, which version, what it holds."""

from typing import Any

from fastapi import APIRouter, Request

from api.deps import run_in_worker
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
    }


@router.get("/stats", summary="quads, triples, quads per named graph, entities per class")
async def stats(request: Request) -> dict[str, Any]:
    version = live_version(request.app.state.settings.store)
    return await run_in_worker(request, service.stats, str(version))
