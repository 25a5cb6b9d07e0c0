"""What a sync run (or `sync status`) reports: plain data for the CLI, the shell and the panel."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from desktop.domain.hall_clock import hall_clock
from sync.state import SKEW_TOLERANCE_SECONDS


@dataclass
class SyncSummary:
    online: bool = False
    enrolled: bool = False
    pending: int = 0  # outbox rows still to send (including ones waiting for a retry)
    parked: int = 0  # outbox rows the platform refused: need a person
    last_ok: dt.datetime | None = None  # naive UTC of the last fully successful run
    skew_seconds: float | None = None  # server clock minus local clock
    busy: bool = False  # another window holds the sync lock
    created: int = 0
    duplicate: int = 0
    newly_parked: int = 0
    retried: int = 0
    uploaded: int = 0
    matters_changed: int = 0
    matters_deleted: int = 0
    status_changes: int = 0
    calendar_years: list[int] = field(default_factory=list)
    hall_sent: int = 0  # case events the platform took (the hall)
    hall_changes: int = 0  # events of the hall's windows pulled into the hall cache
    hall_refusals: list[str] = field(default_factory=list)  # "此件已于 10:42 在 W03 号窗口补齐材料"
    error_kind: str | None = None
    error: str | None = None  # plain Chinese, for the clerk or IT
    warnings: list[str] = field(default_factory=list)
    duration_seconds: float = 0.0

    @property
    def skew_warning(self) -> bool:
        return self.skew_seconds is not None and abs(self.skew_seconds) > SKEW_TOLERANCE_SECONDS

    @property
    def ok(self) -> bool:
        """Everything sent and nothing needs a person."""
        return self.online and not self.error and not self.parked and not self.pending and not self.busy

    def skew_text(self) -> str | None:
        if not self.skew_warning or self.skew_seconds is None:
            return None
        direction = "快" if self.skew_seconds < 0 else "慢"
        minutes = abs(self.skew_seconds) / 60
        return (f"本机时钟比中心平台{direction}约 {minutes:.0f} 分钟，受理时间和办理时限以平台时间为准，"
                "请IT校准本机时间。")

    def lines(self) -> list[str]:
        """A short human summary (Simplified Chinese)."""
        out = []
        if self.busy:
            out.append("另一个窗口正在同步，本次跳过。")
        out.append(f"平台连接：{'在线' if self.online else '离线'}；设备登记：{'已登记' if self.enrolled else '未登记'}")
        out.append(f"本次上传：新增 {self.created} 件，平台已有 {self.duplicate} 件，附件 {self.uploaded} 个；"
                   f"被退回 {self.newly_parked} 件，待重试 {self.retried} 次")
        out.append(f"事项目录：更新 {self.matters_changed} 项，删除 {self.matters_deleted} 项；"
                   f"办件状态更新 {self.status_changes} 条"
                   + (f"；工作日历已更新 {'、'.join(map(str, self.calendar_years))} 年" if self.calendar_years else ""))
        out.append(f"待上传 {self.pending} 件，需处理（被平台退回）{self.parked} 件")
        out.append(f"大厅：上传办理记录 {self.hall_sent} 条，收到各窗口变更 {self.hall_changes} 条")
        out.extend("未被采用：" + r for r in self.hall_refusals)
        out.append("上次成功同步：" + (f"{hall_clock().local(self.last_ok):%Y-%m-%d %H:%M:%S}" if self.last_ok else "从未"))
        if self.skew_seconds is not None:
            out.append(f"时钟偏差：{self.skew_seconds:+.0f} 秒")
        if text := self.skew_text():
            out.append("警告：" + text)
        out.extend("警告：" + w for w in self.warnings)
        if self.error:
            out.append("错误：" + self.error)
        return out
