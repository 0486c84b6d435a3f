"""The resource picker: grouped, searchable, availability marks from engine.analysis, overrides."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from designer.document import DesignDocument
from designer.resource_picker import AnalysisSource, ListSource, ResourceField, ResourcePickerDialog
from engine.analysis import analyze
from engine.io import load

from test_properties_helpers import type_into

ANALYSIS = Path(__file__).resolve().parent.parent / "engine" / "fixtures" / "analysis"


@pytest.fixture(autouse=True)
def no_dialogs(monkeypatch):
    def unexpected(*args):
        raise AssertionError(f"unexpected confirmation: {args[1:]}")

    monkeypatch.setattr("designer.resource_picker.confirm_never", unexpected)


def _doc(name: str) -> DesignDocument:
    return DesignDocument(load(ANALYSIS / f"{name}.orchestration.yaml"))


def _marks(dialog: ResourcePickerDialog) -> dict[str, str]:
    return {ref: item.data(0, Qt.ItemDataRole.UserRole).status for ref, item in dialog.items.items()}


@pytest.mark.parametrize("fixture, element, point, ref, status", [
    ("later_stage", "Pack_Box", "inputs", "Ship.Status", "never"),             # a later stage
    ("later_stage", "Pack_Box", "inputs", "Ship_It.Outputs.tracking", "never"),
    ("later_stage", "Ship_It", "inputs", "Pack_Box.Outputs.box", "guaranteed"),
    ("concurrent", "Notify", "inputs", "Review.Outputs.approved", "maybe"),     # concurrent sibling
    ("concurrent", "Archive", "inputs", "Review.Outputs.approved", "guaranteed"),  # after step
    ("concurrent", "Audit", "inputs", "Review.Outputs.approved", "guaranteed"),    # after-step chain
    ("concurrent", "Review", "start", "Review.Outputs.approved", "never"),     # its own outputs
])
def test_marks_agree_with_the_analysis(qtbot, fixture, element, point, ref, status):
    doc = _doc(fixture)
    dialog = ResourcePickerDialog(AnalysisSource(doc, element, point))
    qtbot.addWidget(dialog)
    marks = _marks(dialog)
    assert marks[ref] == status
    expected = {c.ref: c.status for c in analyze(doc.definition).availability(element, point)}
    assert marks == expected
    reason = next(c.reason for c in analyze(doc.definition).availability(element, point) if c.ref == ref)
    assert reason in dialog.items[ref].toolTip(0)


def test_candidates_are_grouped(qtbot):
    dialog = ResourcePickerDialog(AnalysisSource(_doc("concurrent"), "Notify", "inputs"))
    qtbot.addWidget(dialog)
    groups = [dialog.tree.topLevelItem(i).text(0).split(" (")[0] for i in range(dialog.tree.topLevelItemCount())]
    assert groups == ["Variables", "Globals", "Stage statuses", "Step statuses", "Step outputs"]


def test_search_filters_and_enter_picks_the_first_match(qtbot):
    dialog = ResourcePickerDialog(AnalysisSource(_doc("concurrent"), "Audit", "inputs"))
    qtbot.addWidget(dialog)
    chosen = []
    dialog.chosen.connect(chosen.append)
    qtbot.keyClicks(dialog.search, "review outputs")
    assert dialog.visible_refs() == ["Review.Outputs.approved"]
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert chosen == ["Review.Outputs.approved"]


def test_never_entry_needs_an_explicit_override(qtbot, monkeypatch):
    answers = [False, True]
    asked = []

    def confirm(_parent, ref, reason):
        asked.append((ref, reason))
        return answers.pop(0)

    monkeypatch.setattr("designer.resource_picker.confirm_never", confirm)
    dialog = ResourcePickerDialog(AnalysisSource(_doc("later_stage"), "Pack_Box", "inputs"))
    qtbot.addWidget(dialog)
    chosen = []
    dialog.chosen.connect(chosen.append)
    item = dialog.items["Ship.Status"]
    assert item.foreground(0).color().name() == "#8a94a6"     # greyed
    dialog.tree.setCurrentItem(item)
    dialog.choose_current()
    assert chosen == [] and "never available" in dialog.error.text()
    assert asked[0][0] == "Ship.Status" and "starts after this stage" in asked[0][1]
    dialog.choose_current()
    assert chosen == ["Ship.Status"]


def test_typed_reference_is_completed_and_validated(qtbot):
    doc = _doc("concurrent")
    field = ResourceField(AnalysisSource(doc, "Archive", "inputs"))
    qtbot.addWidget(field)
    committed = []
    field.committed.connect(committed.append)
    completions = field.edit.completer().model().stringList()
    assert "Review.Outputs.approved" in completions and "recordId" in completions
    type_into(qtbot, field.edit, "Reviw.Outputs.approved")
    assert "names nothing" in field.error.text() and committed == []
    type_into(qtbot, field.edit, "Review.Outputs.nope")
    assert "Review_Screen has no output nope" in field.error.text()
    type_into(qtbot, field.edit, "Review.Outputs.approved")
    assert committed == ["Review.Outputs.approved"] and field.error.text() == ""
    assert "always completes" in field.edit.toolTip()


def test_picker_button_opens_the_dialog_and_the_choice_is_committed(qtbot):
    field = ResourceField(AnalysisSource(_doc("concurrent"), "Archive", "inputs"))
    qtbot.addWidget(field)
    committed = []
    field.committed.connect(committed.append)
    field.button.click()
    dialog = field.picker
    assert dialog is not None
    dialog.tree.setCurrentItem(dialog.items["Review.Status"])
    dialog.choose_current()
    assert committed == ["Review.Status"] and field.edit.text() == "Review.Status"


def test_list_source_for_flow_inputs(qtbot):
    field = ResourceField(ListSource(lambda: ["approved", "amount"]))
    qtbot.addWidget(field)
    type_into(qtbot, field.edit, "other")
    assert "is not one of: approved, amount" in field.error.text()
