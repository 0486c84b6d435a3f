"""``orchestration-designer [FILE]``: start the designer (optionally on a file)."""

from __future__ import annotations

import argparse
import sys

from PySide6.QtWidgets import QApplication

from . import settings as app_settings
from .theme import apply_theme


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="orchestration-designer",
                                     description="Design, check and simulate Salesforce Flow Orchestrations.")
    parser.add_argument("file", nargs="?", help="an *.orchestration.yaml file to open")
    parser.add_argument("--theme", choices=("system", "light", "dark"), help="colour theme (default: remembered)")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName(app_settings.ORGANIZATION)
    app.setApplicationName(app_settings.APPLICATION)
    app.setApplicationDisplayName("Orchestration Designer")
    apply_theme(app, args.theme or str(app_settings.settings().value("theme", "system")))

    from .main_window import MainWindow

    window = MainWindow()
    window.show()
    _follow_system_theme(app, window)
    restored = window.files.offer_recovery()
    if args.file and not restored:
        window.files.open_path(args.file, ask_to_save=False)
    window.view.fit()
    return app.exec()


def _follow_system_theme(app: QApplication, window) -> None:
    """With the "system" theme, switch light/dark when the desktop does."""
    hints = app.styleHints()
    changed = getattr(hints, "colorSchemeChanged", None)
    if changed is None:
        return

    def on_change(_scheme) -> None:
        if str(app_settings.settings().value("theme", "system")) == "system":
            window.set_theme("system")

    changed.connect(on_change)


if __name__ == "__main__":
    sys.exit(main())
