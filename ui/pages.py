"""The main window's pages, in navigation order: the one list to edit when a screen lands.

To plug a screen in, replace its placeholder factory with your own::

    from ui.intake.page import IntakePage
    PageSpec("intake", QT_TRANSLATE_NOOP("Pages", "Intake"), IntakePage, "clerk"),

A factory is called once per sign-in as ``factory(ctx, user)`` and returns the page
widget (usually the widget class itself). The page lives until sign-out: switching pages
and the idle lock never destroy it, so half-typed work survives. Keep the constructor
quick and load data through ``ui.tasks.TaskRunner``. ``min_role`` hides the page (and its
Ctrl+number shortcut) from users below that role; services still check roles themselves.
Titles are English source strings marked with ``QT_TRANSLATE_NOOP("Pages", ...)`` and
translated in ``resources/translations``.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from desktop.services.accounts.auth import CurrentUser
from desktop.services.context import AppContext
from ui.qt import QT_TRANSLATE_NOOP, QCoreApplication, QLabel, Qt, QVBoxLayout, QWidget

PageFactory = Callable[[AppContext, CurrentUser], QWidget]


@dataclass(frozen=True)
class PageSpec:
    key: str  # stable id, also the widget's objectName ("page_<key>")
    title: str  # English source text; shown translated (context "Pages")
    factory: PageFactory
    min_role: str = "clerk"  # clerk < supervisor < admin

    @property
    def display_title(self) -> str:
        return QCoreApplication.translate("Pages", self.title)


def placeholder(description: str) -> PageFactory:
    """A stand-in page until the real screen lands."""

    def build(ctx: AppContext, user: CurrentUser) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        label = QLabel(QCoreApplication.translate("Pages", description))
        label.setObjectName("placeholderText")
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(label)
        return page

    return build


def _intake(ctx: AppContext, user: CurrentUser) -> QWidget:
    from ui.intake.page import build_intake_page

    return build_intake_page(ctx, user)


def _applications(ctx: AppContext, user: CurrentUser) -> QWidget:
    from ui.applications.page import build_applications_page

    return build_applications_page(ctx, user)


def _admin(ctx: AppContext, user: CurrentUser) -> QWidget:
    from ui.admin_page import AdminPage

    return AdminPage(ctx, user)


def _reports(ctx: AppContext, user: CurrentUser) -> QWidget:
    from ui.reports.page import ReportsPage

    return ReportsPage(ctx, user)


def _sync(ctx: AppContext, user: CurrentUser) -> QWidget:
    from ui.sync.page import SyncPage

    return SyncPage(ctx, user)


def _conflicts(ctx: AppContext, user: CurrentUser) -> QWidget:
    from ui.conflicts.page import build_conflicts_page

    return build_conflicts_page(ctx, user)


PAGES: list[PageSpec] = [
    PageSpec("intake", QT_TRANSLATE_NOOP("Pages", "Intake"), _intake, "clerk"),
    PageSpec("applications", QT_TRANSLATE_NOOP("Pages", "Applications"), _applications, "clerk"),
    PageSpec("sync", QT_TRANSLATE_NOOP("Pages", "Sync"), _sync, "clerk"),
    PageSpec("reports", QT_TRANSLATE_NOOP("Pages", "Reports"), _reports, "supervisor"),
    PageSpec("admin", QT_TRANSLATE_NOOP("Pages", "Administration"), _admin, "admin"),
    PageSpec("conflicts", QT_TRANSLATE_NOOP("Pages", "Conflicts"), _conflicts, "supervisor"),
]


def visible_pages(user: CurrentUser, pages: list[PageSpec] | None = None) -> list[PageSpec]:
    return [spec for spec in (PAGES if pages is None else pages) if user.has_role(spec.min_role)]
