"""`onewindow --demo`: a throwaway hall a newcomer can click through with one command.

Everything lives in a fresh temporary data dir, so a demo never touches a real counter's
data. Each capability adds its step to ``DEMO_STEPS`` (catalog, seeded applications,
simulated devices, a reference central server …).
"""
from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from desktop.config import Config, load_config, save_local_settings
from desktop.services.accounts.auth import AuthService
from desktop.services.context import AppContext

log = logging.getLogger("onewindow.demo")

DEMO_ACCOUNTS: tuple[tuple[str, str, str, str], ...] = (
    # username, password, role, display name
    ("clerk", "clerk2026", "clerk", "王小丽"),
    ("supervisor", "super2026", "supervisor", "李主任"),
    ("admin", "admin2026", "admin", "系统管理员"),
)

DEMO_SETTINGS = {
    "hall": {"name": "示例市政务服务中心（演示）", "window_id": "W03"},
    "devices": {"id_reader": "simulated", "camera": "simulated", "scanner": "simulated"},
}


@dataclass
class DemoHall:
    config: Config
    accounts: list[tuple[str, str, str]] = field(default_factory=list)  # username, password, role
    notes: list[str] = field(default_factory=list)  # what each step set up, printed on start


DemoStep = Callable[[AppContext, DemoHall], None]


def _accounts(ctx: AppContext, hall: DemoHall) -> None:
    auth = AuthService(ctx)
    for username, password, role, display in DEMO_ACCOUNTS:
        auth.create_user(username, password, role, display_name=display)
        hall.accounts.append((username, password, role))


def _local_data(ctx: AppContext, hall: DemoHall) -> None:
    from desktop.services.maintenance.startup import prepare_local_data

    hall.notes += prepare_local_data(ctx)


def _applications(ctx: AppContext, hall: DemoHall) -> None:
    from desktop.services.demo.seed import seed_demo

    # The bulk writer builds the same rows as the intake services, in seconds rather than minutes.
    result = seed_demo(ctx, applications=DEMO_APPLICATIONS, days=14, windows=3, bulk=True)
    hall.notes.append(f"已生成演示办件 {result.applications} 件（近 14 天，{len(result.windows)} 个窗口）")


DEMO_APPLICATIONS = 400


def _scan_inbox(ctx: AppContext, hall: DemoHall) -> None:
    from desktop.services.attachments.seed import prepare_scan_inbox

    hall.config = prepare_scan_inbox(hall.config)
    hall.notes.append(f"模拟高拍仪、模拟扫描仪已启用；扫描文件夹：{hall.config.devices.scan_folder}（已放入 3 页）")


DEMO_STEPS: list[DemoStep] = [_accounts, _local_data, _applications, _scan_inbox]


def prepare_demo(base: Path | None = None) -> DemoHall:
    """Create a demo data dir with accounts and sample data; returns its config and credentials."""
    data_dir = Path(tempfile.mkdtemp(prefix="onewindow-demo-")) if base is None else base
    data_dir.mkdir(parents=True, exist_ok=True)
    # Saved as the dir's local settings, so `onewindow --data-dir DIR` later reopens the same hall.
    config = save_local_settings(load_config(data_dir=data_dir, search_default_provisioning=False), DEMO_SETTINGS)
    hall = DemoHall(config=config)
    ctx = AppContext.open(config)
    try:
        for step in DEMO_STEPS:
            step(ctx, hall)
    finally:
        ctx.close()
    log.info("demo hall prepared in %s", data_dir)
    return hall


def credentials_text(hall: DemoHall) -> str:
    lines = [f"演示数据目录：{hall.config.data_dir}", "演示账号（用户名 / 密码 / 角色）："]
    lines += [f"  {u} / {p} / {r}" for u, p, r in hall.accounts]
    lines += hall.notes
    return "\n".join(lines)
