"""What can go wrong while syncing, classified once so every caller reacts the same way.

``retryable`` errors (network, 5xx, 429, a garbled response) are retried with backoff; the
rest need a person: a revoked token needs IT, a TLS failure needs the CA bundle checked.
``message`` is plain Simplified Chinese for the clerk or IT; ``kind`` is for code and logs.
"""
from __future__ import annotations

from desktop.domain.errors import UserError

# kind -> (retryable, stops the whole run, default message)
KINDS: dict[str, tuple[bool, bool, str]] = {
    "not_configured": (False, True, "未配置中心平台地址，本机处于离线模式；受理业务不受影响。"),
    "not_enrolled": (False, True, "本机尚未登记到中心平台，请由IT使用登记码执行“onewindow enroll”。"),
    "no_keyring": (False, True, "本机没有可用的安全凭据存储（系统钥匙串），无法保存或读取设备令牌。"
                               "请IT启用系统密钥环（如 Windows 凭据管理器、GNOME Keyring）后重新登记。"),
    "offline": (True, True, "无法连接中心平台（网络不通或平台未运行），已转为离线模式，稍后自动重试；受理业务不受影响。"),
    "dns": (True, True, "无法解析中心平台地址（域名解析失败），请检查网络或平台地址设置；受理业务不受影响。"),
    "tls": (False, True, "无法验证中心平台的安全证书（TLS），为保护数据已停止同步。请IT检查平台地址和证书（CA）设置。"),
    "timeout": (True, False, "中心平台响应超时，稍后自动重试。"),
    "network": (True, False, "与中心平台的连接中断，稍后自动重试。"),
    "auth": (False, True, "本机的设备令牌无效或已被吊销，请由IT重新登记本机（onewindow enroll）。"),
    "rate_limited": (True, False, "中心平台请求过多，稍后自动重试。"),
    "server": (True, False, "中心平台暂时出错，稍后自动重试。"),
    "bad_response": (True, False, "中心平台返回的数据不完整或格式不正确，稍后自动重试。"),
    "rejected": (False, False, "中心平台拒绝了请求。"),
    "busy": (False, True, "另一个窗口正在同步本机数据，本次跳过。"),
}


class SyncError(UserError):
    def __init__(self, kind: str, message: str | None = None, *, status: int | None = None,
                 retry_after: float | None = None, detail: str = "") -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown sync error kind {kind!r}")
        self.kind = kind
        self.retryable, self.stops_run, default = KINDS[kind]
        self.message = message or default
        self.status = status
        self.retry_after = retry_after
        self.detail = detail  # technical detail for the log (never personal data)
        super().__init__(self.message)

    def __repr__(self) -> str:
        return f"SyncError({self.kind!r}, status={self.status}, detail={self.detail!r})"
