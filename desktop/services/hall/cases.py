"""Finding a case of any window and opening it with its history, materials and pages.

What the clerk enters (a scanned receipt QR, an acceptance or 办件 number, an ID number read
from the card) is looked up in this PC's hall cache first — that works offline for everything
the hall feed brought — and only then asked of the platform, which also serves cases older than
the cache keeps. A case opened to be continued here is cached in full (every event, the full
applicant name for the papers, the page files), so the window can go on with it offline.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any, cast

from sqlalchemy import Table, func, select, update
from sqlalchemy.orm import Session, selectinload

from desktop.domain.case_events import EventKind, apply_event, describe, parse_event
from desktop.domain.case_lookup import CaseQuery, LookupInputError, classify
from desktop.domain.checklist import STATE_LABELS
from desktop.domain.lifecycle import Status
from desktop.domain.masking import mask_name
from desktop.services.context import AppContext
from desktop.services.hall.clock import hall_time
from desktop.services.hall.keys import key_for
from desktop.services.hall.projection import HallProjector
from desktop.services.hall.remote import CaseSource, SourceUnavailable
from desktop.services.hall.state import case_state, parse_extra
from desktop.services.hall.views import CaseMaterial, FoundCase, HallCaseView, HistoryLine, LookupResult
from desktop.services.intake.errors import ApplicationNotFound
from desktop.store.hall_models import CaseEvent as EventRow
from desktop.store.hall_models import HallWindow
from desktop.store.models import Applicant, Application, ApplicationMaterial, ApplicationParty, Attachment

log = logging.getLogger("onewindow.hall")

LOOKUP_LIMIT = 50
RECENT_LIMIT = 30
RECENT_DAYS = 7
A = cast(Table, Application.__table__)


class HallCaseService:
    """Lookups and case views over the hall cache; ``source`` reaches the platform (None: offline-only)."""

    def __init__(self, ctx: AppContext, source: CaseSource | None = None) -> None:
        self.ctx = ctx
        self.source = source

    # --- finding ----------------------------------------------------------------------

    def find(self, text: str, *, ask_platform: bool = True) -> LookupResult:
        try:
            query = classify(text)
        except LookupInputError as exc:
            return LookupResult((), "none", str(exc))
        with self.ctx.db.session() as s:
            found = self._local(s, query)
            if found:
                return LookupResult(tuple(found), "local")
            key = key_for(s, query.id_kind, query.id_number) if query.by_id else None
        what = self._describe(query)
        if not ask_platform or self.source is None:
            return LookupResult((), "none", f"本机没有{what}（未向中心平台查询）。", online=None)
        try:
            answer = self._remote(query, key)
        except SourceUnavailable as exc:
            return LookupResult((), "none", f"本机缓存中没有{what}；{exc}", online=False)
        if answer is None:
            return LookupResult((), "none", f"本机尚未取得大厅的查询密钥，无法按证件号码向平台查询{what}。", online=True)
        if not answer.ok:
            message = answer.message or f"中心平台没有{what}。"
            if answer.status == 404:
                message = f"未找到{what}：本机和中心平台都没有该办件，请核对后重新输入。"
            return LookupResult((), "none", message, online=True)
        cases = answer.cases[:LOOKUP_LIMIT]
        if not cases:
            return LookupResult((), "none", f"中心平台没有{what}。", online=True)
        uuids = self._cache(cases)
        with self.ctx.db.session() as s:
            rows = s.execute(_FOUND.where(A.c.uuid.in_(uuids))).all()
            return LookupResult(tuple(_found(r) for r in rows), "platform", online=True)

    def recent(self, limit: int = RECENT_LIMIT, days: int = RECENT_DAYS) -> LookupResult:
        """The latest cases other windows accepted (the hall feed's arrivals), newest first.

        What the hall page lists before anything is looked up, so a clerk sees the hall's work come
        in and can open a case without its number. Read from the cache only (works offline). One
        short range per window the feed knows, over ``ix_application_window_created`` (newest
        first, ``limit`` rows each), merged here: a million-case cache costs no scan.
        """
        since = self.ctx.now() - dt.timedelta(days=days)
        own = self.ctx.config.hall.window_id
        rows: list[Any] = []
        with self.ctx.db.session() as s:
            windows = s.execute(select(HallWindow.window_id).where(HallWindow.window_id != own)).scalars().all()
            for window in windows:
                rows += s.execute(_FOUND.where(A.c.window_id == window, A.c.created_at >= since,
                                               A.c.origin == "hall", A.c.status != str(Status.DRAFT))
                                  .order_by(A.c.created_at.desc()).limit(limit)).all()
        rows.sort(key=lambda r: (r.created_at, r.acceptance_no or ""), reverse=True)
        cases = tuple(_found(r) for r in rows[:limit] if r.hall_detail != "deleted")
        return LookupResult(cases, "local" if cases else "none",
                            "" if cases else f"近 {days} 天大厅里其他窗口还没有办件传到本机。")

    @staticmethod
    def _describe(query: CaseQuery) -> str:
        if query.by_id:
            return "该证件持有人的办件"
        return f"编号为 {query.numbers[0]} 的办件" if query.numbers else "该办件"

    def _local(self, s: Session, query: CaseQuery) -> list[FoundCase]:
        """The cache's answer: one indexed lookup (acceptance/official number, a paper's short label, or the ID hash)."""
        if query.by_id:
            key = key_for(s, query.id_kind, query.id_number)
            # This window's own cases through the shared applicant record (indexed), the hall's by the hash.
            person = select(Applicant.id).where(Applicant.kind == query.id_kind, Applicant.id_number == query.id_number)
            rows = list(s.execute(_FOUND.where(A.c.applicant_id.in_(person), A.c.status != "draft")
                                  .limit(LOOKUP_LIMIT)).all())
            if key:
                seen = {r.uuid for r in rows}
                rows += [r for r in s.execute(_FOUND.where(A.c.applicant_key == key, A.c.status != "draft")
                                              .limit(LOOKUP_LIMIT)).all() if r.uuid not in seen]
            rows.sort(key=lambda r: r.updated_at or dt.datetime.min, reverse=True)
            if rows or not query.numbers:
                return [_found(r) for r in rows[:LOOKUP_LIMIT]]
        for number in query.numbers:
            if number.startswith(("BZ-", "BY-", "CL-")) or (len(number) == 12 and "-" not in number
                                                              and all(c in "0123456789ABCDEF" for c in number)):
                prefix = number[-12:].lower()
                hits = s.execute(_FOUND.where(func.lower(func.replace(A.c.uuid, "-", "")).like(prefix + "%"))
                                 .limit(2)).all()
            else:
                hits = s.execute(_FOUND.where(A.c.acceptance_no == number)).all() or \
                    s.execute(_FOUND.where(A.c.official_no == number)).all()
            found = [_found(r) for r in hits if r.hall_detail != "deleted"]
            if found:
                return found
        return []

    def _remote(self, query: CaseQuery, key: str | None):
        assert self.source is not None
        if query.by_id:
            return self.source.find(applicant_key=key) if key else None
        if query.kind == "qr":
            return self.source.find(qr=query.text)
        return self.source.find(number=query.numbers[0])

    def _cache(self, cases: list[dict[str, Any]]) -> list[str]:
        """Keep what the platform answered in the hall cache (with the full name, for the papers)."""
        now = self.ctx.now()
        items = [(str(c.get("uuid")), list(c.get("events") or [])) for c in cases if c.get("uuid")]
        with self.ctx.db.transaction() as s:
            HallProjector(s, now).apply(items)
            for case in cases:
                if case.get("applicant_name"):
                    _remember_name(s, str(case["uuid"]), str(case["applicant_name"]))
        return [uuid for uuid, _ in items]

    # --- opening ----------------------------------------------------------------------

    def open(self, uuid: str, *, fetch: bool = True) -> HallCaseView:
        """The case with its history; a case of another window is first cached in full when online."""
        if fetch and self.source is not None:
            try:
                self.cache_whole(uuid)
            except SourceUnavailable as exc:
                log.info("case %s opened from the cache (offline: %s)", uuid[:8], exc)
        with self.ctx.db.session() as s:
            app = load_case(s, uuid)
            return self._view(s, app)

    def cache_whole(self, uuid: str) -> bool:
        """Fetch a hall case's every event, full applicant name and page files; False for an own case."""
        with self.ctx.db.session() as s:
            app = load_case(s, uuid)
            if app.origin != "hall":
                return False
        assert self.source is not None
        answer = self.source.case(uuid)
        if not answer.ok:
            return False
        self._cache([answer.body])
        self._pages(uuid)
        with self.ctx.db.transaction() as s:
            s.execute(update(A).where(A.c.uuid == uuid).values(hall_detail="full"))
        return True

    def _pages(self, uuid: str) -> int:
        """Download the page files of a cached case (content-addressed: each file once)."""
        from desktop.services.attachments.service import AttachmentService

        with self.ctx.db.session() as s:
            app = load_case(s, uuid)
            refs = parse_extra(app.hall_extra).get("pages") or {}
            materials = {m.seq: (m.id, {a.sha256 for a in m.attachments}) for m in app.materials}
        wanted = [(seq, page) for seq, pages in refs.items() for page in pages or []
                  if int(seq) in materials and page.get("sha256") not in materials[int(seq)][1]]
        if not wanted:
            return 0
        service = AttachmentService(self.ctx)
        stored = []
        assert self.source is not None
        for seq, page in wanted:
            data = self.source.page(page["sha256"])
            if data is None:
                continue
            kept = service.blobs.put(data, encrypt=service.encrypting)
            if kept.sha256 != page["sha256"]:
                continue  # a file that is not what the case says is not kept as its page
            stored.append((materials[int(seq)][0], page, kept))
        with self.ctx.db.transaction() as s:
            for material_id, page, kept in stored:
                s.add(Attachment(material_id=material_id, page_no=int(page.get("page_no") or 1), sha256=kept.sha256,
                                 mime=str(page.get("mime") or "application/octet-stream"), size=kept.size,
                                 source="hall", encrypted=kept.encrypted, uploaded=True, created_at=self.ctx.now()))
        return len(stored)

    # --- the view ---------------------------------------------------------------------

    def view(self, uuid: str) -> HallCaseView:
        with self.ctx.db.session() as s:
            return self._view(s, load_case(s, uuid))

    def _view(self, s: Session, app: Application) -> HallCaseView:
        extra = parse_extra(app.hall_extra)
        refs = extra.get("pages") or {}
        rows = s.execute(select(EventRow).where(EventRow.application_id == app.id)
                         .order_by(EventRow.version.is_(None), EventRow.version, EventRow.id)).scalars().all()
        history = tuple(_line(r) for r in rows)
        materials = tuple(
            CaseMaterial(seq=m.seq, name=m.name, required=m.required, state=m.state,
                         state_label=STATE_LABELS.get(m.state, m.state), deferred_until=m.deferred_until,
                         pages=max(len(m.attachments), len(refs.get(str(m.seq)) or [])), pages_here=len(m.attachments))
            for m in app.materials)
        state = case_state(app)
        clerk = app.clerk.display_name if app.clerk is not None else ""
        name = extra.get("full_name") or (app.applicant.name if app.applicant is not None else app.applicant_name)
        return HallCaseView(
            uuid=app.uuid, acceptance_no=app.acceptance_no or "", official_no=app.official_no or "",
            matter_code=app.matter_code, matter_name=app.matter_name, department=app.department or "",
            window_id=app.window_id, clerk_name=clerk, status=app.status, own=app.origin == "window",
            cached="own" if app.origin == "window" else (app.hall_detail or "summary"),
            applicant_name=mask_name(name or ""), applicant_id_masked=app.applicant_id_masked or "",
            created_at=app.created_at, accepted_at=app.accepted_at, due_date=app.due_date,
            supplement_due=app.supplement_due, paused_working_days=app.paused_working_days or 0,
            result_ready_at=app.result_ready_at, handed_over_at=app.handed_over_at,
            handover_text=_handover_text(extra.get("handover")), version=app.case_version or 0,
            sync_state=app.sync_state, materials=materials, history=history,
            can_supplement=_fits(state, EventKind.SUPPLEMENT_RECEIVED, app),
            can_deliver_deferred=any(m.state == "deferred" for m in app.materials)
            and app.status in (Status.ACCEPTED, Status.TRANSFERRED, Status.COMPLETED),
            can_hand_over=app.status == Status.COMPLETED and app.handed_over_at is None)


def _fits(state: dict[str, Any], kind: EventKind, app: Application) -> bool:
    from desktop.domain.case_events import CaseEvent

    probe = CaseEvent(event_uuid="00000000-0000-0000-0000-000000000000", case_uuid=app.uuid, kind=str(kind),
                      at=dt.datetime(2000, 1, 1), window_id="W00")
    try:
        apply_event(state, probe, check_version=False)
    except Exception:  # noqa: BLE001 - any refusal means "not now"
        return False
    return True


def load_case(s: Session, uuid: str) -> Application:
    app = s.execute(select(Application).where(Application.uuid == uuid).options(
        selectinload(Application.materials).selectinload(ApplicationMaterial.attachments),
        selectinload(Application.applicant), selectinload(Application.clerk))).scalar()
    if app is None:
        raise ApplicationNotFound("本机没有该办件，请重新查找。")
    return app


P = cast(Table, ApplicationParty.__table__)
# What a lookup line needs, in one indexed query (the own case's name from its own party snapshot).
_FOUND = (select(A.c.uuid, A.c.acceptance_no, A.c.official_no, A.c.matter_name, A.c.applicant_name,
                 A.c.applicant_id_masked, A.c.window_id, A.c.status, A.c.updated_at, A.c.created_at, A.c.origin,
                 A.c.hall_detail, A.c.hall_extra, P.c.name.label("own_name"))
          .join_from(A, P, (P.c.application_id == A.c.id) & (P.c.role == "applicant"), isouter=True))


def _found(r: Any) -> FoundCase:
    name = r.own_name or (parse_extra(r.hall_extra).get("full_name") if r.hall_extra else None) or r.applicant_name
    return FoundCase(uuid=r.uuid, acceptance_no=r.acceptance_no or "", official_no=r.official_no or "",
                     matter_name=r.matter_name, applicant=mask_name(name or ""),
                     applicant_id_masked=r.applicant_id_masked or "", window_id=r.window_id, status=r.status,
                     updated_at=r.updated_at, own=r.origin == "window",
                     cached="own" if r.origin == "window" else (r.hall_detail or "summary"))


def _line(row: EventRow) -> HistoryLine:
    try:
        event = parse_event(json.loads(row.payload))
        text = describe(event, hall_time(row.server_at or row.at))
    except (ValueError, TypeError):
        text = f"{hall_time(row.at):%m月%d日 %H:%M} {row.window_id} {row.kind}"
    state = row.push_state if row.origin == "local" else "received"
    return HistoryLine(at=row.server_at or row.at, text=text, kind=row.kind, window_id=row.window_id, state=state,
                       refusal=row.refusal or "")


def _handover_text(handover: Any) -> str:
    if not isinstance(handover, dict):
        return ""
    who = {"applicant": "申请人本人", "agent": "委托代理人"}.get(str(handover.get("collector")), "领取人")
    name = str(handover.get("name") or "")
    if handover.get("method") == "post":
        return f"邮寄送达（{handover.get('courier', '')} {handover.get('tracking_no', '')}），收件人 {name}".strip()
    return f"{who} {name} 在 {handover.get('window_id', '')} 号窗口领取".strip()


def _remember_name(s: Session, uuid: str, name: str) -> None:
    row = s.execute(select(A.c.hall_extra, A.c.origin).where(A.c.uuid == uuid)).first()
    if row is None or row.origin != "hall":
        return
    extra = parse_extra(row.hall_extra)
    extra["full_name"] = name
    s.execute(update(A).where(A.c.uuid == uuid).values(
        hall_extra=json.dumps(extra, ensure_ascii=False, sort_keys=True), applicant_name=name[:200]))
