"""`orchestration export FILE --to salesforce --out DIR [--force]`: definition → SFDX project."""

from __future__ import annotations

import argparse
import sys

from engine.diagnostics import Diagnostic


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a *.orchestration.yaml definition")
    parser.add_argument("--to", choices=["salesforce"], default="salesforce", help="target format (salesforce)")
    parser.add_argument("--out", metavar="DIR", required=True, help="the SFDX project folder to write")
    parser.add_argument("--force", action="store_true", help="export even when validation finds errors")


def _line(path: str, d: Diagnostic) -> str:
    where = f"{path}:{d.line}" if d.line else path
    element = f" ({d.element})" if d.element else ""
    return f"{where}: {d.severity} {d.code}{element}: {d.message}"


def run(args: argparse.Namespace) -> int:
    from engine.cli import load_or_report
    from engine.io import describe_write_error
    from engine.salesforce import ExportRefused, export_project

    defn = load_or_report(args.file)
    if defn is None:
        return 2
    try:
        result = export_project(defn, args.out, force=args.force)
    except ExportRefused as exc:
        for d in exc.errors:
            print(_line(args.file, d), file=sys.stderr)
        print(f"orchestration export: refused: {len(exc.errors)} validation error(s); fix them or use --force",
              file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"orchestration export: {describe_write_error(exc.filename or args.out, exc)}", file=sys.stderr)
        return 2
    for d in result.diagnostics:
        if d.severity != "info":
            print(_line(args.file, d), file=sys.stderr)
    for path in result.files:
        print(path)
    return 0
