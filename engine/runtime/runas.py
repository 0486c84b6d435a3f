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


# ------------------------------------------------------------------ the rule in words
# The properties panel explains a step's effective run-as with the answers of the rules
# above (``step_run_as``; sync / async as the simulator decides it), asked with placeholder
# users: which placeholder comes back tells which rule applied.

_BEFORE = "\x00the user the orchestration ran as before the step"
_LAST = "\x00the last interactive user"
_COMPLETER = "\x00the completing user"
_APU_WORDS = "the Automated Process User"


def _in_words(user: str) -> str:
    return _APU_WORDS if user == APU else user.replace("\x00", "")


def explain_run_as(defn: Orchestration, step: object) -> str:
    """Who ``step``'s action effectively runs as, and why, in one to three sentences (SPEC §1).

    Derived from the simulator's rules for ``defn.api_version``, ``defn.run_context`` and the
    step's ``run_as``: sync / async as ``index.step_is_async`` decides it, the user as
    ``step_run_as`` answers, the API ≤ 57 resume rule from ``resumes_as_completer``.
    """
    from .index import step_is_async  # here, so that the module's imports above stay as they are

    is_async = step_is_async(step, defn.flow(step.action))

    def who(last: str | None) -> str:
        return step_run_as(defn, step, is_async=is_async, context_user=_BEFORE, last_interactive_user=last,
                           completer=_COMPLETER)

    runs_as = who(_LAST)
    if runs_as == _COMPLETER:
        return "The screen flow runs as the user who completes the work item."
    api, ctx = defn.api_version, defn.run_context
    if runs_as == _LAST:
        return (f"API {api}: runs as the user who completed the most recently completed interactive "
                f"step of the run ({_in_words(who(None))} when none has completed yet).")
    if runs_as == APU:
        return f"API {api}: runs as {_APU_WORDS} (system context)."
    head = f"API {api}, {ctx} context"
    if runs_as == APU_SYSTEM:
        text = f"{head}, async: {_APU_WORDS} in system context."
    elif runs_as != context_label(_BEFORE, ctx):
        text = f"{head}: runs as {_in_words(runs_as)}."  # a rule this explanation does not know yet
    elif isinstance(step, MuleSoftStep):
        text = (f"{head}: runs as the user the orchestration ran as before the step (from the start of "
                f"the run: the user who launched it, in {ctx} context).")
    elif not is_async:
        text = (f"{head}, sync: runs in system context, like the orchestration." if ctx == "system" else
                f"{head}, sync: runs as the running user in user context, like the orchestration.")
    else:
        text = f"{head}, async: the same context the orchestration ran in before the step ({ctx} context)."
    if resumes_as_completer(defn):
        text += (" After an interactive step completes, the run resumes as the user who completed "
                 "its work item.")
    if getattr(step, "run_as", None) == "last_interactive_user":
        text += " The run-as choice applies only from API 60: it is ignored here."
    return text
