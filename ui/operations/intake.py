"""Operations of the intake screen: drafts, the checklist, look-ups, the four decisions.

Each class is one action at the counter, its fields what the screen read from its widgets on
the UI thread. Decisions announce ``case_decided`` (the applications list, the sync controller
and the papers offer listen); checklist and page changes announce ``cases_changed``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ui.events import CaseCleared, CaseDecided, CaseOpened, CaseRef, CasesChanged, EventHub
from ui.operations.base import Env, Operation
from ui.tasks import Lane

if TYPE_CHECKING:
    from desktop.services.applications.read_models import ApplicationView, CaseSummary, Decision, MaterialView
    from desktop.services.catalog.search import MatterHit
    from desktop.services.certificates.service import LookupResult
    from desktop.services.intake.applicants import ApplicantRecord


def case_ref(view: ApplicationView) -> CaseRef:
    return CaseRef(uuid=view.uuid, acceptance_no=view.acceptance_no, status=view.status, window_id=view.window_id,
                   matter_code=view.matter_code, matter_name=view.matter_name)


# --- finding things -----------------------------------------------------------------------------

@dataclass(frozen=True)
class SearchMatters(Operation["list[MatterHit]"]):
    query: str

    def perform(self, env: Env) -> list[MatterHit]:
        return env.services.matters.search(self.query)


@dataclass(frozen=True)
class OpenDrafts(Operation["list[CaseSummary]"]):
    def perform(self, env: Env) -> list[CaseSummary]:
        return env.services.intake.open_drafts()


@dataclass(frozen=True)
class CountOpenDrafts(Operation[int]):
    def perform(self, env: Env) -> int:
        return env.services.intake.count_open_drafts()


@dataclass(frozen=True)
class FindOpenCases(Operation["list[CaseSummary]"]):
    query: str

    def perform(self, env: Env) -> list[CaseSummary]:
        return env.services.intake.find_open_cases(self.query)


@dataclass(frozen=True)
class LookUpApplicant(Operation["ApplicantRecord | None"]):
    id_number: str
    kind: str

    def perform(self, env: Env) -> ApplicantRecord | None:
        return env.services.applicants.find_by_id_number(self.id_number, self.kind)


@dataclass(frozen=True)
class LoadCase(Operation["ApplicationView"]):
    uuid: str

    def perform(self, env: Env) -> ApplicationView:
        return env.services.intake.get_application(self.uuid)


@dataclass(frozen=True)
class ResumeCase(LoadCase):
    """The clerk picked a draft or a case waiting for supplement (F3)."""

    def announce(self, result: ApplicationView, events: EventHub) -> None:
        events.case_opened.emit(CaseOpened(case_ref(result), resumed=True))


@dataclass(frozen=True)
class LatestDeferralDate(Operation[dt.date]):
    uuid: str

    def perform(self, env: Env) -> dt.date:
        return env.services.intake.latest_deferral_date(self.uuid)


# --- drafts ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class StartDraft(Operation["ApplicationView"]):
    """A matter was picked: a new draft (the previous, undecided one is discarded: the matter changed)."""

    lane = Lane.WRITE
    matter_code: str
    form: dict[str, Any]
    discard_uuid: str | None = None

    def perform(self, env: Env) -> ApplicationView:
        intake, user = env.services.intake, env.require_user()
        if self.discard_uuid is not None:
            intake.discard_draft(user, self.discard_uuid)
        return intake.start_draft(user, self.matter_code, self.form)

    def announce(self, result: ApplicationView, events: EventHub) -> None:
        events.case_opened.emit(CaseOpened(case_ref(result)))


@dataclass(frozen=True)
class SaveDraft(Operation[None]):
    lane = Lane.WRITE
    uuid: str
    form: dict[str, Any]

    def perform(self, env: Env) -> None:
        env.services.intake.save_draft(self.uuid, self.form)


@dataclass(frozen=True)
class ClearCase(Operation[None]):
    """F2: nothing to do in the store (the draft was saved); tells the other screens the citizen left."""

    previous_uuid: str | None

    def perform(self, env: Env) -> None:
        return None

    def announce(self, result: None, events: EventHub) -> None:
        events.case_cleared.emit(CaseCleared(self.previous_uuid))


# --- the checklist -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class SetMaterial(Operation["MaterialView"]):
    """A checklist key (Space, M, D, +/-, Backspace): one row's state, checked by the rules."""

    lane = Lane.WRITE
    uuid: str
    seq: int
    state: str
    options: dict[str, Any] = field(default_factory=dict)
    material_id: int | None = None  # set when "provided" must first check for scanned pages

    def perform(self, env: Env) -> MaterialView:
        if self.state == "provided" and self.material_id is not None:
            # A matter that demands an electronic copy: no page, no "provided".
            env.services.attachments.require_pages(self.material_id)
        return env.services.intake.set_material(self.uuid, self.seq, self.state, **self.options)

    def announce(self, result: MaterialView, events: EventHub) -> None:
        events.cases_changed.emit(CasesChanged((self.uuid,)))


@dataclass(frozen=True)
class LookUpCertificates(Operation["LookupResult | None"]):
    """The applicant's number was confirmed: save the form, then ask the platform (or the cache).

    None when this PC is not set up for the platform at all: there is nothing to say to the clerk
    then (an offline-only counter is not "a platform that cannot be reached").
    """

    lane = Lane.NETWORK
    uuid: str
    form: dict[str, Any]
    purpose: str

    def perform(self, env: Env) -> LookupResult | None:
        env.services.intake.save_draft(self.uuid, self.form)
        ports = env.require_ports()
        if not ports.sync_engine.server_url():
            return None
        return ports.look_up_certificates(env.require_user(), self.uuid, self.purpose)


@dataclass(frozen=True)
class UseCertificate(Operation["MaterialView"]):
    """E on a checklist row: fetch, hash-check, verify and attach the offered e-certificate."""

    lane = Lane.NETWORK
    uuid: str
    seq: int
    cert_id: str

    def perform(self, env: Env) -> MaterialView:
        with env.require_ports().certificates() as service:
            return service.use_certificate(env.require_user(), self.uuid, self.seq, self.cert_id)

    def announce(self, result: MaterialView, events: EventHub) -> None:
        events.cases_changed.emit(CasesChanged((self.uuid,)))


# --- decisions ----------------------------------------------------------------------------------------

class _Decide(Operation["Decision"]):
    lane = Lane.WRITE

    def announce(self, result: Decision, events: EventHub) -> None:
        events.case_decided.emit(decided(result, getattr(self, "window_id", "")))


def decided(decision: Decision, window_id: str = "") -> CaseDecided:
    ref = CaseRef(uuid=decision.uuid, acceptance_no=decision.acceptance_no, status=decision.status,
                  window_id=window_id)
    return CaseDecided(ref, decided_at=decision.decided_at, due_date=decision.due_date,
                       supplement_due=decision.supplement_due, outbox_version=decision.outbox_version)


@dataclass(frozen=True)
class Accept(_Decide):
    uuid: str
    window_id: str = ""
    confirm_uncertain_due: bool = False  # the clerk confirmed a due date in a year without holiday data

    def perform(self, env: Env) -> Decision:
        return env.services.intake.accept(env.require_user(), self.uuid,
                                          confirm_uncertain_due=self.confirm_uncertain_due)


@dataclass(frozen=True)
class CompleteNow(_Decide):
    """即办: an immediate item is accepted and completed at the window."""

    uuid: str
    window_id: str = ""

    def perform(self, env: Env) -> Decision:
        return env.services.intake.complete_immediately(env.require_user(), self.uuid)


@dataclass(frozen=True)
class RequestSupplement(_Decide):
    """补正告知: everything missing told once; ``note`` was read from the dialog before it closed."""

    uuid: str
    note: str
    window_id: str = ""

    def perform(self, env: Env) -> Decision:
        return env.services.intake.request_supplement(env.require_user(), self.uuid, note=self.note)


@dataclass(frozen=True)
class Reject(_Decide):
    """不予受理: ``reason`` was read from the dialog before it closed."""

    uuid: str
    reason: str
    window_id: str = ""

    def perform(self, env: Env) -> Decision:
        return env.services.intake.reject(env.require_user(), self.uuid, self.reason)
