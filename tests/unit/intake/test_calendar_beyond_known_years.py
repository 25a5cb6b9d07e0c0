"""Calendar beyond the known years: flagged at the counter, warned from November, recounted on import.

The bundled data has the official arrangements for 2025 and 2026 only. The 2027 document below is
TEST DATA made for these tests (it is not an official arrangement and is not bundled): it declares
1 January 2027 a holiday so that a Monday–Friday count is visibly wrong.
"""
from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from desktop.cli import main as cli_main
from desktop.services.catalog.calendar import CalendarInvalid, CalendarService
from desktop.services.intake.errors import DueDateNeedsConfirmation
from desktop.services.papers.records import PrintRecords
from desktop.store.models import ApplicationEvent, AuditEvent, CalendarDay, Outbox
from tests.unit.intake.conftest import add_matter, person_form, provide_all

TEST_2027 = {"years": {"2027": {"holidays": ["2027-01-01", "2027-01-02", "2027-01-03"],
                                "adjusted_workdays": []}}}
NEW_YEARS_EVE = dt.date(2026, 12, 31)  # a Thursday


@pytest.fixture
def one_day(ctx, intake):
    add_matter(ctx, "M-ONE", promised_days=1)


def _draft(intake, clerk, code="M-ONE") -> str:
    view = intake.start_draft(clerk, code, person_form())
    provide_all(intake, view.uuid)
    return view.uuid


def test_a_due_date_in_a_year_without_data_is_flagged_before_acceptance(ctx, intake, clerk, clock, one_day):
    clock.set_day(NEW_YEARS_EVE)
    uuid = _draft(intake, clerk)
    with pytest.raises(DueDateNeedsConfirmation) as refused:
        intake.accept(clerk, uuid)  # 2026-12-31 + 1 working day = 2027-01-01, counted Monday–Friday
    assert refused.value.due_date == dt.date(2027, 1, 1) and refused.value.years == [2027]
    assert "2027 年" in str(refused.value) and "周一至周五" in str(refused.value)
    assert intake.get_application(uuid).status == "draft"  # nothing written until the clerk confirms
    decision = intake.accept(clerk, uuid, confirm_uncertain_due=True)
    assert decision.due_date == dt.date(2027, 1, 1)
    with ctx.db.session() as s:
        detail = s.scalars(select(AuditEvent.detail).where(AuditEvent.action == "application.accept")).one()
    assert '"due_counted_without_calendar": [2027]' in detail


def test_the_receipt_says_a_date_counted_without_data_is_provisional(ctx, intake, clerk, clock, one_day):
    from tests.unit.printing.conftest import flat, pdf_pages

    clock.set_day(NEW_YEARS_EVE)
    uuid = _draft(intake, clerk)
    intake.accept(clerk, uuid, confirm_uncertain_due=True)
    text = flat("".join(pdf_pages(PrintRecords(ctx).prepare(uuid, "receipt").rendered.pdf)))
    assert "2027年节假日安排尚未公布，暂按周一至周五计算" in text


def test_a_due_date_within_known_years_needs_no_confirmation(intake, clerk, clock, one_day):
    clock.set_day(dt.date(2026, 12, 29))
    assert intake.accept(clerk, _draft(intake, clerk)).due_date == dt.date(2026, 12, 30)


def test_importing_the_arrangement_recounts_open_cases_as_new_audited_versions(ctx, intake, clerk, clock, one_day):
    clock.set_day(NEW_YEARS_EVE)
    open_case = intake.accept(clerk, _draft(intake, clerk), confirm_uncertain_due=True)
    done = intake.accept(clerk, _draft(intake, clerk), confirm_uncertain_due=True)
    with ctx.db.transaction() as s:  # a case the platform already completed is not recounted
        from desktop.store.models import Application

        s.scalars(select(Application).where(Application.uuid == done.uuid)).one().status = "completed"
    update = CalendarService(ctx).import_document(TEST_2027, actor="it")
    assert update.years == (2027,) and update.source == "import"
    assert [(r.label, r.old_due, r.new_due, r.version) for r in update.recounted] == [
        (open_case.acceptance_no, dt.date(2027, 1, 1), dt.date(2027, 1, 4), 2)]
    assert any("2027-01-01 → 2027-01-04" in line for line in update.lines())
    with ctx.db.session() as s:
        payloads = [json.loads(p) for p in s.scalars(select(Outbox.payload).where(
            Outbox.entity_uuid == open_case.uuid).order_by(Outbox.version))]
        assert [(p["version"], p["due_date"]) for p in payloads] == [(1, "2027-01-01"), (2, "2027-01-04")]
        event = s.scalars(select(ApplicationEvent).where(ApplicationEvent.kind == "corrected")).one()
        assert "承诺办结日期 2027-01-01 → 2027-01-04" in event.note
        assert json.loads(event.detail)["changes"] == {"due_date": ["2027-01-01", "2027-01-04"]}
        audit_row = s.scalars(select(AuditEvent).where(AuditEvent.action == "calendar.update",
                                                       AuditEvent.actor == "it")).one()
        assert '"recounted": 1' in audit_row.detail and '"years": [2027]' in audit_row.detail
        assert s.get(CalendarDay, dt.date(2027, 1, 1)).source == "import"
    assert CalendarService(ctx).import_document(TEST_2027, actor="it").recounted == ()  # nothing moves twice
    assert CalendarService(ctx).coverage_warning(dt.date(2026, 11, 29)) is None


def test_supervisors_and_it_are_warned_from_the_first_of_november(ctx, intake):
    service = CalendarService(ctx)
    assert service.coverage_warning(dt.date(2026, 10, 31)) is None
    warning = service.coverage_warning(dt.date(2026, 11, 1))
    assert warning.startswith("尚无 2027 年的官方节假日安排") and "onewindow calendar import" in warning


def test_a_file_that_is_not_an_official_arrangement_is_refused_and_nothing_changes(ctx, intake):
    service = CalendarService(ctx)
    with pytest.raises(CalendarInvalid, match="格式有误"):
        service.import_document({"years": {"2027": {"holidays": ["2026-05-01"]}}}, actor="it")
    assert 2027 not in service.years()


def test_calendar_import_and_status_from_the_command_line(ctx, intake, config, tmp_path, capsys):
    path = tmp_path / "2027.json"
    path.write_text(json.dumps(TEST_2027), encoding="utf-8")
    ctx.close()
    assert cli_main(["--data-dir", str(config.data_dir), "calendar", "import", str(path)]) == 0
    assert "已载入 2027 年的官方节假日安排（本机导入的官方安排）" in capsys.readouterr().out
    cli_main(["--data-dir", str(config.data_dir), "calendar", "status"])
    shown = capsys.readouterr().out
    assert "2026 年：随程序发布的官方安排" in shown and "2027 年：本机导入的官方安排" in shown
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert cli_main(["--data-dir", str(config.data_dir), "calendar", "import", str(bad)]) == 1
    assert "不是有效的 JSON" in capsys.readouterr().err


def test_db_check_carries_the_calendar_warning_without_failing(ctx, intake, config):
    from desktop.services.maintenance.db_check import run_checks

    finding = next(f for f in run_checks(config.db_path) if f.name.startswith("the working-day calendar"))
    assert finding.ok  # a warning never fails the check; whether it is raised depends on today's date
    assert finding.warning == bool(finding.detail)
