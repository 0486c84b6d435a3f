"""Diagnostics: what validation, loading and analysis report (SPEC §5). Never raised."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Severity = Literal["error", "warning", "info"]

# Default severity per stable code (SPEC §5). A check may still choose another severity
# where the SPEC says so (e.g. OUTPUT_MAYBE_UNAVAILABLE is a warning).
SEVERITY: dict[str, Severity] = {
    "PARSE_ERROR": "error",
    "SCHEMA_ERROR": "error",
    "INVALID_NAME": "error",
    "DUPLICATE_NAME": "error",
    "NO_STAGES": "error",
    "EMPTY_STAGE": "error",
    "UNKNOWN_REFERENCE": "error",
    "UNKNOWN_STEP": "error",
    "STEP_IN_OTHER_STAGE": "error",
    "OUTPUT_NEVER_AVAILABLE": "error",
    "OUTPUT_MAYBE_UNAVAILABLE": "warning",
    "DEPENDENCY_CYCLE": "error",
    "STEP_NEVER_STARTS": "error",
    "STAGE_NEVER_COMPLETES": "error",
    "UNREACHABLE": "error",  # SPEC §5 marks only the warnings; unmarked codes are errors
    "TOO_MANY_REQUIREMENTS": "error",
    "INVALID_LOGIC": "error",
    "UNKNOWN_FLOW": "warning",
    "WRONG_FLOW_TYPE": "error",
    "UNKNOWN_FLOW_INPUT": "error",
    "UNKNOWN_FLOW_OUTPUT": "error",
    "MISSING_ASSIGNEE": "error",
    "MISSING_RECORD": "error",
    "ASSIGNEE_IS_ID": "error",
    "ASSIGNEE_CURRENT_USER": "warning",
    "RECORD_NOT_AVAILABLE": "error",
    "INPUT_TOO_LONG": "error",
    "INVALID_TARGET": "error",
    "RUN_AS_NOT_APPLICABLE": "warning",
    "EVALUATION_OUTPUT_DISCARDED": "warning",
    "TYPE_MISMATCH": "warning",
}


class Diagnostic(BaseModel):
    """One finding about a definition or scenario, located by element, field path and line."""

    severity: Severity = Field(description="error, warning or info.")
    code: str = Field(description="Stable code, e.g. UNKNOWN_REFERENCE.")
    element: str | None = Field(None, description="API name of the element concerned (stage, step, decision, flow, variable).")
    field: str | None = Field(None, description="Field path inside the file, e.g. stages[0].steps[1].start.step.")
    message: str = Field(description="What is wrong, in words a user understands.")
    line: int | None = Field(None, description="1-based line in the YAML file, where known.")

    @classmethod
    def make(cls, code: str, message: str, *, element: str | None = None, field: str | None = None,
             line: int | None = None, severity: Severity | None = None) -> "Diagnostic":
        return cls(severity=severity or SEVERITY.get(code, "error"), code=code, element=element,
                   field=field, message=message, line=line)


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    return any(d.severity == "error" for d in diagnostics)
