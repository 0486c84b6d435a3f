"""Whole rehearsals in the simulation panel, driven only as a user would: the Step button, and the
Work Guide form whenever the run waits on an assignee; the canvas overlay on the fault path."""

from __future__ import annotations

import json

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from designer.canvas.overlay import STATUS_COLORS
from designer.simulation.keyed_tree import KEY
from designer.simulation.overlay import TAKEN_COLOR
from engine.io import load_scenario
from tests.conftest import EXAMPLES

from test_simulation_helpers import open_example, step_to_end


def expected_run(name: str, capsys) -> dict:
    """What `orchestration simulate FILE --scenario S --json` reports."""
    from engine.cli import main

    capsys.readouterr()
    assert main(["simulate", str(EXAMPLES / f"{name}.orchestration.yaml"),
                 "--scenario", str(EXAMPLES / f"{name}.scenario.yaml"), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_quote_approval_stepped_to_the_end_acting_as_each_assignee(window, capsys):
    ctl = open_example(window, "quote_approval")
    panel, guide = ctl.panel, ctl.panel.work_guide
    scenario = load_scenario(EXAMPLES / "quote_approval.scenario.yaml")
    answers = {"Manager_Approval": {"approved": True, "comments": "Within the quarter's budget"},
               "Finance_Review": {"financeApproved": True}}
    acted = []
    for _ in range(40):
        if guide.items.topLevelItemCount():            # the run waits on an assignee: open the Work Guide
            row = guide.items.topLevelItem(0)
            guide.items.setCurrentItem(row)
            step = row.data(0, KEY)
            assert guide.box.isEnabled() and guide.box.title() == f"Complete {step}"
            guide.user.setEditText(scenario.steps[step].completed_by)
            for name, value in answers[step].items():
                editor = guide.outputs.editors[name]
                editor.setChecked(value) if isinstance(value, bool) else editor.setText(value)
            guide.complete_button.click()
            acted.append(step)
        elif panel.actions["step"].isEnabled():
            panel.actions["step"].trigger()
        else:
            break
    sim = ctl.session.adapter.sim
    expected = expected_run("quote_approval", capsys)
    assert acted == ["Manager_Approval", "Finance_Review"]
    assert sim.statuses.run == expected["run"] == "Completed"
    assert sim.statuses.stages == expected["stages"] and sim.statuses.steps == expected["steps"]
    assert sim.outputs("Manager_Approval")["comments"] == "Within the quarter's budget"
    done = {w.step: w.completed_by for w in sim.work_items()}
    assert done == {"Manager_Approval": "sales.manager@example.com", "Finance_Review": "controller@example.com"}
    assert "Run Completed" in panel.status_line.text() and not guide.items.topLevelItemCount()
    overlay = window.scene.overlay()
    assert all(overlay[s].color == STATUS_COLORS["Completed"] for s, st in expected["steps"].items()
               if st == "Completed")
    assert overlay["Rework"].dimmed and overlay["Revise_Quote"].dimmed        # the branch not taken


def _pixels_near(image: QImage, point: QPointF, radius: int = 4) -> list[QColor]:
    x0, y0 = int(point.x()), int(point.y())
    return [image.pixelColor(x, y) for x in range(x0 - radius, x0 + radius + 1)
            for y in range(y0 - radius, y0 + radius + 1)
            if 0 <= x < image.width() and 0 <= y < image.height()]


def test_incident_response_fault_path_is_red_and_drawn(window, capsys):
    ctl = open_example(window, "incident_response")
    panel = ctl.panel
    step_to_end(panel, 40)
    sim = ctl.session.adapter.sim
    expected = expected_run("incident_response", capsys)
    assert sim.statuses.run == expected["run"]
    assert sim.statuses.stages == expected["stages"] and sim.statuses.steps == expected["steps"]
    overlay = window.scene.overlay()
    red = STATUS_COLORS["Error"]
    assert (overlay["Triage"].status, overlay["Triage"].color) == ("Error", red)
    assert (overlay["Open_Ticket"].status, overlay["Open_Ticket"].color) == ("Error", red)
    assert overlay["Manual_Recovery"].color == STATUS_COLORS["Completed"]
    assert overlay["Mitigate"].dimmed and overlay["Close_Out"].dimmed            # never reached
    assert any("503" in (h.detail or "") for h in sim.history if h.element == "Open_Ticket")

    # the fault edge Triage → Manual_Recovery is among the edges drawn, in the "taken" green
    assert ("Triage", "Manual_Recovery", "fault") in ctl.path_layer.drawn
    assert not any(source == "Triage" and kind == "next" for source, _t, kind in ctl.path_layer.drawn)
    edge = next(e for e in window.scene.layout.edges if (e.source, e.target, e.kind) ==
                ("Triage", "Manual_Recovery", "fault"))
    scene_rect = window.scene.itemsBoundingRect()
    image = QImage(int(scene_rect.width()) + 1, int(scene_rect.height()) + 1, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    window.scene.render(painter, QRectF(image.rect()), scene_rect)
    painter.end()
    (x1, y1), (x2, y2) = edge.points[len(edge.points) // 2 - 1], edge.points[len(edge.points) // 2]
    middle = QPointF((x1 + x2) / 2 - scene_rect.left(), (y1 + y2) / 2 - scene_rect.top())
    green = QColor(TAKEN_COLOR)
    assert ctl.path_layer.isVisible() and ctl.path_layer.scene() is window.scene
    assert any(c.green() > c.red() + 40 and c.green() > c.blue() + 20 and abs(c.hue() - green.hue()) < 25
               for c in _pixels_near(image, middle))
