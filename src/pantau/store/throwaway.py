"""A throwaway PostgreSQL server started from the installed binaries (tests and benchmarks).

PostgreSQL refuses to run as root; when we are root the server runs as the ``postgres``
system user (created by Debian's PostgreSQL packages), in a private temporary folder.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def find_pg_bin() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl``, or ``None`` when PostgreSQL is absent."""
    env = os.environ.get("PANTAU_PG_BIN")
    candidates = [env] if env else []
    found = shutil.which("pg_ctl")
    if found:
        candidates.append(str(Path(found).resolve().parent))
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for folder in candidates:
        if folder and (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ThrowawayPostgres:
    """``with ThrowawayPostgres() as pg: pg.url`` — a fresh cluster, removed on exit. With
    ``folder`` the cluster lives there and is kept: created on first use, started again on
    later ones, stopped (not removed) on exit (benchmarks that reuse a big database)."""

    def __init__(self, bin_dir: Path | None = None, folder: Path | None = None) -> None:
        found = bin_dir or find_pg_bin()
        if found is None:
            raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl) not found")
        self.bin_dir = found
        self.port = _free_port()
        self.kept = folder is not None
        if folder is None:
            self.tmp = Path(tempfile.mkdtemp(prefix="pantau-pg-"))
        else:
            self.tmp = folder.resolve()
            self.tmp.mkdir(parents=True, exist_ok=True)
        self.data = self.tmp / "data"
        self._user: str | None = None
        if os.geteuid() == 0:
            try:
                pwd.getpwnam("postgres")
            except KeyError:
                raise RuntimeError("running as root needs a 'postgres' system user") from None
            self._user = "postgres"
            shutil.chown(self.tmp, "postgres")
            self.tmp.chmod(0o700)

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://pantau@127.0.0.1:{self.port}/pantau"

    def _run(self, *args: str) -> None:
        cmd = [str(self.bin_dir / args[0]), *args[1:]]
        if self._user:
            cmd = ["runuser", "-u", self._user, "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, cwd=self.tmp)

    def start(self) -> ThrowawayPostgres:
        fresh = not (self.data / "PG_VERSION").exists()
        if fresh:
            self._run(
                "initdb", "-D", str(self.data), "-U", "pantau", "-A", "trust", "-E", "UTF8",
                "--no-sync",
            )  # fmt: skip
        else:
            (self.data / "postmaster.pid").unlink(missing_ok=True)  # left by a killed run
        options = (
            f"-p {self.port} -k {self.tmp} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c shared_buffers=256MB"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.tmp / "log"),
            "-w",
            "start",
        )
        if fresh:
            self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "pantau", "pantau")
        return self

    def create_database(self, name: str) -> str:
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "pantau", name)
        return f"postgresql+psycopg://pantau@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            mode = "fast" if self.kept else "immediate"
            self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")
        if self.kept:
            return
        for _ in range(50):
            try:
                shutil.rmtree(self.tmp)
                return
            except OSError:
                time.sleep(0.1)

    def __enter__(self) -> ThrowawayPostgres:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
