"""YAML parsed with the line of every part, so a record's problems can name file:line.

PyYAML is the reference loader: graph.build.fastyaml steps aside to it when
not sure, and a record's problems ask it again for the lines they report.
"""

from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from graph.build.data_files import decoded, read_capped
from graph.errors import DataError, Problem

_STR = "tag:yaml.org,2002:str"
_construct = SafeConstructor()


def _scalar(node: yaml.ScalarNode) -> Any:
    """The scalar as yaml.safe_load types it; strings (nearly all) skip the constructor."""
    if node.tag == _STR:
        return node.value
    construct = _construct.yaml_constructors.get(node.tag, SafeConstructor.construct_undefined)
    try:
        return construct(_construct, node)
    except ValueError as exc:  # e.g. 2019-13-45 looks like a date but is none
        problem = f"{node.value[:80]!r}: {exc}"
        raise yaml.MarkedYAMLError(problem=problem, problem_mark=node.start_mark) from exc


def _to_python(node: yaml.Node, path: tuple[str | int, ...], lines: dict, seen: set[int]) -> Any:
    """Build plain Python from a YAML node tree, noting the 1-based line of every part.

    A list or mapping met twice is a YAML alias (*name): refused, because
    expanding aliases lets a few lines grow exponentially or contain themselves.
    """
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
        if id(node) in seen:
            problem = "a list or mapping used twice (YAML alias): not allowed in records"
            raise yaml.MarkedYAMLError(problem=problem, problem_mark=node.start_mark)
        seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            out[key] = _to_python(value_node, (*path, key), lines, seen)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, (*path, i), lines, seen) for i, item in enumerate(node.value)]
    return _scalar(node)


def parse_yaml(
    path: Path, raw: bytes | None = None
) -> tuple[Any, dict[tuple[str | int, ...], int]]:
    """Parse a YAML file (or raw, its bytes already read) keeping line numbers; syntax
    errors name file and line.

    libyaml (the C loader) builds the node tree; PyYAML's safe-load rules give
    scalars their types, exactly as yaml.safe_load would. The file is read as
    graph.build.data_files allows (a regular file under the cap).
    """
    try:
        text = decoded(read_capped(path) if raw is None else raw)
        node = yaml.compose(text, Loader=yaml.CSafeLoader)
        lines: dict[tuple[str | int, ...], int] = {}
        data = None if node is None else _to_python(node, (), lines, set())
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        raise DataError([Problem(path, line, f"not UTF-8 text: {exc.reason}")]) from exc
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise DataError([Problem(path, line, f"YAML syntax: {exc.problem}")]) from exc
    except yaml.reader.ReaderError as exc:  # a control character; position counts UTF-8 bytes
        line = text.encode()[: exc.position].count(b"\n") + 1
        problem = f"YAML syntax: character U+{exc.character:04X} is not allowed"
        raise DataError([Problem(path, line, problem)]) from exc
    return data, lines
