"""SVG icons from resources/icons, tinted for the current theme, crisp at any device pixel ratio."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

ICON_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons"
_tint = "#3c4655"


def set_tint(color: str) -> None:
    """Colour for monochrome icons (those drawn with ``currentColor``); clears the caches."""
    global _tint
    _tint = color
    icon.cache_clear()
    renderer.cache_clear()


@lru_cache(maxsize=None)
def renderer(name: str, color: str | None = None) -> QSvgRenderer:
    """A vector renderer for icon ``name`` in ``color`` (default: the theme tint)."""
    path = ICON_DIR / f"{name}.svg"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    text = text.replace("currentColor", color or _tint)
    return QSvgRenderer(QByteArray(text.encode("utf-8")))


@lru_cache(maxsize=None)
def icon(name: str, color: str | None = None) -> QIcon:
    """A QIcon rendered from the SVG at the usual sizes, for 1× and 2× screens."""
    result = QIcon()
    r = renderer(name, color)
    for size in (16, 20, 24, 32, 48):
        for ratio in (1.0, 2.0):
            pixmap = QPixmap(int(size * ratio), int(size * ratio))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            r.render(painter, QRectF(0, 0, size, size))
            painter.end()
            result.addPixmap(pixmap)
    return result


def paint(painter: QPainter, name: str, rect: QRectF, color: QColor | str | None = None) -> None:
    """Draw icon ``name`` as vectors into ``rect`` (stays sharp at every zoom)."""
    c = color.name() if isinstance(color, QColor) else color
    renderer(name, c).render(painter, rect)


def size(n: int) -> QSize:
    return QSize(n, n)
