"""Edit actions of a window: clipboard, delete, duplicate, rename in place, find, insert, move."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QCompleter, QLineEdit, QMenu

from . import editing
from .canvas.items import StageItem

if TYPE_CHECKING:
    from .main_window import MainWindow


class EditController:
    """What the Edit and Insert menus, the context menu and the shortcuts do."""

    def __init__(self, window: "MainWindow") -> None:
        self.window = window
        self.doc = window.document
        self._rename_editor: QLineEdit | None = None

    def status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 5000)

    # ------------------------------------------------------------------ clipboard

    def copy(self) -> bool:
        text = editing.copy_text(self.doc, self.doc.selection)
        if text is None:
            return False
        # Plain text (YAML): other windows, other instances and text editors all read it.
        # (A QMimeData handed to the clipboard from Python crashes the interpreter at exit.)
        QGuiApplication.clipboard().setText(text)
        return True

    def cut(self) -> None:
        if self.copy():
            editing.delete(self.doc, self.doc.selection)

    def paste(self) -> list[str]:
        text = QGuiApplication.clipboard().text()
        if not text.strip():
            return []
        try:
            names = editing.paste_text(self.doc, text)
        except ValueError as exc:
            self.status(str(exc))
            return []
        if names:
            self.window.view.reveal(names[-1])
        return names

    def duplicate(self) -> list[str]:
        return editing.duplicate(self.doc, self.doc.selection)

    def delete(self) -> int:
        return editing.delete(self.doc, self.doc.selection)

    def select_all(self) -> None:
        scene = self.window.scene
        self.doc.set_selection([*scene.stage_items, *scene.decision_items, *scene.step_items])

    # ------------------------------------------------------------------ insert and move

    def insert(self, kind: str) -> str | None:
        if kind == "stage":
            name = editing.add_stage(self.doc)
        elif kind == "decision":
            name = editing.add_decision(self.doc)
        else:
            name = editing.add_step(self.doc, kind)
        self.window.view.reveal(name)
        return name

    def nudge(self, direction: str) -> None:
        current = self.doc.current()
        if current and editing.nudge(self.doc, current, direction):
            self.window.view.reveal(current)

    # ------------------------------------------------------------------ rename in place (F2)

    def rename_in_place(self, name: str | None = None) -> QLineEdit | None:
        name = name or self.doc.current()
        view = self.window.view
        item = self.window.scene.item_for(name) if name else None
        if item is None:
            return None
        self.finish_rename(commit=False)
        rect = item.sceneBoundingRect()
        top_left = view.mapFromScene(QPointF(rect.left() + 10, rect.top() + 12))
        editor = _RenameEdit(view.viewport(), lambda: self.finish_rename(commit=False))
        editor.setText(name)
        editor.selectAll()
        editor.setObjectName("RenameEditor")
        width = max(180, int(min(rect.width() - 20, 400) * max(view.zoom(), 0.6)))
        editor.setGeometry(top_left.x(), top_left.y(), width, editor.sizeHint().height())
        editor.returnPressed.connect(lambda: self.finish_rename(commit=True))
        editor.editingFinished.connect(lambda: self.finish_rename(commit=False))
        editor.setProperty("element", name)
        editor.show()
        editor.setFocus()
        self._rename_editor = editor
        return editor

    def finish_rename(self, commit: bool) -> None:
        editor, self._rename_editor = self._rename_editor, None
        if editor is None:
            return
        old = editor.property("element")
        new = editor.text()
        editor.hide()
        editor.deleteLater()
        self.window.view.setFocus()
        if commit and old:
            message = editing.rename(self.doc, old, new)
            if message:
                self.status(message)

    # ------------------------------------------------------------------ find (Ctrl+F)

    def make_find_field(self) -> QLineEdit:
        field = QLineEdit()
        field.setObjectName("FindField")
        field.setPlaceholderText("Find element…  (Ctrl+F)")
        field.setClearButtonEnabled(True)
        field.setMaximumWidth(260)
        completer = QCompleter([], field)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        field.setCompleter(completer)
        self.doc.changed.connect(lambda: completer.model().setStringList(self._names()))  # type: ignore[attr-defined]
        completer.model().setStringList(self._names())  # type: ignore[attr-defined]
        field.returnPressed.connect(lambda: self.find(field.text()))
        completer.activated.connect(self.find)
        return field

    def _names(self) -> list[str]:
        defn = self.doc.definition
        return [*(s.name for s in defn.stages), *(st.name for _, st in defn.iter_steps()), *(d.name for d in defn.decisions)]

    def find(self, text: str) -> str | None:
        """Select and reveal the first element whose name or label contains ``text``."""
        needle = text.strip().lower()
        if not needle:
            return None
        defn = self.doc.definition
        elements = [*defn.stages, *(st for _, st in defn.iter_steps()), *defn.decisions]
        exact = [e for e in elements if e.name.lower() == needle]
        found = exact or [e for e in elements if needle in e.name.lower() or needle in e.display_label.lower()]
        if not found:
            self.status(f"No element matches “{text}”")
            return None
        name = found[0].name
        self.doc.set_selection([name])
        self.window.view.reveal(name)
        self.window.view.setFocus()
        return name

    # ------------------------------------------------------------------ context menu

    def context_menu(self, global_pos: QPointF, name: str | None) -> QMenu:
        w = self.window
        menu = QMenu(w)
        insert = menu.addMenu("Insert")
        for key in ("insert_stage", "insert_interactive", "insert_background", "insert_mulesoft", "insert_decision"):
            insert.addAction(w.actions[key])
        if name:
            menu.addSeparator()
            for key in ("rename", "duplicate", "cut", "copy", "delete"):
                menu.addAction(w.actions[key])
            menu.addSeparator()
            is_stage = isinstance(w.scene.item_for(name), StageItem)
            keys = ("move_left", "move_right") if is_stage else ("move_up", "move_down", "move_left", "move_right")
            for key in keys:
                menu.addAction(w.actions[key])
        menu.addSeparator()
        menu.addAction(w.actions["paste"])
        for hook in w.context_menu_hooks:
            hook(menu, name)
        menu.popup(global_pos.toPoint())
        return menu


class _RenameEdit(QLineEdit):
    """The in-place rename field: Enter commits, Esc or leaving cancels."""

    def __init__(self, parent, cancel) -> None:
        super().__init__(parent)
        self._cancel = cancel

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            self._cancel()
            return
        super().keyPressEvent(event)
