"""`db check`: SQLite's integrity check plus OneWindow's own invariants, as a list of findings.

Each invariant is one small SQL probe, so IT sees exactly which rule is broken. Other
capabilities add their probes to ``INVARIANTS``.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.services.catalog.bulk_index import search_index_probe
from desktop.services.catalog.calendar import calendar_coverage_probe
from desktop.services.hall.feed_problems import feed_problem_probe
from desktop.services.papers.integrity import PAPER_INVARIANTS
from desktop.services.reports import facts as report_facts
from desktop.store.connect import CORRUPT_ERRORS, StoreFile, StoreKeyError


@dataclass(frozen=True)
class Finding:
    name: str
    ok: bool
    detail: str = ""
    warning: bool = False  # ok, but someone should act (printed WARN; does not fail the check)


Probe = Callable[[Any], str | None]  # a DB-API connection (plain or SQLCipher) -> problem or None


def _count(sql: str) -> Probe:
    def probe(conn: Any) -> str | None:
        n = conn.execute(sql).fetchone()[0]
        return f"{n} row(s)" if n else None

    return probe


# name -> probe returning a problem description or None
INVARIANTS: dict[str, Probe] = {
    "accepted applications have an acceptance number": _count(
        "SELECT count(*) FROM application WHERE status NOT IN ('draft','supplement_requested','rejected') "
        "AND acceptance_no IS NULL"),
    "queued applications have an outbox row": _count(
        "SELECT count(*) FROM application a WHERE a.sync_state IN ('pending','parked') AND NOT EXISTS "
        "(SELECT 1 FROM outbox o WHERE o.application_id = a.id)"),
    "no outbox row left in 'sending'": _count("SELECT count(*) FROM outbox WHERE state = 'sending'"),
    "parked outbox rows say why": _count("SELECT count(*) FROM outbox WHERE state = 'parked' AND parked_reason = ''"),
    "accepted applications have a due date": _count(
        "SELECT count(*) FROM application WHERE status IN ('accepted','transferred','completed') AND due_date IS NULL"),
    "rejected applications state a reason": _count(
        "SELECT count(*) FROM application WHERE status = 'rejected' AND trim(rejection_reason) = ''"),
    "decided applications have a status event": _count(
        "SELECT count(*) FROM application a WHERE a.status != 'draft' AND NOT EXISTS "
        "(SELECT 1 FROM application_event e WHERE e.application_id = a.id)"),
    "live matters have search keys": _count(
        "SELECT count(*) FROM matter WHERE deleted = 0 AND search_text = ''"),
    "the matter search index covers every matter": search_index_probe,
    "matter usage counts cover every application": _count(
        "SELECT count(*) FROM (SELECT window_id, matter_code, count(*) AS n FROM application "
        "GROUP BY window_id, matter_code) a LEFT JOIN matter_usage u "
        "ON u.window_id = a.window_id AND u.matter_code = a.matter_code WHERE coalesce(u.uses, 0) < a.n"),
    "e-certificate materials name the certificate used": _count(
        "SELECT count(*) FROM application_material WHERE state = 'certificate' "
        "AND trim(coalesce(certificate_ref, '')) = ''"),
    "attachment pages belong to a material": _count(
        "SELECT count(*) FROM attachment t WHERE NOT EXISTS "
        "(SELECT 1 FROM application_material m WHERE m.id = t.material_id)"),
    "attachment page numbers are unique per material": _count(
        "SELECT count(*) FROM (SELECT material_id, page_no FROM attachment GROUP BY material_id, page_no "
        "HAVING count(*) > 1)"),
    "attachment hashes are 64 hex digits": _count(
        "SELECT count(*) FROM attachment WHERE length(sha256) != 64 OR sha256 GLOB '*[^0-9a-f]*'"),
    "reprints point to an earlier print of the same case": _count(
        "SELECT count(*) FROM printed_document r JOIN printed_document o ON o.id = r.reprint_of "
        "WHERE o.application_id != r.application_id OR o.id >= r.id"),
    "printed documents record a known outcome": _count(
        "SELECT count(*) FROM printed_document WHERE outcome NOT IN ('printed','saved_pdf')"),
    # A decided case never goes back to draft: its number and papers are in the citizen's hands.
    "no decided case back in draft": _count(
        "SELECT count(*) FROM application a WHERE a.status = 'draft' AND (a.acceptance_no IS NOT NULL "
        "OR a.decided_at IS NOT NULL OR EXISTS (SELECT 1 FROM application_event e "
        "WHERE e.application_id = a.id AND e.to_status != 'draft'))"),
    # One case, one acceptance number: every decision's audit row names the number it was taken under.
    "each case has one acceptance number": _count(
        "SELECT count(*) FROM (SELECT json_extract(detail, '$.uuid') AS uuid FROM audit_event "
        "WHERE action IN ('application.accept','application.supplement','application.reject',"
        "'application.complete') AND json_valid(detail) AND target NOT LIKE '%-%-%-%-%' "
        "GROUP BY uuid HAVING count(DISTINCT target) > 1)"),
    "report counters match the applications": report_facts.check,
}
INVARIANTS.update(PAPER_INVARIANTS)  # issued papers unaltered, prints tied to papers, case snapshots

# name -> probe returning a warning (something to act on that is not a broken invariant) or None
WARNINGS: dict[str, Probe] = {
    "the working-day calendar covers the year ahead": calendar_coverage_probe,
    "the hall data is not stopped at a refused item": feed_problem_probe,
}


def run_checks(db: StoreFile | Path) -> list[Finding]:
    """Every finding for the store ``db`` (a path means a plain file). Never raises on a damaged file."""
    store = db if isinstance(db, StoreFile) else StoreFile(Path(db))
    findings: list[Finding] = []
    try:
        conn = store.connect(readonly=True)
    except StoreKeyError as exc:
        return [Finding("open database", False, str(exc))]
    except CORRUPT_ERRORS as exc:
        return [Finding("open database", False, f"{type(exc).__name__}: {exc}")]
    try:
        try:
            rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check").fetchall()]
        except CORRUPT_ERRORS as exc:
            return [Finding("SQLite integrity_check", False, f"{type(exc).__name__}: {exc}")]
        findings.append(Finding("SQLite integrity_check", rows == ["ok"], "; ".join(rows[:5]) if rows != ["ok"] else ""))
        try:
            fk = conn.execute("PRAGMA foreign_key_check").fetchall()
            findings.append(Finding("foreign keys", not fk, f"{len(fk)} dangling reference(s)" if fk else ""))
        except CORRUPT_ERRORS as exc:
            findings.append(Finding("foreign keys", False, f"{type(exc).__name__}: {exc}"))
        for name, probe in INVARIANTS.items():
            try:
                problem = probe(conn)
            except CORRUPT_ERRORS as exc:
                problem = f"probe failed: {type(exc).__name__}: {exc}"
            findings.append(Finding(name, problem is None, problem or ""))
        for name, probe in WARNINGS.items():
            try:
                warning = probe(conn)
            except CORRUPT_ERRORS:
                warning = None  # the invariants above already report an unreadable store
            findings.append(Finding(name, True, warning or "", warning=warning is not None))
        from desktop.services.audit import verify_chain_sqlite

        try:
            broken = verify_chain_sqlite(conn)
        except CORRUPT_ERRORS as exc:
            broken = f"the audit trail cannot be read: {type(exc).__name__}: {exc}"
        findings.append(Finding("audit hash chain", broken is None, broken or ""))
        from desktop.services.audit_anchor import check_anchors

        try:
            cut = check_anchors(conn, store)
        except CORRUPT_ERRORS as exc:
            cut = f"the audit trail cannot be compared with its anchors: {type(exc).__name__}: {exc}"
        findings.append(Finding("audit trail matches its anchors", cut is None, cut or ""))
    finally:
        conn.close()
    return findings


def damaged(findings: list[Finding]) -> bool:
    """True when SQLite itself finds the file damaged (then the 已损坏 path and a restore apply)."""
    return any(not f.ok and f.name in ("open database", "SQLite integrity_check") for f in findings)
