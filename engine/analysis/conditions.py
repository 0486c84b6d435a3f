"""What a condition guarantees: the requirements it conjunctively demands (SPEC §5).

A requirement the logic *implies* (``engine.logic.implied``) must hold whenever the whole
condition holds, so a demanded ``X.Status EqualTo Completed`` orders X's completion before
the event the condition guards. Requirements under OR or NOT guarantee nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from ..logic import LogicError, implied, parse_logic
from ..model import Ref, Requirement, RequirementsCondition
from ..refs import NameIndex, ResolvedRef, resolve_ref

COMPLETED = "Completed"
# Step statuses a step can only have once it has started.
STARTED_STATUSES = frozenset({"In Progress", "Completed", "Discontinued", "Error"})
# Operators that are false on a missing (null) left value when the right side is a
# non-null literal: a demanded requirement of this kind on an output that is never
# available can never hold.
NULL_FALSE_OPERATORS = frozenset({
    "EqualTo", "GreaterThan", "GreaterThanOrEqualTo", "LessThan", "LessThanOrEqualTo",
    "Contains", "StartsWith", "EndsWith",
})


@dataclass(frozen=True)
class Demand:
    """One requirement a condition conjunctively demands."""

    number: int            # 1-based requirement number
    requirement: Requirement
    ref: ResolvedRef       # its left side, resolved
    field: str             # field path of the requirement

    @property
    def text(self) -> str:
        right = self.requirement.right
        right_text = f"{{{right.ref}}}" if isinstance(right, Ref) else right
        return f"{self.requirement.left} {self.requirement.operator} {right_text}"

    @property
    def literal(self) -> object:
        right = self.requirement.right
        return None if isinstance(right, Ref) else right

    def demands_status(self) -> str | None:
        """The status value demanded of a stage / step (``X.Status EqualTo <literal>``)."""
        if self.ref.kind in ("step_status", "stage_status") and self.requirement.operator == "EqualTo":
            value = self.literal
            return value if isinstance(value, str) else None
        return None

    def fails_on_null(self) -> bool:
        """Whether the requirement is false whenever its left value is missing."""
        op = self.requirement.operator
        right = self.requirement.right
        if isinstance(right, Ref):
            return False
        if op in NULL_FALSE_OPERATORS:
            return right is not None
        if op in ("IsNull", "IsBlank"):
            return right is False
        return False


def demands(cond: object, field: str, names: NameIndex, defn) -> Iterator[Demand]:
    """The requirements ``cond`` conjunctively demands (nothing for other condition kinds)."""
    if not isinstance(cond, RequirementsCondition) or not cond.requirements:
        return
    try:
        expr = parse_logic(cond.logic, len(cond.requirements))
    except LogicError:
        return  # INVALID_LOGIC is reported by validation; guarantee nothing
    for number in sorted(implied(expr)):
        req = cond.requirements[number - 1]
        ref = resolve_ref(defn, req.left, names=names)
        yield Demand(number, req, ref, f"{field}.requirements[{number - 1}]")
