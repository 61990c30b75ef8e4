"""yaml.safe_load for record files, ~10x faster, or an honest "not sure".

PyYAML (even its libyaml loader) reads ~5 MB/s: a million-triple data
directory spends most of its build there. rapidyaml parses ~100x faster and
emits JSON that json.loads reads at C speed; what is left is to give each
scalar the type PyYAML would (YAML 1.1: 2019-06-13 is a date, NO is false,
007 is 7), which is done with PyYAML's own resolver and constructors.

The result must equal yaml.safe_load's, or the fast path must step aside:
load() returns NOT_SURE for any file with a construct where the two parsers
may differ (anchors, tags, block scalars, escapes, directives, characters
PyYAML rejects...), that rapidyaml rejects, or where JSON loses whether a
scalar was quoted and it matters ("2019" vs 2019). Callers then use PyYAML,
which also gives the line numbers for error messages.
tests/build/test_fastyaml.py holds the two loaders to the same output on real,
synthetic and randomly damaged records.
"""

import json
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.reader import Reader
from yaml.resolver import Resolver

try:
    import ryml
except ImportError:  # pragma: no cover - rapidyaml is a dependency; PyYAML alone still works
    ryml = None

NOT_SURE = object()

# The subset of YAML records are written in, line by line: comments, "key: value",
# "- value", "- key: value", where a value is a plain scalar on one line, a quoted
# scalar without escapes, or a one-line flow list/mapping of such scalars. A file
# with any other line (multi-line scalars, anchors, tags, block scalars, escapes,
# directives, odd indicators...) is left to PyYAML: this is a whitelist, because
# the two parsers disagree on some malformed input (tests/build/test_fastyaml.py).
_KEY = r"[A-Za-z_][A-Za-z0-9_]*"
_PLAIN = r"[A-Za-z0-9(](?:[^#\[\]{}\"\s:\x00-\x1f\x7f]|:(?=\S)|[ ](?=[^\s#]))*"
_QUOTED = r"\"[^\"\\\n]*\"|'(?:[^'\n]|'')*'"
_WORD = r"[^#\[\]{},\"'\s:\x00-\x1f\x7f]"
_ITEM = rf"(?:{_QUOTED}|[A-Za-z0-9(]{_WORD}*(?:[ ]+{_WORD}+)*)"
_FLOW = (
    rf"\[[ ]*(?:{_ITEM}(?:[ ]*,[ ]*{_ITEM})*)?[ ]*\]"
    rf"|\{{[ ]*(?:{_KEY}:[ ]+{_ITEM}(?:[ ]*,[ ]*{_KEY}:[ ]+{_ITEM})*)?[ ]*\}}"
)
_VALUE = rf"(?:{_QUOTED}|{_FLOW}|{_PLAIN})"
_LINE = rf"[ ]*(?:#[^\n]*|(?:-[ ]+)*(?:{_KEY}:(?:[ ]+{_VALUE})?|{_VALUE})[ ]*(?:[ ]#[^\n]*)?)?"
_RECORD_SUBSET = re.compile(rf"(?:{_LINE}\n)*(?:{_LINE})?")
_STR = "tag:yaml.org,2002:str"
_resolver = Resolver()
_TAGS: dict[str, str] = {}
_FIRST_CHARS = frozenset(Resolver.yaml_implicit_resolvers) - {""}
_construct = SafeConstructor()
_stderr_lock = threading.Lock()


class _Unsure(Exception):
    pass


class _Plain(str):
    """Text rapidyaml emitted as a JSON number: certainly an unquoted scalar."""


@contextmanager
def _quiet_stderr() -> Iterator[None]:
    """rapidyaml prints parse errors to fd 2 before raising; PyYAML reports them properly."""
    with _stderr_lock:
        saved = os.dup(2)
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, 2)
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            os.close(null)


def _typed(text: str, source: str, plain: bool) -> Any:
    """text as PyYAML types it, given it may (plain=False) have been quoted in source."""
    tag = _TAGS.get(text)
    if tag is None:
        tag = _resolver.resolve(yaml.ScalarNode, text, (True, False))
        if len(_TAGS) < 50_000:  # keys and enum values repeat in every record
            _TAGS[str(text)] = tag
    if tag == _STR:
        return str(text)
    if not plain and (f'"{text}"' in source or f"'{text}'" in source):
        raise _Unsure  # quoted somewhere: a string there, typed elsewhere
    constructor = _construct.yaml_constructors.get(tag)
    if constructor is None:
        raise _Unsure
    try:
        return constructor(_construct, yaml.ScalarNode(tag, text))
    except ValueError as exc:  # 2019-13-45: PyYAML reports it with its line
        raise _Unsure from exc


def _value(value: Any, source: str) -> Any:
    """A JSON value as PyYAML would have it; dicts were converted by the JSON hook already."""
    kind = value.__class__
    if kind is str:  # the common case first: most text cannot be anything but a string
        return value if value and value[0] not in _FIRST_CHARS else _typed(value, source, False)
    if kind is list:
        return [_value(item, source) for item in value]
    if kind is dict or value is None or kind is bool:
        return value  # JSON null/true/false come only from plain null/true/false
    if kind is _Plain:
        return _typed(value, source, plain=True)
    raise _Unsure


def _in_subset(text: str) -> bool:
    if not _RECORD_SUBSET.fullmatch(text):
        return False
    return text.isascii() or not Reader.NON_PRINTABLE.search(text)


def load(text: str) -> Any:
    """yaml.safe_load(text) for a record file (a mapping), or NOT_SURE."""
    if ryml is None or not _in_subset(text):
        return NOT_SURE

    def mapping(pairs: list[tuple[str, Any]]) -> dict[Any, Any]:
        return {_value(k, text): _value(v, text) for k, v in pairs}

    try:
        with _quiet_stderr():
            tree = ryml.parse_in_arena(text.encode())
        if not tree.is_map(tree.root_id()):
            return NOT_SURE
        emitted = ryml.emit_json_malloc(tree, tree.root_id())
        return json.loads(emitted, parse_int=_Plain, parse_float=_Plain, object_pairs_hook=mapping)
    except Exception:  # _Unsure, rapidyaml's parse errors, JSON it could not emit: PyYAML decides
        return NOT_SURE
