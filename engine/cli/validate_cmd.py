"""`orchestration validate FILE [--json]`: print the diagnostics of a definition (SPEC §5, §7).

Exit codes: 0 no errors (warnings allowed), 1 errors, 2 the file cannot be read at all.
A file that parses but has shape errors (SCHEMA_ERROR) is reported like any other finding
(exit 1), together with the diagnostics of the part that could be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from engine.diagnostics import Diagnostic, has_errors

if TYPE_CHECKING:
    from engine.io import LoadResult

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a *.orchestration.yaml definition")
    parser.add_argument("--json", action="store_true", help='print {"diagnostics": [...]} instead of text')
    parser.add_argument("--explain", action="append", default=[], metavar="REF@ELEMENT[:POINT]",
                        help="explain why a reference is or is not available at an element, e.g. "
                             "Review.Outputs.approved@Notify or Ship.Status@Pack_Box:start (repeatable)")


def collect(path: Path) -> tuple[list[Diagnostic], LoadResult]:
    """(diagnostics, what was read) for the file at ``path``; unreadable when ``definition`` is None."""
    from engine.io import LoadResult, loads, read_problem
    from engine.validate import sort_diagnostics, validate

    try:
        result = loads(path.read_bytes(), path)
    except OSError as exc:
        result = LoadResult(None, [read_problem(exc)])
    if result.definition is None:
        return result.diagnostics, result
    return sort_diagnostics(result.diagnostics + validate(result.definition)), result


def format_text(path: Path, diagnostics: list[Diagnostic]) -> str:
    """Human output: diagnostics grouped by element, ``file:line: severity CODE message``, summary."""
    lines: list[str] = []
    groups: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        groups.setdefault(d.element or "", []).append(d)
    for element, items in groups.items():
        lines.append(f"{element}:" if element else "(file):")
        for d in items:
            where = f"{path}:{d.line}" if d.line else str(path)
            lines.append(f"  {where}: {d.severity} {d.code} {d.message}")
    counts = {s: sum(1 for d in diagnostics if d.severity == s) for s in ("error", "warning", "info")}
    summary = f"{path}: {counts['error']} error(s), {counts['warning']} warning(s)"
    if counts["info"]:
        summary += f", {counts['info']} note(s)"
    if not diagnostics:
        summary = f"{path}: no problems found"
    lines.append(summary)
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    path = Path(args.file)
    diagnostics, loaded = collect(path)
    readable = loaded.definition is not None
    if getattr(args, "explain", None) and readable:  # engine.analysis: availability explanations
        from engine.analysis.explain import explain_requests
        from engine.io import LoadError

        try:
            if not loaded.ok:  # shape errors: only partly readable
                raise LoadError(path, loaded.diagnostics)
            explained = explain_requests(loaded.definition, args.explain)
        except (ValueError, LoadError) as exc:  # LoadError: shape errors, only partly readable
            print(f"orchestration validate: {exc}", file=sys.stderr)
            return EXIT_UNREADABLE
        if args.json:
            print(json.dumps({"diagnostics": [d.model_dump() for d in diagnostics],
                              "explanations": explained}, indent=2))
        else:
            print(format_text(path, diagnostics))
            for item in explained:
                print()
                print(item["text"])
        return EXIT_ERRORS if has_errors(diagnostics) else EXIT_OK
    if args.json:
        print(json.dumps({"diagnostics": [d.model_dump() for d in diagnostics]}, indent=2))
    elif not readable and len(diagnostics) == 1 and diagnostics[0].line is None:
        print(f"orchestration validate: {path}: {diagnostics[0].message}", file=sys.stderr)
    else:
        print(format_text(path, diagnostics))
    if not readable:
        return EXIT_UNREADABLE
    return EXIT_ERRORS if has_errors(diagnostics) else EXIT_OK
