"""A read-only handle on the live store that follows rebuilds.

A build swaps the store symlink to a new version; readers keep using the
version they opened (it stays on disk for a while, see store.KEEP_VERSIONS)
and switch on their next call, so a rebuild never gives a torn read.
Anything derived from the store (the path index) is cached per version. A version
may be on a remote engine (graph.backend): the handle then has the same read methods.
"""

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from graph.backend.embedded import Handle, open_version_dir
from graph.store.versions import StoreVersion, live_version, read_manifest

T = TypeVar("T")
INTERNAL_TIMEOUT = 300.0  # seconds per remote request made by the server itself


class LiveStore:
    """The current store version, reopened when the symlink moves; caches per version."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._target: str | None = None
        self._store: Handle | None = None
        self._version: StoreVersion | None = None
        self._cache: dict[str, Any] = {}
        self._computing: dict[str, threading.Lock] = {}

    def current(self) -> tuple[Handle, StoreVersion]:
        """The open store and its version; StoreError if there is no usable store."""
        target = os.readlink(self.path) if self.path.is_symlink() else None
        with self._lock:
            if self._store is None or target != self._target:
                folder = live_version(self.path)  # clear StoreError if missing or corrupt
                version = StoreVersion(folder, read_manifest(folder))
                # Not under a query's time limit: the projection of a large remote version
                # takes many seconds, as on the embedded store.
                handle = open_version_dir(folder, timeout=INTERNAL_TIMEOUT)
                self._store, self._version, self._target = handle, version, target
                self._cache, self._computing = {}, {}
            assert self._version is not None
            return self._store, self._version

    def store(self) -> Handle:
        return self.current()[0]

    def cached(self, key: str, compute: Callable[[Handle], T]) -> T:
        """compute(store) once per store version (e.g. the site index)."""
        return self.derived(key, lambda store, _version: compute(store))

    def derived(self, key: str, compute: Callable[[Handle, StoreVersion], T]) -> T:
        """compute(store, version) once per store version (e.g. the networkx projection).

        Callers arriving while it is computed wait for that result: at a million
        statements the projection takes seconds, and computing it once per
        waiting request would multiply them.
        """
        store, version = self.current()
        slot = f"{version.path}\0{key}"
        with self._lock:
            if slot in self._cache:
                return self._cache[slot]
            computing = self._computing.setdefault(slot, threading.Lock())
        with computing:
            with self._lock:
                if slot in self._cache:
                    return self._cache[slot]
            value = compute(store, version)
            with self._lock:
                if self._version is version:  # not superseded by a rebuild meanwhile
                    self._cache[slot] = value
                    self._computing.pop(slot, None)
            return value
