"""Read-only detail of one application: who, what, where it stands, and its paper trail.

The platform is authoritative once a case is submitted, so its 办件编号 and status are shown
next to the window's own view; materials, state history and printed documents are tabs.
"""
from __future__ import annotations

from desktop.services.applications.detail import ApplicationDetail, PartyView
from ui.labels import (
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
    QAbstractItemView,
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
)
from ui.screen_fit import fit_to_screen


def _party_text(p: PartyView | None) -> str:
    if p is None:
        return "—"
    parts = [p.name, p.id_masked]
    if p.kind == "org" and p.legal_rep:
        parts.append(f"法定代表人 {p.legal_rep}")
    if p.phone_masked:
        parts.append(p.phone_masked)
    return "　".join(x for x in parts if x)


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
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


def _material_rows(d: ApplicationDetail) -> list[list[str]]:
    rows = []
    for m in d.materials:
        provided = ""
        if m.state == "provided":
            provided = f"{label(FORM_LABELS, m.provided_form)} {m.provided_copies} 份".strip()
        elif m.state == "deferred":
            provided = f"须于 {local_date(m.deferred_until)} 前补交"
        elif m.state == "certificate":
            provided = m.certificate_ref or ""
        rows.append([str(m.seq), m.name, "必要" if m.required else "可选",
                     label(MATERIAL_STATE_LABELS, m.state), provided, str(m.pages) if m.pages else ""])
    return rows


class ApplicationDetailDialog(QDialog):
    def __init__(self, detail: ApplicationDetail, parent=None) -> None:
        super().__init__(parent, objectName="applicationDetailDialog")
        d = detail
        self.setWindowTitle(f"办件详情 — {d.acceptance_no or '未受理'}")
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

        add("受理编号", d.acceptance_no or "", "detailAcceptanceNo")
        add("办件编号", d.official_no or "（平台尚未返回）", "detailOfficialNo")
        add("事项", f"{d.matter_name}（{d.matter_code}，第 {d.matter_version} 版）　{d.department}")
        add("申请人", _party_text(d.applicant))
        if d.agent is not None:
            add("经办人", _party_text(d.agent))
        add("本地状态", label(STATUS_LABELS, d.status), "detailStatus")
        platform = label(STATUS_LABELS, d.server_status) or label(SYNC_LABELS, d.sync_state)
        if d.server_updated_at:
            platform += f"（{local_time(d.server_updated_at)} 更新）"
        add("平台状态", platform, "detailServerStatus")
        add("受理时间", local_time(d.accepted_at or d.created_at))
        if d.due_date:
            add("承诺办结日期", local_date(d.due_date))
        if d.supplement_due:
            add("补正期限", local_date(d.supplement_due))
        add("窗口 / 受理人", f"{d.window_id} / {d.clerk}")
        if d.supplement_note:
            add("补正告知", d.supplement_note)
        if d.rejection_reason:
            add("不予受理理由", d.rejection_reason)
        layout.addLayout(form)

        tabs = QTabWidget(objectName="detailTabs")
        tabs.addTab(_table("detailMaterials", ["序号", "材料名称", "类别", "状态", "收取情况", "扫描页数"],
                           _material_rows(d), stretch=1), f"材料（{len(d.materials)}）")
        tabs.addTab(_table("detailEvents", ["时间", "原状态", "新状态", "操作人", "来源", "说明"],
                           [[local_time(e.at, True), label(STATUS_LABELS, e.from_status),
                             label(STATUS_LABELS, e.to_status), e.by,
                             label(EVENT_SOURCE_LABELS, e.source), e.note] for e in d.events], stretch=5),
                    f"状态记录（{len(d.events)}）")
        tabs.addTab(_table("detailPrints", ["时间", "文书", "打印人", "打印机", "结果"],
                           [[local_time(p.printed_at, True),
                             label(PRINT_KIND_LABELS, p.kind) + ("（补打）" if p.is_reprint else ""),
                             p.by, p.printer, "已打印" if p.outcome == "printed" else "已存为PDF"]
                            for p in d.prints], stretch=3), f"打印记录（{len(d.prints)}）")
        layout.addWidget(tabs, 1)

        # Public so other screens can add actions (e.g. printing: 补打回执) with buttons.addButton(...).
        self.buttons = buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
