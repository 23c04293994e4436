"""``make audit``: check every pinned dependency in constraints.txt against a vulnerability
database with pip-audit, and say plainly when the check could not be done.

pip-audit asks PyPI's JSON API (or OSV with ``--service osv``) about each package; a package it
could not ask about is a skipped check, not a clean one. Exit codes: 0 every package checked and
none vulnerable; 1 known vulnerabilities found; 2 the audit is incomplete (no access to the
database for some packages — run it where the internet is reachable).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--service", choices=("pypi", "osv"), default="pypi")
    parser.add_argument(
        "--requirements", default=str(Path(__file__).parent.parent / "constraints.txt")
    )
    args = parser.parse_args()
    command = [
        sys.executable, "-m", "pip_audit", "-r", args.requirements, "--no-deps", "--disable-pip",
        "--progress-spinner", "off", "--format", "json", "--vulnerability-service", args.service,
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True)
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        print(f"AUDIT NOT DONE: pip-audit failed ({done.stderr.strip()[-300:]})")
        return 2
    packages = report.get("dependencies", [])
    skipped = [p for p in packages if p.get("skip_reason")]
    vulnerable = [p for p in packages if p.get("vulns")]
    for package in vulnerable:
        for vuln in package["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "belum ada"
            print(f"VULNERABLE {package['name']} {package['version']}: {vuln['id']} "
                  f"(perbaikan: {fixed})")  # fmt: skip
    if skipped:
        print(f"AUDIT INCOMPLETE: {len(skipped)} of {len(packages)} packages could not be "
              f"checked against the {args.service} vulnerability database (no access from here?); "
              "run `make audit` where the internet is reachable")  # fmt: skip
        return 2
    if vulnerable:
        return 1
    print(f"audit: {len(packages)} packages checked, no known vulnerabilities ({args.service})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
