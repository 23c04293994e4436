"""A real ``pantau serve`` for load benchmarks: started on loopback as its own process group,
its CPU time and resident memory read from ``/proc`` (the server and its worker processes),
stopped with everything it started; and the latency figures every load benchmark prints."""

from __future__ import annotations

import math
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

_TICK = os.sysconf("SC_CLK_TCK")
_PAGE_KB = os.sysconf("SC_PAGE_SIZE") / 1024


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def latency(ms: list[float]) -> dict:
    """Count, p50, p95 (nearest rank) and max of request times in milliseconds."""
    if not ms:
        return {"n": 0}
    ordered = sorted(ms)
    n = len(ordered)
    mid = ordered[(n - 1) // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2
    return {
        "n": n,
        "p50_ms": round(mid, 1),
        "p95_ms": round(ordered[max(0, math.ceil(0.95 * n) - 1)], 1),
        "max_ms": round(ordered[-1], 1),
    }


def _stat(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


class Server:
    """``with Server(data_dir, url, extra_args) as s: s.base`` — ``pantau serve`` on a free
    loopback port, answered at ``probe`` before the block starts. ``pythonpath`` serves
    another checkout's ``src`` with this environment's libraries (to measure before a
    change)."""

    def __init__(
        self,
        data_dir: Path,
        url: str,
        args: tuple[str, ...] = (),
        *,
        probe: str = "/login",
        pythonpath: str | None = None,
        log: Path | None = None,
    ) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, PANTAU_DATA_DIR=str(data_dir), PANTAU_DATABASE_URL=url)
        if pythonpath:
            env["PYTHONPATH"] = pythonpath
        command = [sys.executable, "-m", "pantau", "serve", "--port", str(self.port), *args]
        self._log = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 (closed in stop)
        self.proc = subprocess.Popen(
            command, env=env, stdout=self._log, stderr=self._log, start_new_session=True
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"pantau serve stopped at start (status {self.proc.returncode})")
            try:
                if httpx.get(self.base + probe, timeout=5).status_code < 500:
                    return
            except httpx.HTTPError:
                time.sleep(0.3)
        self.stop()
        raise SystemExit("pantau serve did not answer within 120 s")

    def pids(self) -> list[int]:
        """The server and every process below it (uvicorn's workers)."""
        children: dict[int, list[int]] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                fields = _stat(int(entry.name))
                if fields:
                    children.setdefault(int(fields[1]), []).append(int(entry.name))
        found, todo = [], [self.proc.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo.extend(children.get(pid, []))
        return found

    def cpu_seconds(self) -> float:
        """User + system CPU time of the live server processes."""
        total = 0
        for pid in self.pids():
            fields = _stat(pid)
            if fields:
                total += int(fields[11]) + int(fields[12])
        return total / _TICK

    def rss_mb(self) -> float:
        """Resident memory of the server processes together."""
        total = 0.0
        for pid in self.pids():
            fields = _stat(pid)
            if fields:
                total += int(fields[21]) * _PAGE_KB
        return total / 1024

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        if self._log is not subprocess.DEVNULL:
            self._log.close()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
