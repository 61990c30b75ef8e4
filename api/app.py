"""The FastAPI application: one factory, routers per concern."""

from fastapi import FastAPI

from api.settings import Settings
from graph.live import LiveStore


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    app = FastAPI(
        title="govties",
        description="Cross-border digital-government ties: SPARQL 1.1, path queries, graph view.",
        version="0.1.0",
    )
    app.state.settings = settings
    app.state.live = LiveStore(settings.store)
    # Routers are included here, one line each (api/<concern>.py exposes `router`).
    return app
