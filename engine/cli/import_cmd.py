"""`orchestration import FLOW.flow-meta.xml [-o OUT.yaml]`: Salesforce metadata → definition."""

from __future__ import annotations

import argparse
import sys

from engine.diagnostics import Diagnostic


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FLOW.flow-meta.xml", help="an orchestration's flow metadata file")
    parser.add_argument("-o", "--output", metavar="OUT.yaml", help="write the definition here instead of stdout")
    parser.add_argument("--no-library", action="store_true",
                        help="do not read the other *.flow-meta.xml files beside it into the flow library")
    parser.add_argument("-v", "--verbose", action="store_true", help="also print informational notes")


def format_diagnostic(path: str, d: Diagnostic) -> str:
    where = f"{path}:{d.line}" if d.line else path
    return f"{where}: {d.severity}: {d.message} [{d.code}]"


def run(args: argparse.Namespace) -> int:
    from engine.io import describe_write_error, dumps, save
    from engine.salesforce import MetadataError, import_flow

    try:
        result = import_flow(args.file, library=not args.no_library)
    except MetadataError as exc:
        print(f"orchestration import: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - a user must never see a traceback for a file they import
        print(f"orchestration import: {args.file}: could not be imported (internal error {type(exc).__name__}: "
              f"{exc}); please report it with the file", file=sys.stderr)
        return 2
    for d in result.diagnostics:
        if d.severity != "info" or args.verbose:
            print(format_diagnostic(args.file, d), file=sys.stderr)
    if args.output:
        try:
            save(result.definition, args.output)
        except OSError as exc:
            print(f"orchestration import: {describe_write_error(args.output, exc)}", file=sys.stderr)
            return 2
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(dumps(result.definition))
    return 0
