"""Shape errors: pydantic validation errors as SCHEMA_ERROR diagnostics, and partial recovery.

Pydantic locations are mapped back to field paths of the YAML data (discriminator tags such
as ``interactive`` or ``requirements`` and union member names are stripped), so each
diagnostic gets the line of the offending key. ``recover`` then drops what could not be read —
an unknown key, an invalid optional value, or the smallest list item / mapping entry holding
an invalid required value — until the rest validates, so an editor can show a broken file.
"""

from __future__ import annotations

import copy
import difflib
import re
import types
from typing import Annotated, Any, Iterable, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from .diagnostics import Diagnostic
from .model import line_in

Part = Union[str, int]
_DISCRIMINATORS = ("when", "type")
MAX_RECOVERY_ROUNDS = 50

# list field -> word used for its items in messages
_ITEM_WORDS = {
    "stages": "stage",
    "steps": "step",
    "decisions": "decision",
    "outcomes": "outcome",
    "flows": "flow",
    "variables": "variable",
    "requirements": "requirement",
    "events": "event",
    "inputs": "input",
    "outputs": "output",
}


# ----------------------------------------------------------------------------- paths


def data_path(loc: Iterable[Any], data: Any) -> list[Part]:
    """The path into ``data`` that a pydantic ``loc`` designates, tags stripped."""
    parts: list[Part] = []
    cur = data
    loc = list(loc)
    for i, element in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(cur, dict):
            if isinstance(element, str) and not last and any(cur.get(d) == element for d in _DISCRIMINATORS):
                continue  # the union tag pydantic inserts for a discriminated union
            if element in cur:
                parts.append(element)
                cur = cur[element]
                continue
            if last and isinstance(element, str):
                parts.append(element)  # a missing key
            continue
        if isinstance(cur, list) and isinstance(element, int) and 0 <= element < len(cur):
            parts.append(element)
            cur = cur[element]
            continue
        # anything else is a union member / function tag (e.g. 'Ref', 'str', '[key]')
    return parts


def format_path(parts: Iterable[Part]) -> str:
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _get(data: Any, parts: list[Part]) -> Any:
    cur = data
    for part in parts:
        if isinstance(cur, dict) and part in cur:
            cur = cur[part]
        elif isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur):
            cur = cur[part]
        else:
            return None
    return cur


# ----------------------------------------------------------------------------- schema walking


def _unwrap(annotation: Any, raw: Any) -> Any:
    """The concrete type an annotation takes for ``raw`` (picks discriminated union members)."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
            continue
        if origin is Union or origin is types.UnionType:
            members = [a for a in get_args(annotation) if a is not type(None)]
            models = [a for a in members if isinstance(a, type) and issubclass(a, BaseModel)]
            if isinstance(raw, str) and len(models) > 1:
                raw = {"when": raw}  # the `start: stage_starts` shorthand
            if isinstance(raw, dict) and models:
                for disc in _DISCRIMINATORS:
                    for model in models:
                        field = model.model_fields.get(disc)
                        if field is not None and raw.get(disc) in (get_args(field.annotation) or ()):
                            return model
                if len(models) == 1:
                    return models[0]
                return None
            containers = [a for a in members if get_origin(a) in (list, dict)]
            if isinstance(raw, (list, dict)) and containers:
                return containers[0]
            return members[0] if len(members) == 1 else None
        return annotation


def type_at(root: type[BaseModel], data: Any, parts: list[Part]) -> Any:
    """The model class (or container type) at ``parts`` inside ``data``; None when unknown."""
    current: Any = root
    raw = data
    for part in parts:
        current = _unwrap(current, raw)
        origin = get_origin(current)
        if isinstance(part, int):
            if origin is not list:
                return None
            current = get_args(current)[0]
        elif isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(part)  # type: ignore[arg-type]
            if field is None:
                return None
            current = field.annotation
        elif origin is dict:
            current = get_args(current)[1]
        else:
            return None
        raw = _get(raw, [part]) if raw is not None else None
    return _unwrap(current, raw)


def _is_model(t: Any) -> bool:
    return isinstance(t, type) and issubclass(t, BaseModel)


# ----------------------------------------------------------------------------- messages


def element_of(data: Any, parts: list[Part], document: str = "orchestration") -> tuple[str | None, str]:
    """(name, description) of the innermost named element holding ``parts``, e.g. ('Review', 'step Review')."""
    top = data.get("name") if isinstance(data, dict) and document == "orchestration" else None
    name: str | None = top if isinstance(top, str) else None
    where = f"the {document}"
    for i, part in enumerate(parts):
        if isinstance(part, int) and i > 0 and isinstance(parts[i - 1], str):
            word = _ITEM_WORDS.get(str(parts[i - 1]))
            if word is None:
                continue
            item = _get(data, parts[: i + 1])
            item_name = item.get("name") if isinstance(item, dict) else None
            if isinstance(item_name, str) and item_name:
                name, where = item_name, f"{word} {item_name}"
            else:
                name, where = None, f"{word} #{part + 1}"
        elif isinstance(part, str) and i > 0 and parts[i - 1] == "steps" and i == 1:
            name, where = part, f"step {part}"  # scenario files: steps: {Name: {...}}
        elif part == "trigger" and i == 0 and len(parts) > 1 and document == "orchestration":
            where = "the trigger"
    return name, where


def _expected_words(text: str) -> list[str]:
    return re.findall(r"'([^']*)'", text)


def _did_you_mean(word: Any, options: Iterable[str]) -> str:
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# pydantic's wording ("Input should be a valid dictionary or instance of Stage") in a user's words
_PLAIN = {
    "list_type": "expected a list (lines starting with '- ')",
    "dict_type": "expected a mapping of keys",
    "model_type": "expected a mapping of keys",
    "model_attributes_type": "expected a mapping of keys",
    "string_type": "expected a text",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "float_type": "expected a number",
    "float_parsing": "expected a number",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
}


def _document(root: type[BaseModel]) -> str:
    return "scenario" if "scenario" in root.model_fields else "orchestration"


def _message(root: type[BaseModel], data: Any, parts: list[Part], errors: list[dict[str, Any]], line: int | None) -> str:
    _, where = element_of(data, parts, _document(root))
    key = parts[-1] if parts else None
    key_text = f"'{key}'" if isinstance(key, str) else "this item"
    at = f" (line {line})" if line else ""
    error = errors[0]
    kind = error["type"]
    parent = type_at(root, data, parts[:-1]) if parts else None
    fields = list(parent.model_fields) if _is_model(parent) else []
    if kind == "extra_forbidden":
        hint = _did_you_mean(key, fields) or (f"; expected one of: {', '.join(fields)}" if fields else "")
        return f"unknown key {key_text} in {where}{at}{hint}"
    if kind == "missing":
        return f"{where} is missing the required key {key_text}{at}"
    if kind == "union_tag_invalid":
        ctx = error.get("ctx", {})
        options = _expected_words(str(ctx.get("expected_tags", "")))
        disc = str(ctx.get("discriminator", "")).strip("'") or "type"
        return (f"unknown {disc} {_show(ctx.get('tag'))} in {where}{at}; expected one of: "
                f"{', '.join(options)}{_did_you_mean(ctx.get('tag'), options)}")
    if kind == "union_tag_not_found":
        ctx = error.get("ctx", {})
        disc = str(ctx.get("discriminator", "")).strip("'") or "type"
        return f"{key_text} in {where} needs a '{disc}' key{at}"
    if kind == "literal_error":
        options = _expected_words(str(error.get("ctx", {}).get("expected", "")))
        return (f"invalid {key_text.strip(chr(39))} {_show(error.get('input'))} in {where}{at}: expected one of "
                f"{', '.join(options)}{_did_you_mean(error.get('input'), options)}")
    if kind in ("model_type", "model_attributes_type", "dict_type") and not parts:
        return f"the file must be a mapping of keys, not a {type(error.get('input')).__name__}"
    if any("instance of Ref" in str(err.get("msg", "")) for err in errors):
        return (f"invalid value {_show(error.get('input'))} for {key_text} in {where}{at}: expected a text, a number, "
                "true/false or {ref: <resource>}")
    messages = []
    for err in errors:
        msg = _PLAIN.get(err.get("type", ""), str(err.get("msg", "invalid value")))
        msg = msg[len("Value error, "):] if msg.startswith("Value error, ") else msg
        if msg not in messages:
            messages.append(msg)
    detail = messages[0] if len(messages) == 1 else " or ".join(m[0].lower() + m[1:] for m in messages[:4])
    return f"invalid value {_show(error.get('input'))} for {key_text} in {where}{at}: {detail}"


def schema_diagnostics(root: type[BaseModel], data: Any, exc: ValidationError, lines: dict[str, int]) -> list[Diagnostic]:
    """One SCHEMA_ERROR per offending path (union member errors merged)."""
    groups: dict[tuple[Part, ...], list[dict[str, Any]]] = {}
    for error in exc.errors(include_url=False):
        parts = tuple(data_path(error["loc"], data))
        groups.setdefault(parts, []).append(error)
    # a deeper error explains a union failure better than the members that failed at its root
    paths = list(groups)
    keep = [p for p in paths if not any(len(q) > len(p) and q[: len(p)] == p for q in paths)]
    diagnostics = []
    for parts in keep:
        path = format_path(parts)
        line = _line_of(lines, path)
        element, _ = element_of(data, list(parts), _document(root))
        diagnostics.append(Diagnostic.make(
            "SCHEMA_ERROR", _message(root, data, list(parts), groups[parts], line),
            element=element, field=path or None, line=line,
        ))
    return diagnostics


def _line_of(lines: dict[str, int], path: str) -> int | None:
    line = line_in(lines, path)
    return line if line is not None or not lines else 1  # a top-level key missing: the file as a whole


# ----------------------------------------------------------------------------- recovery


def _drop(data: Any, parts: list[Part]) -> bool:
    if not parts:
        return False
    container = _get(data, parts[:-1])
    last = parts[-1]
    if isinstance(container, dict) and last in container:
        del container[last]
        return True
    if isinstance(container, list) and isinstance(last, int) and 0 <= last < len(container):
        del container[last]
        return True
    return False


def _drop_point(root: type[BaseModel], data: Any, parts: list[Part], error_type: str) -> list[Part] | None:
    """The smallest thing to remove so that this error goes away."""
    start = len(parts) if error_type != "missing" else len(parts) - 1
    for n in range(start, 0, -1):
        prefix = parts[:n]
        last = prefix[-1]
        if isinstance(last, int):
            return prefix  # a list item
        parent = type_at(root, data, prefix[:-1])
        if error_type == "extra_forbidden" and n == len(parts):
            return prefix
        if get_origin(parent) is dict:
            return prefix  # a mapping entry (inputs, outputs, overrides)
        if _is_model(parent):
            field = parent.model_fields.get(last)  # type: ignore[union-attr]
            if field is not None and not field.is_required():
                return prefix  # an optional key: its default applies
    return None


def recover(root: type[BaseModel], data: Any, placeholder_name: str = "Untitled") -> tuple[BaseModel | None, list[list[Part]]]:
    """Validate ``data`` minus what cannot be read.

    Returns (model or None, dropped): ``dropped`` lists the removed paths in the order they were
    removed, each relative to the data as it was at that moment (see ``lines_after_drops``).
    """
    if not isinstance(data, dict):
        return None, []
    work = copy.deepcopy(data)
    dropped: list[list[Part]] = []
    for _ in range(MAX_RECOVERY_ROUNDS):
        try:
            return root.model_validate(work), dropped
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
        progress = False
        # drop deepest first so list indexes of the other errors stay valid
        targets = []
        for error in errors:
            parts = data_path(error["loc"], work)
            if error["type"] == "missing" and parts == ["name"] and "name" in root.model_fields:
                work["name"] = placeholder_name
                progress = True
                continue
            point = _drop_point(root, work, parts, error["type"])
            if point is not None and point not in targets:
                targets.append(point)
        for point in sorted(targets, key=lambda p: [(0, x) if isinstance(x, int) else (1, str(x)) for x in p], reverse=True):
            if _drop(work, point):
                dropped.append(point)
                progress = True
        if not progress:
            return None, dropped
    return None, dropped


_INDEX = re.compile(r"^\[(\d+)\](.*)$", re.S)


def lines_after_drops(lines: dict[str, int], dropped: list[list[Part]]) -> dict[str, int]:
    """The line map of the recovered data: dropped paths removed, later list items renumbered."""
    for parts in dropped:
        if not parts:
            continue
        if isinstance(parts[-1], int):
            prefix, index = format_path(parts[:-1]), parts[-1]
            updated: dict[str, int] = {}
            for key, line in lines.items():
                match = _INDEX.match(key[len(prefix):]) if key.startswith(prefix) else None
                if match is None:
                    updated[key] = line
                    continue
                n, rest = int(match.group(1)), match.group(2)
                if n == index:
                    continue
                updated[f"{prefix}[{n - 1 if n > index else n}]{rest}"] = line
            lines = updated
        else:
            gone = format_path(parts)
            lines = {k: v for k, v in lines.items()
                     if not (k == gone or k.startswith(gone + ".") or k.startswith(gone + "["))}
    return lines
