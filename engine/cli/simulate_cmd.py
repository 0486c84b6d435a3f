"""`orchestration simulate FILE [--scenario S | --draft-scenario] [--save-draft OUT] [--json] [--check]` (SPEC §7).

``--draft-scenario`` runs with generated sample values (engine.runtime.draft) instead of a
scenario file; ``--save-draft OUT`` also writes them to OUT for the user to edit.

Exit codes: 0 ok; 1 an expectation failed (with --check) or the run is stuck; 2 a file
cannot be read.
"""

from __future__ import annotations

import argparse
import sys

from engine.runtime.timeline import format_time, format_timeline


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="the *.orchestration.yaml definition")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--scenario", metavar="S", help="a *.scenario.yaml with inputs and scripted behaviour")
    source.add_argument("--draft-scenario", action="store_true",
                        help="run with generated sample values for inputs, $Record fields and placeholder outputs")
    parser.add_argument("--save-draft", metavar="OUT",
                        help="write the generated sample-values scenario to OUT (implies --draft-scenario)")
    parser.add_argument("--json", action="store_true", help="print the result as one JSON object")
    parser.add_argument("--check", action="store_true", help="compare the result with the scenario's expect block")
    parser.add_argument("--max-events", type=_positive, default=100_000, metavar="N",
                        help="stop after this many events (default 100000)")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a positive number of events")
    return value


def _load(args: argparse.Namespace):  # -> (defn, scenario) or None after printing why
    from engine.cli import load_or_report

    defn = load_or_report(args.file)
    if defn is None:
        return None
    scenario = load_or_report(args.scenario, scenario=True) if args.scenario else None
    if args.scenario and scenario is None:
        return None
    if getattr(args, "draft_scenario", False) or getattr(args, "save_draft", None):
        from engine.runtime.draft import draft_scenario

        if args.scenario:
            print("--save-draft cannot be combined with --scenario", file=sys.stderr)
            return None
        scenario = draft_scenario(defn)
        if args.save_draft:
            from engine.io import describe_write_error, save_scenario

            try:
                save_scenario(scenario, args.save_draft)
            except OSError as exc:
                print(describe_write_error(args.save_draft, exc), file=sys.stderr)
                return None
            print(f"wrote {args.save_draft}", file=sys.stderr)
    return defn, scenario


def _human(result, defn, scenario) -> str:
    lines = [f"Simulating {defn.name}" + (f" with scenario {scenario.scenario}" if scenario else "")]
    lines.append("")
    lines.extend(format_timeline(result.history))
    lines.append("")
    lines.append(f"Run: {result.run} at {format_time(result.time)}")
    for name, status in result.stages.items():
        lines.append(f"  stage {name}: {status or 'not reached'}")
    for name, status in result.steps.items():
        run_as = result.run_as.get(name)
        lines.append(f"    step {name}: {status}" + (f"  (ran as {run_as})" if run_as else ""))
    if result.evaluation_runs:
        runs = ", ".join(f"{k} ×{v}" for k, v in result.evaluation_runs.items())
        lines.append(f"Evaluation flow runs: {runs}")
    if result.stuck:
        lines.append(f"STUCK: {result.stuck}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from engine.runtime import simulate

    loaded = _load(args)
    if loaded is None:
        return 2
    defn, scenario = loaded
    if scenario is not None and args.scenario:
        from engine.runtime.scenario_check import check_scenario

        for warning in check_scenario(defn, scenario, scenario._lines):  # lines as engine.io read them
            where = f"{args.scenario}:{warning.line}" if warning.line else args.scenario
            print(f"{where}: warning {warning.code} {warning.message}", file=sys.stderr)
    try:
        result = simulate(defn, scenario, max_events=args.max_events)
    except ValueError as exc:  # a scenario script that does not fit the run
        entry = getattr(exc, "script_entry", None)
        where = args.scenario if entry and args.scenario else args.file
        line = scenario.line_of(f"script[{entry - 1}]") if entry and args.scenario else None
        print(f"{where}:{line}: {exc}" if line else f"{where}: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(result.to_json())
    else:
        print(_human(result, defn, scenario))
    problems = result.check(scenario.expect if (args.check and scenario) else None)
    if args.check and not problems:
        print("check: all expectations met", file=sys.stderr if args.json else sys.stdout)
    for problem in problems:
        print(f"check: {problem}" if args.check else f"stuck: {result.stuck}", file=sys.stderr)
        if not args.check:
            break
    return 1 if problems else 0
