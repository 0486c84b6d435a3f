"""QSettings for the designer; tests isolate them with ORCHESTRATION_DESIGNER_SETTINGS=<ini path>."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

ORGANIZATION = "OrchestrationDesigner"
APPLICATION = "Designer"
SETTINGS_ENV = "ORCHESTRATION_DESIGNER_SETTINGS"
RECOVERY_ENV = "ORCHESTRATION_DESIGNER_RECOVERY_DIR"
MAX_RECENT = 10


def settings() -> QSettings:
    path = os.environ.get(SETTINGS_ENV)
    if path:
        return QSettings(path, QSettings.Format.IniFormat)
    return QSettings(ORGANIZATION, APPLICATION)


def recovery_dir() -> Path:
    """Where autosaved unsaved work goes (created on demand)."""
    override = os.environ.get(RECOVERY_ENV)
    if override:
        base = Path(override)
    else:
        location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
        base = Path(location or Path.home() / ".orchestration-designer") / "recovery"
    base.mkdir(parents=True, exist_ok=True)
    return base


def recent_files() -> list[str]:
    value = settings().value("recent_files", [])
    if isinstance(value, str):
        value = [value]
    return [str(v) for v in (value or [])]


def add_recent_file(path: str | Path) -> list[str]:
    path = str(Path(path).resolve())
    files = [path] + [p for p in recent_files() if p != path]
    files = files[:MAX_RECENT]
    settings().setValue("recent_files", files)
    return files


def clear_recent_files() -> None:
    settings().setValue("recent_files", [])
