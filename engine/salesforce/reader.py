"""Shared machinery of the metadata importer: diagnostics with XML lines, conditions, values."""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import Diagnostic
from ..model import Requirement
from .values import ValueProblem, normalise_logic, parse_operator, read_value
from .xmlparse import Node

UNSUPPORTED = "UNSUPPORTED_METADATA"  # warning: something the model cannot represent
IGNORED = "IGNORED_METADATA"          # info: dropped on purpose (regenerated on export, reserved, legacy)
LEGACY = "LEGACY_METADATA"            # info: an old form, imported as its current equivalent


def article(word: str) -> str:
    """'a' or 'an' for ``word`` (the kinds named in import messages)."""
    return "an" if word[:1] in "aeiou" else "a"


class Reader:
    """Collects diagnostics for one file; every message names the XML line."""

    def __init__(self, path: str | Path | None) -> None:
        self.path = str(path) if path is not None else None
        self.diagnostics: list[Diagnostic] = []

    def report(self, code: str, severity: str, message: str, node: Node | None, element: str | None = None,
               field: str | None = None) -> None:
        line = node.line if node is not None else None
        self.diagnostics.append(
            Diagnostic.make(code, message, element=element, field=field, line=line, severity=severity)  # type: ignore[arg-type]
        )

    def warn(self, message: str, node: Node | None, element: str | None = None, field: str | None = None) -> None:
        self.report(UNSUPPORTED, "warning", message, node, element, field)

    def info(self, message: str, node: Node | None, element: str | None = None, code: str = IGNORED,
             field: str | None = None) -> None:
        self.report(code, "info", message, node, element, field)

    # ----------------------------------------------------------------- values and conditions

    def value(self, node: Node | None, element: str | None, what: str) -> tuple[bool, object]:
        """(ok, value) of a FlowElementReferenceOrValue; not ok (and reported) when unsupported."""
        try:
            return True, read_value(node)
        except ValueProblem as exc:
            self.warn(f"{what}: {exc}; the model cannot hold it, so it was left out", node, element)
            return False, None

    def requirements(self, nodes: list[Node], element: str | None, what: str, logic: str | None = None
                     ) -> list[Requirement]:
        """FlowCondition rows → requirements; rows the model cannot represent are reported and skipped."""
        result: list[Requirement] = []
        skipped = False
        for number, node in enumerate(nodes, start=1):
            left = node.text_of("leftValueReference")
            op_text = node.text_of("operator")
            operator = parse_operator(op_text)
            if not left:
                self.warn(f"{what}: requirement {number} has no resource (leftValueReference); left out", node, element)
                skipped = True
                continue
            if operator is None:
                self.warn(f"{what}: requirement {number} uses the operator {op_text or '(none)'!r}, which the model "
                          "does not support; left out", node, element)
                skipped = True
                continue
            ok, right = self.value(node.first("rightValue"), element, f"{what}: requirement {number}")
            if not ok:
                skipped = True
                continue
            result.append(Requirement(left=left, operator=operator, right=right))  # type: ignore[arg-type]
        if skipped and logic and logic.strip().lower() not in ("and", "or"):
            self.warn(f"{what}: requirements were left out, so the custom logic {logic!r} may refer to missing "
                      "numbers; check it", nodes[0] if nodes else None, element)
        return result

    def parameters(self, nodes: list[Node], element: str | None, what: str) -> dict[str, object]:
        """name/value parameter rows → dict; duplicates reported (the last one wins)."""
        result: dict[str, object] = {}
        for node in nodes:
            name = node.text_of("name") or ""
            ok, value = self.value(node.first("value"), element, f"{what} {name}")
            if not ok:
                continue
            if name in result:
                self.warn(f"{what}: {name!r} is given twice; the last value is kept", node, element)
            result[name] = value
        return result

    def condition(self, node: Node, prefix: str, element: str, *, owner: str, what: str, inputs_what: str,
                  both_note: str = "") -> dict | None:
        """``{prefix}Action*`` (an evaluation flow) or ``{prefix}Conditions`` of a stage or step →
        a condition dict; None when neither is written (the caller's default applies)."""
        action = node.text_of(f"{prefix}ActionName")
        rows = node.all(f"{prefix}Conditions")
        for out in node.all(f"{prefix}ActionOutputParameters"):
            self.info(f"{prefix}ActionOutputParameters {out.text_of('name')!r} is reserved; not kept", out, element)
        if action:
            action_type = node.text_of(f"{prefix}ActionType") or ""
            if action_type.lower() == "flow":
                self.info(f"legacy {prefix}ActionType 'flow' imported as an evaluation flow",
                          node.first(f"{prefix}ActionType"), element, code=LEGACY)
            elif action_type.lower() != "evaluationflow":
                self.warn(f"{prefix}ActionType {action_type or '(none)'!r} is not evaluationFlow; "
                          f"{action!r} is imported as an evaluation flow", node.first(f"{prefix}ActionType") or node,
                          element)
            if rows:
                self.warn(f"the {owner} has both {prefix}ActionName and {prefix}Conditions; the evaluation flow wins"
                          f"{both_note} and the conditions were left out", rows[0], element)
            inputs = self.parameters(node.all(f"{prefix}ActionInputParameters"), element, inputs_what)
            return {"when": "evaluation_flow", "flow": action, "inputs": inputs}
        if rows:
            logic = node.text_of(f"{prefix}ConditionLogic")
            reqs = self.requirements(rows, element, what, logic)
            return {"when": "requirements", "logic": normalise_logic(logic),
                    "requirements": [r.model_dump() for r in reqs]}
        return None
