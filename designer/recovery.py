"""Crash recovery: unsaved work is autosaved to a recovery file; the next start offers it back.

Each running window owns one ``<id>.orchestration.yaml`` plus ``<id>.json`` (original path,
time, process id) in ``settings.recovery_dir()``. A clean close or a save removes them; files
whose process is no longer alive are what a crash left behind.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from engine.model import Orchestration

from .settings import recovery_dir


@dataclass(frozen=True)
class RecoveryEntry:
    yaml_path: Path
    meta_path: Path
    original: str | None      # the file the work belonged to (None: never saved)
    saved_at: float
    pid: int

    def describe(self) -> str:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.saved_at))
        what = Path(self.original).name if self.original else "an unsaved orchestration"
        return f"{what} (autosaved {when})"

    def discard(self) -> None:
        for p in (self.yaml_path, self.meta_path):
            try:
                p.unlink()
            except OSError:
                pass


class RecoveryFile:
    """The recovery slot of one window."""

    def __init__(self) -> None:
        self.id = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"

    @property
    def yaml_path(self) -> Path:
        return recovery_dir() / f"{self.id}.orchestration.yaml"

    @property
    def meta_path(self) -> Path:
        return recovery_dir() / f"{self.id}.json"

    def write(self, defn: Orchestration, original: Path | None) -> None:
        from engine.io import dumps

        _atomic_write(self.yaml_path, dumps(defn))
        meta = {"original": str(original) if original else None, "saved_at": time.time(), "pid": os.getpid()}
        _atomic_write(self.meta_path, json.dumps(meta))

    def clear(self) -> None:
        RecoveryEntry(self.yaml_path, self.meta_path, None, 0, 0).discard()


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def orphaned_entries(include_own_process: bool = False) -> list[RecoveryEntry]:
    """Recovery files left by processes that are gone (a crash), newest first."""
    entries = []
    for meta_path in recovery_dir().glob("*.json"):
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        yaml_path = meta_path.with_name(meta_path.name[:-5] + ".orchestration.yaml")
        if not yaml_path.exists():
            continue
        pid = int(meta.get("pid") or 0)
        if _alive(pid) and not (include_own_process and pid == os.getpid()):
            continue
        entries.append(RecoveryEntry(yaml_path, meta_path, meta.get("original"), float(meta.get("saved_at") or 0), pid))
    return sorted(entries, key=lambda e: e.saved_at, reverse=True)
