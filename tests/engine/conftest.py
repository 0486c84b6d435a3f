"""Helpers shared by the engine tests."""

from __future__ import annotations

import json

import pytest

from engine.cli import main

# SPEC §7: the top-level keys of `orchestration simulate --json`, in order.
SIMULATE_JSON_KEYS = ["run", "stages", "steps", "work_items", "outputs", "history"]


@pytest.fixture
def simulate_json(capsys):
    """``simulate_json(*args)`` runs ``orchestration simulate *args --json`` twice, checks it exits 0
    with byte-identical output of the SPEC §7 shape, and returns the parsed JSON."""
    def run(*args: object) -> dict:
        argv = ["simulate", *map(str, args), "--json"]
        assert main(argv) == 0
        first = capsys.readouterr().out
        assert main(argv) == 0
        assert capsys.readouterr().out == first
        data = json.loads(first)
        assert list(data) == SIMULATE_JSON_KEYS
        return data
    return run
