"""This counter's own settings (admins): language, printers, idle lock.

Saved to the data dir's local settings file through ``desktop.config.save_local_settings`` (an
operation), which validates every value; a refused value is shown here and nothing is written.
The idle lock applies at once; a language change applies from the next sign-in, when the
windows are rebuilt (rebuilding now would throw away the clerk's work in progress).
"""
from __future__ import annotations

import logging
from collections.abc import Callable

from desktop.config import Config
from ui.composition import Workspace
from ui.messages import explain, is_user_error
from ui.operations.settings import SaveSettings
from ui.qt import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPrinterInfo,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    Signal,
)

log = logging.getLogger("onewindow.ui.settings")

LANGUAGE_NAMES = {"zh_CN": "中文（简体）", "en": "English"}  # i18n: data (each language in its own words)


def system_printers() -> list[str]:
    return list(QPrinterInfo.availablePrinterNames())


class SettingsPage(QWidget):
    saved = Signal(object)  # the new Config

    def __init__(self, ws: Workspace, *, printers: Callable[[], list[str]] = system_printers) -> None:
        super().__init__()
        self.ws = ws
        self.user = ws.user
        self.setObjectName("settingsPage")
        config = ws.config

        self.language = QComboBox()
        self.language.setObjectName("settingsLanguage")
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(config.ui.language)))

        self.idle_minutes = QSpinBox()
        self.idle_minutes.setObjectName("settingsIdleMinutes")
        self.idle_minutes.setRange(1, 240)
        self.idle_minutes.setSuffix(self.tr(" min"))
        self.idle_minutes.setValue(config.ui.idle_lock_minutes)

        names = printers()
        self.a4_printer = self._printer_combo("settingsA4Printer", names, config.printers.a4,
                                              self.tr("(system default printer)"))
        self.thermal_printer = self._printer_combo("settingsThermalPrinter", names, config.printers.thermal,
                                                   self.tr("(none: receipts are saved as PDF)"))

        general = QGroupBox(self.tr("General"))
        general_form = QFormLayout(general)
        general_form.addRow(self.tr("&Language:"), self.language)
        general_form.addRow(self.tr("&Lock after idle:"), self.idle_minutes)
        printing = QGroupBox(self.tr("Printers"))
        printing_form = QFormLayout(printing)
        printing_form.addRow(self.tr("&A4 documents:"), self.a4_printer)
        printing_form.addRow(self.tr("&Receipt (80 mm):"), self.thermal_printer)
        if not names:
            printing_form.addRow(QLabel(self.tr("No printers were found on this computer.")))

        self.message = QLabel()
        self.message.setObjectName("settingsMessage")
        self.message.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("settingsSave")
        self.save_button.clicked.connect(self.save)
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        row.addWidget(self.save_button)
        column = QWidget()
        column.setMaximumWidth(760)  # a form, not a banner: keep fields at a readable width
        layout = QVBoxLayout(column)
        layout.addWidget(general)
        layout.addWidget(printing)
        layout.addLayout(row)
        layout.addStretch(1)
        outer = QHBoxLayout(self)
        outer.addWidget(column, 1)
        outer.addStretch(0)

    def _printer_combo(self, name: str, printers: list[str], current: str, empty_label: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.addItem(empty_label, "")
        for printer in printers:
            combo.addItem(printer, printer)
        if current and combo.findData(current) < 0:
            combo.addItem(self.tr("%1 (not found)").replace("%1", current), current)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        return combo

    def changes(self) -> dict[str, dict[str, object]]:
        return {
            "ui": {"language": self.language.currentData(), "idle_lock_minutes": self.idle_minutes.value()},
            "printers": {"a4": self.a4_printer.currentData(), "thermal": self.thermal_printer.currentData()},
        }

    def save(self) -> None:
        before = self.ws.config.ui.language
        self.save_button.setEnabled(False)
        self.ws.ops.run(SaveSettings(self.changes()), owner=self, on_done=lambda config: self._saved(before, config),
                        on_error=self._refused)

    def _refused(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        text = explain(error) if is_user_error(error) or isinstance(error, OSError) else None
        if text is None:
            from ui.messages import show_error

            show_error(self, error)
            return
        log.warning("settings not saved: %s", error)
        self._show(self.tr("Not saved: %1").replace("%1", str(error)), error=True)

    def _saved(self, before: str, config: Config) -> None:
        self.save_button.setEnabled(True)
        self.ws.adopt_config(config)
        log.info("local settings saved by %s", self.user.username)
        text = self.tr("Saved.")
        if config.ui.language != before:
            text += " " + self.tr("The new language applies from the next sign-in.")
        self._show(text, error=False)
        self.saved.emit(config)

    def _show(self, text: str, *, error: bool) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b00020;" if error else "color: #1b7f3b;")
