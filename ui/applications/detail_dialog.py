"""Read-only detail of one application: who, what, where it stands, and its paper trail.

The platform is authoritative once a case is submitted, so its 办件编号 and status are shown
next to the window's own view; materials, state history and printed documents are tabs.
"""
from __future__ import annotations

from desktop.services.applications.read_models import ApplicationDetail, PartyView
from ui.labels import (
    CERT_TYPE_LABELS,
    EVENT_SOURCE_LABELS,
    FORM_LABELS,
    MATERIAL_STATE_LABELS,
    PRINT_KIND_LABELS,
    STATUS_LABELS,
    SYNC_LABELS,
    label,
    local_date,
    local_time,
)
from ui.qt import (
    QCoreApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QStandardItem,
    QStandardItemModel,
    Qt,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from ui.screen_fit import fit_to_screen
from ui.tables import read_only_rows


def _party_text(p: PartyView | None) -> str:
    if p is None:
        return "—"
    parts = [p.name, p.id_masked]
    if p.kind == "org" and p.legal_rep:
        parts.append(QCoreApplication.translate("ApplicationDetailDialog", "legal representative %1").replace("%1", p.legal_rep))
    if p.phone_masked:
        parts.append(p.phone_masked)
    return "   ".join(x for x in parts if x)


def _table(object_name: str, headers: list[str], rows: list[list[str]], stretch: int) -> QTableView:
    model = QStandardItemModel(len(rows), len(headers))
    model.setHorizontalHeaderLabels(headers)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QStandardItem(value)
            item.setEditable(False)
            model.setItem(r, c, item)
    view = QTableView(objectName=object_name)
    view.setModel(model)
    model.setParent(view)
    read_only_rows(view, single=False)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


def _material_rows(d: ApplicationDetail) -> list[list[str]]:
    rows = []
    for m in d.materials:
        provided = ""
        if m.state == "provided":
            provided = f"{label(FORM_LABELS, m.provided_form)} " + QCoreApplication.translate("ApplicationDetailDialog", "copies: %1").replace("%1", str(m.provided_copies))
        elif m.state == "deferred":
            provided = QCoreApplication.translate("ApplicationDetailDialog", "bring by %1").replace("%1", local_date(m.deferred_until))
        elif m.state == "certificate":
            provided = label(CERT_TYPE_LABELS, m.certificate_ref or "")
        rows.append([str(m.seq), m.name, QCoreApplication.translate("ApplicationDetailDialog", "required") if m.required else QCoreApplication.translate("ApplicationDetailDialog", "optional"),
                     label(MATERIAL_STATE_LABELS, m.state), provided, str(m.pages) if m.pages else ""])
    return rows


class ApplicationDetailDialog(QDialog):
    def __init__(self, detail: ApplicationDetail, parent=None) -> None:
        super().__init__(parent, objectName="applicationDetailDialog")
        d = detail
        self.setWindowTitle(self.tr("Application — %1").replace("%1", d.acceptance_no or self.tr("not accepted")))
        fit_to_screen(self, 860, 600)
        layout = QVBoxLayout(self)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)

        def add(caption: str, value: str, name: str = "") -> None:
            field = QLabel(value or "—")
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            field.setWordWrap(True)
            if name:
                field.setObjectName(name)
            form.addRow(caption, field)

        add(self.tr("Acceptance no."), d.acceptance_no or "", "detailAcceptanceNo")
        add(self.tr("Official no."), d.official_no or self.tr("(not yet from the platform)"), "detailOfficialNo")
        add(self.tr("Matter"), self.tr("%1 (%2, version %3)   %4").replace("%1", d.matter_name)
            .replace("%2", d.matter_code).replace("%3", str(d.matter_version)).replace("%4", d.department))
        add(self.tr("Applicant"), _party_text(d.applicant))
        if d.agent is not None:
            add(self.tr("Agent"), _party_text(d.agent))
        add(self.tr("Status here"), label(STATUS_LABELS, d.status), "detailStatus")
        platform = label(STATUS_LABELS, d.server_status) or label(SYNC_LABELS, d.sync_state)
        if d.server_updated_at:
            platform += " " + self.tr("(updated %1)").replace("%1", local_time(d.server_updated_at))
        add(self.tr("Status on the platform"), platform, "detailServerStatus")
        add(self.tr("Entered"), local_time(d.accepted_at or d.created_at))
        if d.due_date:
            add(self.tr("Promised by"), local_date(d.due_date))
        if d.supplement_due:
            add(self.tr("Supplement due"), local_date(d.supplement_due))
        add(self.tr("Window / clerk"), f"{d.window_id} / {d.clerk}")
        if d.supplement_note:
            add(self.tr("Supplement note"), d.supplement_note)
        if d.rejection_reason:
            add(self.tr("Reason for non-acceptance"), d.rejection_reason)
        layout.addLayout(form)

        tabs = QTabWidget(objectName="detailTabs")
        tabs.addTab(_table("detailMaterials", [self.tr("No."), self.tr("Material"), self.tr("Kind"), self.tr("State"),
                                               self.tr("Received"), self.tr("Pages scanned")],
                           _material_rows(d), stretch=1), self.tr("Materials (%1)").replace("%1", str(len(d.materials))))
        tabs.addTab(_table("detailEvents", [self.tr("Time"), self.tr("From"), self.tr("To"), self.tr("By"),
                                            self.tr("Source"), self.tr("Note")],
                           [[local_time(e.at, True), label(STATUS_LABELS, e.from_status),
                             label(STATUS_LABELS, e.to_status), e.by,
                             label(EVENT_SOURCE_LABELS, e.source), e.note] for e in d.events], stretch=5),
                    self.tr("History (%1)").replace("%1", str(len(d.events))))
        self.tabs = tabs
        self.application_id = d.id
        self._prints_index = tabs.addTab(QWidget(), "")
        self.show_prints(d)
        layout.addWidget(tabs, 1)

        # Public so other screens can add actions (e.g. printing: 补打回执) with buttons.addButton(...).
        self.buttons = buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def show_prints(self, detail: ApplicationDetail) -> None:
        """The papers tab from ``detail`` (again after a reprint, so its count is never stale)."""
        table = _table("detailPrints", [self.tr("Time"), self.tr("Paper"), self.tr("By"), self.tr("Printer"),
                                        self.tr("Outcome")],
                       [[local_time(p.printed_at, True),
                         label(PRINT_KIND_LABELS, p.kind) + (" " + self.tr("(reprint)") if p.is_reprint else ""),
                         p.by, p.printer, self.tr("printed") if p.outcome == "printed" else self.tr("saved as PDF")]
                        for p in detail.prints], stretch=3)
        current = self.tabs.currentIndex()
        old = self.tabs.widget(self._prints_index)
        self.tabs.removeTab(self._prints_index)
        self.tabs.insertTab(self._prints_index, table, self.tr("Papers (%1)").replace("%1", str(len(detail.prints))))
        self.tabs.setCurrentIndex(current)
        if old is not None:
            old.deleteLater()
