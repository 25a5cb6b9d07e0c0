"""Each sync checkpoints the audit chain's head and hands the signed anchor to the platform.

The platform keeps every device's newest anchor and answers 409 ``anchor_regressed`` when a device
reports fewer rows or an earlier head than before: the one witness a person with the PC's disk
cannot reach. A local refusal (the rows no longer match the last local anchor) is reported too.
Either way the run goes on — intake never depends on this — but the clerk/IT sees the warning.
"""
from __future__ import annotations

import logging

from desktop.services.audit_anchor import checkpoint
from sync.api import ApiClient
from sync.errors import SyncError

log = logging.getLogger("onewindow.sync")


def export_anchor(ctx, api: ApiClient) -> str | None:
    """Take and send the anchor; returns a warning for the summary, or None."""
    anchor = checkpoint(ctx.db.store, "sync", now=ctx.now())
    if anchor is None:
        return "审计记录与上次的锚点不一致（可能被删除或改写），未生成新锚点：请IT运行“onewindow db check”。"
    try:
        api.post_anchor(anchor.as_wire())
    except SyncError as err:
        if err.status == 409:
            log.error("the platform refused the audit anchor: %s", err.message)
            return f"中心平台发现本机审计记录比上次报告的少或被改写：{err.message} 请IT运行“onewindow db check”。"
        if err.status == 404:
            return None  # a platform without the anchor endpoint: the local anchor still counts
        log.warning("audit anchor not delivered this time: %s", err.kind)
        return None  # the next sync sends the newest anchor anyway
    return None
