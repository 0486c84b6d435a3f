"""The keyboard shortcut list shown by Help → Keyboard Shortcuts."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

EXTRA = [
    ("Arrow keys", "Select the neighbouring card, stage or decision"),
    ("Mouse wheel", "Zoom around the pointer (Shift+wheel: scroll sideways)"),
    ("Middle-button drag", "Pan the canvas"),
    ("Drag on empty canvas", "Rubber-band selection"),
    ("Double click", "Rename in place"),
    ("Esc", "Cancel a drag"),
]


def shortcut_rows(window) -> list[tuple[str, str]]:
    """(keys, what) for every window action with a shortcut, then the mouse/keyboard gestures."""
    rows = []
    for action in window.actions.values():
        keys = [s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts() if not s.isEmpty()]
        if keys:
            rows.append((", ".join(keys), action.text().replace("&", "")))
    return rows + EXTRA
