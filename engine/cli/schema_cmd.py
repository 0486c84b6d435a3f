"""`orchestration schema`: the JSON Schema of the definition file."""

from __future__ import annotations

import argparse
import json

from engine.model import Orchestration


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scenario", action="store_true", help="the scenario file's schema instead")


def run(args: argparse.Namespace) -> int:
    if args.scenario:
        from engine.scenario_model import Scenario

        schema = Scenario.model_json_schema()
    else:
        schema = Orchestration.model_json_schema()
    print(json.dumps(schema, indent=2, sort_keys=True))
    return 0
