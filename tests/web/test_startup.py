"""What the dashboard does when it starts, besides serving."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from pantau.agenda import stats
from pantau.config import Settings
from pantau.web import create_app


def test_the_app_loads_the_statistics_libraries_in_the_background(
    tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    loaded = threading.Event()
    monkeypatch.setattr(stats, "preload", loaded.set)
    create_app(Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'p.db'}"))
    assert loaded.wait(10)
    code = (
        "import sys; from pantau.agenda.stats import preload; "
        "assert 'statsmodels.tsa.stattools' not in sys.modules; preload(); "
        "assert {'scipy.stats', 'statsmodels.tsa.stattools'} <= set(sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
