"""A server's local view of a remote store's live version: a store path like the embedded
one (a symlink to a version folder), whose version folders hold only a manifest naming
the remote version. Everything that reads the live version by path (the answer cache's
keys, /health, the query workers) works unchanged over a remote store.

follow() reads the remote pointer every second and swaps the symlink when it moves;
requests read the symlink, so each runs on one complete version and a server switches
between requests, never inside one. A server lags a switch by at most `every` seconds,
which is why a build keeps the previous version on the engine.
"""

import hashlib
import json
import shutil
import threading
from pathlib import Path

from graph.backend import control
from graph.backend.client import EngineClient
from graph.backend.engines import Target
from graph.errors import GovtiesError, StoreError
from graph.store.versions import MANIFEST, live_version, swap, versions_dir

MIRRORS = Path(".govties/remote")
KEEP_LOCAL = 3  # version folders kept, as graph.store.versions keeps versions


def mirror_path(target: Target, root: Path = MIRRORS) -> Path:
    """The local store path that follows target (one per engine URL)."""
    digest = hashlib.sha256(target.url.encode()).hexdigest()[:12]
    return root / f"{target.engine.value}-{digest}" / "store"


def sync(target: Target, mirror: Path, timeout: float) -> bool:
    """Point mirror at the remote live version; True if it moved. StoreError if the remote
    store has no live version (no build has finished there)."""
    client = EngineClient(target, timeout)
    try:
        found = control.live(client)
        if found is None:
            raise StoreError(
                f"no govties store on {target.url}: run `govties build --store {target.url} "
                f"--engine {target.engine.value}` first"
            )
        names, manifest = found
        folder = versions_dir(mirror) / names.id
        if mirror.is_symlink() and live_version(mirror).resolve() == folder.resolve():
            return False
        remote = {**target.describe(), "version": names.id, "timeout": timeout}
        remote["graphs"] = control.graphs(client, names)
    finally:
        client.close()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MANIFEST).write_text(json.dumps({**manifest, "remote": remote}), encoding="utf-8")
    swap(mirror, folder)
    for old in sorted(versions_dir(mirror).iterdir())[:-KEEP_LOCAL]:
        if old.resolve() != folder.resolve():
            shutil.rmtree(old, ignore_errors=True)
    return True


def follow(
    target: Target, mirror: Path, timeout: float, stop: threading.Event, every: float = 1.0
) -> None:
    """sync() every `every` seconds until stop; an engine that is down is retried."""
    while not stop.wait(every):
        try:
            sync(target, mirror, timeout)
        except GovtiesError:
            continue
