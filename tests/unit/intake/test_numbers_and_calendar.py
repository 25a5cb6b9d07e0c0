"""Acceptance numbers survive restores; the stored calendar loads once and can be replaced."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from desktop.services.catalog.calendar import CalendarService
from desktop.services.context import AppContext
from desktop.services.intake.acceptance_numbers import HWM_FILE, HighWaterMark
from desktop.services.intake.applicants import ApplicantService, PartyData, validate_party
from desktop.services.intake.service import IntakeService
from desktop.store import migrate
from desktop.store.models import CalendarDay
from tests.unit.intake.conftest import PERSON_ID, person_form, provide_all


def _accept_one(intake, clerk) -> str:
    view = intake.start_draft(clerk, "M-LIC", person_form())
    provide_all(intake, view.uuid)
    return intake.accept(clerk, view.uuid).acceptance_no


def test_sequence_is_not_reused_after_restoring_an_older_backup(ctx, config, intake, clerk, clock, tmp_path):
    first = _accept_one(intake, clerk)
    backup = migrate.backup_database(config.db_path, tmp_path / "before.sqlite3")
    second, third = _accept_one(intake, clerk), _accept_one(intake, clerk)
    assert [n[-4:] for n in (first, second, third)] == ["0001", "0002", "0003"]
    ctx.close()
    migrate.restore_database(backup, config.db_path)
    restored = AppContext.open(config, clock=clock)
    try:
        again = _accept_one(IntakeService(restored), clerk)
    finally:
        restored.close()
    assert again.endswith("-0004")  # 0002 and 0003 are on citizens' receipts already


def test_a_damaged_high_water_file_does_not_stop_the_counter(config, intake, clerk):
    (config.data_dir / HWM_FILE).write_text("{not json", encoding="utf-8")
    assert _accept_one(intake, clerk).endswith("-0001")
    assert HighWaterMark(config.data_dir).get("W01", dt.date(2026, 9, 30)) == 1


def test_bundled_calendar_loads_once_and_a_platform_year_replaces_it(ctx, intake):
    service = CalendarService(ctx)
    assert service.ensure_bundled_loaded() == 0  # IntakeService already loaded it
    assert service.years() == {2025: "bundled", 2026: "bundled"}
    assert not service.calendar().is_working_day(dt.date(2026, 10, 1))
    service.replace_year(2026, [dt.date(2026, 10, 2)], [dt.date(2026, 10, 10)])
    cal = service.calendar()
    assert cal.is_working_day(dt.date(2026, 10, 1)) and not cal.is_working_day(dt.date(2026, 10, 2))
    assert service.years()[2026] == "server"
    assert service.ensure_bundled_loaded() == 0  # never undoes the platform's year
    with ctx.db.session() as s:
        assert s.execute(select(func.count()).select_from(CalendarDay)).scalar() == 28 + 5 + 2


def test_returning_applicant_is_found_by_id_number_for_prefill(intake, clerk):
    _accept_one(intake, clerk)
    found = ApplicantService(intake.ctx).find_by_id_number(PERSON_ID.lower())
    assert found is not None and found.party.name == "张三" and found.party.address == "兰州市城关区"
    assert found.sex == "男" and found.birth_date == dt.date(1990, 5, 17) and found.phone_masked == "138****5678"
    assert ApplicantService(intake.ctx).find_by_id_number("110105194912310021") is None


def test_party_validation_collects_every_problem():
    problems = validate_party(PartyData(kind="person", name="", id_number="123", phone="abc"))
    assert problems == ["请填写申请人姓名", "申请人公民身份号码：公民身份号码应为18位，当前为3位", "申请人联系电话格式不正确"]
    assert validate_party(None) == ["请填写申请人信息"]


def test_a_calendar_changed_by_another_writer_is_seen_by_the_next_load(ctx, intake):
    from desktop.services.catalog.calendar import load_calendar

    with ctx.db.session() as s:
        before = load_calendar(s)
        assert load_calendar(s) is before  # unchanged rows: the parsed calendar is reused
    assert not before.is_working_day(dt.date(2026, 10, 1))
    conn = ctx.db.raw_connection()  # another writer: same days, one kind changed in place
    try:
        conn.execute("UPDATE calendar_day SET kind = 'workday' WHERE day LIKE '2026-10-01%'")
    finally:
        conn.close()
    with ctx.db.session() as s:
        after = load_calendar(s)
    assert after is not before and after.is_working_day(dt.date(2026, 10, 1))


def _watch_commits(ctx, log: list[str]) -> None:
    from sqlalchemy import event
    event.listen(ctx.db.engine, "commit", lambda _conn: log.append("commit"))
    event.listen(ctx.db.engine, "rollback", lambda _conn: log.append("rollback"))


def test_the_number_mark_is_on_disk_before_the_case_is_committed(ctx, intake, clerk, monkeypatch):
    from desktop.services.intake import decisions, high_water_mark
    log: list[str] = []
    real_write = decisions.write_decision

    def write_decision(*args, **kwargs):
        log.append("case written")
        return real_write(*args, **kwargs)

    _accept_one(intake, clerk)  # the mark file exists: later numbers raise it in place
    view = intake.start_draft(clerk, "M-LIC", person_form())
    provide_all(intake, view.uuid)
    monkeypatch.setattr(decisions, "write_decision", write_decision)
    monkeypatch.setattr(high_water_mark, "_datasync", lambda fd: log.append("mark synced"))
    _watch_commits(ctx, log)
    number = intake.accept(clerk, view.uuid).acceptance_no
    assert log == ["mark synced", "case written", "commit"]
    assert HighWaterMark(ctx.config.data_dir).get("W01", dt.date(2026, 9, 30)) == int(number[-4:])


def test_a_mark_that_cannot_be_made_durable_refuses_the_decision_and_keeps_the_case(ctx, intake, clerk, monkeypatch):
    from desktop.services.intake import high_water_mark
    _accept_one(intake, clerk)
    view = intake.start_draft(clerk, "M-LIC", person_form())
    provide_all(intake, view.uuid)

    def datasync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(high_water_mark, "_datasync", datasync)
    with pytest.raises(OSError):
        intake.accept(clerk, view.uuid)
    case = intake.get_application(view.uuid)
    assert case.status == "draft" and not case.acceptance_no
    monkeypatch.undo()
    assert _accept_one(intake, clerk).endswith("-0003")  # the failed one's number is skipped, never reused
