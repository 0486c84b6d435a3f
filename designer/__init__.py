"""Orchestration Designer: the PySide6 application over the Qt-free ``engine``.

Layers (see docs/designer.md): ``document`` (the definition + undo stack + signals) →
``commands`` (QUndoCommands calling document methods) → ``canvas`` / panels (observe the
document's signals, never mutate the model directly) → ``main_window`` (wiring).
"""
