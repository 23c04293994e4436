"""``run_pipeline``: the declared stages, or some of them, over one workspace, in order."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from pantau.errors import PantauError
from pantau.pipeline import order
from pantau.pipeline.stage import PipelineResult, Stage, StageContext
from pantau.records import Workspace

log = logging.getLogger("pantau.pipeline")


def stage_names() -> list[str]:
    return [s.name for s in order.STAGES]


def select_stages(names: Sequence[str] | None = None, *, tick: bool = False) -> list[Stage]:
    """The declared stages named in ``names`` (all when None), in the declared order; on the
    scheduler's ``tick`` only those that run on it."""
    if names is not None:
        unknown = [n for n in names if n not in stage_names()]
        if unknown:
            raise PantauError(
                f"tahap tidak dikenal: {', '.join(unknown)} (pilih {', '.join(stage_names())})"
            )
    return [
        s for s in order.STAGES if (names is None or s.name in names) and (s.on_tick or not tick)
    ]


def run_pipeline(
    engine: Engine,
    workspace: Workspace,
    data_dir: Path,
    *,
    until: datetime | None = None,
    stages: Sequence[str] | None = None,
    clock: datetime | None = None,
    tick: bool = False,
    own_names: Sequence[str] | None = None,
    announce: Callable[[Stage], None] | None = None,
    backfill: datetime | None = None,
) -> PipelineResult:
    """Run the stages (all, or those named in ``stages``) over ``workspace`` and return what
    each did. ``until``: the data's "now" (naive UTC; default the newest post); ``clock``: the
    wall-clock time of deliveries; ``tick``: the scheduler's minute pass; ``own_names``: names
    that mean the institution itself (default its owned channels and slug); ``announce`` is
    told each stage before it starts; ``backfill``: evaluate issues again from then on, however
    old. A stage's error stops the run: running it again resumes, since every stage is
    idempotent."""
    ctx = StageContext(engine, workspace, data_dir, until, clock, tick, own_names, backfill)
    result = PipelineResult()
    for stage in select_stages(stages, tick=tick):
        if announce is not None:
            announce(stage)
        started = time.perf_counter()
        done = stage.run(ctx)
        done.seconds = time.perf_counter() - started
        log.info("%s: stage %s %s in %.2f s", workspace.slug, stage.name, done.counts, done.seconds)
        result.stages.append(done)
    return result
