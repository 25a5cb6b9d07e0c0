"""Every core service over one opened store, wired once: what a composition root hands out.

The GUI builds one :class:`Services` per sign-in (``ui/composition.py``) and the CLI one per
command (``desktop/commands/_common.py``); nothing else constructs a service. Each service is
made on first use and then kept, so a CLI command pays only for what it calls, while the GUI
calls :meth:`Services.build_all` once, off the UI thread, right after the sign-in (some
services read the store when they are made).

The bundle holds no Qt and no network client: the sync engine and the e-certificate port live
in ``sync/`` and are wired by the GUI's composition root beside this bundle.
"""
from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from desktop.services.context import AppContext

if TYPE_CHECKING:
    from desktop.services.accounts.auth import AuthService
    from desktop.services.applications.list_queries import ApplicationQueries
    from desktop.services.applications.read_models import ApplicationDetail
    from desktop.services.attachments import AttachmentService
    from desktop.services.attachments.crypto import KeyStore
    from desktop.services.attachments.retention import StorageStatus
    from desktop.services.catalog.calendar import CalendarService
    from desktop.services.catalog.search import MatterSearch
    from desktop.services.catalog.service import CatalogService
    from desktop.services.conflicts import ConflictService
    from desktop.services.hall.actions import HallActions
    from desktop.services.hall.cases import HallCaseService
    from desktop.services.hall.remote import CaseSource
    from desktop.services.hall.report import HallReportService
    from desktop.services.intake.applicants import ApplicantService
    from desktop.services.intake.service import IntakeService
    from desktop.services.papers.content import DocumentService
    from desktop.services.papers.records import PrintRecords
    from desktop.services.papers.verify import PaperVerifier
    from desktop.services.reports import ReportService


class Services:
    """The core services of one store. Services are thread-safe: each call opens its own session."""

    def __init__(self, ctx: AppContext, *, key_store: KeyStore | None = None,
                 hall_source: CaseSource | None = None) -> None:
        self.ctx = ctx
        self._key_store = key_store
        self._hall_source = hall_source  # the platform side of hall lookups (None: the hall cache only)

    @property
    def config(self):
        return self.ctx.config

    # --- the services -----------------------------------------------------------------

    @cached_property
    def auth(self) -> AuthService:
        from desktop.services.accounts.auth import AuthService

        return AuthService(self.ctx)

    @cached_property
    def intake(self) -> IntakeService:
        from desktop.services.intake.service import IntakeService

        return IntakeService(self.ctx)

    @cached_property
    def applicants(self) -> ApplicantService:
        from desktop.services.intake.applicants import ApplicantService

        return ApplicantService(self.ctx)

    @cached_property
    def matters(self) -> MatterSearch:
        from desktop.services.catalog.search import MatterSearch

        return MatterSearch(self.ctx)

    @cached_property
    def catalog(self) -> CatalogService:
        from desktop.services.catalog.service import CatalogService

        return CatalogService(self.ctx)

    @cached_property
    def attachments(self) -> AttachmentService:
        from desktop.services.attachments import AttachmentService

        return AttachmentService(self.ctx, key_store=self._key_store)

    @cached_property
    def documents(self) -> DocumentService:
        from desktop.services.papers.content import DocumentService

        return DocumentService(self.ctx)

    @cached_property
    def prints(self) -> PrintRecords:
        from desktop.services.papers.records import PrintRecords

        return PrintRecords(self.ctx, self.documents)

    @cached_property
    def verifier(self) -> PaperVerifier:
        from desktop.services.papers.verify import PaperVerifier

        return PaperVerifier(self.ctx)

    @cached_property
    def calendar(self) -> CalendarService:
        from desktop.services.catalog.calendar import CalendarService

        return CalendarService(self.ctx)

    @cached_property
    def reports(self) -> ReportService:
        from desktop.services.reports import ReportService

        return ReportService(self.ctx)

    @cached_property
    def applications(self) -> ApplicationQueries:
        from desktop.services.applications.list_queries import ApplicationQueries

        return ApplicationQueries(self.ctx)

    @cached_property
    def conflicts(self) -> ConflictService:
        from desktop.services.conflicts import ConflictService

        return ConflictService(self.ctx)

    @cached_property
    def hall_cases(self) -> HallCaseService:
        from desktop.services.hall.cases import HallCaseService

        return HallCaseService(self.ctx, self._hall_source)

    @cached_property
    def hall_actions(self) -> HallActions:
        from desktop.services.hall.actions import HallActions

        return HallActions(self.ctx)

    @cached_property
    def hall_report(self) -> HallReportService:
        from desktop.services.hall.report import HallReportService

        return HallReportService(self.ctx, self.reports)

    # --- use cases that are plain functions over the context ----------------------------

    def application_detail(self, application_id: int) -> ApplicationDetail:
        from desktop.services.applications.loading import load_detail

        return load_detail(self.ctx, application_id)

    def storage_status(self) -> StorageStatus:
        from desktop.services.attachments import storage_status

        return storage_status(self.ctx)

    # --- building ---------------------------------------------------------------------

    NAMES = ("auth", "intake", "applicants", "matters", "catalog", "attachments", "documents", "prints",
             "verifier", "calendar", "reports", "applications", "conflicts", "hall_cases", "hall_actions",
             "hall_report")

    def build_all(self) -> Services:
        """Make every service now (call off the UI thread: some read the store when made)."""
        for name in self.NAMES:
            getattr(self, name)
        return self

    def for_session(self) -> Services:
        """A fresh bundle for a new sign-in (settings may have changed), every service made."""
        return Services(self.ctx, key_store=self._key_store, hall_source=self._hall_source).build_all()
