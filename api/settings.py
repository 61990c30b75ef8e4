"""Server settings, shared by every router through app.state."""

from dataclasses import dataclass, field
from pathlib import Path

from graph.store.versions import DEFAULT_STORE


@dataclass(frozen=True)
class Settings:
    store: Path = DEFAULT_STORE
    data: Path | None = None  # records to link names against when there is no store
    update_token: str | None = None  # None = read-only (the default)
    query_timeout: float = 10.0  # seconds per query
    max_results: int = 100_000  # rows (or triples) per response
    max_request_bytes: int = 1_000_000
    cors_origins: list[str] = field(default_factory=list)
