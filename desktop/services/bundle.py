"""Every core service over one opened store, wired once: what a composition root hands out.

The GUI builds one :class:`Services` per sign-in (``ui/composition.py``) and the CLI one per
command (``desktop/commands/_common.py``); nothing else constructs a service. Each service is
made on first use and then kept, so a CLI command pays only for what it calls and a GUI
session only for the screens the clerk uses (the printing, imaging and certificate stacks cost
megabytes of code). Services are used from operations, on workers, so a service that reads the
store when it is made is made off the UI thread; two workers asking at once get one service.

The bundle holds no Qt and no network client: the sync engine and the e-certificate port live
in ``sync/`` and are wired by the GUI's composition root beside this bundle.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

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


T = TypeVar("T")


class made_on_first_use(Generic[T]):  # noqa: N801 - used like ``functools.cached_property``
    """A service made the first time it is asked for, then kept; made once even if two threads ask at once."""

    def __init__(self, make: Callable[[Any], T]) -> None:
        self.make = make
        self.name = make.__name__
        self.__doc__ = make.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> made_on_first_use[T]: ...

    @overload
    def __get__(self, obj: Services, owner: type | None = None) -> T: ...

    def __get__(self, obj: Services | None, owner: type | None = None) -> T | made_on_first_use[T]:
        if obj is None:
            return self
        made = obj.__dict__
        if self.name not in made:
            with obj._making:  # re-entrant: a service may ask for another while it is made
                if self.name not in made:
                    made[self.name] = self.make(obj)
        return made[self.name]


class Services:
    """The core services of one store. Services are thread-safe: each call opens its own session."""

    def __init__(self, ctx: AppContext, *, key_store: KeyStore | None = None,
                 hall_source: CaseSource | None = None) -> None:
        self._making = threading.RLock()
        self.ctx = ctx
        self._key_store = key_store
        self._hall_source = hall_source  # the platform side of hall lookups (None: the hall cache only)

    @property
    def config(self):
        return self.ctx.config

    # --- the services -----------------------------------------------------------------

    @made_on_first_use
    def auth(self) -> AuthService:
        from desktop.services.accounts.auth import AuthService

        return AuthService(self.ctx)

    @made_on_first_use
    def intake(self) -> IntakeService:
        from desktop.services.intake.service import IntakeService

        return IntakeService(self.ctx)

    @made_on_first_use
    def applicants(self) -> ApplicantService:
        from desktop.services.intake.applicants import ApplicantService

        return ApplicantService(self.ctx)

    @made_on_first_use
    def matters(self) -> MatterSearch:
        from desktop.services.catalog.search import MatterSearch

        return MatterSearch(self.ctx)

    @made_on_first_use
    def catalog(self) -> CatalogService:
        from desktop.services.catalog.service import CatalogService

        return CatalogService(self.ctx)

    @made_on_first_use
    def attachments(self) -> AttachmentService:
        from desktop.services.attachments import AttachmentService

        return AttachmentService(self.ctx, key_store=self._key_store)

    @made_on_first_use
    def documents(self) -> DocumentService:
        from desktop.services.papers.content import DocumentService

        return DocumentService(self.ctx)

    @made_on_first_use
    def prints(self) -> PrintRecords:
        from desktop.services.papers.records import PrintRecords

        return PrintRecords(self.ctx, self.documents)

    @made_on_first_use
    def verifier(self) -> PaperVerifier:
        from desktop.services.papers.verify import PaperVerifier

        return PaperVerifier(self.ctx)

    @made_on_first_use
    def calendar(self) -> CalendarService:
        from desktop.services.catalog.calendar import CalendarService

        return CalendarService(self.ctx)

    @made_on_first_use
    def reports(self) -> ReportService:
        from desktop.services.reports import ReportService

        return ReportService(self.ctx)

    @made_on_first_use
    def applications(self) -> ApplicationQueries:
        from desktop.services.applications.list_queries import ApplicationQueries

        return ApplicationQueries(self.ctx)

    @made_on_first_use
    def conflicts(self) -> ConflictService:
        from desktop.services.conflicts import ConflictService

        return ConflictService(self.ctx)

    @made_on_first_use
    def hall_cases(self) -> HallCaseService:
        from desktop.services.hall.cases import HallCaseService

        return HallCaseService(self.ctx, self._hall_source)

    @made_on_first_use
    def hall_actions(self) -> HallActions:
        from desktop.services.hall.actions import HallActions

        return HallActions(self.ctx)

    @made_on_first_use
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
        """Make every service now (off the UI thread: some read the store when made), e.g. to check wiring."""
        for name in self.NAMES:
            getattr(self, name)
        return self

    def for_session(self) -> Services:
        """A fresh bundle for a new sign-in (settings may have changed); services made on first use."""
        return Services(self.ctx, key_store=self._key_store, hall_source=self._hall_source)
