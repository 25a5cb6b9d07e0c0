"""The main window: page navigation, menus, status bar, and the idle/manual session lock.

It owns no business logic and wires no page to another: pages come from ``ui.pages``, are
built at most once per sign-in from the session's :class:`~ui.composition.Workspace`, and learn
of each other's changes from its event hub. The first page (and any page marked ``at_sign_in``)
is built with the window; every other page when it is first shown (or first asked for), so a
session pays in memory and start-up only for the screens the clerk opens. A page built later
loads its own data when it is made, so it shows the current state. Locking covers the pages and
opens :class:`LockDialog` without destroying anything.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

from ui.composition import Workspace
from ui.idle import IdleWatcher
from ui.lock_dialog import LockDialog
from ui.operations.accounts import RecordSession
from ui.operations.calendar import CalendarWarning
from ui.pages import PageSpec, visible_pages
from ui.qt import (
    QAction,
    QCloseEvent,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QShortcut,
    QStackedWidget,
    Qt,
    QWidget,
    Signal,
)
from ui.screen_fit import fit_to_screen
from ui.status_bar import ShellStatusBar

log = logging.getLogger("onewindow.ui.shell")


class MainWindow(QMainWindow):
    logout_requested = Signal()
    closed = Signal()
    locked = Signal()
    unlocked = Signal()

    def __init__(self, ws: Workspace, *, pages: list[PageSpec] | None = None,
                 idle_timeout_ms: Callable[[], int] | None = None) -> None:
        super().__init__()
        self.ws = ws
        self.user = user = ws.user
        config = ws.config
        self.lock_dialog: LockDialog | None = None
        self._closing_for_logout = False
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("OneWindow — %1 · Window %2")
                            .replace("%1", config.hall.name).replace("%2", config.hall.window_id))
        fit_to_screen(self, 1280, 800)

        self.specs = visible_pages(user, pages)
        self.nav = QListWidget()
        self.nav.setObjectName("pageNav")
        nav_font = self.nav.font()
        nav_font.setPointSizeF(nav_font.pointSizeF() * 1.25)
        self.nav.setFont(nav_font)
        self.nav.setStyleSheet("QListWidget#pageNav::item { padding: 10px 14px; }")
        self.stack = QStackedWidget()
        self.stack.setObjectName("pageStack")
        self.page_widgets: dict[str, QWidget] = {}  # the pages built so far
        for spec in self.specs:
            self.stack.addWidget(QWidget())  # a stand-in until the page is first shown
            self.nav.addItem(spec.display_title)
        for row, spec in enumerate(self.specs):
            if row == 0 or spec.at_sign_in:
                self._build_page(row)
        self.nav.currentRowChanged.connect(self._show_row)
        # As wide as the longest title (short in Chinese, longer in English), never a fixed 200 px.
        self.nav.setFixedWidth(max(120, self.nav.sizeHintForColumn(0) + 2 * self.nav.frameWidth() + 8))

        workspace = QWidget()
        workspace.setObjectName("workspace")
        row = QHBoxLayout(workspace)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.cover = QLabel(self.tr("Locked"))
        self.cover.setObjectName("lockCover")
        self.cover.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body = QStackedWidget()
        self.body.addWidget(workspace)
        self.body.addWidget(self.cover)
        self.setCentralWidget(self.body)

        self.status = ShellStatusBar(config, user)
        ws.events.sync_state_changed.connect(self.status.show_sync_state)
        self.status.lock_clicked.connect(lambda: self.lock("manual"))
        self.setStatusBar(self.status)
        if user.role in ("supervisor", "admin"):  # they can act on a missing holiday arrangement
            self.ws.ops.run(CalendarWarning(), owner=self, on_done=self.status.show_notice)
        self._build_menus()
        self._build_shortcuts()
        if self.specs:
            self.nav.setCurrentRow(0)

        minutes = idle_timeout_ms or (lambda: self.ws.config.ui.idle_lock_minutes * 60_000)
        self.idle = IdleWatcher(minutes, self)
        self.idle.idle.connect(lambda: self.lock("idle"))
        self.idle.start()

    # --- navigation -------------------------------------------------------------------

    def show_page(self, key: str) -> bool:
        keys = [spec.key for spec in self.specs]
        if key not in keys:
            return False
        self.nav.setCurrentRow(keys.index(key))
        return True

    def current_page_key(self) -> str | None:
        row = self.nav.currentRow()
        return self.specs[row].key if 0 <= row < len(self.specs) else None

    def page(self, key: str) -> QWidget | None:
        """The page ``key`` (built now if it was not shown yet); None for a page this user cannot see."""
        keys = [spec.key for spec in self.specs]
        return self._build_page(keys.index(key)) if key in keys else None

    def _build_page(self, row: int) -> QWidget:
        spec = self.specs[row]
        widget = self.page_widgets.get(spec.key)
        if widget is None:
            stand_in = self.stack.widget(row)
            widget = spec.factory(self.ws)
            widget.setObjectName(f"page_{spec.key}")
            self.page_widgets[spec.key] = widget
            self.stack.insertWidget(row, widget)
            self.stack.removeWidget(stand_in)
            stand_in.deleteLater()
        return widget

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(self.specs):
            self._build_page(row)
        self.stack.setCurrentIndex(row)

    def _build_shortcuts(self) -> None:
        for number in range(1, 10):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{number}"), self)
            shortcut.activated.connect(lambda row=number - 1: self._go_to_row(row))

    def _go_to_row(self, row: int) -> None:
        if 0 <= row < len(self.specs):
            self.nav.setCurrentRow(row)

    def _build_menus(self) -> None:
        session = self.menuBar().addMenu(self.tr("&Session"))
        lock = QAction(self.tr("&Lock screen"), self)
        lock.setShortcut(QKeySequence("Ctrl+L"))
        lock.triggered.connect(lambda: self.lock("manual"))
        logout = QAction(self.tr("Sign &out"), self)
        logout.setObjectName("logoutAction")
        logout.triggered.connect(self.request_logout)
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        for action in (lock, logout):
            session.addAction(action)
        session.addSeparator()
        session.addAction(quit_action)

        go = self.menuBar().addMenu(self.tr("&Go"))
        for row, spec in enumerate(self.specs):
            action = go.addAction(spec.display_title)
            if row < 9:
                action.setShortcut(QKeySequence(f"Ctrl+{row + 1}"))
                action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # the QShortcut handles the key
            action.triggered.connect(lambda _=False, r=row: self._go_to_row(r))

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        keys = QAction(self.tr("&Keyboard shortcuts"), self)
        keys.setShortcut(QKeySequence("F1"))
        keys.triggered.connect(self.show_shortcuts)
        about = QAction(self.tr("&About OneWindow"), self)
        about.setObjectName("aboutAction")
        about.triggered.connect(self.show_about)
        help_menu.addAction(keys)
        help_menu.addAction(about)
        self.addActions([lock, quit_action, keys])  # shortcuts work even with the menu bar hidden

    def show_shortcuts(self) -> None:
        lines = [self.tr("Ctrl+%1  %2").replace("%1", str(row + 1)).replace("%2", spec.display_title)
                 for row, spec in enumerate(self.specs[:9])]
        lines += [self.tr("Ctrl+L  Lock screen"), self.tr("Ctrl+Q  Quit"), self.tr("F1  This help")]
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Keyboard shortcuts"), "\n".join(lines),
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("shortcutsHelp")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def show_about(self) -> None:
        from ui.about_dialog import AboutDialog

        dialog = AboutDialog(self.ws.config, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    # --- lock and sign-out ------------------------------------------------------------

    @property
    def is_locked(self) -> bool:
        return self.lock_dialog is not None

    def lock(self, reason: str = "manual") -> None:
        if self.is_locked:
            return
        self.idle.stop()
        self.ws.ops.run(RecordSession("locked", reason))
        log.info("session locked (%s)", reason)
        self.body.setCurrentWidget(self.cover)
        self.menuBar().setEnabled(False)
        self.status.lock_button.setEnabled(False)
        self.lock_dialog = LockDialog(self.ws.ops, self.user, self)
        self.lock_dialog.unlocked.connect(self._on_unlocked)
        self.lock_dialog.switch_user.connect(self._on_switch_user)
        self.lock_dialog.open()
        self.locked.emit()

    def _end_lock(self) -> None:
        if self.lock_dialog is not None:
            self.lock_dialog.deleteLater()
            self.lock_dialog = None
        self.body.setCurrentIndex(0)
        self.menuBar().setEnabled(True)
        self.status.lock_button.setEnabled(True)

    def _on_unlocked(self) -> None:
        self.ws.ops.run(RecordSession("unlocked"))
        log.info("session unlocked")
        self._end_lock()
        self.idle.start()
        self.unlocked.emit()

    def _on_switch_user(self) -> None:
        self._end_lock()
        self.request_logout()

    def request_logout(self) -> None:
        """Sign out: the session controller audits it and shows the login dialog."""
        self.logout_requested.emit()

    def close_for_logout(self) -> None:
        self._closing_for_logout = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.idle.shutdown()
        if self.lock_dialog is not None:
            self.lock_dialog.deleteLater()
            self.lock_dialog = None
        super().closeEvent(event)
        if not self._closing_for_logout:
            self.closed.emit()
