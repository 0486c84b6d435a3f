"""Reading and writing definition (``*.orchestration.yaml``) and scenario files (SPEC §2, §4).

Reading never raises for bad content: ``loads`` / ``loads_scenario`` return the model (or the
part of it that could be read) together with PARSE_ERROR / SCHEMA_ERROR diagnostics carrying
1-based lines. ``load`` / ``load_scenario`` are the strict variants for scripts: they raise
``LoadError`` (with ``.diagnostics``) when the file cannot be read completely.

Writing is canonical: keys in model field order, defaults omitted (``schema_version``, the
``type`` of steps and flows, the ``when`` of conditions and the assignee ``type`` are always
written), block style with ``{ref: X}`` and flow ``elements`` lists inline, top-level sections
separated by a blank line. save → load → save gives identical bytes.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .diagnostics import Diagnostic
from .io_errors import lines_after_drops, recover, schema_diagnostics
from .io_yaml import FlowMap, FlowSeq, Key, YamlProblem, read_yaml, write_yaml
from .model import Assignee, Flow, Orchestration, Ref, StepBase, Trigger
from .scenario_model import Scenario

__all__ = [
    "LoadError",
    "LoadResult",
    "ScenarioLoadResult",
    "describe_write_error",
    "dumps",
    "dumps_scenario",
    "load",
    "load_scenario",
    "loads",
    "loads_scenario",
    "read_problem",
    "save",
    "save_scenario",
    "write_atomic",
]

M = TypeVar("M", bound=BaseModel)

# Top-level keys that start a new paragraph in saved files.
_SECTIONS = ("variables", "stages", "decisions", "flows")


@dataclass
class LoadResult:
    """What ``loads`` could read: the definition (possibly partial, or None) and the problems."""

    definition: Orchestration | None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the file was read completely (no PARSE_ERROR / SCHEMA_ERROR)."""
        return self.definition is not None and not any(d.severity == "error" for d in self.diagnostics)


@dataclass
class ScenarioLoadResult:
    """What ``loads_scenario`` could read."""

    scenario: Scenario | None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.scenario is not None and not any(d.severity == "error" for d in self.diagnostics)


class LoadError(Exception):
    """A file that cannot be read completely; ``diagnostics`` says why and where."""

    def __init__(self, path: str | os.PathLike[str] | None, diagnostics: list[Diagnostic]) -> None:
        self.path = str(path) if path is not None else None
        self.diagnostics = diagnostics
        super().__init__(self._text())

    def _text(self) -> str:
        prefix = self.path or "<text>"
        lines = []
        for d in self.diagnostics:
            where = f"{prefix}:{d.line}" if d.line else prefix
            lines.append(f"{where}: {d.severity} {d.code} {d.message}")
        return "\n".join(lines) or f"{prefix}: cannot be read"


# ----------------------------------------------------------------------------- reading


_KIND_WORDS = {"list": "a list", "str": "a single text", "int": "a number", "float": "a number",
               "bool": "true/false"}


def _wrong_kind(root: type[BaseModel], data: dict[str, Any], lines: dict[str, int]) -> Diagnostic | None:
    """A scenario file read as a definition (or the reverse): one clear error instead of a list."""
    if root is Orchestration and "scenario" in data and "name" not in data and "stages" not in data:
        return Diagnostic.make("SCHEMA_ERROR", "this is a scenario file (it has 'scenario:' and no 'name' or "
                               "'stages'), not an orchestration definition", line=lines.get("scenario", 1))
    if root is Scenario and "stages" in data and "scenario" not in data:
        return Diagnostic.make("SCHEMA_ERROR", "this is an orchestration definition (it has 'stages:'), "
                               "not a scenario file", line=lines.get("stages", 1))
    return None


def _parse(text: str | bytes, root: type[M], path: str | os.PathLike[str] | None) -> tuple[M | None, list[Diagnostic], dict[str, int]]:
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = text.count(b"\n", 0, exc.start) + 1
            return None, [Diagnostic.make(
                "PARSE_ERROR", f"the file is not UTF-8 text ({exc.reason} at byte {exc.start}); "
                "save it as UTF-8", line=line)], {}
    text = text.lstrip("\ufeff")
    try:
        read = read_yaml(text)
    except YamlProblem as problem:
        return None, [Diagnostic.make("PARSE_ERROR", problem.message, line=problem.line)], {}
    data = read.data
    kind = "definition" if root is Orchestration else "scenario"
    if data is None:
        return None, [Diagnostic.make("SCHEMA_ERROR", f"the file is empty; a {kind} file is a mapping of keys", line=1)], {}
    if not isinstance(data, dict):
        return None, [Diagnostic.make(
            "SCHEMA_ERROR", f"a {kind} file must be a mapping of keys (key: value lines), not "
            f"{_KIND_WORDS.get(type(data).__name__, 'a ' + type(data).__name__)}", line=1)], {}
    wrong = _wrong_kind(root, data, read.lines)
    if wrong is not None:
        return None, [wrong], {}
    try:
        return root.model_validate(data), [], read.lines
    except ValidationError as exc:
        diagnostics = schema_diagnostics(root, data, exc, read.lines)
    stem = Path(path).name.split(".")[0] if path else "Untitled"
    placeholder = re.sub(r"\W+", "_", stem).strip("_") or "Untitled"
    model, dropped = recover(root, data, placeholder)
    return model, diagnostics, lines_after_drops(read.lines, dropped)  # type: ignore[return-value]


def loads(text: str | bytes, path: str | os.PathLike[str] | None = None) -> LoadResult:
    """Read a definition from YAML text; never raises for bad content.

    On shape errors the result still holds what could be read (unknown keys and invalid
    optional values ignored, invalid list items such as a broken step dropped), each problem
    reported as SCHEMA_ERROR with its line; ``definition`` is None only when nothing usable
    remains (a YAML syntax error, an empty file, a file that is not a mapping).
    """
    model, diagnostics, lines = _parse(text, Orchestration, path)
    if model is not None:
        model._lines = lines
    return LoadResult(model, diagnostics)


def loads_scenario(text: str | bytes, path: str | os.PathLike[str] | None = None) -> ScenarioLoadResult:
    """Read a scenario from YAML text; like ``loads``, never raises for bad content."""
    model, diagnostics, lines = _parse(text, Scenario, path)
    if model is not None:
        model._lines = lines
    return ScenarioLoadResult(model, diagnostics)


def read_problem(exc: OSError) -> Diagnostic:
    """The PARSE_ERROR for a file that cannot be opened (the message does not repeat the path)."""
    if isinstance(exc, FileNotFoundError):
        return Diagnostic.make("PARSE_ERROR", "no such file")
    if isinstance(exc, IsADirectoryError):
        return Diagnostic.make("PARSE_ERROR", "is a folder, not a file")
    return Diagnostic.make("PARSE_ERROR", f"cannot read the file: {exc.strerror or exc}")


def _read_file(path: str | os.PathLike[str]) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise LoadError(path, [read_problem(exc)]) from None


def load(path: str | os.PathLike[str]) -> Orchestration:
    """Read a definition file; raises ``LoadError`` unless it is read completely."""
    result = loads(_read_file(path), path)
    if not result.ok or result.definition is None:
        raise LoadError(path, result.diagnostics)
    return result.definition


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Read a scenario file; raises ``LoadError`` unless it is read completely."""
    result = loads_scenario(_read_file(path), path)
    if not result.ok or result.scenario is None:
        raise LoadError(path, result.diagnostics)
    return result.scenario


# ----------------------------------------------------------------------------- writing


# Steps are written in the order of SPEC §2 (who and where before what and when), which
# pydantic's inherited field order does not give.
_STEP_ORDER = ("name", "label", "description", "type", "action", "assignee", "record", "run_as",
               "requires_async", "inputs", "start", "complete")


def _always(model: BaseModel, name: str) -> bool:
    if name == "when":
        return True
    if name == "type":
        return isinstance(model, (StepBase, Flow, Assignee))
    if name == "on":
        return isinstance(model, Trigger)
    return isinstance(model, Orchestration) and name == "schema_version"


def _field_order(model: BaseModel) -> list[str]:
    names = list(type(model).model_fields)
    if isinstance(model, StepBase):
        names.sort(key=lambda n: _STEP_ORDER.index(n) if n in _STEP_ORDER else len(_STEP_ORDER))
    return names


def _plain(value: Any, key: str | None = None) -> Any:
    if isinstance(value, Ref):
        return FlowMap({Key("ref"): value.ref})
    if isinstance(value, BaseModel):
        return _plain_model(value)
    if isinstance(value, dict):
        return {Key(str(k)): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_plain(v) for v in value]
        return FlowSeq(items) if key == "elements" else items
    return value


def _plain_model(model: BaseModel) -> dict[Any, Any]:
    out: dict[Any, Any] = {}
    fields = type(model).model_fields
    for name in _field_order(model):
        info = fields[name]
        value = getattr(model, name)
        if not _always(model, name) and not info.is_required():
            default = info.get_default(call_default_factory=True)
            if value == default and type(value) is type(default):
                continue
        out[Key(name)] = _plain(value, name)
    return out


def _dump_sections(data: dict[Any, Any]) -> str:
    head = {k: v for k, v in data.items() if k not in _SECTIONS}
    chunks = [write_yaml(head)] if head else []
    chunks += [write_yaml({k: data[k]}) for k in _SECTIONS if k in data]
    if any(chunk.endswith("\n...\n") for chunk in chunks):
        return write_yaml(data)  # an explicit document end cannot be followed by more keys
    return "\n".join(chunks)


def dumps(defn: Orchestration) -> str:
    """The canonical YAML text of a definition (SPEC §2)."""
    return _dump_sections(_plain_model(defn))


def dumps_scenario(scenario: Scenario) -> str:
    """The canonical YAML text of a scenario (SPEC §4)."""
    return write_yaml(_plain_model(scenario))


def write_atomic(text: str, path: str | os.PathLike[str]) -> None:
    """Write ``text`` to ``path``: temporary file in the same folder, fsync, rename (keeps the mode)."""
    target = Path(path)
    if target.is_symlink():  # write through the link: replacing it would cut the link
        target = Path(os.path.realpath(target))
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            mode = target.stat().st_mode & 0o777
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:  # make the rename itself durable (best effort; not possible everywhere)
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass


def describe_write_error(path: str | os.PathLike[str], exc: OSError) -> str:
    """One line for a failed write of ``path``: which file, and why in words a user can act on."""
    target = Path(path)
    if isinstance(exc, IsADirectoryError):
        return f"cannot write {target}: it is a folder"
    candidates = ([target] if isinstance(exc, NotADirectoryError) else []) + list(target.parents)
    blocker = next((p for p in candidates if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        return f"cannot write {target}: {blocker} is a file, not a folder"
    if isinstance(exc, FileNotFoundError):
        missing = next((p for p in reversed(target.parents) if not p.exists()), None)
        if missing is not None:
            return f"cannot write {target}: the folder {missing} does not exist"
    return f"cannot write {target}: {exc.strerror or exc}"


def save(defn: Orchestration, path: str | os.PathLike[str]) -> None:
    """Write ``defn`` to ``path`` atomically (temporary file in the same folder, fsync, rename)."""
    write_atomic(dumps(defn), path)


def save_scenario(scenario: Scenario, path: str | os.PathLike[str]) -> None:
    """Write ``scenario`` to ``path`` atomically."""
    write_atomic(dumps_scenario(scenario), path)
