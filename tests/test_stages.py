"""The pipeline: the stage list declared once and run the same way by ``pantau run``, the demo
and the scheduler; ``--only``; every stage's result in ``--json``."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from pantau.cli import app
from pantau.demo.job import run_demo
from pantau.errors import PantauError
from pantau.pipeline import StageContext, StageResult, order, run_pipeline, stage_names
from pantau.records import Workspace
from pantau.scheduler import Scheduler
from pantau.store import open_database, schema
from pantau.store.workspaces import create_workspace

runner = CliRunner()


class CountingStage:
    """A stage added after search: it records each workspace it ran for."""

    name = "counting"
    title = "Menghitung"
    reads = ("posts",)
    on_tick = True

    def __init__(self) -> None:
        self.seen: list[tuple[str, bool]] = []

    def run(self, ctx: StageContext) -> StageResult:
        self.seen.append((ctx.workspace.slug, ctx.tick))
        return StageResult(self.name, {"runs": len(self.seen)})


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> CountingStage:
    stage = CountingStage()
    names = [s.name for s in order.STAGES]
    at = names.index("search") + 1
    monkeypatch.setattr(order, "STAGES", (*order.STAGES[:at], stage, *order.STAGES[at:]))
    return stage


def _pantau(data_dir: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--data-dir", str(data_dir), *args])
    if isinstance(result.exception, PantauError):  # ``main`` prints these as one line
        return 1, str(result.exception)
    return result.exit_code, result.output


def _posts(path: Path) -> Path:
    path.write_text(
        "\n".join(
            json.dumps(
                {
                    "platform": "x",
                    "id": str(i),
                    "created_at": f"2026-11-17T0{i}:00:00+07:00",
                    "text": f"harga beras naik lagi di pasar {i}",
                    "author": f"warga{i}",
                }
            )
            for i in range(6)
        ),
        "utf-8",
    )
    return path


def test_the_declared_order() -> None:
    assert stage_names() == [
        "enrich",
        "claims",
        "agenda",
        "narratives",
        "issues",
        "coordination",
        "networks",
        "search",
        "actors",
        "alerts",
    ]
    assert [s.name for s in order.STAGES if s.on_tick] == ["alerts"]


def test_every_stage_reads_stored_tables() -> None:
    tables = set(schema.metadata.tables)
    for stage in order.STAGES:
        assert set(stage.reads) <= tables, stage.name


def test_a_new_stage_runs_in_pantau_run(tmp_path: Path, counting: CountingStage) -> None:
    data = tmp_path / "data"
    assert _pantau(data, "init", "uji", "--timezone", "WIB")[0] == 0
    assert _pantau(data, "import", str(_posts(tmp_path / "p.jsonl")), "--no-enrich")[0] == 0
    code, text = _pantau(data, "run", "--workspace", "uji", "--json")
    assert code == 0, text
    result = json.loads(text)
    assert [s["name"] for s in result["stages"]] == [*stage_names()]
    assert stage_names().index("counting") == stage_names().index("search") + 1
    assert counting.seen == [("uji", False)]
    # the keys scripts read before stages were listed
    assert result["posts"] == 6 and "issues_new" in result and "evaluated_hours" in result
    assert "search_indexed" in result and result["alerts"]["rules"] == 0
    enrich = next(s for s in result["stages"] if s["name"] == "enrich")
    assert enrich["counts"] == {"enriched": 6} and enrich["seconds"] >= 0


def test_a_new_stage_runs_in_the_demo(
    engine: Engine, tmp_path: Path, counting: CountingStage
) -> None:
    result = run_demo(engine, tmp_path / "data", tmp_path / "out", seed=3, n_posts=300)
    assert counting.seen == [(result.workspace.slug, False)]
    assert [r.name for r in result.pipeline.stages] == stage_names()
    assert result.enriched.enriched == 300


def test_a_new_stage_runs_on_the_scheduler_tick(
    engine: Engine, workspace: Workspace, tmp_path: Path, counting: CountingStage
) -> None:
    Scheduler(engine, tmp_path).tick(datetime(2026, 11, 20, 0, 0))
    assert counting.seen == [(workspace.slug, True)]


def test_only_some_stages_in_the_declared_order(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _pantau(data, "init", "uji")
    _pantau(data, "import", str(_posts(tmp_path / "p.jsonl")), "--no-enrich")
    code, text = _pantau(data, "run", "--only", "issues,enrich", "--json")
    assert code == 0, text
    result = json.loads(text)
    assert [s["name"] for s in result["stages"]] == ["enrich", "issues"]
    assert result["posts"] == 6 and "search_indexed" not in result and "alerts" not in result
    code, text = _pantau(data, "run", "--only", "enrich,hoaks")
    assert code == 1 and "tahap tidak dikenal: hoaks" in text


def test_run_pipeline_returns_each_stage_result(tmp_path: Path) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'p.db'}")
    ws = create_workspace(engine, "uji", "Uji", "pemda", "Asia/Jakarta")
    done = run_pipeline(engine, ws, tmp_path, stages=["search", "claims"])
    assert [r.name for r in done.stages] == ["claims", "search"]
    assert done.get("search") is not None and done.get("search").counts == {"indexed": 0}
    with pytest.raises(LookupError):
        done.output("issues", int)
    engine.dispose()


def test_workspaces_json(tmp_path: Path) -> None:
    data = tmp_path / "data"
    code, text = _pantau(data, "init", "uji", "--name", "Dinas Uji", "--json")
    assert code == 0, text
    made = json.loads(text)
    code, text = _pantau(data, "workspaces", "--json")
    assert code == 0, text
    assert json.loads(text) == [made]
    assert made == {
        "slug": "uji",
        "name": "Dinas Uji",
        "kind": "lembaga",
        "timezone": "Asia/Jakarta",
        "province_code": None,
        "regency_code": None,
    }
