"""The FastAPI application: one factory, routers per concern."""

import asyncio
import os
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import swagger_ui_bundle
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from api import (
    cache,
    errors,
    extract,
    graph_store,
    linked_data,
    map_timeline,
    pages,
    paths,
    review,
    sparql,
    status,
    view,
)
from api.middleware import HttpRules
from api.settings import Settings
from graph.backend.mirror import follow
from graph.sparql.workers import WorkerPool
from graph.store.live import LiveStore
from graph.store.warm import keep_warm

# Query workers: one per core, at least two so one runaway query never blocks the rest.
QUERY_WORKERS = max(2, os.cpu_count() or 1)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.pool.start()  # boot the workers now, not on the first query
    stop = threading.Event()
    warming = threading.Thread(target=keep_warm, args=(app.state.live, stop), daemon=True)
    warming.start()
    settings = app.state.settings
    if settings.remote is not None:  # the local mirror follows the engine's live version
        follow_args = (settings.remote, settings.store, settings.query_timeout, stop)
        threading.Thread(target=follow, args=follow_args, name="follow", daemon=True).start()
    yield
    stop.set()
    app.state.pool.close()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    app = FastAPI(
        title="govties",
        description="Cross-border digital-government ties: SPARQL 1.1, path queries, graph view.",
        version="0.1.0",
        docs_url=None,  # api.pages serves /docs with local Swagger UI assets (no CDN)
        redoc_url=None,
        lifespan=lifespan,
        # No OpenTelemetry here: its per-request check of the providers cost ~40 us.
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.state.settings = settings
    app.state.live = LiveStore(settings.store)
    app.state.pool = WorkerPool(
        QUERY_WORKERS, preload=["graph.sparql.service"], memory=settings.query_memory
    )
    app.state.update_lock = asyncio.Lock()  # changes copy the live version: one at a time
    errors.install(app)
    app.state.cache = cache.AnswerCache(settings.cache_bytes, settings.cache_entry_bytes)
    app.add_middleware(cache.CacheMiddleware, cache=app.state.cache, store=settings.store)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PUT", "DELETE"],
            allow_headers=["Accept", "Authorization", "Content-Type"],
        )
    # Outermost: the body cap and HEAD hold for every route, the cache and CORS included.
    app.add_middleware(HttpRules, max_request_bytes=settings.max_request_bytes)
    app.mount(pages.STATIC_URL, StaticFiles(directory=pages.STATIC), name="query-assets")
    swagger = StaticFiles(directory=str(swagger_ui_bundle.swagger_ui_path))
    app.mount(pages.SWAGGER_URL, swagger, name="swagger-ui")
    # Routers are included here, one line each (api/<concern>.py exposes `router`).
    app.include_router(sparql.router)
    app.include_router(graph_store.router)
    app.include_router(status.router)
    app.include_router(pages.router)
    app.include_router(paths.router)
    app.include_router(view.router)
    app.include_router(extract.router)
    app.include_router(review.router)
    app.include_router(linked_data.router)
    app.include_router(map_timeline.router)
    return app
