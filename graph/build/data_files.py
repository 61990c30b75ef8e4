"""The files a build may read: regular files inside the data directory, each under a cap.

A data directory is filled by whoever can write to it, and a build reads it by
name: a record that was a symlink to /dev/zero grew a build to 8 GB, a FIFO
blocked it for ever, a symlink out of data/ (or `document: ../../etc/passwd`)
reached any file the build's user can read. So a path is resolved and must stay
inside the data directory; it is stat()ed before it is opened (a FIFO or device
is never opened for reading), opened non-blocking and checked again on the open
descriptor (the name may be swapped meanwhile), and read no further than its cap.
The caps are documented in data/README.md.
"""

import os
import stat
from pathlib import Path

from graph.errors import DataError, Problem

MAX_RECORD_BYTES = 1 << 20  # 1 MiB per record file; the largest curated record is 6 KB
MAX_SOURCE_BYTES = 8 << 20  # 8 MiB per stored source text (data/sources/); the largest is 4 KB

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _refused(path: Path, line: int | None, message: str) -> DataError:
    return DataError([Problem(path, line, message)])


def _checked_stat(path: Path, mode: os.stat_result, cap: int, line: int | None) -> None:
    """Raise DataError unless mode is a regular file of at most cap bytes."""
    if not stat.S_ISREG(mode.st_mode):
        kind = next((name for test, name in _KINDS if test(mode.st_mode)), "not a regular file")
        raise _refused(path, line, f"{kind}, not a regular file: only regular files are read")
    if mode.st_size > cap:
        raise _refused(
            path,
            line,
            f"{mode.st_size} bytes, over the cap of {cap} bytes per file (data/README.md)",
        )


def inside(path: Path, root: Path, line: int | None = None) -> Path:
    """path with its symlinks resolved, if that stays inside root (DataError otherwise)."""
    try:
        resolved = path.resolve(strict=True)
    except OSError as exc:  # missing, a dangling or looping symlink, no permission
        raise _refused(path, line, f"cannot read: {exc.strerror or exc}") from exc
    base = root.resolve()
    if not resolved.is_relative_to(base):
        raise _refused(path, line, f"leads to {resolved}, outside the data directory {base}")
    return resolved


def check_file(path: Path, root: Path, cap: int, line: int | None = None) -> None:
    """Raise DataError unless path is a regular file inside root of at most cap bytes."""
    resolved = inside(path, root, line)
    try:
        mode = resolved.stat()
    except OSError as exc:
        raise _refused(path, line, f"cannot read: {exc.strerror or exc}") from exc
    _checked_stat(path, mode, cap, line)


def read_capped(path: Path, cap: int = MAX_RECORD_BYTES) -> bytes:
    """The bytes of a regular file of at most cap bytes (DataError naming path otherwise)."""
    try:
        _checked_stat(path, path.stat(), cap, None)  # a FIFO or device is never opened
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise _refused(path, None, f"cannot read: {exc.strerror or exc}") from exc
    with os.fdopen(fd, "rb") as handle:
        _checked_stat(path, os.fstat(fd), cap, None)  # the file opened, not the one stat()ed
        data = handle.read(cap + 1)
    if len(data) > cap:  # it grew after the check
        raise _refused(path, None, f"over the cap of {cap} bytes per file (data/README.md)")
    return data


def decoded(raw: bytes) -> str:
    """raw as UTF-8 text with universal newlines, as Path.read_text would give it."""
    return raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
