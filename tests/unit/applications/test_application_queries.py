"""The applications list's query layer: keyset pages, filters and index-backed text search."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop.services.applications.list_queries import ApplicationFilter, ApplicationQueries
from tests.unit.applications.factory import add_applicant, add_application, add_user

T0 = dt.datetime(2026, 11, 20, 2, 0, 0)


@pytest.fixture
def seeded(ctx):
    """25 applications, one minute apart, two clerks, two matters, a few statuses."""
    with ctx.db.transaction() as s:
        alice = add_user(s, "alice", "李娜")
        bob = add_user(s, "bob", "赵强")
        zhang = add_applicant(s, "张三", "11010519491231002X")
        li = add_applicant(s, "李四", "440524188001010014")
        for n in range(25):
            add_application(
                s, clerk=alice if n % 2 else bob, applicant=zhang if n % 3 else li,
                created_at=T0 + dt.timedelta(minutes=n),
                status="rejected" if n % 5 == 0 else "accepted",
                matter_code="M002" if n % 4 == 0 else "M001",
                matter_name="营业执照" if n % 4 == 0 else "户口迁移",
                acceptance_no=f"W01-20261120-{n:04d}", official_no=f"GOV{n:06d}" if n < 3 else None)
    return {"alice": alice.id, "bob": bob.id}


def _all_pages(q, flt, limit):
    rows, cursor, pages = [], None, 0
    while True:
        page = q.page(flt, cursor, limit=limit)
        rows += page.rows
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            return rows, pages


def test_keyset_pages_return_every_row_once_newest_first(ctx, seeded):
    rows, pages = _all_pages(ApplicationQueries(ctx), ApplicationFilter(window_id="W01"), limit=7)
    assert pages == 4
    assert [r.acceptance_no for r in rows] == [f"W01-20261120-{n:04d}" for n in range(24, -1, -1)]


def test_rows_with_equal_timestamps_are_neither_lost_nor_repeated(ctx, seeded):
    with ctx.db.transaction() as s:
        clerk = add_user(s, "carol")
        for n in range(5):
            add_application(s, clerk=clerk, created_at=T0, acceptance_no=f"SAME-{n}")
    rows, _ = _all_pages(ApplicationQueries(ctx), ApplicationFilter(), limit=2)
    assert len(rows) == 30
    assert len({r.id for r in rows}) == 30


def test_filters_combine(ctx, seeded):
    q = ApplicationQueries(ctx)
    page = q.page(ApplicationFilter(window_id="W01", status="rejected", matter_code="M001",
                                    clerk_id=seeded["alice"]))
    # rejected: n in {0,5,10,15,20}; M001: n%4 != 0 -> {5,10,15}; alice: odd n -> {5,15}
    assert [r.acceptance_no[-2:] for r in page.rows] == ["15", "05"]
    assert page.next_cursor is None
    assert all(r.clerk_name == "李娜" for r in page.rows)


def test_other_windows_are_not_listed(ctx, seeded):
    assert ApplicationQueries(ctx).page(ApplicationFilter(window_id="W09")).rows == []


@pytest.mark.usefixtures("pc_time_zone")
def test_date_range_uses_the_halls_calendar_days(ctx, seeded):
    q = ApplicationQueries(ctx)
    hall_day = dt.date(2026, 11, 20)  # 02:00-02:24 UTC is 10:00-10:24 in the hall (Asia/Shanghai)
    assert len(q.page(ApplicationFilter(date_from=hall_day, date_to=hall_day)).rows) == 25
    assert q.page(ApplicationFilter(date_from=hall_day + dt.timedelta(days=1))).rows == []
    assert q.page(ApplicationFilter(date_to=hall_day - dt.timedelta(days=1))).rows == []


@pytest.mark.parametrize(("term", "expected"), [
    ("W01-20261120-001", 10),       # acceptance number prefix: 0010..0019
    ("w01-20261120-0024", 1),       # case does not matter for numbers
    ("GOV00000", 3),                # official 办件编号 prefix
    ("张", 0),                       # a surname alone is too broad to search by
    ("张三", 16),                    # applicant name (prefix of two or more characters)
    ("11010519491231002x", 16),     # full ID number, lower-case x
    ("4405**********0014", 9),      # masked ID number as printed on a receipt
    ("三", 0),                       # substring matches are deliberately not supported
])
def test_text_search_matches_numbers_names_and_id_numbers(ctx, seeded, term, expected):
    rows, _ = _all_pages(ApplicationQueries(ctx), ApplicationFilter(text=term), limit=50)
    assert len(rows) == expected


def test_rows_never_carry_a_full_id_number(ctx, seeded):
    rows = ApplicationQueries(ctx).page(ApplicationFilter()).rows
    assert {r.applicant_id_masked for r in rows} == {"1101**********002X", "4405**********0014"}


def test_count_is_exact_below_the_cap_and_capped_above(ctx, seeded):
    q = ApplicationQueries(ctx)
    exact = q.count(ApplicationFilter(status="rejected"))
    assert (exact.value, exact.capped) == (5, False)
    capped = q.count(ApplicationFilter(), cap=10)
    assert (capped.value, capped.capped) == (10, True)


def test_choices_list_matters_and_clerks_that_have_applications(ctx, seeded):
    q = ApplicationQueries(ctx)
    assert [c.value for c in q.matter_choices()] == ["M001", "M002"]
    assert q.matter_choices()[0].label == "户口迁移（M001）"
    assert sorted(c.label for c in q.clerk_choices()) == sorted(["李娜", "赵强"])


def test_rows_by_ids_refreshes_changed_rows(ctx, seeded):
    q = ApplicationQueries(ctx)
    row = q.page(ApplicationFilter(), limit=1).rows[0]
    with ctx.db.transaction() as s:
        from desktop.store.models import Application
        s.get(Application, row.id).server_status = "办理中"
    assert q.rows_by_ids([row.id, 999999])[row.id].server_status == "办理中"
