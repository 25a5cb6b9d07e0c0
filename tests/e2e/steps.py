"""Steps the end-to-end paths share, each done with the keys a clerk presses (and counted)."""
from __future__ import annotations

from contextlib import contextmanager

import shiboken6

from tests.e2e.driver import CTRL, Driver
from ui.qt import QApplication, Qt


def intake(counter):
    return counter.page("intake")


def pick_matter(d: Driver, page, initials: str) -> None:
    """Type pinyin initials in the matter box and press Enter (the first hit is the matter)."""
    d.until(lambda: page.picker.box.hasFocus(), what="the matter search box has the focus")
    d.type(initials)
    d.press(Qt.Key.Key_Return)
    d.until(lambda: page.case is not None and page.applicant.id_number.hasFocus(), what="a new draft")


def read_card(d: Driver, page) -> None:
    """F4: the simulated reader's next card fills the applicant; the phone field gets the keyboard."""
    d.press(Qt.Key.Key_F4)
    d.until(lambda: page.applicant.id_ok() and page.applicant.phone.hasFocus(), what="the ID card read")


def phone_then_materials(d: Driver, page, phone: str = "13912345678") -> None:
    d.type(phone, counted=False)  # the citizen's digits are typed whatever the screen does
    d.press(Qt.Key.Key_Return)
    d.until(lambda: page.checklist.hasFocus(), what="the checklist")


def receive(d: Driver, page, count: int) -> None:
    """Space on ``count`` rows: each is received and the next row comes up."""
    for _ in range(count):
        row = page.checklist.currentIndex().row()
        d.press(Qt.Key.Key_Space)
        d.until(lambda row=row: page.checklist_model.material(row).state == "provided",
                what=lambda row=row: f"row {row} received (focus {focus_name()}, states "
                                     f"{[m.state for m in page.checklist_model.materials()]}, keys {d.log})")


def household_move_ready(d: Driver, page, phone: str = "13912345678") -> None:
    """户口迁移 (hkqy, an immediate item) picked, the card read, the phone typed and its four required
    materials received: the case waits for a decision."""
    pick_matter(d, page, "hkqy")
    read_card(d, page)
    phone_then_materials(d, page, phone)
    receive(d, page, 4)


def photograph(d: Driver, page) -> None:
    """F6 the document camera, Space the shot, Esc back: the row gets its page and is received."""
    row = page.checklist.currentIndex().row()
    d.press(Qt.Key.Key_F6)
    camera = d.dialog("camera_dialog")
    d.press(Qt.Key.Key_Space)
    d.until(lambda: page.checklist_model.material(row).pages == 1, what="the shot stored")
    d.press(Qt.Key.Key_Escape)
    d.until(lambda: gone(camera) and page.checklist.hasFocus(), what="the keyboard back on the checklist")
    d.until(lambda: page.checklist_model.material(row).state == "provided", what="the photographed row received")


def decide(d: Driver, page, key: Qt.Key = Qt.Key.Key_Return, modifiers=CTRL) -> None:
    d.press(key, modifiers)
    d.until(lambda: page.decision is not None, what=lambda: f"the decision (messages: {messages()}, focus "
                                                            f"{focus_name()}, keys {d.log})")


def messages() -> list[str]:
    from ui.qt import QMessageBox

    return [w.text() for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


def hand_over_papers(d: Driver, counter, expected: int) -> list[str]:
    """Enter in the papers dialog: every ticked paper printed; returns the texts printed by it."""
    before = len(counter.tray.jobs)
    papers = d.dialog("papersDialog")
    d.press(Qt.Key.Key_Return)
    d.until(lambda: gone(papers), what="the papers printed")
    d.until(lambda: len(counter.tray.jobs) == before + expected, what=f"{expected} paper(s)")
    return counter.tray.texts()[before:]


@contextmanager
def look_at_the_store(counter):
    """The test's own reads of the store (the UI thread's guard is for the app, not for the test)."""
    counter.guard.armed = False
    try:
        yield counter.session.workspace.services
    finally:
        counter.guard.armed = True


def gone(widget) -> bool:
    return not shiboken6.isValid(widget) or not widget.isVisible()


def focus_name() -> str:
    widget = QApplication.focusWidget()
    return widget.objectName() if widget is not None else "(none)"
