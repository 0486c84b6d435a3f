"""`orchestration render FILE --out x.svg|x.png`: draw the canvas the designer shows.

The engine never imports Qt, so the drawing runs in a child process: `python -m designer.render`.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

FORMATS = (".svg", ".png")
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a *.orchestration.yaml definition")
    parser.add_argument("--out", metavar="OUT", required=True, help="the picture to write: *.svg or *.png")


def run(args: argparse.Namespace) -> int:
    from engine.cli import load_or_report

    if Path(args.out).suffix.lower() not in FORMATS:
        print(f"orchestration render: {args.out}: write a .svg or .png file", file=sys.stderr)
        return 2
    if load_or_report(args.file) is None:  # a quick, Qt-free check with a clear message
        return 2
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(PROJECT_ROOT), env.get("PYTHONPATH")) if p)
    command = [sys.executable, "-m", "designer.render", args.file, "--out", args.out]
    try:
        return subprocess.run(command, env=env, check=False).returncode
    except OSError as exc:
        print(f"orchestration render: cannot start the renderer: {exc}", file=sys.stderr)
        return 2
