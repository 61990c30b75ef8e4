"""What every govties command shares: the consoles, the common options, and the one
place where errors become messages and exit codes.

Exit codes: 0 done; 1 the data or the store is at fault (a bad record, no
store), or the work could not finish; 2 the command line itself is wrong (a
bad option, a name that picks out no entity, a malformed query).
"""

import functools
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from graph.backend.engines import PASSWORD_ENV, USER_ENV, Engine, Target, is_url, target
from graph.errors import BadInput, DataError, GovtiesError, StoreError, Unavailable, printable

P = ParamSpec("P")
T = TypeVar("T")

out = Console()
err = Console(stderr=True)

DataOpt = Annotated[Path, typer.Option("--data", help="data directory (records/ inside)")]
StoreOpt = Annotated[
    Path, typer.Option("--store", help="store path (a symlink to the live version)")
]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="text or json")]
AsOfOpt = Annotated[
    str | None, typer.Option("--as-of", help="YYYY-MM-DD: only agreements signed by then")
]

# build and serve also take a remote store (graph.backend): a URL is not a Path (which
# would fold its "//"), so these two read --store as text.
StoreOrUrlOpt = Annotated[
    str,
    typer.Option(
        "--store",
        help="store path, or the base URL of a SPARQL engine with --engine "
        f"(account from {USER_ENV} / {PASSWORD_ENV})",
    ),
]
EngineOpt = Annotated[
    str | None,
    typer.Option("--engine", help=f"the engine at a --store URL: {', '.join(Engine)}"),
]


def store_of(store: str, engine: str | None) -> Path | Target:
    if is_url(store):
        return target(store, engine)
    if engine is not None:
        raise BadInput("--engine names the engine of a remote store: give --store an http(s) URL")
    return Path(store)


def fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]error:[/] {escape(printable(message))}", highlight=False)
    return typer.Exit(code)


def exit_for(exc: GovtiesError) -> typer.Exit:
    """Print what went wrong; the exit code says whose fault it was (module docstring)."""
    if isinstance(exc, DataError):
        for problem in exc.problems:
            err.print(f"[red]✗[/] {escape(str(problem))}", highlight=False, soft_wrap=True)
        return fail(f"{len(exc.problems)} problem(s) in the records; nothing was changed")
    return fail(exc.message, 1 if isinstance(exc, StoreError | Unavailable) else 2)


def guarded(command: Callable[P, T]) -> Callable[P, T]:
    """The command with govties' errors turned into messages (typer reads its signature)."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return command(*args, **kwargs)
        except GovtiesError as exc:
            # Reported now, so the frames' locals go now, on this thread: pyoxigraph's query
            # results (a capped answer's, say) must be freed by the thread that made them.
            traceback.clear_frames(exc.__traceback__)
            raise exit_for(exc) from exc

    return run
