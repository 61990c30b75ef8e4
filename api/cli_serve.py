"""`govties serve`: the HTTP service on the embedded store or on a remote engine's live
version (followed through a local mirror, graph.backend.mirror)."""

from pathlib import Path
from typing import Annotated

import typer

from api.console import DataOpt, EngineOpt, StoreOrUrlOpt, err, fail, store_of
from graph.backend.engines import Target
from graph.backend.mirror import mirror_path, sync
from graph.build.pipeline import DEFAULT_DATA
from graph.errors import GovtiesError
from graph.store.versions import DEFAULT_STORE, live_version, open_store, read_manifest


def serve_cmd(
    host: Annotated[str, typer.Option("--host", help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port")] = 8000,
    store: StoreOrUrlOpt = str(DEFAULT_STORE),
    engine: EngineOpt = None,
    mirror: Annotated[
        Path | None,
        typer.Option(
            "--mirror",
            help="with a --store URL: the local store path that follows its live version "
            "(default .govties/remote/ENGINE-HASH/store)",
        ),
    ] = None,
    data: DataOpt = DEFAULT_DATA,
    update_token: Annotated[
        str | None,
        typer.Option(
            "--update-token",
            envvar="GOVTIES_UPDATE_TOKEN",
            help="allow SPARQL Update / Graph Store writes with this Bearer token "
            "(default: read-only)",
        ),
    ] = None,
    query_timeout: Annotated[
        float,
        typer.Option("--query-timeout", min=0.1, help="seconds per query before it is stopped"),
    ] = 10.0,
    query_memory_mb: Annotated[
        int,
        typer.Option("--query-memory-mb", min=50, help="MB a query may use before it is stopped"),
    ] = 1000,
    cors: Annotated[
        list[str] | None, typer.Option("--cors", help="allowed CORS origin (repeatable)")
    ] = None,
    cache_mb: Annotated[
        int, typer.Option("--cache-mb", min=0, help="MB of answers kept per store version")
    ] = 128,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            help="public URL of the server, for absolute URLs "
            "(default: the address a client connected to, never its Host header)",
        ),
    ] = None,
    header_timeout: Annotated[
        float, typer.Option("--header-timeout", min=0.1, help="seconds for a request head")
    ] = 10.0,
    body_timeout: Annotated[
        float, typer.Option("--body-timeout", min=0.1, help="seconds for a request body")
    ] = 30.0,
    keep_alive_timeout: Annotated[
        int, typer.Option("--keep-alive-timeout", min=1, help="seconds idle between requests")
    ] = 5,
    max_connections: Annotated[
        int, typer.Option("--max-connections", min=1, help="open connections at most")
    ] = 512,
) -> None:
    """Serve SPARQL 1.1 (/sparql), the query page (/), path queries and the graph view."""
    import uvicorn  # imported here: the other commands need no web stack

    from api.app import create_app
    from api.settings import Settings
    from api.transport import uvicorn_options

    try:
        where = store_of(store, engine)
        if isinstance(where, Target):  # served from a local mirror of its live version
            local = mirror or mirror_path(where)
            sync(where, local, query_timeout)
            quads = read_manifest(live_version(local)).get("quads")
        else:
            local = where
            quads = open_store(local)[1].manifest.get("quads")  # opens RocksDB: corruption stops us
    except GovtiesError as exc:
        raise fail(f"{exc} (nothing served)") from exc
    err.print(f"serving {store} ({quads} quads)", highlight=False)
    if update_token is not None and not update_token.strip():
        raise fail("--update-token must not be empty", 2)
    settings = Settings(
        store=local,
        remote=where if isinstance(where, Target) else None,
        data=data,
        update_token=update_token,
        query_timeout=query_timeout,
        query_memory=query_memory_mb * 1_000_000,
        cors_origins=list(cors or []),
        cache_bytes=cache_mb * 1_000_000,
        base_url=base_url,
        header_timeout=header_timeout,
        body_timeout=body_timeout,
        keep_alive_timeout=keep_alive_timeout,
        max_connections=max_connections,
    )
    mode = "read-write (Bearer token)" if update_token else "read-only"
    err.print(f"SPARQL endpoint {base_url or f'http://{host}:{port}'}/sparql, {mode}",
              highlight=False)  # fmt: skip
    uvicorn.run(create_app(settings), host=host, port=port, **uvicorn_options(settings))
