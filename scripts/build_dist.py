"""Build the source archive and the wheel (``python -m build``) into a folder, show the build's
output, and fail when the build fails or prints a deprecation warning: a deprecated setting
today is a build that stops working on a later setuptools.

Usage: ``python scripts/build_dist.py OUTDIR [--no-isolation]``. ``make dist`` builds in an
isolated environment with the pinned setuptools; the wheel test passes ``--no-isolation`` to
build offline with the same setuptools from the project's environment.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPRECATION = re.compile(r"deprecat", re.IGNORECASE)


def main(argv: list[str]) -> int:
    if not argv or argv[0].startswith("-"):
        print(__doc__, file=sys.stderr)
        return 2
    outdir = Path(argv[0]).resolve()
    command = [sys.executable, "-m", "build", "--outdir", str(outdir), *argv[1:], str(ROOT)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    output = result.stdout + result.stderr
    print(output, end="")
    if result.returncode != 0:
        print(f"build failed (exit code {result.returncode})", file=sys.stderr)
        return result.returncode
    warnings = [line.strip() for line in output.splitlines() if DEPRECATION.search(line)]
    if warnings:
        print("the build printed a deprecation warning:", file=sys.stderr)
        for line in warnings:
            print(f"  {line}", file=sys.stderr)
        return 1
    built = sorted(p.name for p in outdir.iterdir())
    print(f"built: {', '.join(built)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
