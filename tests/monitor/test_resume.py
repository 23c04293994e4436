"""A monitoring run resumes the detectors from the previous run's snapshot instead of
replaying days of term rollups, and finds exactly what a full replay finds."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import Engine, delete
from tests.monitor._monitor_data import store_posts
from tests.monitor.test_run_bad_input import T0, _chatter

from pantau.monitor.issues import list_issues
from pantau.monitor.run import run_monitoring
from pantau.records import Workspace
from pantau.store import open_database
from pantau.store.schema import detector_state
from pantau.store.workspaces import create_workspace


def _burst() -> list:
    return [
        (
            f"b{h}-{i}",
            T0 + timedelta(hours=h, minutes=i * 2),
            f"warga{h}-{i}",
            f"pupuk langka di kios desa {i} petani antre #PupukLangka",
        )
        for h in range(30, 36)
        for i in range(8 + 4 * (h - 30))
    ]


def _workspace(tmp_path: Path, name: str) -> tuple[Engine, Workspace]:
    engine = open_database(f"sqlite:///{tmp_path / name}")
    workspace = create_workspace(engine, "uji", "Dinas Uji", "pemda", "Asia/Jakarta")
    store_posts(engine, workspace, _chatter(range(40)) + _burst())
    return engine, workspace


def test_a_resumed_run_finds_what_a_full_replay_finds(tmp_path: Path) -> None:
    results = []
    for name, forget in (("resumed.db", False), ("replayed.db", True)):
        engine, workspace = _workspace(tmp_path, name)
        first = run_monitoring(engine, workspace, now=T0 + timedelta(hours=31, minutes=30))
        assert first.resumed_from is None
        if forget:
            with engine.begin() as conn:
                conn.execute(delete(detector_state))
        second = run_monitoring(engine, workspace)
        if forget:
            assert second.resumed_from is None
        else:
            assert second.resumed_from == T0 + timedelta(hours=31)
        issues = [
            (r["label"], r["stage"], r["priority"], r["metrics"]["posts"])
            for r in list_issues(engine, workspace)
        ]
        results.append((second.evaluated_hours, second.flagged_keys, second.candidates, issues))
        engine.dispose()
    resumed, replayed = results
    assert resumed == replayed
    assert resumed[3], "the burst is an issue"


def test_other_detector_settings_replay_instead(tmp_path: Path) -> None:
    from pantau.monitor.emerging import DetectorConfig

    engine, workspace = _workspace(tmp_path, "settings.db")
    run_monitoring(engine, workspace, now=T0 + timedelta(hours=31, minutes=30))
    other = run_monitoring(engine, workspace, config=DetectorConfig(threshold=3.5))
    assert other.resumed_from is None
    later = [
        (f"n{eid}", when + timedelta(hours=1), a, t) for eid, when, a, t in _chatter(range(39, 40))
    ]
    store_posts(engine, workspace, later)
    again = run_monitoring(engine, workspace, config=DetectorConfig(threshold=3.5))
    assert again.resumed_from is not None and again.evaluated_hours >= 1
    engine.dispose()
