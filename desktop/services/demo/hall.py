"""`onewindow --demo`: a throwaway hall a newcomer can click through with one command.

Everything lives in a fresh temporary data dir, so a demo never touches a real counter's
data. Each capability adds its step to ``DEMO_STEPS`` (catalog, seeded applications,
simulated devices, a reference central server …).

A temporary demo hall is thrown away when the app exits normally (:func:`discard_demo`), and a
hall left behind by a demo that crashed or was killed is removed at the next ``--demo``
(:func:`remove_stale_demo_halls`): the temp dir does not fill with halls. To keep one, give it a
place: ``onewindow --demo --data-dir DIR`` prepares DIR once and reopens it afterwards.
"""
from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.config import Config, load_config, save_local_settings
from desktop.services.accounts.auth import AuthService
from desktop.services.context import AppContext

if TYPE_CHECKING:
    from desktop.services.demo.live import LiveHall

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


DEMO_PREFIX = "onewindow-demo-"
OWNER_FILE = "demo-owner.pid"  # marks a throwaway hall and names the process using it
STALE_AFTER_SECONDS = 86_400  # Windows has no safe "is this pid alive" probe: go by age there


@dataclass
class DemoHall:
    config: Config
    accounts: list[tuple[str, str, str]] = field(default_factory=list)  # username, password, role
    notes: list[str] = field(default_factory=list)  # what each step set up, printed on start
    throwaway: bool = False  # a temporary hall, removed when the app exits
    live: LiveHall | None = None  # the reference platform and the simulated window W05 (child processes)

    def stop(self) -> None:
        """Stop the live hall's processes (before the data dir they write in is removed)."""
        if self.live is not None:
            self.live.stop()


def _owner_alive(path: Path) -> bool:
    try:
        pid = int((path / OWNER_FILE).read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return False
    if sys.platform.startswith("win"):
        return time.time() - (path / OWNER_FILE).stat().st_mtime < STALE_AFTER_SECONDS
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_demo_halls(tmp: Path | None = None) -> list[Path]:
    """Temporary demo halls whose process is gone (crashed or killed demos), removed."""
    removed = []
    for path in sorted(Path(tmp or tempfile.gettempdir()).glob(DEMO_PREFIX + "*")):
        if path.is_dir() and (path / OWNER_FILE).exists() and not _owner_alive(path):
            shutil.rmtree(path, ignore_errors=True)
            if not path.exists():
                removed.append(path)
    return removed


# The demo PC's device token goes to a file in the throwaway hall (sync/token_store.py INSECURE_FILE_ENV):
# a counter PC keeps it in the OS keyring, which a demo machine may not have.
TOKEN_FILE_ENV = "ONEWINDOW_INSECURE_TOKEN_FILE"
DEMO_SYNC_SECONDS = 15  # W05's cases reach the hall cases page within a quarter of a minute


def start_live_hall(data_dir: Path) -> LiveHall | None:
    """Start the platform process at once (it starts while the demo store is seeded); None if unavailable."""
    from desktop.services.demo.live import LIVE_ENV, LiveHallUnavailable, start_platform

    if os.environ.get(LIVE_ENV) == "0":
        return None
    try:
        return start_platform(data_dir)
    except (LiveHallUnavailable, OSError) as exc:
        log.warning("demo hall without a platform: %s", exc)
        return None


def join_live_hall(hall: DemoHall) -> None:
    """Once the platform answers: provision this PC (it enrols at its first sync) and start W05."""
    from desktop.services.demo.live import LiveHallUnavailable

    live = hall.live
    if live is None:
        hall.notes.append("演示大厅：只有本窗口（未启动参考中心平台和模拟窗口 W05，详见日志）")
        return
    try:
        url = live.wait_ready()
        live.start_window()
    except (LiveHallUnavailable, OSError) as exc:
        live.stop()
        hall.live = None
        hall.notes.append(f"演示大厅：{exc}")
        return
    os.environ.setdefault(TOKEN_FILE_ENV, str(hall.config.data_dir / "demo-device-token"))
    hall.config = save_local_settings(hall.config, {"server": {"url": url, "enrol_code": live.code,
                                                               "sync_interval_seconds": DEMO_SYNC_SECONDS}})
    hall.notes.append(f"演示大厅：参考中心平台 {url}（本机首次同步时自动登记）；模拟窗口 W05 每 {live.pace.replace('-', '–')} "
                      "秒受理一位群众，部分需补正 —— 在“大厅办件”页（Ctrl+4）可以看到这些办件并在本窗口接续办理")


def reopen_demo(data_dir: Path) -> DemoHall:
    """A kept demo hall (``--demo --data-dir DIR`` again): its platform and W05 start again with their data."""
    hall = DemoHall(config=load_config(data_dir=data_dir, search_default_provisioning=False),
                    live=start_live_hall(data_dir))
    join_live_hall(hall)
    return hall


def discard_demo(data_dir: Path) -> bool:
    """Remove a temporary demo hall (only one marked as such); True when it is gone."""
    if not (data_dir / OWNER_FILE).exists():
        return False
    shutil.rmtree(data_dir, ignore_errors=True)
    return not data_dir.exists()


def is_demo_store(data_dir: Path) -> bool:
    """Whether ``data_dir`` already holds a demo hall (then ``--demo --data-dir`` reopens it)."""
    return (data_dir / "onewindow.sqlite3").exists()


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
    """Create a demo data dir with accounts and sample data; returns its config and credentials.

    Without ``base`` the hall is temporary: stale ones are removed first, and this one is marked
    with the current process so the next demo can tell whether it is still in use.
    """
    stale = remove_stale_demo_halls() if base is None else []
    data_dir = Path(tempfile.mkdtemp(prefix=DEMO_PREFIX)) if base is None else base
    data_dir.mkdir(parents=True, exist_ok=True)
    if base is None:
        (data_dir / OWNER_FILE).write_text(str(os.getpid()), encoding="ascii")
    # Saved as the dir's local settings, so `onewindow --data-dir DIR` later reopens the same hall.
    config = save_local_settings(load_config(data_dir=data_dir, search_default_provisioning=False), DEMO_SETTINGS)
    hall = DemoHall(config=config, throwaway=base is None, live=start_live_hall(data_dir))
    if stale:
        hall.notes.append(f"已清理 {len(stale)} 个遗留的演示数据目录")
    ctx = AppContext.open(config)
    try:
        for step in DEMO_STEPS:
            step(ctx, hall)
    except BaseException:
        hall.stop()
        raise
    finally:
        ctx.close()
    join_live_hall(hall)
    log.info("demo hall prepared in %s", data_dir)
    return hall


def credentials_text(hall: DemoHall) -> str:
    keep = ("（临时目录，正常退出时删除；要保留演示数据，请用 onewindow --demo --data-dir 目录）"
            if hall.throwaway else "（保留；再次用同一 --data-dir 启动即回到这个演示大厅）")
    lines = [f"演示数据目录：{hall.config.data_dir}{keep}", "演示账号（用户名 / 密码 / 角色）："]
    lines += [f"  {u} / {p} / {r}" for u, p, r in hall.accounts]
    lines += hall.notes
    return "\n".join(lines)
