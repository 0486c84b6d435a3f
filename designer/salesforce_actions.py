"""File → Import → Salesforce Metadata… and File → Export → Salesforce Project… for the designer.

The work is done by ``engine.salesforce``; these actions only ask for paths and show messages.
Installed by the main window through ``install(window)`` (see docs/designer.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox

from engine.diagnostics import Diagnostic

if TYPE_CHECKING:
    from .main_window import MainWindow

FLOW_FILTER = "Salesforce flow metadata (*.flow-meta.xml);;XML files (*.xml);;All files (*)"
MAX_LISTED = 10


def _describe(d: Diagnostic) -> str:
    where = f"line {d.line}: " if d.line else ""
    element = f"{d.element}: " if d.element else ""
    return f"• {where}{element}{d.message}"


def _listing(diagnostics: list[Diagnostic]) -> str:
    lines = [_describe(d) for d in diagnostics[:MAX_LISTED]]
    if len(diagnostics) > MAX_LISTED:
        lines.append(f"… and {len(diagnostics) - MAX_LISTED} more")
    return "\n".join(lines)


class SalesforceActions(QObject):
    """The two actions of one window. Prompt methods are separate so tests can replace them."""

    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window)
        self.window = window
        self.import_action = QAction("Salesforce Metadata…", window)
        self.import_action.setStatusTip("Open an orchestration's .flow-meta.xml as a new, unsaved definition")
        self.import_action.triggered.connect(lambda _checked=False: self.import_metadata())
        self.export_action = QAction("Salesforce Project…", window)
        self.export_action.setStatusTip("Write an SFDX project (sfdx-project.json + flows) to deploy with sf")
        self.export_action.triggered.connect(lambda _checked=False: self.export_project())

    # ------------------------------------------------------------------ prompts (tests replace these)

    def choose_flow_file(self) -> str:
        path, _ = QFileDialog.getOpenFileName(self.window, "Import Salesforce metadata", "", FLOW_FILTER)
        return path

    def choose_folder(self) -> str:
        start = str(self.window.document.path.parent) if self.window.document.path else ""
        return QFileDialog.getExistingDirectory(self.window, "Export Salesforce project to folder", start)

    def confirm(self, title: str, text: str) -> bool:
        B = QMessageBox.StandardButton
        return QMessageBox.question(self.window, title, text, B.Yes | B.No, B.No) == B.Yes

    def inform(self, title: str, text: str) -> None:
        QMessageBox.information(self.window, title, text)

    def warn(self, title: str, text: str) -> None:
        QMessageBox.warning(self.window, title, text)

    # ------------------------------------------------------------------ actions

    def import_metadata(self, path: str | Path | None = None) -> bool:
        """Import ``path`` (asked for when None) into the window's document; True when imported."""
        from engine.salesforce import MetadataError, import_flow

        if not self.window.files.maybe_save():
            return False
        path = path or self.choose_flow_file()
        if not path:
            return False
        try:
            result = import_flow(path)
        except MetadataError as exc:
            self.warn("Cannot import", str(exc))
            return False
        except Exception as exc:  # noqa: BLE001 - an importer bug must not close the designer
            self.warn("Cannot import", f"{Path(path).name} could not be imported ({type(exc).__name__}: {exc}).")
            return False
        doc = self.window.document
        doc.reset(result.definition, None)
        doc.mark_dirty()  # a new definition that exists in no YAML file yet
        notes = [d for d in result.diagnostics if d.severity != "info"]
        if notes:
            self.inform("Imported with notes",
                        f"{Path(path).name} was imported. What the designer cannot represent, or could not "
                        f"find, is listed here:\n\n{_listing(notes)}")
        return True

    def export_project(self, folder: str | Path | None = None) -> bool:
        """Export the document as an SFDX project into ``folder`` (asked for when None)."""
        import engine
        from engine.salesforce import ExportRefused, export_project

        defn = self.window.document.definition
        errors = [d for d in engine.validate(defn) if d.severity == "error"]
        force = False
        if errors:
            if not self.confirm("Export with errors?",
                                f"The orchestration has {len(errors)} error(s); Salesforce would refuse to "
                                f"activate it:\n\n{_listing(errors)}\n\nExport anyway?"):
                return False
            force = True
        folder = folder or self.choose_folder()
        if not folder:
            return False
        try:
            result = export_project(defn, folder, force=force)
        except ExportRefused as exc:  # validation changed between the check and the export
            self.warn("Export refused", _listing(exc.errors))
            return False
        except OSError as exc:
            from engine.io import describe_write_error

            self.warn("Cannot export", describe_write_error(exc.filename or folder, exc))
            return False
        files = "\n".join(f"• {p.relative_to(result.project_dir)}" for p in result.files)
        self.window.statusBar().showMessage(f"Exported to {result.project_dir}", 5000)
        self.inform("Exported", f"Wrote the SFDX project in {result.project_dir}:\n\n{files}\n\n"
                    "Deploy it with: sf project deploy start")
        return True


def install(window: "MainWindow") -> SalesforceActions:
    """Add the actions to File → Import / File → Export (or to File when those are missing)."""
    actions = SalesforceActions(window)
    menus = getattr(window, "menus", {})
    file_menu = menus.get("file") or window.menuBar().addMenu("&File")
    (menus.get("file_import") or file_menu).addAction(actions.import_action)
    (menus.get("file_export") or file_menu).addAction(actions.export_action)
    return actions
