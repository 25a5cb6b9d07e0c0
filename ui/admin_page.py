"""Administration (admins only): this counter's settings and the user accounts, as two tabs."""
from __future__ import annotations

from ui.composition import Workspace
from ui.qt import QTabWidget, QVBoxLayout, QWidget


class AdminPage(QWidget):
    def __init__(self, ws: Workspace) -> None:
        super().__init__()
        from ui.settings_page import SettingsPage
        from ui.users_page import UsersPage

        self.tabs = QTabWidget()
        self.tabs.setObjectName("adminTabs")
        self.settings = SettingsPage(ws)
        self.users = UsersPage(ws)
        self.tabs.addTab(self.settings, self.tr("Settings"))
        self.tabs.addTab(self.users, self.tr("Users"))
        # Ctrl+Tab to a tab puts the keyboard in it, so the tab's own keys (Ctrl+N: add user) work at once.
        self.tabs.currentChanged.connect(lambda index: self.tabs.widget(index).setFocus())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
