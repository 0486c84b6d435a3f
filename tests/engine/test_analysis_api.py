"""The availability API the designer's resource picker and the CLI use."""

from __future__ import annotations

import json

import networkx as nx
import pytest

import engine
from engine.analysis import analyze
from engine.cli import main
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "engine" / "fixtures" / "analysis"


def load(name: str):
    return engine.load(FIXTURES / f"{name}.orchestration.yaml")


def by_ref(candidates):
    return {c.ref: c for c in candidates}


def test_picker_lists_every_group_with_a_status_and_reason():
    an = analyze(load("concurrent"))
    found = by_ref(an.availability("Notify", "inputs"))
    assert found["recordId"].group == "variables" and found["recordId"].status == "guaranteed"
    assert found["$User.Username"].group == "globals"
    assert found["Approve.Status"] == ("Approve.Status", "stage_status", "guaranteed", "stage Approve is in progress")
    assert found["Review.Status"].group == "step_status" and found["Review.Status"].status == "guaranteed"
    review = found["Review.Outputs.approved"]
    assert (review.group, review.status) == ("step_output", "maybe")
    assert review.reason == "Review runs concurrently with this step"
    assert "$Record.Id" not in found  # not record-triggered


def test_ordering_by_a_chain_of_step_completed_is_guaranteed():
    an = analyze(load("concurrent"))
    assert an.status_of("Review.Outputs.approved", "Archive", "inputs").status == "guaranteed"
    assert an.status_of("Review.Outputs.approved", "Audit", "inputs").status == "guaranteed"


def test_own_outputs_in_own_start_condition_are_never_available():
    an = analyze(load("implied"))
    verdict = an.status_of("Both.Outputs.ok", "Both", "start")
    assert verdict.status == "never"
    assert "own outputs" in verdict.reason


def test_requirement_logic_decides_what_is_guaranteed():
    an = analyze(load("implied"))
    assert an.status_of("Check_A.Outputs.ok", "Both", "inputs").status == "guaranteed"
    assert an.status_of("Check_B.Outputs.ok", "Both", "inputs").status == "maybe"
    assert an.status_of("Check_A.Outputs.ok", "Either", "inputs").status == "maybe"
    # a demanded Status requirement guards the output read in the same condition
    assert an.status_of("Check_A.Outputs.ok", "Guarded", "start").status == "guaranteed"


def test_record_triggered_lists_record_fields():
    found = by_ref(analyze(load("implied")).availability("Both", "inputs"))
    assert found["$Record.Id"].status == "guaranteed"
    assert found["$Record.Industry"].group == "globals"


def test_later_stage_is_never_and_a_loop_makes_it_maybe():
    later = analyze(load("later_stage")).status_of("Ship.Status", "Pack_Box", "inputs")
    assert (later.status, later.reason) == ("never", "stage Ship starts after this stage")
    loop = analyze(load("loop")).status_of("Review.Status", "Write", "inputs")
    assert loop.status == "maybe" and "loop" in loop.reason


def test_early_completing_stage_guarantees_only_what_it_demands():
    an = analyze(load("early_complete"))
    assert an.status_of("Manager_Review.Outputs.approved", "Setup", "inputs").status == "guaranteed"
    legal = an.status_of("Legal_Review.Outputs.approved", "Setup", "inputs")
    assert legal.status == "maybe" and "can complete before Legal_Review" in legal.reason


def test_branches_and_decisions():
    an = analyze(load("branches"))
    assert an.status_of("Classify.Outputs.result", "Report", "inputs").status == "guaranteed"
    assert an.status_of("Classify.Outputs.result", "Route", "decision").status == "guaranteed"
    assert an.status_of("Fast_Work.Outputs.result", "Route", "decision").status == "never"
    assert an.status_of("Slow.Status", "Report", "inputs").status == "maybe"


def test_stage_completion_point():
    an = analyze(load("early_complete"))
    verdict = an.status_of("Setup.Outputs.done", "Provision", "stage_complete")
    assert verdict.status == "maybe" and verdict.reason == "stage Provision can complete before Setup completes"


def test_list_and_single_query_agree():
    for name in ("concurrent", "loop", "branches", "early_complete", "implied", "cycle"):
        an = analyze(load(name))
        for stage in an.defn.stages:
            for step in stage.steps:
                for cand in an.availability(step.name, "inputs"):
                    assert an.status_of(cand.ref, step.name, "inputs") == cand, (name, cand)


def test_wrong_element_or_point_is_a_clear_error():
    an = analyze(load("concurrent"))
    with pytest.raises(ValueError, match="not a step"):
        an.availability("Nope", "inputs")
    with pytest.raises(ValueError, match="not an interactive step"):
        an.availability("Notify", "complete")
    with pytest.raises(ValueError, match="unknown reference point"):
        an.availability("Notify", "somewhere")


def test_explain_gives_the_happens_before_chain():
    an = analyze(load("concurrent"))
    text = an.explain("Review.Outputs.approved", "Audit")
    assert text.splitlines()[0] == "Review.Outputs.approved at Audit (inputs): guaranteed"
    assert "Review completes → Archive starts" in text
    assert "Archive completes → Audit starts" in text
    maybe = an.explain("Review.Outputs.approved", "Notify")
    assert "maybe" in maybe and "concurrently" in maybe


def test_event_graph_is_a_networkx_digraph_of_run_time_events():
    graph = analyze(load("concurrent")).graph
    assert isinstance(graph, nx.DiGraph)
    assert graph.has_edge(("done", "Review"), ("start", "Archive"))
    assert nx.is_directed_acyclic_graph(graph)
    cyclic = analyze(load("cycle")).graph
    assert not nx.is_directed_acyclic_graph(cyclic)


def test_cli_explain(capsys):
    path = FIXTURES / "concurrent.orchestration.yaml"
    code = main(["validate", str(path), "--explain", "Review.Outputs.approved@Audit"])
    out = capsys.readouterr().out
    assert code == 0
    assert "Review.Outputs.approved at Audit (inputs): guaranteed" in out
    code = main(["validate", str(path), "--json", "--explain", "Review.Outputs.approved@Notify:inputs"])
    data = json.loads(capsys.readouterr().out)
    assert data["explanations"][0]["status"] == "maybe"
    assert [d["code"] for d in data["diagnostics"]] == ["OUTPUT_MAYBE_UNAVAILABLE"]


def test_cli_explain_bad_request_is_one_line(capsys):
    path = FIXTURES / "concurrent.orchestration.yaml"
    assert main(["validate", str(path), "--explain", "Review.Status@Nope"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Nope" in err
    assert main(["validate", str(path), "--explain", "no-at-sign"]) == 2
    assert "REF@ELEMENT" in capsys.readouterr().err


def test_cli_validate_reports_analysis_findings(capsys):
    code = main(["validate", str(FIXTURES / "cycle.orchestration.yaml")])
    out = capsys.readouterr().out
    assert code == 1
    assert "DEPENDENCY_CYCLE" in out and "Ping → Pong → Ping" in out


def test_decision_outcome_guards_its_own_reads():
    an = analyze(load("decision_guard"))
    assert an.status_of("Manager.Outputs.approved", "Route", "decision", outcome=0).status == "guaranteed"
    assert an.status_of("Manager.Outputs.approved", "Route", "decision").status == "maybe"
    assert an.status_of("Legal.Outputs.approved", "Route", "decision", outcome=1).status == "maybe"
    with pytest.raises(ValueError, match="no outcome number 3"):
        an.status_of("Legal.Outputs.approved", "Route", "decision", outcome=2)
    assert "outcome 1): guaranteed" in an.explain("Manager.Outputs.approved", "Route")
