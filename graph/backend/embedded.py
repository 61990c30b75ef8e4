"""Opening a store version whichever backend holds it: a pyoxigraph directory (the
embedded store, the default, opened read-only as ever) or a mirrored remote version
(graph.backend.mirror), opened as a graph.backend.remote.RemoteStore."""

from pathlib import Path

import pyoxigraph as ox

from graph.backend.remote import RemoteStore
from graph.errors import StoreError
from graph.store.versions import MANIFEST, read_manifest

Handle = ox.Store | RemoteStore


def open_version_dir(version: Path, timeout: float | None = None) -> Handle:
    """The read handle of one version folder; timeout (seconds per remote request) replaces
    the server's query time limit for callers outside the query workers."""
    if (version / MANIFEST).is_file():
        manifest = read_manifest(version)
        if "remote" in manifest and "graphs" in manifest["remote"]:
            remote = (
                manifest["remote"]
                if timeout is None
                else {**manifest["remote"], "timeout": timeout}
            )
            return RemoteStore.from_manifest(remote, int(manifest["quads"]))
    try:
        return ox.Store.read_only(str(version))
    except (OSError, RuntimeError) as exc:  # RocksDB reports corruption as RuntimeError
        raise StoreError(f"cannot open store {version}: {exc}") from exc
