"""Create the project's virtual environment, even where Debian's python3-venv (ensurepip) is
missing: then the venv is made without pip and pip is installed from its wheel on PyPI."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import urllib.request
import venv
from pathlib import Path

INDEX = "https://pypi.org/pypi/pip/json"


def _has_ensurepip() -> bool:
    try:
        import ensurepip  # noqa: F401
    except ImportError:
        return False
    return True


def _install_pip_from_wheel(python: Path) -> None:
    with urllib.request.urlopen(INDEX, timeout=60) as response:
        release = json.load(response)
    wheel = next(
        f
        for f in release["urls"]
        if f["packagetype"] == "bdist_wheel" and "py3-none-any" in f["filename"]
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / wheel["filename"]
        with urllib.request.urlopen(wheel["url"], timeout=120) as response:
            path.write_bytes(response.read())
        # A pip wheel can run itself: python pip-X.whl/pip install pip-X.whl
        subprocess.run([str(python), f"{path}/pip", "install", "--no-index", str(path)], check=True)


def main() -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 - runs under whatever python3 the machine has
        print(f"Pantau needs Python >= 3.11; this is {sys.version.split()[0]}", file=sys.stderr)
        return 1
    target = Path(sys.argv[1] if len(sys.argv) > 1 else ".venv")
    with_pip = _has_ensurepip()
    venv.EnvBuilder(with_pip=with_pip, clear=False, upgrade_deps=False).create(target)
    python = target / "bin" / "python"
    if not with_pip:
        print("ensurepip is missing (Debian: python3-venv); installing pip from PyPI")
        _install_pip_from_wheel(python)
    return 0


if __name__ == "__main__":
    sys.exit(main())
