"""The applications behind a number of the report, in a dialog (masked personal data)."""
from __future__ import annotations

from desktop.domain.reports import ApplicationList
from ui.qt import QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableView, QVBoxLayout
from ui.reports.models import ApplicationLinesModel
from ui.screen_fit import fit_to_screen
from ui.tables import read_only_rows


class DrillDownDialog(QDialog):
    def __init__(self, listing: ApplicationList, context: str, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("reportDrillDown")
        self.setWindowTitle(self.tr("Applications: %1").replace("%1", listing.drill.title()))
        fit_to_screen(self, 1100, 560)
        summary = self.tr("%1 — %2 application(s)").replace("%1", context).replace("%2", str(listing.total))
        if listing.truncated:
            summary += self.tr(" (showing the first %1)").replace("%1", str(len(listing.lines)))
        self.summary = QLabel(summary)
        self.summary.setObjectName("drillSummary")
        self.model = ApplicationLinesModel(self)
        self.model.set_rows(listing.lines)
        self.table = QTableView()
        self.table.setObjectName("drillTable")
        self.table.setModel(self.model)
        read_only_rows(self.table, single=False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the matter
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
