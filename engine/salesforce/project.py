"""Write an SFDX project: sfdx-project.json and force-app/main/default/flows/*.flow-meta.xml."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic
from ..io import write_atomic
from ..model import Orchestration
from .evaluation_flow import evaluation_flow_element, needs_generation
from .exporter import orchestration_element
from .values import FLOW_SUFFIX
from .xmlwrite import to_xml

FLOWS_DIR = Path("force-app") / "main" / "default" / "flows"


class ExportRefused(Exception):
    """The definition still has validation errors; ``errors`` lists them (export with force to override)."""

    def __init__(self, errors: list[Diagnostic]) -> None:
        self.errors = errors
        super().__init__(f"the definition has {len(errors)} validation error(s); fix them or export with force")


@dataclass
class ExportResult:
    """Where the project went, the files written (sorted) and the validation findings it carried."""

    project_dir: Path
    files: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def export_files(defn: Orchestration) -> dict[str, str]:
    """Relative path → text of every file of the project (deterministic; no validation)."""
    files: dict[str, str] = {"sfdx-project.json": sfdx_project_json(defn)}
    flows_dir = FLOWS_DIR.as_posix()
    files[f"{flows_dir}/{defn.name}{FLOW_SUFFIX}"] = to_xml(orchestration_element(defn))
    for flow in defn.flows:
        if needs_generation(flow) and flow.name != defn.name:
            files[f"{flows_dir}/{flow.name}{FLOW_SUFFIX}"] = to_xml(evaluation_flow_element(flow, defn.api_version))
    return files


def sfdx_project_json(defn: Orchestration) -> str:
    data = {
        "packageDirectories": [{"path": "force-app", "default": True}],
        "name": defn.name,
        "namespace": "",
        "sfdcLoginUrl": "https://login.salesforce.com",
        "sourceApiVersion": f"{defn.api_version}.0",
    }
    return json.dumps(data, indent=2) + "\n"


def export_project(defn: Orchestration, out_dir: str | os.PathLike[str], force: bool = False) -> ExportResult:
    """Validate ``defn`` and write its SFDX project under ``out_dir`` (created when missing).

    Raises ExportRefused when validation finds errors and ``force`` is False; OSError when the
    folder cannot be written. Files of the project are overwritten; other files are left alone.
    """
    diagnostics = _validate(defn)
    errors = [d for d in diagnostics if d.severity == "error"]
    if errors and not force:
        raise ExportRefused(errors)
    root = Path(out_dir)
    written: list[Path] = []
    for rel, text in sorted(export_files(defn).items()):
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(text, target)
        written.append(target)
    return ExportResult(root, written, diagnostics)


def _validate(defn: Orchestration) -> list[Diagnostic]:
    from .. import validate  # engine.validate (lazy public API)

    return list(validate(defn))
