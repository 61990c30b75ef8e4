"""Server settings, shared by every router through app.state."""

from dataclasses import dataclass, field
from pathlib import Path

from graph.backend.engines import Target
from graph.store.versions import DEFAULT_STORE


@dataclass(frozen=True)
class Settings:
    store: Path = DEFAULT_STORE
    remote: Target | None = None  # store is then the local mirror of this engine's live version
    data: Path | None = None  # records to link names against when there is no store
    update_token: str | None = None  # None = read-only (the default)
    query_timeout: float = 10.0  # seconds per query
    query_memory: int = 1_000_000_000  # bytes a query worker may hold (graph.sparql.workers)
    max_results: int = 100_000  # rows (or triples) per response
    max_request_bytes: int = 1_000_000
    # Transport (api.transport, api.middleware): what a client may cost before its request runs.
    base_url: str | None = None  # public base of absolute URLs; None = the address connected to
    max_header_bytes: int = 64_000  # request line and headers
    header_timeout: float = 10.0  # seconds for a request head to arrive
    body_timeout: float = 30.0  # seconds for a body to arrive after its head
    keep_alive_timeout: int = 5  # seconds an idle connection stays open between requests
    max_connections: int = 512  # open at once (lowered to fit the descriptor limit)
    cors_origins: list[str] = field(default_factory=list)
    cache_bytes: int = 128_000_000  # answers kept per store version (api.cache); 0 = none
    cache_entry_bytes: int = 1_000_000  # larger answers are not kept
