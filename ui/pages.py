"""The main window's pages, in navigation order: the one list to edit when a screen lands.

To plug a screen in, replace its placeholder factory with your own::

    from ui.intake.page import IntakePage
    PageSpec("intake", QT_TRANSLATE_NOOP("Pages", "Intake"), IntakePage, "clerk"),

A factory is called at most once per sign-in as ``factory(workspace)`` (the session's
:class:`ui.composition.Workspace`: services, operations, event hub, devices) and returns the
page widget (usually the widget class itself): for the first page when the window opens, for
the others when the page is first shown (``at_sign_in`` builds it with the window, for a page
that must hear events before the clerk opens it). The page lives until sign-out: switching
pages and the idle lock never destroy it, so half-typed work survives. Keep the constructor
quick and load data through operations (``ws.ops.run(...)``) from the constructor, so a page
built late shows the current state; keep heavy imports (printing, imaging, charts) out of the
page module's top level, where a screen does not need them to appear. ``min_role`` hides the page (and its
Ctrl+number shortcut) from users below that role; services still check roles themselves.
Titles are English source strings marked with ``QT_TRANSLATE_NOOP("Pages", ...)`` and
translated in ``resources/translations``.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ui.qt import QT_TRANSLATE_NOOP, QCoreApplication, QLabel, Qt, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from desktop.domain.accounts import CurrentUser
    from ui.composition import Workspace

PageFactory = Callable[["Workspace"], QWidget]


@dataclass(frozen=True)
class PageSpec:
    key: str  # stable id, also the widget's objectName ("page_<key>")
    title: str  # English source text; shown translated (context "Pages")
    factory: PageFactory
    min_role: str = "clerk"  # clerk < supervisor < admin
    at_sign_in: bool = False  # built with the window (the first page always is), not when first shown

    @property
    def display_title(self) -> str:
        return QCoreApplication.translate("Pages", self.title)


def placeholder(description: str) -> PageFactory:
    """A stand-in page until the real screen lands."""

    def build(ws: Workspace) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        label = QLabel(QCoreApplication.translate("Pages", description))
        label.setObjectName("placeholderText")
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(label)
        return page

    return build


def _intake(ws: Workspace) -> QWidget:
    from ui.intake.factory import build_intake_page

    return build_intake_page(ws)


def _applications(ws: Workspace) -> QWidget:
    from ui.applications.page import build_applications_page

    return build_applications_page(ws)


def _admin(ws: Workspace) -> QWidget:
    from ui.admin_page import AdminPage

    return AdminPage(ws)


def _reports(ws: Workspace) -> QWidget:
    from ui.reports.page import ReportsPage

    return ReportsPage(ws)


def _hall(ws: Workspace) -> QWidget:
    from ui.hall.page import HallPage

    return HallPage(ws)


def _sync(ws: Workspace) -> QWidget:
    from ui.sync.page import SyncPage

    return SyncPage(ws)


def _conflicts(ws: Workspace) -> QWidget:
    from ui.conflicts.page import build_conflicts_page

    return build_conflicts_page(ws)


PAGES: list[PageSpec] = [
    PageSpec("intake", QT_TRANSLATE_NOOP("Pages", "Intake"), _intake, "clerk"),
    PageSpec("applications", QT_TRANSLATE_NOOP("Pages", "Applications"), _applications, "clerk"),
    PageSpec("sync", QT_TRANSLATE_NOOP("Pages", "Sync"), _sync, "clerk"),
    # Built with the window: it tells the clerk, wherever they are, when another window beat one of
    # this window's hall actions (a refusal can arrive from a sync run at any time).
    PageSpec("hall", QT_TRANSLATE_NOOP("Pages", "Hall cases"), _hall, "clerk", at_sign_in=True),
    PageSpec("reports", QT_TRANSLATE_NOOP("Pages", "Reports"), _reports, "supervisor"),
    PageSpec("admin", QT_TRANSLATE_NOOP("Pages", "Administration"), _admin, "admin"),
    PageSpec("conflicts", QT_TRANSLATE_NOOP("Pages", "Conflicts"), _conflicts, "supervisor"),
]


def visible_pages(user: CurrentUser, pages: list[PageSpec] | None = None) -> list[PageSpec]:
    return [spec for spec in (PAGES if pages is None else pages) if user.has_role(spec.min_role)]
