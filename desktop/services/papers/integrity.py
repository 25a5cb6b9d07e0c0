"""`db check` probes for the papers: issued content unaltered, every print tied to its paper,
every decided case holding its own party snapshot."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from printing.documents import DocumentKind
from printing.frozen import FrozenDocumentError, content_digest, thaw


def _altered_papers(conn: Any) -> str | None:
    bad = []
    for row_id, family, content, digest in conn.execute(
            "SELECT id, family, content, content_sha256 FROM issued_document WHERE content IS NOT NULL"):
        try:
            ok = content_digest(thaw(DocumentKind(family), content)) == digest
        except (FrozenDocumentError, ValueError):
            ok = False
        if not ok:
            bad.append(str(row_id))
    return f"issued_document {', '.join(bad[:10])}" if bad else None


def _count(sql: str) -> Callable[[Any], str | None]:
    def probe(conn: Any) -> str | None:
        n = conn.execute(sql).fetchone()[0]
        return f"{n} row(s)" if n else None

    return probe


PAPER_INVARIANTS: dict[str, Callable[[Any], str | None]] = {
    "issued papers still say what they said when issued": _altered_papers,
    "every print is tied to the paper it reproduced": _count(
        "SELECT count(*) FROM printed_document WHERE issued_document_id IS NULL"),
    "decided cases keep their own applicant snapshot": _count(
        "SELECT count(*) FROM application a WHERE a.applicant_id IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM application_party p WHERE p.application_id = a.id AND p.role = 'applicant')"),
}
