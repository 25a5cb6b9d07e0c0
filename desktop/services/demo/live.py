"""The live demo hall: the reference central platform and a simulated second window, as child processes.

``onewindow --demo`` starts both beside the app: the platform on loopback with its own SQLite file,
and window W05 (:mod:`sync.demo_window`), a client of its own that accepts citizens in
the background. The demo PC is provisioned with the platform's address and an enrolment code of
the same hall, so its first sync enrols it and the hall feed brings W05's cases to the
"Hall cases" page, where the newcomer can continue one.

Layering: the reference platform is the test suite's (``tests/central_server``); the app never
imports it, it starts it as a process from the source tree it runs from. A build without that tree
(an installed wheel, the frozen installer) runs the demo as one window and says so.

Nothing outlives the app: each child reads its standard input, whose other end only this process
holds, and stops when it closes — at :meth:`LiveHall.stop`, at a normal exit, and when the app is
killed (the OS closes the pipe). ``stop`` then waits, terminates and at last kills what is left.
"""
from __future__ import annotations

import atexit
import contextlib
import json
import logging
import os
import secrets
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger("onewindow.demo")

FOLDER = "demo-hall"  # inside the demo data dir: the platform's database, W05's data dir, their logs
PIDS_FILE = "processes.json"
HALL = "H1"
DEFAULT_PACE = "20-40"
LIVE_ENV = "ONEWINDOW_DEMO_LIVE"  # "0": the demo without platform and W05 (one window, offline)
PACE_ENV = "ONEWINDOW_DEMO_PACE"  # seconds between W05's citizens, MIN-MAX (tests make it quick)
READY_TIMEOUT = 30.0


class LiveHallUnavailable(Exception):
    """The platform could not be started (the message says why, in the clerk's language)."""


def source_root() -> Path | None:
    """The source tree holding the reference platform, or None in a build that ships without it."""
    if getattr(sys, "frozen", False):
        return None
    root = Path(__file__).resolve().parents[3]
    return root if (root / "tests" / "central_server" / "__main__.py").is_file() else None


@dataclass
class LiveHall:
    folder: Path
    platform: subprocess.Popen
    codes: tuple[str, str]  # enrolment codes of the hall (single use): this PC's (it enrols at its first sync), W05's
    url: str = ""
    pace: str = DEFAULT_PACE  # W05's seconds between citizens, MIN-MAX
    window: subprocess.Popen | None = None
    _logs: list = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.codes[0]

    @property
    def processes(self) -> list[subprocess.Popen]:
        return [p for p in (self.window, self.platform) if p is not None]

    def wait_ready(self, timeout: float = READY_TIMEOUT) -> str:
        """The platform's URL once it accepts connections."""
        assert self.platform.stdout is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.platform.stdout.readline()
            if line.startswith("READY "):
                self.url = line.split()[1].strip()
                return self.url
            if not line and self.platform.poll() is not None:
                break
        self.stop()
        raise LiveHallUnavailable(f"演示用中心平台未能启动（详见 {self.folder / 'platform.log'}）")

    def start_window(self, pace: str | None = None, seed: int | None = None) -> None:
        """W05 joins the hall with a code of its own and starts accepting citizens."""
        code = self.codes[1]
        self.pace = pace or os.environ.get(PACE_ENV, DEFAULT_PACE)
        cmd = [sys.executable, "-m", "sync.demo_window", "--data-dir", str(self.folder / "W05"),
               "--server", self.url, "--code", code, "--pace", self.pace]
        if seed is not None:
            cmd += ["--seed", str(seed)]
        self.window = _spawn(cmd, self.folder / "W05.log", self._logs, cwd=self.folder)
        self._remember()

    def stop(self, timeout: float = 5.0) -> None:
        """Close the children's stdin (they stop by themselves), then terminate, then kill."""
        for process in self.processes:
            if process.stdin and not process.stdin.closed:
                with contextlib.suppress(OSError):
                    process.stdin.close()
        deadline = time.monotonic() + timeout
        for process in self.processes:
            _wait(process, deadline - time.monotonic())
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
                _wait(process, 2.0)
            if process.poll() is None:
                process.kill()
                process.wait()
            if process.stdout:
                process.stdout.close()
        for handle in self._logs:
            handle.close()
        self._logs.clear()

    def _remember(self) -> None:
        pids = {"platform": self.platform.pid, "window": self.window.pid if self.window else None}
        (self.folder / PIDS_FILE).write_text(json.dumps(pids), encoding="ascii")


def _wait(process: subprocess.Popen, timeout: float) -> None:
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=max(0.0, timeout))


def _spawn(cmd: list[str], log_path: Path, logs: list, *, cwd: Path, stdout=subprocess.DEVNULL) -> subprocess.Popen:
    root = source_root()
    env = dict(os.environ)
    if root is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(root), *filter(None, [env.get("PYTHONPATH")])])
    handle = open(log_path, "ab")  # noqa: SIM115 - closed by LiveHall.stop
    logs.append(handle)
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # Windows: no console window per child
    return subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.PIPE, stdout=stdout, stderr=handle,
                            text=stdout is subprocess.PIPE, creationflags=flags)


def start_platform(data_dir: Path) -> LiveHall:
    """Start the reference platform for the demo hall (returns at once; :meth:`LiveHall.wait_ready` waits).

    Its database stays in ``data_dir/demo-hall``, so a kept demo (``--demo --data-dir``) finds its
    hall again. Two fresh enrolment codes of the hall each time: one for this PC, one for W05.
    """
    root = source_root()
    if root is None:
        raise LiveHallUnavailable("此版本未附带参考中心平台，演示大厅只有本窗口（大厅办件需连接真实平台）")
    folder = data_dir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    codes = (f"DEMO-PC-{secrets.token_hex(4).upper()}", f"DEMO-W05-{secrets.token_hex(4).upper()}")
    logs: list = []
    cmd = [sys.executable, "-m", "tests.central_server", "--port", "0", "--db", str(folder / "platform.sqlite3"),
           "--stop-with-stdin", *[a for c in codes for a in ("--enrol-code", f"{c}:{HALL}")]]
    process = _spawn(cmd, folder / "platform.log", logs, cwd=root, stdout=subprocess.PIPE)
    hall = LiveHall(folder=folder, platform=process, codes=codes, _logs=logs)
    hall._remember()
    atexit.register(hall.stop)  # also when the app leaves by an exception
    return hall
