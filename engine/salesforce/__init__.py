"""Salesforce metadata (SPEC §8): import orchestration `*.flow-meta.xml`, export an SFDX project.

    import_flow(path) -> ImportResult(definition, diagnostics)     raises MetadataError
    export_project(defn, out_dir, force=False) -> ExportResult     raises ExportRefused
    export_files(defn) -> {relative path: text}                    (no validation, no disk)

Qt-free. Untrusted XML is parsed with defusedxml; any DTD is refused.
"""

from __future__ import annotations

from .importer import ImportResult, flow_name, import_flow
from .project import ExportRefused, ExportResult, export_files, export_project
from .xmlparse import ENTITY_MESSAGE, MetadataError

__all__ = [
    "ENTITY_MESSAGE",
    "ExportRefused",
    "ExportResult",
    "ImportResult",
    "MetadataError",
    "export_files",
    "export_project",
    "flow_name",
    "import_flow",
]
