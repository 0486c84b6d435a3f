"""YAML reading and writing for definition and scenario files (used by engine.io).

Reading is YAML 1.2-flavoured on top of PyYAML's safe loader, because YAML 1.1 surprises users:

* only ``true``/``false`` (any case) are booleans — ``on``, ``off``, ``yes``, ``no``, ``y``, ``n``
  stay text, so ``on: create`` is the key "on" and a step named ``No`` keeps its name;
* timestamps are not resolved (``2026-12-01`` stays text);
* integers are decimal without leading zeros (``007`` stays text, no octal, no ``1:30`` = 90);
* duplicate mapping keys are an error, not a silent overwrite;
* alias expansion is bounded (a "billion laughs" document fails fast) and so is nesting.

Every node read records its line under a field path (``stages[0].steps[1].start.step``), the
paths ``Orchestration.line_of`` understands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

# Reading stops beyond this many nodes (aliases counted each time they are expanded).
MAX_NODES = 200_000
MAX_DEPTH = 100

_BOOL = re.compile(r"^(?:[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])$")
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?[0-9]+[eE][-+]?[0-9]+"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")

_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"


def _resolvers() -> dict[str | None, list[tuple[str, re.Pattern[str]]]]:
    table: dict[str | None, list[tuple[str, re.Pattern[str]]]] = {}

    def add(tag: str, regexp: re.Pattern[str], first: list[str]) -> None:
        for ch in first:
            table.setdefault(ch, []).append((tag, regexp))

    add("tag:yaml.org,2002:bool", _BOOL, list("tTfF"))
    add("tag:yaml.org,2002:int", _INT, list("-+0123456789"))
    add("tag:yaml.org,2002:float", _FLOAT, list("-+0123456789."))
    add("tag:yaml.org,2002:null", _NULL, ["~", "n", "N", ""])
    return table


class Loader(yaml.SafeLoader):
    """Safe loader with the resolvers described in the module docstring."""


Loader.yaml_implicit_resolvers = _resolvers()


class YamlProblem(Exception):
    """A document that cannot be read; ``line`` is 1-based when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class ReadResult:
    data: Any
    lines: dict[str, int] = field(default_factory=dict)


def _line(node: Node) -> int:
    return node.start_mark.line + 1


def _describe_yaml_error(exc: yaml.YAMLError, text: str = "") -> YamlProblem:
    if isinstance(exc, yaml.reader.ReaderError):
        line = text.count("\n", 0, exc.position) + 1 if isinstance(exc.position, int) else None
        return YamlProblem(f"the file contains a character YAML does not allow ({exc.reason}, "
                           f"code {exc.character!r})", line)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    opened = getattr(exc, "context_mark", None)
    if mark is not None and opened is not None and text and mark.index >= len(text.rstrip()):
        mark = opened  # the file ended inside a bracket or quote: point where it was opened
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"YAML syntax error: {problem}"
    if context:
        message += f" ({context})"
    return YamlProblem(message, mark.line + 1 if mark is not None else None)


class _Builder:
    """Turns a composed node tree into Python data plus a path -> line map."""

    def __init__(self, loader: Loader) -> None:
        self.loader = loader
        self.lines: dict[str, int] = {}
        self.count = 0

    def build(self, node: Node, path: str, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise YamlProblem(
                f"the document expands to more than {MAX_NODES:,} values (too many aliases?); refusing to read it",
                _line(node),
            )
        if depth > MAX_DEPTH:
            raise YamlProblem(f"the document is nested more than {MAX_DEPTH} levels deep", _line(node))
        if isinstance(node, ScalarNode):
            try:
                return self.loader.construct_object(node, deep=True)
            except yaml.YAMLError as exc:
                raise YamlProblem(f"cannot read value {node.value!r}: {getattr(exc, 'problem', exc)}", _line(node))
        if node.tag not in (_SEQ_TAG, _MAP_TAG):
            raise YamlProblem(f"unsupported YAML tag {node.tag!r}", _line(node))
        if isinstance(node, SequenceNode):
            items = []
            for i, child in enumerate(node.value):
                child_path = f"{path}[{i}]"
                self.lines.setdefault(child_path, _line(child))
                items.append(self.build(child, child_path, depth + 1))
            return items
        if isinstance(node, MappingNode):
            return self._mapping(node, path, depth)
        raise YamlProblem("unsupported YAML node", _line(node))  # pragma: no cover

    def _mapping(self, node: MappingNode, path: str, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlProblem("merge keys (<<) are not supported; write the keys out", _line(key_node))
            if not isinstance(key_node, ScalarNode):
                raise YamlProblem("a mapping key must be a plain value, not a list or mapping", _line(key_node))
            key = self.build(key_node, path, depth + 1)
            try:
                hash(key)
            except TypeError:  # pragma: no cover - scalars are hashable
                raise YamlProblem("a mapping key must be a plain value", _line(key_node))
            if key in result:
                raise YamlProblem(
                    f"duplicate key {key!r} (first written on line {first_line[key]})", _line(key_node)
                )
            first_line[key] = _line(key_node)
            child_path = f"{path}.{key}" if path else str(key)
            self.lines.setdefault(child_path, _line(key_node))
            result[key] = self.build(value_node, child_path, depth + 1)
        return result


def read_yaml(text: str) -> ReadResult:
    """Parse one YAML document into data and a line map; raises YamlProblem."""
    try:
        loader = Loader(text)
    except yaml.YAMLError as exc:  # e.g. a control character the reader refuses
        raise _describe_yaml_error(exc, text) from None
    try:
        node = loader.get_single_node()
        if node is None:
            return ReadResult(None, {})
        builder = _Builder(loader)
        data = builder.build(node, "", 0)
        return ReadResult(data, builder.lines)
    except yaml.YAMLError as exc:
        raise _describe_yaml_error(exc, text) from None
    except RecursionError:
        raise YamlProblem("the document is nested too deeply to read") from None
    finally:
        loader.dispose()


# ------------------------------------------------------------------------------ writing


class Key(str):
    """A mapping key: written plain whenever our own loader reads it back as the same text."""


class FlowMap(dict):  # type: ignore[type-arg]
    """A mapping written in flow style, e.g. ``{ref: recordId}``."""


class FlowSeq(list):  # type: ignore[type-arg]
    """A sequence written in flow style, e.g. ``[Screen, Decision]``."""


_LEGACY_RESOLVER = yaml.resolver.Resolver()
# Line breaks other than \n (and the BOM) change meaning in plain, single-quoted or block text.
_ESCAPE_ALWAYS = ("\r", "\x85", "\u2028", "\u2029", "\ufeff")


class Dumper(yaml.SafeDumper):
    """Block-style dumper whose plain/quoted choice matches ``Loader``."""

    def ignore_aliases(self, data: Any) -> bool:
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key ("stages:\n  - name: ..."), as people write them.
        super().increase_indent(flow, False)


Dumper.yaml_implicit_resolvers = Loader.yaml_implicit_resolvers


def _fits_literal_block(text: str) -> bool:
    """Multi-line text that a `|` block keeps exactly (else it is written double-quoted)."""
    body = text[:-1] if text.endswith("\n") else text
    if not body.strip() or body.endswith("\n") or text[0] in " \t\n":
        return False
    return not any(line != line.rstrip(" \t") for line in body.split("\n"))


def _represent_str(dumper: Dumper, data: str) -> ScalarNode:
    # Values that a YAML 1.1 reader would take for a bool/date/number are quoted as well,
    # so the files read the same in other tools (keys stay plain: `on: create`).
    style = None
    if _LEGACY_RESOLVER.resolve(ScalarNode, data, (True, False)) != _STR_TAG:
        style = "'"
    if "\n" in data:
        style = "|" if _fits_literal_block(data) else '"'
    if any(ch in data for ch in _ESCAPE_ALWAYS):
        style = '"'  # only double quotes keep these characters exactly
    return dumper.represent_scalar(_STR_TAG, data, style=style)


def _represent_key(dumper: Dumper, data: Key) -> ScalarNode:
    style = '"' if any(ch in data for ch in _ESCAPE_ALWAYS) else None
    return dumper.represent_scalar(_STR_TAG, str(data), style=style)


def _represent_flow_map(dumper: Dumper, data: FlowMap) -> Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=True)


def _represent_flow_seq(dumper: Dumper, data: FlowSeq) -> Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)


Dumper.add_representer(str, _represent_str)
Dumper.add_representer(Key, _represent_key)
Dumper.add_representer(FlowMap, _represent_flow_map)
Dumper.add_representer(FlowSeq, _represent_flow_seq)


def write_yaml(data: Any) -> str:
    """One block-style YAML document for ``data`` (keys in insertion order)."""
    return yaml.dump(
        data,
        Dumper=Dumper,
        sort_keys=False,
        default_flow_style=False,
        allow_unicode=True,
        width=100,
        indent=2,
    )
