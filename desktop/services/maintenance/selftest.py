"""`onewindow self-test`: can this counter PC run OneWindow? One readable line per check.

IT runs it right after installing. Qt is probed in a child process because a missing platform
plugin aborts the process that tries to load it — the report must survive that to say so.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop.config import Config
from desktop.domain.hall_clock import parse_utc
from desktop.resources import resource_path
from desktop.services.maintenance import input_method

OK, WARN, FAIL = "OK", "WARN", "FAIL"
CJK_FONT = resource_path("fonts", "DroidSansFallbackFull.ttf")
SKEW_LIMIT = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class Check:
    name: str
    status: str  # OK | WARN | FAIL
    detail: str = ""


def probe_command(*args: str) -> list[str]:
    """How to start this same program again: the frozen bundle's exe, or ``python -m desktop``."""
    if getattr(sys, "frozen", False):
        return [sys.executable, *args]
    return [sys.executable, "-m", "desktop", *args]


def qt_probe() -> dict:
    """Runs in the child: load the platform plugin, the bundled font, and list printers."""
    from PySide6.QtCore import QLibraryInfo
    from PySide6.QtGui import QFontDatabase, QGuiApplication
    from PySide6.QtPrintSupport import QPrinterInfo

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    if not isinstance(app, QGuiApplication):  # a bare QCoreApplication has no platform plugin to probe
        raise RuntimeError(f"Qt probe needs a QGuiApplication, found {type(app).__name__}")
    font_id = QFontDatabase.addApplicationFont(str(CJK_FONT))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return {"platform": app.platformName(), "font_families": list(families),
            "printers": list(QPrinterInfo.availablePrinterNames()),
            "default_printer": QPrinterInfo.defaultPrinterName(),
            "im_plugin_dir": str(Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
                                 / "platforminputcontexts")}


def _probe(timeout: float, env: dict[str, str] | None = None) -> tuple[dict | None, str]:
    """The Qt probe's answer, or None and the reason (the child's last line of stderr)."""
    try:
        proc = subprocess.run(probe_command("_qt-probe"), capture_output=True, text=True, timeout=timeout, env=env)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, f"无法启动检测进程：{exc}"
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("{")), None)
    if proc.returncode != 0 or line is None:
        return None, (proc.stderr.strip().splitlines() or ["(无输出)"])[-1]
    return json.loads(line), ""


def _check_gui_libraries() -> Check | None:
    from desktop.services.maintenance.gui_libraries import gui_preflight

    problem = gui_preflight()
    return Check("图形界面系统库", FAIL, problem.replace("\n", " ")) if problem else None


def _check_qt(timeout: float) -> list[Check]:
    """The platform plugin, then the font and printers — through the offscreen plugin when there is
    no usable display, so a PC checked over SSH still reports its fonts and printers."""
    checks: list[Check] = []
    libraries = _check_gui_libraries()
    info, reason = (None, "") if libraries else _probe(timeout)
    if info is not None:
        checks.append(Check("Qt 平台插件", OK, f"platform={info['platform']}"))
    else:
        if libraries is not None:
            checks.append(libraries)
        else:
            display = os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
            why = "" if display or sys.platform != "linux" else "（未检测到图形显示：DISPLAY 未设置）"
            checks.append(Check("Qt 平台插件", FAIL, f"界面库无法加载{why}：{reason}"))
        info, reason = _probe(timeout, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
        if info is None:
            return checks + [Check("中文字体", FAIL, f"无法检测（{reason}）"), Check("打印机", WARN, "无法检测")]
    if info["font_families"]:
        checks.append(Check("中文字体", OK, f"内置字体 {', '.join(info['font_families'])}"))
    else:
        checks.append(Check("中文字体", FAIL, f"内置字体无法加载：{CJK_FONT}"))
    if info["printers"]:
        checks.append(Check("打印机", OK, f"{len(info['printers'])} 台：{', '.join(info['printers'][:5])}"))
    else:
        checks.append(Check("打印机", WARN, "未发现打印机；回执将保存为 PDF"))
    checks.append(_check_input_method(Path(info["im_plugin_dir"])))
    return checks


def _check_input_method(plugin_dir: Path) -> Check:
    """Which input method is active and whether Qt has its plugin: without it no Chinese can be typed."""
    im = input_method.detect_here(plugin_dir)
    if im.framework is None:
        return Check("中文输入法", WARN, "未检测到 fcitx5 / fcitx / ibus；无法输入中文（请安装并启动输入法）")
    if not im.plugin_present:
        return Check("中文输入法", FAIL, f"{im.framework}（{im.how}），但缺少 Qt 插件 {im.plugin}（{plugin_dir}）")
    return Check("中文输入法", OK, f"{im.framework}（{im.how}），插件 {im.plugin} 已就绪")


def _check_font_file() -> Check:
    if not CJK_FONT.is_file():
        return Check("PDF 中文字体", FAIL, f"缺少字体文件 {CJK_FONT}")
    try:
        from reportlab.pdfbase.ttfonts import TTFont

        TTFont("OneWindowSelfTest", str(CJK_FONT))
    except Exception as exc:  # reportlab raises a variety of errors for bad fonts
        return Check("PDF 中文字体", FAIL, f"字体文件无法用于 PDF：{exc}")
    return Check("PDF 中文字体", OK, CJK_FONT.name)


def _check_database(config: Config) -> Check:
    from desktop.services.context import AppContext
    from desktop.store.errors import StoreError

    try:
        ctx = AppContext.open(config)
    except StoreError as exc:
        return Check("数据库", FAIL, str(exc))
    opened = ctx.opened
    ctx.close()
    if opened is not None and opened.warning:  # personal data at rest without encryption: IT must know
        return Check("数据库", WARN, f"{config.db_path}（版本 {opened.to_revision}）未加密：{opened.warning}")
    how = {"keyring": "已加密，密钥在系统密钥环", "key-file": "已加密，密钥在密钥文件"}.get(
        opened.key_source if opened else "", "")
    return Check("数据库", OK, f"{config.db_path}（版本 {opened.to_revision if opened else '?'}）{'，' + how if how else ''}")


def _check_calendar(config: Config) -> Check:
    """Supervisors and IT learn from 1 November that next year's holiday arrangement is missing."""
    from desktop.services.catalog.calendar import SOURCE_LABELS, CalendarService
    from desktop.services.context import AppContext
    from desktop.store.errors import StoreError

    try:
        ctx = AppContext.open(config)
    except StoreError as exc:
        return Check("工作日历", WARN, f"无法读取：{exc}")
    try:
        service = CalendarService(ctx)
        years = service.years()
        warning = service.coverage_warning()
    finally:
        ctx.close()
    known = "、".join(f"{y}（{SOURCE_LABELS.get(s, s)}）" for y, s in sorted(years.items())) or "无"
    if warning:
        return Check("工作日历", WARN, f"{warning} 已有：{known}")
    return Check("工作日历", OK, f"已有官方安排：{known}")


def _check_keyring() -> Check:
    try:
        import keyring
        from keyring.backends import fail, null

        backend = keyring.get_keyring()
    except Exception as exc:
        return Check("密钥存储", WARN, f"keyring 无法初始化：{exc}")
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if isinstance(backend, fail.Keyring | null.Keyring):
        return Check("密钥存储", WARN, f"没有可用的系统密钥存储（{name}）；设备令牌与附件加密不可用。"
                     "Linux 请安装并解锁 Secret Service（如 gnome-keyring），Windows 使用凭据管理器。")
    return Check("密钥存储", OK, name)


def _check_server(config: Config, now: Callable[[], dt.datetime]) -> list[Check]:
    if not config.server.url:
        return [Check("中心平台", OK, "未配置（仅离线使用）")]
    import requests

    url = config.server.url.rstrip("/") + "/api/v1/health"
    verify: bool | str = config.server.ca_bundle or True
    try:
        started = now()
        response = requests.get(url, timeout=config.server.timeout_seconds, verify=verify)
        response.raise_for_status()
        body = response.json()
    except requests.exceptions.SSLError as exc:
        return [Check("中心平台", FAIL, f"TLS 证书校验失败（{url}）：{exc.__class__.__name__}")]
    except requests.RequestException as exc:
        return [Check("中心平台", FAIL, f"无法连接 {url}：{exc.__class__.__name__}")]
    except ValueError:
        return [Check("中心平台", FAIL, f"{url} 返回的不是有效 JSON")]
    checks = [Check("中心平台", OK, url)]
    server_time = body.get("server_time") if isinstance(body, dict) else None
    if not server_time:
        checks.append(Check("时钟偏差", WARN, "服务器未返回时间"))
        return checks
    try:
        server = parse_utc(server_time)
    except ValueError:
        return checks + [Check("时钟偏差", WARN, f"服务器时间格式无法识别：{server_time!r}")]
    skew = server - started
    status = OK if abs(skew) <= SKEW_LIMIT else FAIL
    checks.append(Check("时钟偏差", status, f"本机与服务器相差 {skew.total_seconds():+.0f} 秒"
                        + ("" if status == OK else "，请校准本机时间")))
    return checks


def run_self_test(config: Config, *, now: Callable[[], dt.datetime] | None = None,
                  qt_timeout: float = 60) -> list[Check]:
    clock = now or (lambda: dt.datetime.now(dt.UTC).replace(tzinfo=None))
    checks = _check_qt(qt_timeout)
    checks.append(_check_font_file())
    checks.append(_check_database(config))
    checks.append(_check_calendar(config))
    checks.append(_check_keyring())
    checks += _check_server(config, clock)
    return checks
