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
        self._written: tuple[Orchestration, Path | None, Path] | None = None  # (definition, original, file)

    @property
    def yaml_path(self) -> Path:
        return recovery_dir() / f"{self.id}.orchestration.yaml"

    @property
    def meta_path(self) -> Path:
        return recovery_dir() / f"{self.id}.json"

    def write(self, defn: Orchestration, original: Path | None) -> None:
        """Write ``defn``; skipped when this very (immutable) definition is already written there:
        dumping a big definition takes long enough to be felt every autosave."""
        from engine.io import dumps, write_atomic

        yaml_path = self.yaml_path
        written = self._written
        if written is not None and written[0] is defn and written[1:] == (original, yaml_path) \
                and yaml_path.exists() and self.meta_path.exists():
            return
        write_atomic(dumps(defn), yaml_path)
        meta = {"original": str(original) if original else None, "saved_at": time.time(), "pid": os.getpid()}
        write_atomic(json.dumps(meta), self.meta_path)
        self._written = (defn, original, yaml_path)

    def clear(self) -> None:
        self._written = None
        RecoveryEntry(self.yaml_path, self.meta_path, None, 0, 0).discard()


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
