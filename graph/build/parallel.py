"""Records read, checked and converted to RDF by worker processes, one share of files each.

Reading a record (YAML, then the pydantic models and the in-file references)
and writing its graph is pure Python under one GIL: at a million statements
about 9 s on one core. Each worker takes contiguous chunks of the sorted file
list and sends back, per chunk, its problems, the outlines the rules across
files need, and its graphs; the chunks are taken in file order, so the
messages and the dataset are those of the serial load_records + build_dataset
(tests/build/test_build_output.py). A pydantic record is not sent back: it
costs more to unpickle than to load.

A directory of few records is read in process: starting workers costs more.
"""

import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from graph.build.built_dataset import BuiltDataset
from graph.build.cross_file import across_files
from graph.build.rdf import Converted, assemble_dataset, convert
from graph.build.records import Outline, existing_record_files, load_files
from graph.errors import DataError, Problem

IN_PROCESS_BELOW = 400  # record files; the curated data is a few dozen
CHUNKS_PER_WORKER = 4  # several chunks each, so one slow chunk does not leave a core idle

Share = tuple[list[Problem], list[Outline], Converted | None]


def _share(data_dir: Path, paths: list[Path]) -> Share:
    """One chunk's problems and outlines, and its graphs if every file in it loaded."""
    loaded, problems = load_files(paths, data_dir)
    return problems, [rec.outline() for rec in loaded], None if problems else convert(loaded)


def workers() -> int:
    """One per core this process may run on."""
    return len(os.sched_getaffinity(0))


def _context() -> multiprocessing.context.BaseContext:
    """fork where it is safe (no other thread whose locks a child would inherit held):
    the children then start at once with everything imported; spawn otherwise."""
    return multiprocessing.get_context("fork" if threading.active_count() == 1 else "spawn")


def _chunks(paths: list[Path], count: int) -> list[list[Path]]:
    size = -(-len(paths) // count)
    return [paths[start : start + size] for start in range(0, len(paths), size)]


def read_dataset(data_dir: Path, processes: int | None = None) -> BuiltDataset:
    """The records of data_dir checked and converted (DataError listing every problem).

    processes: how many workers (default: one per core; 1 reads in this process,
    as does a directory of fewer than IN_PROCESS_BELOW records).
    """
    files = existing_record_files(data_dir)
    count = processes or workers()
    if count <= 1 or (processes is None and len(files) < IN_PROCESS_BELOW):
        shares = [_share(data_dir, files)]
    else:
        chunks = _chunks(files, count * CHUNKS_PER_WORKER)
        with ProcessPoolExecutor(count, mp_context=_context()) as pool:
            shares = list(pool.map(_share, [data_dir] * len(chunks), chunks))
    problems = [problem for share in shares for problem in share[0]]
    problems += across_files([outline for share in shares for outline in share[1]], data_dir)
    if problems:
        raise DataError(problems)
    return assemble_dataset(share[2] for share in shares if share[2] is not None)
