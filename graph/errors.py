"""Every error govties raises on purpose, in one tree.

Callers catch GovtiesError (or a branch of it) and know the person can act
on the message; anything else that escapes is a bug. The command line and
HTTP each map this tree once (api/cli.py, api/errors.py), so the same
mistake reads the same way in both. Errors cross process boundaries (query
workers pickle them), hence __reduce__ wherever __init__ takes more than
the message.
"""

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class GovtiesError(Exception):
    """A failure the message explains; `kind` names it in an HTTP error body."""

    kind = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_UNSHOWN = frozenset({"Cc", "Cf", "Zl", "Zp"})  # controls, bidi/format marks, line breaks


def printable(text: str) -> str:
    """text with control and format characters escaped (ESC as \\x1b, U+202E as \\u202e).

    A file name or a value in a message may carry terminal escapes (a record named
    "\\x1b[2J.yaml"): a message must show them, not let the terminal obey them.
    """
    if text.isprintable():
        return text
    return "".join(
        c.encode("unicode_escape").decode("ascii") if unicodedata.category(c) in _UNSHOWN else c
        for c in text
    )


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, located where a person can fix it (printed with its
    control characters escaped)."""

    file: Path | None
    line: int | None
    message: str

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        return printable(f"{where}{self.message}")


class DataError(GovtiesError):
    """Records fail to load or validate; carries every problem found, each at its file:line."""

    kind = "bad_data"

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.problems,)


class StoreError(GovtiesError):
    """The store is missing, corrupt or not a govties store; the message says which."""

    kind = "store_unavailable"


class Conflict(StoreError):
    """A change was computed on a version that is no longer live (a build or another change
    swapped in meanwhile): nothing was written; the client retries on the new version."""

    kind = "conflict"


class Exists(GovtiesError):
    """A write would replace something that exists, and the request did not ask to."""

    kind = "exists"


class BadInput(GovtiesError):
    """A parameter a person gave cannot be used as it is (out of range, not a date...)."""

    kind = "bad_input"


class Malformed(BadInput):
    """A query, update or uploaded document does not parse; the message is the parser's."""

    kind = "malformed"


class NotAcceptable(BadInput):
    """No format the client accepts exists for this answer; `form` says which answer."""

    kind = "not_acceptable"

    def __init__(self, message: str, form: str = "") -> None:
        super().__init__(message)
        self.form = form

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.message, self.form)


class UnsupportedMedia(BadInput):
    """A request body in a media type this operation does not read."""

    kind = "unsupported_media_type"


@dataclass(frozen=True)
class Candidate:
    """An entity offered to the person: enough to tell two of them apart."""

    iri: str
    label: str
    cls: str | None

    def as_json(self) -> dict[str, str | None]:
        return {"iri": self.iri, "label": self.label, "class": self.cls}


class _WithCandidates(GovtiesError):
    def __init__(self, message: str, candidates: Sequence[Candidate] = ()) -> None:
        super().__init__(message)
        self.candidates = list(candidates)

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.message, self.candidates)


class NotFound(_WithCandidates):
    """Nothing has this name; candidates are close names, if any."""

    kind = "not_found"


class NoSuchGraph(NotFound):
    """A Graph Store request names a graph the store does not hold."""


class Ambiguous(_WithCandidates):
    """Several entities have this name; candidates lists them (never a guess)."""

    kind = "ambiguous"


class Refused(GovtiesError):
    """The request is understood but not allowed (outbound access, a rule of the store)."""

    kind = "refused"


class Unauthorized(Refused):
    """The operation needs credentials that were missing or wrong."""

    kind = "unauthorized"


class ReadOnly(Refused):
    """Writes are switched off on this server."""

    kind = "read_only"


class TooLarge(GovtiesError):
    """An answer or a request body beyond a configured cap; the message names the cap."""

    kind = "too_large"


class Unavailable(GovtiesError):
    """The request was not answered for now (time limit, no free worker); retrying may work."""

    kind = "unavailable"


class Overrun(Unavailable):
    """A call did not finish within its time limit and was stopped (its worker killed, or a
    path search given up at its deadline)."""


class OverMemory(Unavailable):
    """A call used more memory than a worker may; its worker was killed and replaced."""


class Busy(Unavailable):
    """No worker became free soon enough, or a slow call was stopped to free one for others."""


class Crashed(Unavailable):
    """A worker died while answering (e.g. out of memory); it has been replaced."""
