"""`orchestration simulate FILE --draft-scenario / --save-draft OUT`: rehearse a file that has no scenario."""

from __future__ import annotations

import json

import pytest

from engine.cli import main
from engine.io import load_scenario, save
from engine.model import Orchestration


@pytest.fixture
def owner_review(tmp_path):
    """A record-triggered definition whose only step is assigned to $Record.Owner.Username."""
    defn = Orchestration.model_validate({
        "name": "Owner_Review", "type": "record_triggered", "trigger": {"object": "Account", "on": "create"},
        "stages": [{"name": "Review_Stage", "steps": [{
            "name": "Review", "type": "interactive", "action": "Review_Screen",
            "assignee": {"type": "user", "ref": "$Record.Owner.Username"}, "record": {"ref": "$Record.Id"},
        }]}],
        "flows": [{"name": "Review_Screen", "type": "screen"}],
    })
    path = tmp_path / "owner_review.orchestration.yaml"
    save(defn, path)
    return path


def test_without_a_scenario_the_run_fails_at_once(owner_review, capsys):
    main(["simulate", str(owner_review)])
    assert "the work item has no assignee" in capsys.readouterr().out


def test_draft_scenario_runs_to_completed_with_sample_values(owner_review, capsys):
    assert main(["simulate", str(owner_review), "--draft-scenario"]) == 0
    out = capsys.readouterr().out
    assert "Run: Completed" in out
    assert "owner@example.com" in out
    assert "Sample_values" in out.splitlines()[0]


def test_draft_scenario_json_is_one_object_and_deterministic(owner_review, capsys):
    args = ["simulate", str(owner_review), "--draft-scenario", "--json"]
    main(args)
    first = capsys.readouterr().out
    main(args)
    assert capsys.readouterr().out == first
    assert json.loads(first)["run"] == "Completed"


def test_save_draft_writes_an_editable_scenario_that_runs_the_same(owner_review, tmp_path, capsys):
    out = tmp_path / "draft.scenario.yaml"
    assert main(["simulate", str(owner_review), "--save-draft", str(out), "--json"]) == 0
    captured = capsys.readouterr()
    assert f"wrote {out}" in captured.err
    assert json.loads(captured.out)["run"] == "Completed"  # stdout stays pure JSON
    scenario = load_scenario(out)
    assert "generated" in scenario.description.lower()
    assert scenario.record["Owner.Username"] == "owner@example.com"
    text = out.read_text().replace("owner@example.com", "someone.else@example.com")  # the user edits it
    out.write_text(text)
    assert main(["simulate", str(owner_review), "--scenario", str(out)]) == 0
    assert "someone.else@example.com" in capsys.readouterr().out


def test_save_draft_to_a_missing_folder_says_so(owner_review, tmp_path, capsys):
    target = tmp_path / "nowhere" / "draft.scenario.yaml"
    assert main(["simulate", str(owner_review), "--save-draft", str(target)]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert not target.exists()


def test_draft_and_scenario_cannot_be_combined(owner_review, tmp_path, capsys):
    scenario = tmp_path / "s.scenario.yaml"
    scenario.write_text("scenario: S\n")
    with pytest.raises(SystemExit) as exc:
        main(["simulate", str(owner_review), "--scenario", str(scenario), "--draft-scenario"])
    assert exc.value.code == 2
    assert main(["simulate", str(owner_review), "--scenario", str(scenario), "--save-draft",
                 str(tmp_path / "d.scenario.yaml")]) == 2
    assert "cannot be combined" in capsys.readouterr().err
