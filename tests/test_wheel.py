"""The release files: the source archive and the wheel build without a deprecation warning and
pass ``twine check``; the wheel, installed into a fresh virtual environment, runs the demo
non-interactively and serves the dashboard.

What runs is the wheel, not the checkout: the fresh environment is created without the system's
packages, the wheel is installed into it (``--no-deps``), and the commands run from a folder
outside the checkout. Its dependencies are not downloaded (tests use no network, and a
download would take minutes): the environment reaches, through a ``.pth`` file naming a folder
of links, exactly the distributions the wheel's ``Requires-Dist`` asks for and what they
require in turn, taken from the environment running the tests (the project's ``.venv``,
installed from ``constraints.txt``). Development tools and the checkout's own editable
``pantau`` stay out, so a module importing a package the wheel does not declare fails here as
it would on a server. ``pip check`` then shows the declared requirements accept the pinned
versions. Nothing here needs a connection, so the test never skips.

``make dist`` runs this module on the files it built (``PANTAU_DIST=dist``); otherwise the
module builds them itself, offline, with the setuptools pinned in ``constraints.txt`` (the same
version ``pyproject.toml`` pins for isolated builds).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tarfile
import time
import urllib.error
import urllib.request
import venv
import zipfile
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from pantau import __version__

ROOT = Path(__file__).resolve().parent.parent
DIST_VARIABLE = "PANTAU_DIST"
# every module of the installed package, so an import of an undeclared dependency fails here
# (the migration scripts run only under Alembic)
IMPORT_EVERY_MODULE = """
import importlib, pkgutil, pantau
for module in pkgutil.walk_packages(pantau.__path__, "pantau."):
    if module.name != "pantau.__main__" and ".migrations." not in module.name:
        importlib.import_module(module.name)
"""


def run(*command: str | Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(c) for c in command],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=300,
        check=False,
        **kwargs,  # type: ignore[call-overload]  # cwd and env only
    )
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get(DIST_VARIABLE)
    if given:
        return Path(given).resolve()
    out = tmp_path_factory.mktemp("dist")
    run(sys.executable, ROOT / "scripts" / "build_dist.py", out, "--no-isolation")
    return out


def only(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    assert len(found) == 1, f"{pattern} in {folder}: {found}"
    return found[0]


def test_release_files_pass_twine_check(dist: Path) -> None:
    wheel, sdist = only(dist, "pantau-*.whl"), only(dist, "pantau-*.tar.gz")
    result = run(sys.executable, "-m", "twine", "check", "--strict", wheel, sdist)
    assert result.stdout.count("PASSED") == 2


def test_release_files_carry_licence_notices_data_and_docs(dist: Path) -> None:
    wheel = only(dist, f"pantau-{__version__}-py3-none-any.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = archive.read(f"pantau-{__version__}.dist-info/METADATA").decode()
    info = f"pantau-{__version__}.dist-info/licenses/"
    assert {info + "LICENSE", info + "THIRD_PARTY_NOTICES.md"} <= names
    assert "License-Expression: Apache-2.0" in metadata.splitlines()
    assert f"Version: {__version__}" in metadata.splitlines()
    for data_file in (
        "pantau/store/migrations/versions/0001_initial_schema.py",
        "pantau/store/migrations/script.py.mako",
        "pantau/text/data/slang_indonlp.tsv",
        "pantau/text/data/regions.tsv",
        "pantau/web/templates/base.html",
        "pantau/web/static/pantau.css",
        "pantau/web/locale/en/LC_MESSAGES/messages.po",
    ):
        assert data_file in names
    assert not any(name.startswith(("tests/", "docs/")) for name in names)

    with tarfile.open(only(dist, f"pantau-{__version__}.tar.gz")) as archive:
        members = {m.name.split("/", 1)[1] for m in archive.getmembers() if "/" in m.name}
    assert {
        "LICENSE", "THIRD_PARTY_NOTICES.md", "CHANGELOG.md", "SECURITY.md", "CONTRIBUTING.md",
        "constraints.txt", "Makefile", "docs/upgrade.md", "tests/test_wheel.py",
    } <= members  # fmt: skip


def _requirement_closure(requires: list[str]) -> dict[str, metadata.Distribution]:
    """The installed distributions that ``requires`` (a wheel's ``Requires-Dist`` lines) needs,
    with their own requirements, extras followed, markers evaluated for this interpreter."""
    found: dict[str, metadata.Distribution] = {}
    seen: set[tuple[str, frozenset[str]]] = set()
    todo = [(Requirement(line), {""}) for line in requires]
    while todo:
        requirement, extras = todo.pop()
        marker = requirement.marker
        if marker is not None and not any(marker.evaluate({"extra": e}) for e in extras):
            continue
        name = canonicalize_name(requirement.name)
        if (name, frozenset(requirement.extras)) in seen:
            continue
        seen.add((name, frozenset(requirement.extras)))
        found[name] = metadata.distribution(name)
        wanted = {"", *requirement.extras}
        todo.extend((Requirement(line), wanted) for line in found[name].requires or [])
    return found


def _dependency_links(wheel: Path, target: Path) -> Path:
    """A folder of links to the top-level files and folders of the wheel's dependencies."""
    with zipfile.ZipFile(wheel) as archive:
        info = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        lines = archive.read(info).decode("utf-8").splitlines()
    requires = [
        line.split(":", 1)[1].strip() for line in lines if line.startswith("Requires-Dist:")
    ]
    target.mkdir()
    for dist in _requirement_closure(requires).values():
        assert dist.files is not None, f"{dist.metadata['Name']} has no RECORD"
        site = Path(str(dist.locate_file("")))
        for top in {f.parts[0] for f in dist.files if f.parts[0] not in ("..", "__pycache__")}:
            if not top.endswith(".pth") and not (target / top).exists():
                (target / top).symlink_to(site / top)
    return target


@pytest.fixture(scope="module")
def installed(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment holding the wheel; returns its ``bin`` folder."""
    home = tmp_path_factory.mktemp("fresh")
    env = home / "env"
    venv.EnvBuilder(system_site_packages=False, with_pip=False, symlinks=True).create(env)
    python = env / "bin" / "python"
    wheel = only(dist, "pantau-*.whl")
    run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index",
        "--no-compile", wheel)  # fmt: skip
    purelib = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])")
    links = _dependency_links(wheel, home / "dependencies")
    (Path(purelib.stdout.strip()) / "pantau_test_dependencies.pth").write_text(f"{links}\n")
    return env / "bin"


@pytest.fixture
def outside(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A working folder outside the checkout and an environment naming nothing of it."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PANTAU_", "PYTHON", "VIRTUAL_ENV"))
    }
    env.update(PANTAU_MODEL_DIR=str(tmp_path / "models"), PYTHONNOUSERSITE="1")
    return tmp_path, env


def test_installed_wheel_runs_the_demo(
    installed: Path, outside: tuple[Path, dict[str, str]]
) -> None:
    cwd, env = outside

    def pantau(*args: str) -> dict:
        done = run(installed / "pantau", "--data-dir", "data", *args, "--json", cwd=cwd, env=env)
        return dict(json.loads(done.stdout))

    where = run(installed / "python", "-c", "import pantau; print(pantau.__file__)", cwd=cwd,
                env=env)  # fmt: skip
    assert Path(where.stdout.strip()).is_relative_to(installed.parent)
    assert not Path(where.stdout.strip()).is_relative_to(ROOT)
    run(installed / "python", "-c", IMPORT_EVERY_MODULE, cwd=cwd, env=env)

    result = pantau("demo", "--posts", "1000", "--out", "hasil")
    assert result["workspace"] == "demo"
    assert result["import"]["new"] >= 1000 and result["enrich"]["enriched"] >= 1000
    outputs = [cwd / path for path in result["outputs"]]
    assert {p.suffix for p in outputs} >= {".json", ".pdf", ".docx", ".xlsx", ".html", ".png"}
    assert all(p.is_file() and p.stat().st_size > 0 for p in outputs)
    pdf = next(p for p in outputs if p.suffix == ".pdf")
    assert pdf.read_bytes().startswith(b"%PDF")

    version = pantau("version")
    assert version["version"] == __version__
    assert version["database"]["current"] == version["database"]["head"]
    assert pantau("upgrade", "--check")["database"]["up_to_date"]

    broken = run(sys.executable, "-m", "pip", "--python", installed / "python", "check")
    assert "No broken requirements" in broken.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served(installed: Path, outside: tuple[Path, dict[str, str]]) -> Iterator[str]:
    cwd, env = outside
    port = _free_port()
    command = [installed / "pantau", "--data-dir", "data", "serve", "--port", str(port)]
    server = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and server.poll() is None:
            try:
                urllib.request.urlopen(f"{base}/login", timeout=2).close()
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode("utf-8")


def test_installed_wheel_serves_the_dashboard(served: str) -> None:
    status, page = _get(f"{served}/login")
    assert status == 200 and "Masuk" in page
    status, page = _get(f"{served}/login?lang=en")
    assert status == 200 and "Sign in" in page
    status, css = _get(f"{served}/static/pantau.css")
    assert status == 200 and css.strip()
    status, script = _get(f"{served}/vendor/plotly.min.js")
    assert status == 200 and "plotly" in script[:2000].lower()
