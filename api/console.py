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

from graph.errors import DataError, GovtiesError, StoreError, Unavailable, printable

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
