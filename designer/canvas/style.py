"""Colours and fonts of the canvas, for the light and the dark theme."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont

TYPE_LABELS = {"interactive": "Interactive", "background": "Background", "mulesoft": "MuleSoft"}


@dataclass(frozen=True)
class CanvasStyle:
    dark: bool
    background: QColor
    grid: QColor
    stage_fill: QColor
    stage_border: QColor
    header_fill: QColor
    card_fill: QColor
    card_border: QColor
    text: QColor
    text_muted: QColor
    selection: QColor
    edge: QColor
    fault: QColor
    badge_fill: QColor
    decision_fill: QColor
    decision_border: QColor
    drop: QColor
    type_colors: dict

    def type_color(self, step_type: str) -> QColor:
        return self.type_colors.get(step_type, self.text_muted)


LIGHT = CanvasStyle(
    dark=False,
    background=QColor("#f7f8fa"),
    grid=QColor("#e9ecf1"),
    stage_fill=QColor("#eef1f6"),
    stage_border=QColor("#d5dbe5"),
    header_fill=QColor("#e3e8f0"),
    card_fill=QColor("#ffffff"),
    card_border=QColor("#cfd6e1"),
    text=QColor("#1f2733"),
    text_muted=QColor("#5f6b7c"),
    selection=QColor("#1b73e8"),
    edge=QColor("#6b7687"),
    fault=QColor("#d93025"),
    badge_fill=QColor("#eef1f6"),
    decision_fill=QColor("#fff4e0"),
    decision_border=QColor("#e8a33d"),
    drop=QColor("#1b73e8"),
    type_colors={
        "interactive": QColor("#2a7de1"),
        "background": QColor("#7b55c7"),
        "mulesoft": QColor("#0b9e8a"),
    },
)

DARK = CanvasStyle(
    dark=True,
    background=QColor("#1e2127"),
    grid=QColor("#272b33"),
    stage_fill=QColor("#262a32"),
    stage_border=QColor("#3a404c"),
    header_fill=QColor("#2d323c"),
    card_fill=QColor("#313743"),
    card_border=QColor("#454d5c"),
    text=QColor("#e6e9ef"),
    text_muted=QColor("#a3acba"),
    selection=QColor("#5ea1ff"),
    edge=QColor("#8f99a8"),
    fault=QColor("#ff6b60"),
    badge_fill=QColor("#3a414e"),
    decision_fill=QColor("#4a3b22"),
    decision_border=QColor("#e8a33d"),
    drop=QColor("#5ea1ff"),
    type_colors={
        "interactive": QColor("#5b9cf0"),
        "background": QColor("#a283e6"),
        "mulesoft": QColor("#2cc3ac"),
    },
)

_current = LIGHT


def current() -> CanvasStyle:
    return _current


def set_current(style: CanvasStyle) -> None:
    global _current
    _current = style


def font(pixel_size: int, bold: bool = False) -> QFont:
    f = QFont()
    f.setPixelSize(pixel_size)
    f.setBold(bold)
    f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return f
