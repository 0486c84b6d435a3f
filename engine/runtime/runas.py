"""Who each piece of a run runs as (SPEC §1 "Run-as"), as readable strings.

Strings used in history entries and ``Simulation.run_as(step)``:

* ``"Automated Process User"`` — API 60+: the orchestration and its background / MuleSoft
  actions (unless the step runs as the last interactive user).
* ``"Automated Process User (system context)"`` — API ≤ 59 asynchronous background step of
  an orchestration in system context; API 60+ orchestration-level entries; evaluation flows.
* ``"<user> (user context)"`` / ``"<user> (system context)"`` — API ≤ 59: the launching user in
  the orchestration's run context (for API ≤ 57, after an interactive step, the user who
  completed its work item), e.g. a synchronous background step or a MuleSoft step.
* ``"<username>"`` — an interactive step's screen flow (the completing user) and a
  ``last_interactive_user`` action; also work-item owners.
"""

from __future__ import annotations

from ..model import InteractiveStep, MuleSoftStep, Orchestration

APU = "Automated Process User"
APU_SYSTEM = "Automated Process User (system context)"
EVALUATION_RUN_AS = APU_SYSTEM


def initial_context_user(defn: Orchestration, launching_user: str) -> str:
    """Who an API ≤ 59 orchestration starts as: the launching (or triggering) user, in the
    orchestration's run context — Salesforce: "record-triggered launches as the triggering user
    in system context; autolaunched as the launching user". API 60+ always runs as the APU."""
    if defn.api_version >= 60:
        return APU
    return launching_user


def context_label(user: str, run_context: str) -> str:
    return f"{user} ({run_context} context)"


def orchestration_run_as(defn: Orchestration, context_user: str) -> str:
    """Who the orchestration itself runs as right now."""
    if defn.api_version >= 60:
        return APU_SYSTEM
    return context_label(context_user, defn.run_context)


def step_run_as(
    defn: Orchestration,
    step: object,
    *,
    is_async: bool,
    context_user: str,
    last_interactive_user: str | None,
    completer: str | None = None,
) -> str:
    """Who ``step`` runs as when it starts (SPEC §1).

    ``completer`` is the user expected to complete an interactive step's work item.
    ``last_interactive_user`` with no interactive step completed yet falls back to the
    Automated Process User.
    """
    if isinstance(step, InteractiveStep):
        return completer or "(unassigned)"
    if defn.api_version >= 60:
        if getattr(step, "run_as", "automated_process_user") == "last_interactive_user" and last_interactive_user:
            return last_interactive_user
        return APU
    orchestration = context_label(context_user, defn.run_context)
    if isinstance(step, MuleSoftStep):
        return orchestration                      # the user the orchestration ran as before the step
    if not is_async:
        return orchestration                      # sync: same context as the orchestration
    return APU_SYSTEM if defn.run_context == "system" else orchestration


def work_item_owner(assignee_type: str, assignee: str | None) -> str:
    """Work items are owned by their assigned user; by the APU for a group or a queue."""
    return assignee if assignee_type == "user" and assignee else APU


def resumes_as_completer(defn: Orchestration) -> bool:
    """API ≤ 57: after an interactive step completes the run resumes as the completing user."""
    return defn.api_version <= 57
