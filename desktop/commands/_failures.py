"""What to tell IT when a command meets a full disk, a damaged store or an unreadable input file.

Every command gets these classes mapped to one plain line (the stack goes to the log): a full
disk says "free space and retry, nothing was changed" (every write is one transaction or an
atomic file swap); a damaged database says to run ``db check`` / ``db restore``; an input file
that cannot be parsed (too deeply nested JSON, a file that is not text) says which.
"""
from __future__ import annotations

import errno


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def explain(exc: BaseException) -> str | None:
    """One line for IT, or None when ``exc`` is a bug (then the caller re-raises it)."""
    from desktop.store.connect import DB_ERRORS

    for error in _chain(exc):
        if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
            return "磁盘已满，操作没有完成（已写入的数据保持原样）。请清理磁盘空间后重试。"
        text = str(error).lower()
        if isinstance(error, DB_ERRORS) and ("full" in text and ("disk" in text or "database" in text)):
            return "磁盘已满，数据库操作已撤销（数据保持原样）。请清理磁盘空间后重试。"
        if isinstance(error, DB_ERRORS) and "disk i/o error" in text:
            return "磁盘读写失败（磁盘可能已满、已拔出或已损坏），操作没有完成。请检查磁盘后重试。"
        if isinstance(error, DB_ERRORS) and ("malformed" in text or "not a database" in text
                                              or "decode" in text or "corrupt" in text):
            return "数据库文件已损坏。请运行“onewindow db check”查看详情，并用“onewindow db restore 备份文件”恢复。"
        if isinstance(error, RecursionError):
            return "输入文件嵌套层次过深，无法读取（文件可能已损坏或不是本程序导出的格式）。"
        if isinstance(error, UnicodeDecodeError):
            return "输入文件不是 UTF-8 文本，无法读取（文件可能已损坏）。"
        if isinstance(error, MemoryError):
            return "输入过大，内存不足，操作没有完成。"
        if isinstance(error, OSError) and error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return f"没有权限写入（{error.strerror}：{getattr(error, 'filename', '') or ''}）。请检查数据目录的权限。"
    return None
