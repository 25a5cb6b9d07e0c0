"""The floor for push and pull: the same bytes over plain HTTP/1.0 into plain SQLite, nothing else.

Push: a stdlib ``http.server`` subprocess that inserts each posted batch with one
``executemany`` and answers one result per item; the client reads its outbox (a bare
``sqlite3`` copy of the same payloads), posts batches of the same size with ``http.client``
and marks each batch done with one ``executemany``. Pull: the client fetches pages of the same
matters from that server and inserts them with ``executemany``. What the project adds on top
of this is what its sync costs beyond moving the data.
"""
from __future__ import annotations

import http.client
import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

SERVER = r'''
import json, sqlite3, sys
from http.server import BaseHTTPRequestHandler, HTTPServer
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA journal_mode=WAL"); db.execute("PRAGMA synchronous=NORMAL")
db.execute("CREATE TABLE IF NOT EXISTS item(key TEXT PRIMARY KEY, body TEXT)")
MATTERS = json.loads(open(sys.argv[2], encoding="utf-8").read()) if len(sys.argv) > 2 else []
class H(BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def _reply(self, body):
        data = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(200); self.send_header("Content-Length", str(len(data))); self.end_headers()
        self.wfile.write(data)
    def do_POST(self):
        items = json.loads(self.rfile.read(int(self.headers["Content-Length"])))["items"]
        db.execute("BEGIN")
        db.executemany("INSERT OR IGNORE INTO item VALUES (?, ?)",
                       [(i["idempotency_key"], json.dumps(i["payload"], ensure_ascii=False)) for i in items])
        db.execute("COMMIT")
        self._reply({"results": [{"idempotency_key": i["idempotency_key"], "result": "created"} for i in items]})
    def do_GET(self):
        since, limit = (int(x) for x in self.path.rsplit("/", 2)[1:])
        self._reply({"items": MATTERS[since:since + limit], "has_more": since + limit < len(MATTERS)})
srv = HTTPServer(("127.0.0.1", 0), H)
print(srv.server_address[1], flush=True)
srv.serve_forever()
'''


class BareServer:
    def __init__(self, root: Path, matters: list[dict] | None = None) -> None:
        args = [sys.executable, "-c", SERVER, str(root / "bare-server.sqlite3")]
        if matters is not None:
            path = root / "bare-matters.json"
            path.write_text(json.dumps(matters, ensure_ascii=False), encoding="utf-8")
            args.append(str(path))
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        self.port = int(self.process.stdout.readline())

    def request(self, method: str, path: str, body: bytes | None = None) -> dict:
        conn = http.client.HTTPConnection("127.0.0.1", self.port)  # HTTP/1.0 server: one connection each
        conn.request(method, path, body=body, headers={"Content-Type": "application/json"})
        data = conn.getresponse().read()
        conn.close()
        return json.loads(data)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def bare_push(root: Path, items: list[tuple[str, str]], batch_size: int) -> float:
    """Seconds to push ``items`` ((idempotency key, payload JSON)) from a bare outbox; 0 duplicates asserted."""
    client = sqlite3.connect(root / "bare-client.sqlite3", isolation_level=None)
    client.execute("PRAGMA journal_mode=WAL")
    client.execute("CREATE TABLE outbox(id INTEGER PRIMARY KEY, key TEXT, payload TEXT, state TEXT)")
    client.executemany("INSERT INTO outbox(key, payload, state) VALUES (?, ?, 'pending')", items)
    server = BareServer(root)
    try:
        started = time.perf_counter()
        rows = client.execute("SELECT id, key, payload FROM outbox WHERE state = 'pending' ORDER BY id").fetchall()
        for i in range(0, len(rows), batch_size):
            batch = rows[i:i + batch_size]
            body = json.dumps({"items": [{"idempotency_key": k, "payload": json.loads(p)} for _, k, p in batch]},
                              ensure_ascii=False).encode()
            results = server.request("POST", "/push", body)["results"]
            done = {r["idempotency_key"] for r in results if r["result"] == "created"}
            client.execute("BEGIN")
            client.executemany("UPDATE outbox SET state = 'done' WHERE id = ?", [(r[0],) for r in batch if r[1] in done])
            client.execute("COMMIT")
        seconds = time.perf_counter() - started
    finally:
        server.stop()
    stored = sqlite3.connect(root / "bare-server.sqlite3").execute("SELECT count(*) FROM item").fetchone()[0]
    assert stored == len(items), (stored, len(items))
    return seconds


def bare_pull(root: Path, matters: list[dict], page_size: int) -> float:
    """Seconds to fetch ``matters`` page by page and insert them (and their materials) bare."""
    client = sqlite3.connect(root / "bare-catalog.sqlite3", isolation_level=None)
    client.execute("CREATE TABLE matter(code TEXT PRIMARY KEY, name TEXT, department TEXT, body TEXT)")
    client.execute("CREATE TABLE material(code TEXT, seq INTEGER, name TEXT)")
    server = BareServer(root, matters)
    try:
        started = time.perf_counter()
        since = 0
        while True:
            page = server.request("GET", f"/matters/{since}/{page_size}")
            client.execute("BEGIN")
            client.executemany("INSERT OR REPLACE INTO matter VALUES (?, ?, ?, ?)",
                               [(m["code"], m["name"], m["department"], json.dumps(m, ensure_ascii=False))
                                for m in page["items"]])
            client.executemany("INSERT INTO material VALUES (?, ?, ?)",
                               [(m["code"], k, x.get("name", "")) for m in page["items"]
                                for k, x in enumerate(m.get("materials") or [])])
            client.execute("COMMIT")
            since += page_size
            if not page["has_more"]:
                break
        return time.perf_counter() - started
    finally:
        server.stop()
