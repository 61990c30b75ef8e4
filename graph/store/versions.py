"""The on-disk store: built beside the old one, swapped in atomically.

Layout for a store path P (default .govties/store):
    P             a symlink to the live version, e.g. P.versions/20261124T101500-4242
    P.versions/   one pyoxigraph directory per build, each with a manifest
A build writes a new version and only then replaces the symlink with
os.replace (atomic on POSIX), so a crash or a failed build at any point
leaves P pointing at the last good version. Readers open P read-only and
can reopen when its target changes.
"""

import fcntl
import json
import os
import shutil
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.errors import Conflict, StoreError

DEFAULT_STORE = Path(".govties/store")
MANIFEST = "govties-build.json"
KEEP_VERSIONS = 3  # the live one and two before it, for readers still holding them
_WRITING: set[Path] = set()  # versions this process is writing now


@dataclass(frozen=True)
class StoreVersion:
    path: Path
    manifest: dict[str, Any]


def versions_dir(store: Path) -> Path:
    return store.with_name(store.name + ".versions")


def _new_version_path(store: Path) -> Path:
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    return versions_dir(store) / f"{stamp}-{os.getpid()}-{time.monotonic_ns() % 10**6:06d}"


def live_version(store: Path) -> Path:
    """The directory the store path points at now; StoreError if there is none."""
    if not store.is_symlink():
        if store.exists():
            raise StoreError(f"{store} is not a govties store (expected a symlink to a version)")
        raise StoreError(f"no store at {store}: run `govties build` first")
    target = store.parent / os.readlink(store)
    if not (target / MANIFEST).is_file():
        raise StoreError(f"store {store} -> {target} is incomplete or corrupt (no {MANIFEST})")
    return target


def read_manifest(version: Path) -> dict[str, Any]:
    try:
        return json.loads((version / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StoreError(f"unreadable manifest in {version}: {exc}") from exc


def open_store(store: Path = DEFAULT_STORE) -> tuple[ox.Store, StoreVersion]:
    """Open the live version read-only, with a clear error if it is missing or corrupt."""
    version = live_version(store)
    manifest = read_manifest(version)
    try:
        handle = ox.Store.read_only(str(version))
    except (OSError, RuntimeError) as exc:  # RocksDB reports corruption as RuntimeError
        raise StoreError(f"cannot open store {version}: {exc}") from exc
    return handle, StoreVersion(version, manifest)


def swap(store: Path, version: Path) -> None:
    """Point the store symlink at version, atomically and durably (the mirror of a remote
    store's live version moves the same way)."""
    link = store.with_name(f".{store.name}.{os.getpid()}.tmp")
    if link.is_symlink() or link.exists():
        link.unlink()
    os.symlink(os.path.relpath(version, store.parent), link)
    os.replace(link, store)
    fd = os.open(store.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _collect_garbage(store: Path) -> None:
    """Drop failed builds and all but the newest KEEP_VERSIONS complete ones."""
    folder = versions_dir(store)
    live = live_version(store).resolve()
    complete, broken = [], []
    for child in sorted(folder.iterdir()):
        if child.resolve() == live:
            continue
        (complete if (child / MANIFEST).is_file() else broken).append(child)
    stale = broken + complete[: max(0, len(complete) - (KEEP_VERSIONS - 1))]
    for child in stale:
        if _owner_alive(child):
            continue
        shutil.rmtree(child, ignore_errors=True)


def _owner_alive(version: Path) -> bool:
    """A version still being written by a live build must not be collected."""
    if (version / MANIFEST).is_file():
        return False
    if version in _WRITING:  # this process is writing it (a build swapped in meanwhile)
        return True
    try:
        pid = int(version.name.split("-")[1])
    except (IndexError, ValueError):
        return False
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def write_store(
    nquads: Iterator[bytes] | bytes,
    store: Path,
    manifest: dict[str, Any],
    check: Callable[[ox.Store], None] | None = None,
    based_on: Path | None = None,
    extras: Callable[[Path], None] | None = None,
) -> Path:
    """Bulk-load N-Quads into a new version, check it, then swap it in; return the version.

    check (e.g. SHACL as SPARQL) runs on the loaded version before the swap; if
    it raises, the version is deleted and the live store is untouched. extras
    writes files that belong to the version (the path index) into its directory. A change
    computed from a version (based_on: an HTTP update) is swapped in only while
    that version is still live, checked and swapped under one lock that every
    writer takes; otherwise Conflict, and the newer version (a build's) stays.
    """
    if store.exists() and not store.is_symlink():
        raise StoreError(f"{store} exists and is not a govties store symlink; move it away")
    version = _new_version_path(store)
    version.parent.mkdir(parents=True, exist_ok=True)
    try:
        _load(version, nquads, manifest, check)
        if extras is not None:
            extras(version)
    except BaseException:
        shutil.rmtree(version, ignore_errors=True)
        raise
    _commit(store, version, manifest, based_on)
    return version


def _load(
    version: Path,
    nquads: Iterator[bytes] | bytes,
    manifest: dict[str, Any],
    check: Callable[[ox.Store], None] | None,
) -> None:
    """The part of write_store that holds the version open for writing.

    The store is closed when this returns or raises (a traceback would otherwise keep it
    open while the version is deleted), and before write_store's extras, which may open
    the version read-only in other processes (the build's shape checks): RocksDB compacts
    in the background after optimize() and deleted table files under such a reader (1 build
    in 3 failed at 1M).
    """
    db = ox.Store(str(version))
    try:
        data = nquads if isinstance(nquads, bytes) else b"".join(nquads)
        # lenient: skips re-validating terms, ~20% faster; the N-Quads come from graph.build,
        # whose IRIs and literals are valid by construction (or parsed by oxigraph itself).
        db.bulk_load(data, format=ox.RdfFormat.N_QUADS, lenient=True)
        db.flush()
        # Compacted once, as `oxigraph load` leaves its stores: reads get faster (two_hop
        # at 1M: about 410 -> 310 ms) for 0.4 s of build time (bench/PROFILE.md).
        db.optimize()
        loaded = len(db)
        if loaded != manifest["quads"]:
            raise StoreError(f"store holds {loaded} quads, expected {manifest['quads']}")
        if check is not None:
            check(db)
    finally:
        del db


def derive_version(
    store: Path,
    based_on: Path,
    base: ox.Store,
    change: Callable[[ox.Store], dict[str, Any]],
) -> Path:
    """A new version made from based_on by change(work), which returns its manifest.

    The version starts as a RocksDB checkpoint of base (based_on opened
    read-only): on one filesystem its table files are hard links to
    based_on's, which RocksDB never rewrites, so based_on stays byte for byte
    what its readers hold while work, opened read-write, writes only new
    files. A change costs what it writes, not a copy of the store; swapped in
    only while based_on is still live, as write_store does.
    """
    version = _new_version_path(store)
    version.parent.mkdir(parents=True, exist_ok=True)
    _WRITING.add(version)
    try:
        base.backup(str(version))
        work = ox.Store(str(version))
        try:
            manifest = change(work)
            work.flush()
        finally:
            del work
    except BaseException as exc:
        # The frames of a failed change still hold work; the store must be closed (its
        # last reference gone) before its folder goes, or closing writes into it anew.
        traceback.clear_frames(exc.__traceback__)
        shutil.rmtree(version, ignore_errors=True)
        raise
    finally:
        _WRITING.discard(version)
    _commit(store, version, manifest, based_on)
    return version


def _commit(store: Path, version: Path, manifest: dict[str, Any], based_on: Path | None) -> None:
    """Write the manifest (what makes a version complete), then check-and-swap it in."""
    manifest_path = version / MANIFEST
    manifest_path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    with manifest_path.open("rb") as fh:
        os.fsync(fh.fileno())
    with _swap_lock(store):
        if based_on is not None and live_version(store) != based_on:
            shutil.rmtree(version, ignore_errors=True)
            raise Conflict(
                "the store changed while this change was computed (a build or another "
                "update swapped in a new version); nothing was written: send it again"
            )
        swap(store, version)
    _collect_garbage(store)


@contextmanager
def _swap_lock(store: Path) -> Iterator[None]:
    """An exclusive lock on the store's folder, held only around check-and-swap."""
    store.parent.mkdir(parents=True, exist_ok=True)
    with (store.parent / f".{store.name}.swap.lock").open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
