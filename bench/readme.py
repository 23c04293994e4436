"""Benchmark tables in ``bench/README.md``: each between ``<!-- bench:NAME -->`` and
``<!-- /bench:NAME -->``, replaced as a whole by the run that measured it, under a line
saying when, on which machine and at which commit, so no figure outlives its run."""

from __future__ import annotations

import os
import platform
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

README = Path(__file__).resolve().parent / "README.md"


def machine() -> str:
    """CPU model, cores and memory of this machine, in a few words."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        memory = f", {kb / 2**20:.0f} GB RAM"
    except (OSError, StopIteration, ValueError):
        memory = ""
    return f"{model}, {os.cpu_count()} cores{memory}"


def commit() -> str:
    """The checkout's commit, marked ``+changes`` when src/ or bench/ differ from it."""
    root = README.parent.parent

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, check=False
        ).stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    return head + (" +changes" if git("status", "--porcelain", "src", "bench") else "")


def stamp() -> str:
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    return f"Measured {today} on {machine()}, commit {commit()}."


def replace_section(name: str, body: str, path: Path = README) -> None:
    """Put ``body`` (with the stamp line above it) between the section's markers, adding the
    section at the end of the file when it has none yet."""
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    block = f"{start}\n{stamp()}\n\n{body.strip()}\n{end}"
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _m: block, text)
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")
