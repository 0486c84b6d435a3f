"""Human-readable times and timelines for the CLI and the designer."""

from __future__ import annotations

from typing import Iterable

from .state import HistoryEntry


def format_time(seconds: float) -> str:
    """``+0s``, ``+45s``, ``+5m``, ``+1h05m``, ``+2d03h00m`` (simulated time from the start)."""
    total = int(round(seconds))
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        text = f"{days}d{hours:02d}h{minutes:02d}m"
    elif hours:
        text = f"{hours}h{minutes:02d}m"
    elif minutes:
        text = f"{minutes}m" if not secs else f"{minutes}m{secs:02d}s"
    else:
        text = f"{secs}s"
    if secs and (days or hours):
        text += f"{secs:02d}s"
    return "+" + text


def format_timeline(entries: Iterable[HistoryEntry | object]) -> list[str]:
    """One aligned line per history entry: time, milestone, element, run-as, detail."""
    rows = [(format_time(e.time), e.milestone, e.element, e.run_as, e.detail) for e in entries]  # type: ignore[attr-defined]
    if not rows:
        return []
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = []
    for row in rows:
        line = "  ".join(row[i].ljust(widths[i]) for i in range(4))
        if row[4]:
            line += "  " + row[4]
        lines.append(line.rstrip())
    return lines
