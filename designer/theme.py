"""Light and dark themes; "system" follows QStyleHints.colorScheme()."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from . import icons
from .canvas import style

STYLE_DIR = Path(__file__).resolve().parent.parent / "resources" / "styles"
THEMES = ("system", "light", "dark")


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    scheme = getattr(hints, "colorScheme", None)
    return bool(scheme and scheme() == Qt.ColorScheme.Dark)


def _palette(roles: dict[QPalette.ColorRole, str], disabled: dict[QPalette.ColorRole, str] | None = None) -> QPalette:
    """A palette with ``roles`` set in every color group and ``disabled`` in the disabled one."""
    p = QPalette()
    for role, color in roles.items():
        p.setColor(role, QColor(color))
    for role, color in (disabled or {}).items():
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(color))
    return p


def _dark_palette() -> QPalette:
    return _palette({
        QPalette.ColorRole.Window: "#23272e", QPalette.ColorRole.WindowText: "#e6e9ef",
        QPalette.ColorRole.Base: "#1e2127", QPalette.ColorRole.AlternateBase: "#262a32",
        QPalette.ColorRole.ToolTipBase: "#313743", QPalette.ColorRole.ToolTipText: "#e6e9ef",
        QPalette.ColorRole.Text: "#e6e9ef", QPalette.ColorRole.Button: "#2d323c",
        QPalette.ColorRole.ButtonText: "#e6e9ef", QPalette.ColorRole.Highlight: "#3d6fb6",
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.PlaceholderText: "#8f99a8",
        QPalette.ColorRole.Link: "#5ea1ff",
    }, disabled={QPalette.ColorRole.Text: "#6b7380", QPalette.ColorRole.ButtonText: "#6b7380"})


def _light_palette() -> QPalette:
    return _palette({
        QPalette.ColorRole.Window: "#f7f8fa", QPalette.ColorRole.WindowText: "#1f2733",
        QPalette.ColorRole.Base: "#ffffff", QPalette.ColorRole.AlternateBase: "#f4f6f9",
        QPalette.ColorRole.ToolTipBase: "#ffffff", QPalette.ColorRole.ToolTipText: "#1f2733",
        QPalette.ColorRole.Text: "#1f2733", QPalette.ColorRole.Button: "#f1f3f6",
        QPalette.ColorRole.ButtonText: "#1f2733", QPalette.ColorRole.Highlight: "#1b73e8",
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.PlaceholderText: "#8a94a6",
        QPalette.ColorRole.Link: "#1b73e8",
    })


def apply_theme(app: QApplication, theme: str = "system") -> bool:
    """Apply ``system`` | ``light`` | ``dark``; returns whether the result is dark."""
    dark = system_is_dark() if theme == "system" else theme == "dark"
    app.setStyle("Fusion")
    app.setPalette(_dark_palette() if dark else _light_palette())
    qss = STYLE_DIR / ("dark.qss" if dark else "light.qss")
    app.setStyleSheet(qss.read_text(encoding="utf-8") if qss.exists() else "")
    style.set_current(style.DARK if dark else style.LIGHT)
    icons.set_tint("#c9d0db" if dark else "#3c4655")
    return dark
