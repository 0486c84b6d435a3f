"""Path targets: next / fault / default / outcome next / start — combos of stages, decisions and end."""

from __future__ import annotations

from typing import Any

from engine.model import END

from .base import ChoiceEditor
from .binding import Binding


class TargetEditor(ChoiceEditor):
    """``none_text``: the text of the "not set" choice (None), or None when a target is required."""

    def __init__(self, binding: Binding, path: str, description: str = "", *, none_text: str | None = None,
                 allow_end: bool = True) -> None:
        self.none_text = none_text
        self.allow_end = allow_end
        super().__init__(binding, path, description)

    def choices(self) -> list[tuple[Any, str]]:
        defn = self.binding.defn
        own = self.binding.name if self.binding.kind in ("stage", "decision") else None
        items: list[tuple[Any, str]] = []
        if self.none_text is not None:
            text = self.none_text
            if self.path == "next" and self.binding.kind == "stage":
                names = [s.name for s in defn.stages]
                if self.binding.name in names:
                    i = names.index(self.binding.name)
                    text = f"{text}: {names[i + 1] if i + 1 < len(names) else 'End'}"
            items.append((None, text))
        items += [(s.name, f"Stage: {s.name}") for s in defn.stages if s.name != own]
        items += [(d.name, f"Decision: {d.name}") for d in defn.decisions if d.name != own]
        if self.allow_end:
            items.append((END, "End"))
        return items

    def refresh(self) -> None:
        super().refresh()
        value = self.value()
        defn = self.binding.defn
        if value not in (None, END) and defn.stage(value) is None and defn.decision(value) is None:
            self.show_error(f"{value} is neither a stage nor a decision.", self.combo)
        elif value is not None and value == self.binding.name:
            self.show_error("An element cannot lead to itself.", self.combo)
        else:
            self.show_error(None, self.combo)
