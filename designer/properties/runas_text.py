"""Who a step's action effectively runs as, in words (SPEC §1 "Run-as"); Qt-free.

The runtime (``engine.runtime.runas``) answers *during* a run with concrete users; the panel
needs the rule itself, explained for the orchestration's API version and run context.
"""

from __future__ import annotations

from engine.model import BackgroundStep, InteractiveStep, MuleSoftStep, Orchestration

APU = "the Automated Process User"


def step_is_async(defn: Orchestration, step) -> bool:
    """Whether a step runs asynchronously (interactive and MuleSoft always; background per its flow)."""
    if isinstance(step, BackgroundStep):
        if step.requires_async is not None:
            return step.requires_async
        flow = defn.flow(step.action)
        return flow.is_async if flow is not None else False
    return True


def run_as_text(defn: Orchestration, step) -> str:
    """One or two sentences: who ``step`` runs as, and why."""
    api = defn.api_version
    if isinstance(step, InteractiveStep):
        return "The screen flow runs as the user who completes the work item."
    if api >= 60:
        if getattr(step, "run_as", "automated_process_user") == "last_interactive_user":
            return (f"API {api}: runs as the user who completed the most recently completed interactive "
                    f"step of the run ({APU} when none has completed yet).")
        return f"API {api}: runs as {APU} (system context)."
    ctx = defn.run_context
    head = f"API {api}, {ctx} context"
    if isinstance(step, MuleSoftStep):
        text = f"{head}: runs as the user the orchestration ran as before the step"
        text += f" ({APU})." if ctx == "system" else " (the user who launched the run)."
    elif not step_is_async(defn, step):
        text = (f"{head}, sync: runs in system context, like the orchestration." if ctx == "system" else
                f"{head}, sync: runs as the running user in user context, like the orchestration.")
    elif ctx == "system":
        text = f"{head}, async: {APU} in system context."
    else:
        text = f"{head}, async: the same context the orchestration ran in before the step (user context)."
    if api <= 57:
        text += (" After an interactive step completes, the run resumes as the user who completed "
                 "its work item.")
    if getattr(step, "run_as", "automated_process_user") == "last_interactive_user":
        text += " The run-as choice applies only from API 60: it is ignored here."
    return text
