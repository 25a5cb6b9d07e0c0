"""GUI entry point (placeholder until the main window lands): `onewindow` with no command."""
from __future__ import annotations

import argparse


def run(args: argparse.Namespace) -> int:
    from ui.qt import QApplication, QLabel

    app = QApplication.instance() or QApplication([])
    label = QLabel("一窗通 OneWindow")
    label.show()
    return app.exec()
