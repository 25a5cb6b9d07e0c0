"""Help → About: the version (from the installed package's metadata) and where this counter keeps its data."""
from __future__ import annotations

from desktop import __version__
from desktop.config import Config
from ui.qt import QDialog, QDialogButtonBox, QFormLayout, QLabel, Qt, QVBoxLayout, QWidget, qVersion


class AboutDialog(QDialog):
    def __init__(self, config: Config, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About OneWindow"))
        title = QLabel(self.tr("OneWindow — one-window intake for the service hall"))
        title.setObjectName("aboutTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        form = QFormLayout()
        self.version_label = QLabel(__version__)
        self.version_label.setObjectName("aboutVersion")
        form.addRow(self.tr("Version:"), self.version_label)
        form.addRow(self.tr("Hall:"), QLabel(config.hall.name))
        form.addRow(self.tr("Window:"), QLabel(config.hall.window_id))
        data = QLabel(str(config.data_dir))
        data.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.tr("Data folder:"), data)
        logs = QLabel(str(config.log_dir))
        logs.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.tr("Log folder:"), logs)
        form.addRow(self.tr("Qt:"), QLabel(qVersion()))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(buttons)
