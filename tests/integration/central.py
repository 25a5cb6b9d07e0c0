"""Start and steer the reference central server from tests and benchmarks (a real subprocess)."""
from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

REPO_ROOT = Path(__file__).resolve().parents[2]
ENROL_CODE = "TEST-ENROL-CODE"


@dataclass
class CentralServer:
    """A running reference server: its URL, its process and a session for admin calls."""

    url: str
    process: subprocess.Popen
    db_path: Path
    first_enrol_code: str  # issued at start; single use like every code
    http: requests.Session

    @property
    def enrol_code(self) -> str:
        """A fresh single-use enrolment code, as IT would issue for each PC."""
        return self.admin_post("/admin/enrol-codes", {})["code"]

    def admin_get(self, path: str) -> Any:
        response = self.http.get(self.url + path, timeout=30)
        response.raise_for_status()
        return response.json()

    def admin_post(self, path: str, body: dict[str, Any]) -> Any:
        response = self.http.post(self.url + path, json=body, timeout=60)
        response.raise_for_status()
        return response.json()

    def applications(self) -> list[dict[str, Any]]:
        return self.admin_get("/admin/applications")["items"]

    def attachments(self) -> list[dict[str, Any]]:
        return self.admin_get("/admin/attachments")["items"]

    def matter_codes(self) -> list[str]:
        return [m["code"] for m in self.admin_get("/admin/matters")["items"]]

    def stats(self) -> dict[str, Any]:
        return self.admin_get("/admin/stats")

    def set_faults(self, spec: str, seed: int = 0) -> None:
        self.admin_post("/admin/faults", {"spec": spec, "seed": seed})

    def stop(self) -> None:
        self.http.close()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout:
            self.process.stdout.close()


def start_central_server(db_path: Path, *, faults: str = "", seed: int = 0, enrol_code: str = ENROL_CODE,
                         extra: list[str] | None = None, scheme: str = "http") -> CentralServer:
    """Start ``python -m tests.central_server`` on a free loopback port and wait for /api/v1/health."""
    cmd = [sys.executable, "-m", "tests.central_server", "--port", "0", "--db", str(db_path),
           "--enrol-code", enrol_code, "--faults", faults, "--seed", str(seed), *(extra or [])]
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    process = subprocess.Popen(cmd, cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    if not line.startswith("READY "):
        process.kill()
        process.wait()
        process.stdout.close()
        raise RuntimeError(f"reference server did not start: {line!r}")
    url = line.split(" ", 1)[1]
    server = CentralServer(url=url, process=process, db_path=db_path, first_enrol_code=enrol_code,
                           http=requests.Session())
    if scheme == "http":
        deadline = time.monotonic() + 15
        while True:
            with contextlib.suppress(requests.RequestException):
                if server.http.get(url + "/api/v1/health", timeout=2).status_code == 200:
                    break
            if time.monotonic() > deadline:
                server.stop()
                raise RuntimeError("reference server never answered /api/v1/health")
            time.sleep(0.05)
    return server
