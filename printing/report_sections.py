"""The report laid out as titled tables: one source for the CSV, the XLSX and the PDF tables.

Values stay typed (int for counts) so spreadsheets get numbers, not text; rates and durations
are preformatted because their meaning is in the unit.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from desktop.domain.reports import (
    BUCKET_LABELS,
    BUCKETS,
    ApplicationList,
    GroupRow,
    Report,
    format_duration,
    format_rate,
    utc_to_local,
)

TOTAL_LABEL = "办件总数"
BUCKET_HEADER = [BUCKET_LABELS[b] for b in BUCKETS]


@dataclass
class Section:
    key: str
    title: str
    header: list[str]
    rows: list[list] = field(default_factory=list)


def _stamp(report: Report) -> str:
    return report.generated_at_local.strftime("%Y-%m-%d %H:%M:%S")


def summary_rows(report: Report) -> list[list]:
    """(label, value) pairs: what the tiles show, in the order a supervisor reads them."""
    rows: list[list] = [
        ["服务大厅", report.hall_name], ["报表期间", report.period.label()], ["窗口", report.window_label],
        ["生成时间（北京时间）", _stamp(report)], ["生成人", report.generated_by],
        [TOTAL_LABEL, report.total],
    ]
    rows += [[label, n] for _, label, n in report.totals.items()]
    rows += [
        ["即办件", report.immediate], ["承诺件", report.promised],
        ["曾补正件数", report.supplemented], ["补正率", format_rate(report.supplement_rate)],
        ["已作出决定件数", report.decided],
        ["受理至决定时长中位数", format_duration(report.median_seconds)],
        ["受理至决定时长 90% 分位", format_duration(report.p90_seconds)],
        [f"已超期（截至 {report.as_of.isoformat()}）", report.overdue_count],
        [f"{report.due_soon_days} 个工作日内到期", report.due_soon_count],
        ["待上报办件", report.sync.app_pending], ["上报被退回办件", report.sync.app_parked],
        ["待发送上报记录", report.sync.outbox_pending], ["被退回上报记录", report.sync.outbox_parked],
    ]
    if report.coverage is not None:
        rows.insert(3, ["数据范围", ("全大厅（大厅数据 + 本机未上报的办件）" if report.coverage.scope == "hall"
                                     else "本窗口") + ("【部分数据】" if report.coverage.partial else "")])
        rows.insert(4, ["数据说明", report.coverage.note])
    return rows


def coverage_section(report: Report) -> Section | None:
    """Each window's freshness ('W07 最后同步 09:12'): how current the hall's numbers are."""
    coverage = report.coverage
    if coverage is None:
        return None
    today = report.generated_at_local.date()
    rows = [[w.window_id + ("（本机）" if w.own else ""),
             utc_to_local(w.last_seen_at).strftime("%Y-%m-%d %H:%M") if w.last_seen_at else "尚未同步",
             w.text(today)] for w in coverage.windows]
    return Section("coverage", "数据覆盖（各窗口最后同步时间）" + ("【部分数据】" if coverage.partial else ""),
                   ["窗口", "最后同步（北京时间）", "说明"], rows)


def _group_rows(groups: tuple[GroupRow, ...], with_key: bool) -> list[list]:
    return [([g.key] if with_key else []) + [g.label, g.counts.total] + [g.counts.get(b) for b in BUCKETS]
            for g in groups]


def sections(report: Report) -> list[Section]:
    coverage = coverage_section(report)
    out = [
        Section("summary", "汇总", ["指标", "数值"], summary_rows(report)),
        *([coverage] if coverage is not None else []),
        Section("by_status", "按办件状态", ["状态", "件数"], [[label, n] for _, label, n in report.totals.items()]
                + [[TOTAL_LABEL, report.total]]),
        Section("by_hour", "按受理时段（北京时间）", ["时段", "件数"],
                [[f"{h:02d}:00-{h:02d}:59", n] for h, n in enumerate(report.by_hour) if n]),
    ]
    if not report.period.is_single_day:
        out.append(Section("by_day", "按日期", ["日期", "件数"], [[d.isoformat(), n] for d, n in report.by_day]))
    out += [
        Section("by_matter", "按事项", ["事项编码", "事项名称", "合计", *BUCKET_HEADER],
                _group_rows(report.by_matter, True)),
        Section("by_department", "按部门", ["部门", "合计", *BUCKET_HEADER], _group_rows(report.by_department, False)),
        Section("by_clerk", "按窗口人员", ["人员", "合计", *BUCKET_HEADER], _group_rows(report.by_clerk, False)),
        *([Section("by_window", "按窗口", ["窗口", "合计", *BUCKET_HEADER], _group_rows(report.by_window, False))]
          if report.by_window else []),
        Section("overdue", f"已超期办件（共 {report.overdue_count} 件）",
                ["受理编号", "事项", "申请人", "窗口", "人员", "承诺办结日", "超期工作日"],
                [[i.acceptance_no, i.matter_name, i.applicant, i.window_id, i.clerk, i.due_date.isoformat(),
                  i.working_days] for i in report.overdue]),
        Section("due_soon", f"{report.due_soon_days} 个工作日内到期（共 {report.due_soon_count} 件）",
                ["受理编号", "事项", "申请人", "窗口", "人员", "承诺办结日", "剩余工作日"],
                [[i.acceptance_no, i.matter_name, i.applicant, i.window_id, i.clerk, i.due_date.isoformat(),
                  i.working_days] for i in report.due_soon]),
    ]
    return out


DETAIL_HEADER = ["受理编号", "事项编码", "事项名称", "部门", "申请人", "证件号码", "联系电话", "窗口", "人员",
                 "状态", "即办", "首次录入（北京时间）", "决定时间（北京时间）", "承诺办结日", "上报状态"]
SYNC_LABELS = {"local": "未上报", "pending": "待上报", "synced": "已上报", "parked": "被退回"}


def detail_section(detail: ApplicationList) -> Section:
    def when(moment):
        return utc_to_local(moment).strftime("%Y-%m-%d %H:%M:%S") if moment else ""

    rows = [[line.acceptance_no, line.matter_code, line.matter_name, line.department, line.applicant_name,
             line.applicant_id, line.applicant_phone, line.window_id, line.clerk, line.status_label,
             "是" if line.immediate else "否", when(line.created_at), when(line.decided_at),
             line.due_date.isoformat() if line.due_date else "", SYNC_LABELS.get(line.sync_state, line.sync_state)]
            for line in detail.lines]
    title = "办件明细" + (f"（仅列出前 {len(detail.lines)} 件，共 {detail.total} 件）" if detail.truncated else "")
    return Section("detail", title, DETAIL_HEADER, rows)
