"""Render an orchestration to SVG or PNG with the canvas's own drawing (no window).

    python -m designer.render FILE.orchestration.yaml --out picture.svg|picture.png [--scale 2] [--theme dark]

``render_definition(defn, path)`` is what File → Export → Image uses; ``orchestration render``
(the CLI) runs this module in a subprocess so the engine stays Qt-free.
Exit codes: 0 written, 2 unreadable input or unwritable output.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

MAX_PIXELS = 16_000  # per side, for PNG


def _ensure_app():
    if not os.environ.get("QT_QPA_PLATFORM") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(["orchestration-render"])


def _write_bytes(path: Path, data: bytes) -> None:
    """Write the picture with one clear OSError (naming the file and the reason) on failure."""
    from engine.io import describe_write_error

    try:
        path.write_bytes(data)
    except OSError as exc:
        raise OSError(describe_write_error(path, exc)) from None


def render_definition(defn, path: str | Path, *, diagnostics: list | None = None, scale: float = 2.0,
                      dark: bool = False) -> Path:
    """Draw ``defn`` as the canvas does into ``path`` (``.svg`` or ``.png``); returns the path.

    ``diagnostics`` (e.g. from engine.validate) become problem badges on the cards."""
    _ensure_app()
    from PySide6.QtCore import QBuffer, QIODevice, QRectF, QSize
    from PySide6.QtGui import QImage, QPainter

    from .canvas import style
    from .canvas.scene import CanvasScene
    from .document import DesignDocument

    previous = style.current()
    style.set_current(style.DARK if dark else style.LIGHT)
    try:
        document = DesignDocument(defn)
        scene = CanvasScene(document)
        if diagnostics:
            scene.set_diagnostics(diagnostics)
        b = scene.layout.bounds
        source = QRectF(b.x, b.y, b.w, b.h)
        path = Path(path)
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if path.suffix.lower() == ".svg":
            from PySide6.QtSvg import QSvgGenerator

            generator = QSvgGenerator()
            generator.setOutputDevice(buffer)
            generator.setSize(QSize(int(b.w), int(b.h)))
            generator.setViewBox(QRectF(0, 0, b.w, b.h))
            generator.setTitle(defn.display_label)
            generator.setDescription(f"Orchestration {defn.name}")
            painter = QPainter(generator)
            scene.render(painter, QRectF(0, 0, b.w, b.h), source)
            painter.end()
        else:
            scale = min(scale, MAX_PIXELS / max(b.w, 1), MAX_PIXELS / max(b.h, 1))
            image = QImage(max(1, int(b.w * scale)), max(1, int(b.h * scale)), QImage.Format.Format_ARGB32)
            image.fill(style.current().background)
            painter = QPainter(image)
            painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
            scene.render(painter, QRectF(0, 0, image.width(), image.height()), source)
            painter.end()
            if not image.save(buffer, (path.suffix.lstrip(".") or "png").upper()):
                raise OSError(f"cannot write {path}: {path.suffix or 'no'} is not an image type; use .svg or .png")
        buffer.close()
        _write_bytes(path, bytes(buffer.data()))
        return path
    finally:
        style.set_current(previous)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m designer.render",
                                     description="Render an orchestration to SVG or PNG.")
    parser.add_argument("file", help="an *.orchestration.yaml file")
    parser.add_argument("--out", required=True, help="output file: .svg or .png")
    parser.add_argument("--scale", type=float, default=2.0, help="PNG pixels per canvas unit (default 2)")
    parser.add_argument("--theme", choices=("light", "dark"), default="light")
    args = parser.parse_args(argv)
    out = Path(args.out)
    if out.suffix.lower() not in (".svg", ".png"):
        print(f"error: {out}: the output must end in .svg or .png", file=sys.stderr)
        return 2
    from engine.io import loads

    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        print(f"error: {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    result = loads(data, args.file)
    if result.definition is None:
        first = result.diagnostics[0] if result.diagnostics else None
        where = f":{first.line}" if first and first.line else ""
        print(f"error: {args.file}{where}: {first.message if first else 'cannot be read'}", file=sys.stderr)
        return 2
    from engine.validate import validate

    try:
        render_definition(result.definition, out, diagnostics=validate(result.definition), scale=args.scale,
                          dark=args.theme == "dark")
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
