"""The `orchestration` command line (SPEC §7). Qt-free.

Each command lives in its own module with ``add_arguments(parser)`` and ``run(args) -> int``.
Exit codes: 0 ok, 1 findings (errors / failed expectations), 2 unreadable input or bad usage.
"""

from __future__ import annotations

import argparse
import sys
from importlib import import_module

# command name -> (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("engine.cli.validate_cmd", "check a definition and print its diagnostics"),
    "simulate": ("engine.cli.simulate_cmd", "run a definition (optionally with a scenario) to the end"),
    "export": ("engine.cli.export_cmd", "export a definition as a Salesforce SFDX project"),
    "import": ("engine.cli.import_cmd", "import Salesforce orchestration metadata as a definition"),
    "render": ("engine.cli.render_cmd", "draw a definition's canvas to SVG or PNG"),
    "schema": ("engine.cli.schema_cmd", "print the JSON Schema of the definition file"),
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one clear line, exit 2, no usage dump
        self.exit(2, f"{self.prog}: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="orchestration", description="Check, simulate, import and export Salesforce Flow Orchestrations.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, (module, help_text) in COMMANDS.items():
        try:
            command = import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            continue  # a command not built yet (or left out of this build): not offered
        cmd = sub.add_parser(name, help=help_text, description=help_text)
        command.add_arguments(cmd)
    return parser


def load_or_report(path: str, *, scenario: bool = False):
    """The definition (or, with ``scenario``, the scenario) at ``path``; None after printing
    why it cannot be read (the caller exits 2)."""
    from engine.io import LoadError, load, load_scenario

    try:
        return load_scenario(path) if scenario else load(path)
    except LoadError as exc:
        print(str(exc), file=sys.stderr)
        return None


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    try:
        return int(import_module(COMMANDS[args.command][0]).run(args))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
