"""The simulation panel's "Sample values (generated)" scenario: an imported file with no scenario
beside it can be rehearsed at once instead of failing at +0s for want of an assignee."""

from __future__ import annotations

import shutil
from pathlib import Path

from engine.cli import main
from engine.io import load, save
from engine.salesforce import import_flow
from tests.conftest import EXAMPLES

from designer.simulation.panel import DRAFT_SCENARIO, NO_SCENARIO

FIELD_OF_OUTPUT = (Path(__file__).resolve().parents[1] / "engine" / "fixtures" / "salesforce" / "real_shapes"
                   / "record_output" / "Field_Of_Output.flow-meta.xml")


def _open(window, path: Path):
    from designer.simulation import install

    window.document.reset(load(path), path)
    return install(window)


def _choose(panel, text: str) -> None:
    index = panel.scenario_box.findText(text)
    assert index >= 0, text
    panel.scenario_box.setCurrentIndex(index)
    panel._scenario_chosen(index)


def test_imported_file_without_scenario_defaults_to_sample_values_and_completes(window, tmp_path):
    path = tmp_path / "Field_Of_Output.orchestration.yaml"
    save(import_flow(FIELD_OF_OUTPUT).definition, path)
    ctl = _open(window, path)
    panel = ctl.panel
    assert panel.scenario_box.currentText() == DRAFT_SCENARIO
    panel.actions["run_to_end"].trigger()
    sim = ctl.session.adapter.sim
    assert sim.statuses.run == "Completed"
    assert "Run Completed" in panel.status_line.text()
    assert any("assigned to lead@example.com" in h.detail for h in sim.history)
    assert "generated" in sim.scenario.description.lower()

    saved = ctl.save_scenario(str(tmp_path / "Field_Of_Output.rehearsal.scenario.yaml"))
    assert saved and panel.scenario_box.findText(Path(saved).name) > 0
    assert panel.scenario_box.currentText() == DRAFT_SCENARIO  # the run shown still uses sample values
    assert main(["simulate", str(path), "--scenario", saved, "--check"]) == 0  # a regression test now

    _choose(panel, NO_SCENARIO)  # the user can still see what happens without values
    panel.actions["run_to_end"].trigger()
    assert ctl.session.adapter.sim.statuses.run == "Error"
    assert "no assignee" in panel.status_line.text()
    assert panel.scenario_box.currentText() == NO_SCENARIO


def test_example_with_a_scenario_beside_keeps_no_scenario_default_but_offers_sample_values(window, tmp_path):
    for name in ("employee_onboarding.orchestration.yaml", "employee_onboarding.scenario.yaml"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    ctl = _open(window, tmp_path / "employee_onboarding.orchestration.yaml")
    panel = ctl.panel
    assert panel.scenario_box.currentText() == NO_SCENARIO
    assert panel.scenario_box.findText("employee_onboarding.scenario.yaml") > 0
    _choose(panel, DRAFT_SCENARIO)
    assert panel.scenario_box.currentText() == DRAFT_SCENARIO
    panel.actions["run_to_end"].trigger()
    sim = ctl.session.adapter.sim
    assert sim.statuses.run == "Completed"
    assert sim.scenario.variables["recordId"].endswith("AAA")


def test_sample_values_follow_edits_of_the_definition(window, tmp_path):
    from engine.model import Variable

    path = tmp_path / "Field_Of_Output.orchestration.yaml"
    save(import_flow(FIELD_OF_OUTPUT).definition, path)
    ctl = _open(window, path)
    ctl.panel.actions["step"].trigger()
    assert ctl.session.adapter.sim.scenario.variables == {}
    window.document.insert_item("variable", 0, Variable(name="priority", type="Number", input=True))
    sim = ctl.session.adapter.sim  # the run restarted on the edited definition
    assert sim.definition.variable("priority") is not None
    assert sim.scenario.variables == {"priority": 1}
    assert ctl.panel.scenario_box.currentText() == DRAFT_SCENARIO
