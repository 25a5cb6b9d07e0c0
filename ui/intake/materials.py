"""The materials checklist at work: the clerk's keys on a row, 容缺 dates, and pages that arrive.

The intake page owns one :class:`MaterialsFlow`. A key on a checklist row (Space, M, D, E, +/-,
Backspace) becomes a :class:`~ui.operations.intake.SetMaterial` operation; the rules answer with
the row's new state or refuse in their own words. A page scanned, photographed or imported for a
row that was not checked yet marks that row 已收取 — the clerk evidently has the paper — so the
keyboard path needs no Space after a capture.
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from desktop.services.applications.read_models import ApplicationView, MaterialView
from ui.intake.checklist_view import DeferralDialog
from ui.operations.intake import LatestDeferralDate, SetMaterial
from ui.qt import QObject

if TYPE_CHECKING:
    from ui.intake.page import IntakePage


class MaterialsFlow(QObject):
    def __init__(self, page: IntakePage) -> None:
        super().__init__(page)
        self.page = page
        self.in_flight = 0  # checklist changes sent, answer not back yet
        self.serial = 0  # answers received: a re-read of the case older than one must not undo it
        self.refresh_when_settled = False
        page.checklist.change_requested.connect(self.change)
        page.checklist.defer_requested.connect(self.defer)

    def _row(self, seq: int) -> MaterialView | None:
        case = self.page.case
        return next((m for m in case.materials if m.seq == seq), None) if case is not None else None

    def _open(self) -> bool:
        return self.page.case is not None and self.page.decision is None

    def change(self, seq: int, state: str, options: dict) -> None:
        """One row to ``state`` (with ``provided_copies``/``deferred_until`` in ``options``)."""
        if not self._open():
            return
        page, material = self.page, self._row(seq)
        uuid = page.case.uuid
        if state == "certificate" and page.certificates is not None:
            page.certificates.use(uuid, seq, on_done=self.changed)
            return
        # "Provided" checks first that a matter demanding an electronic copy has a page.
        material_id = material.id if state == "provided" and material is not None else None
        self.in_flight += 1
        page.ops.run(SetMaterial(uuid, seq, state, dict(options), material_id), owner=page, on_done=self.changed,
                     on_error=self._refused)

    @property
    def busy(self) -> bool:
        return self.in_flight > 0

    def _refused(self, error: BaseException) -> None:
        from ui.messages import show_error

        self._settled()
        show_error(self.page, error)

    def _settled(self) -> None:
        self.in_flight = max(0, self.in_flight - 1)
        self.serial += 1
        if self.in_flight == 0 and self.refresh_when_settled:
            self.refresh_when_settled = False
            self.page.refresh_case()

    def changed(self, material: MaterialView) -> None:
        page = self.page
        page.checklist_model.update_material(material)
        if page.case is not None:
            page.case = with_material(page.case, material)
        page.update_buttons()
        self._settled()

    def defer(self, seq: int) -> None:
        row = self._row(seq)
        if not self._open() or row is None:
            return
        if not row.deferrable:  # let the rule say why, in its own words
            self.change(seq, "deferred", {})
            return
        self.page.ops.run(LatestDeferralDate(self.page.case.uuid), owner=self.page,
                          on_done=lambda latest: self._ask_deferral(row, latest))

    def _ask_deferral(self, row: MaterialView, latest) -> None:
        dialog = DeferralDialog(row.name, latest, self.page.ws.today(), self.page)
        # The date is read on the UI thread while the dialog exists.
        dialog.accepted.connect(lambda: self.change(row.seq, "deferred", {"deferred_until": dialog.chosen()}))
        self.page.open_dialog(dialog)

    def pages_arrived(self, material_id: int, count: int) -> None:
        """Pages were stored for a row: an unchecked row becomes 已收取; the case is read again."""
        case = self.page.case
        row = next((m for m in case.materials if m.id == material_id), None) if case is not None else None
        if row is not None and count > 0 and row.state == "pending" and self._open():
            self.change(row.seq, "provided", {})
        self.page.refresh_case()


def with_material(view: ApplicationView, material: MaterialView) -> ApplicationView:
    return replace(view, materials=tuple(material if m.seq == material.seq else m for m in view.materials))
