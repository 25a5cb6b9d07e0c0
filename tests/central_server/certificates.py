"""The reference server's e-certificate service (电子证照库): seeded demo certificates, lookup, file, verify.

Seeded at first start for the simulated ID reader's sample people and a demo company, with
expired and revoked ones among them. ``POST /admin/certificates`` adds any certificate, and can
list it under another holder than the one it names (``listed_under``) or advertise a sha256 that
does not match its file (``sha256``): the faults a client must refuse.
"""
from __future__ import annotations

import hashlib
import io
import json
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

if TYPE_CHECKING:
    from tests.central_server.handler import CentralServer, Reply
    from tests.central_server.store import Store

SCHEMA = """
CREATE TABLE IF NOT EXISTS certificate(id TEXT PRIMARY KEY, holder_type TEXT NOT NULL, listed_under TEXT NOT NULL,
    body TEXT NOT NULL, file BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS ix_certificate_holder ON certificate(holder_type, listed_under);
"""
_ITEM = re.compile(r"/api/v1/certificates/([^/]+)(/file|/verify)?")

DEMO_COMPANY = "91620100MA71DEM0X5"
ZHANG, LI, WANG = "620102198503120419", "620103199207081524", "620102197801010037"
# (id, type, name, number, holder_type, holder_id, issuer, issued, valid_until, status)
SEED: list[tuple[str, str, str, str, str, str, str, str, str | None, str]] = [
    ("EC-ID-0001", "ID_CARD", "居民身份证", ZHANG, "person", ZHANG, "兰州市公安局城关分局", "2015-06-01",
     "2035-06-01", "valid"),
    ("EC-HR-0001", "HOUSEHOLD_REGISTER", "居民户口簿", "HK620102-00077", "person", ZHANG, "兰州市公安局城关分局",
     "2010-04-02", None, "valid"),
    ("EC-MC-0001", "MARRIAGE_CERT", "结婚证", "J620102-2012-000311", "person", ZHANG, "兰州市城关区民政局",
     "2012-10-08", None, "revoked"),
    ("EC-DL-0001", "DRIVING_LICENSE", "机动车驾驶证", "620102198503120419", "person", ZHANG, "兰州市公安局交通警察支队",
     "2014-03-01", "2024-03-01", "expired"),
    ("EC-RE-0001", "REAL_ESTATE_CERT", "不动产权证书", "甘(2019)兰州市不动产权第0012345号", "person", ZHANG,
     "兰州市自然资源局", "2019-05-20", None, "valid"),
    ("EC-ID-0002", "ID_CARD", "居民身份证", LI, "person", LI, "兰州市公安局七里河分局", "2012-09-20", "2032-09-20",
     "valid"),
    ("EC-HR-0002", "HOUSEHOLD_REGISTER", "居民户口簿", "HK620103-00016", "person", LI, "兰州市公安局七里河分局",
     "2008-01-15", "2020-01-15", "valid"),  # past its date although the platform still says valid
    ("EC-ID-0003", "ID_CARD", "居民身份证", WANG, "person", WANG, "兰州市公安局城关分局", "2018-03-15", None, "valid"),
    ("EC-BL-0001", "BUSINESS_LICENSE", "营业执照", DEMO_COMPANY, "org", DEMO_COMPANY, "兰州市市场监督管理局",
     "2021-08-18", None, "valid"),
]


def render_pdf(item: dict[str, Any]) -> bytes:
    """A one-page certificate PDF (the demo's stand-in for the issuer's signed file)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(420, 297), invariant=1)
    pdf.setFont("STSong-Light", 18)
    pdf.drawString(40, 250, f"电子证照 · {item['name']}")
    pdf.setFont("STSong-Light", 11)
    lines = [f"证照标识：{item['id']}", f"证照编号：{item['number']}", f"发证机关：{item['issuer']}",
             f"签发日期：{item['issued_on']}", f"有效期至：{item.get('valid_until') or '长期'}",
             "（演示用电子证照，由参考中心平台生成）"]
    for i, line in enumerate(lines):
        pdf.drawString(40, 215 - 22 * i, line)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _ensure(store: Store) -> None:
    with store._lock:
        store._conn.executescript(SCHEMA)


def add(store: Store, item: dict[str, Any], *, listed_under: str | None = None, file: bytes | None = None,
        advertised_sha256: str | None = None) -> dict[str, Any]:
    _ensure(store)
    item = dict(item)
    data = file if file is not None else render_pdf(item)
    real = hashlib.sha256(data).hexdigest()
    item["sha256"] = advertised_sha256 or real
    item.setdefault("doc_ref", f"/api/v1/certificates/{item['id']}/file")
    with store._tx() as conn:
        conn.execute("INSERT OR REPLACE INTO certificate(id, holder_type, listed_under, body, file) VALUES (?,?,?,?,?)",
                     (item["id"], item.get("holder_type", "person"), (listed_under or item["holder_id"]).upper(),
                      json.dumps(item, ensure_ascii=False), data))
    return item


def seed(store: Store) -> None:
    for cid, ctype, name, number, htype, hid, issuer, issued, until, status in SEED:
        add(store, {"id": cid, "type": ctype, "name": name, "number": number, "holder_type": htype,
                    "holder_id": hid, "issuer": issuer, "issued_on": issued, "valid_until": until, "status": status})


def _row(store: Store, cert_id: str) -> tuple[dict[str, Any], bytes] | None:
    _ensure(store)
    rows = store._query("SELECT body, file FROM certificate WHERE id = ?", (cert_id,))
    return (json.loads(rows[0][0]), bytes(rows[0][1])) if rows else None


def route(server: CentralServer, method: str, path: str, query: dict[str, str], body: bytes) -> Reply:
    from tests.central_server.handler import Reply, error
    from tests.central_server.store import iso

    store = server.store
    if path == "/api/v1/certificates" and method == "GET":
        holder_type, holder_id = query.get("holder_type", ""), query.get("holder_id", "").strip().upper()
        if holder_type not in ("person", "org") or not holder_id:
            return error(400, "holder_required", "缺少持证主体类型或证件号码。")
        types = {t for t in query.get("types", "").split(",") if t}
        _ensure(store)
        rows = store._query("SELECT body FROM certificate WHERE holder_type = ? AND listed_under = ? ORDER BY id",
                            (holder_type, holder_id))
        items = [json.loads(r[0]) for r in rows]
        return Reply(200, {"items": [i for i in items if not types or i.get("type") in types]})
    m = _ITEM.fullmatch(path)
    if m is None:
        return error(404, "not_found", "接口不存在。")
    found = _row(store, unquote(m.group(1)))
    if found is None:
        return error(404, "certificate_not_found", "电子证照不存在。")
    item, data = found
    if m.group(2) is None and method == "GET":
        return Reply(200, item)
    if m.group(2) == "/file" and method == "GET":
        return Reply(200, raw=data, content_type="application/pdf")
    if m.group(2) == "/verify" and method == "POST":
        asked = str(json.loads(body or b"{}").get("sha256") or "")
        authentic = asked == hashlib.sha256(data).hexdigest()
        now = server.now()
        return Reply(200, {"id": item["id"], "authentic": authentic, "status": item.get("status"),
                           "checked_at": iso(now), "verification_no": "HY-" + hashlib.sha256(
                               f"{item['id']}|{asked}|{now.isoformat()}".encode()).hexdigest()[:16].upper()})
    return error(405, "method_not_allowed", "不支持的请求方法。")


def admin_add(server: CentralServer, request: dict[str, Any]) -> Reply:
    """``POST /admin/certificates {"item": {...}, "listed_under"?, "sha256"?, "file_text"?}``."""
    from tests.central_server.handler import Reply

    file = str(request["file_text"]).encode("utf-8") if request.get("file_text") else None
    item = add(server.store, dict(request["item"]), listed_under=request.get("listed_under"), file=file,
               advertised_sha256=request.get("sha256"))
    return Reply(200, item)
