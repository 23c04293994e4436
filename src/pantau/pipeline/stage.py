"""What a stage is: a named, idempotent batch step over one workspace's stored data.

A stage reads what earlier stages stored, writes its own results and remembers where it
stopped (its stored position), so running it twice changes nothing and a crash is repaired by
running it again. It does not know who calls it: ``pantau run``, the demo, the service's
scheduler, the benchmarks or a task-queue worker all go through
:func:`pantau.pipeline.run_pipeline`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol, TypeVar

from sqlalchemy import Engine

from pantau.records import Workspace

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class StageContext:
    """Everything a stage may use; the same for every stage of one run."""

    engine: Engine
    workspace: Workspace
    data_dir: Path  # models, rejects and reports live here
    until: datetime | None = None  # the data's "now" (naive UTC); None: the newest post
    clock: datetime | None = None  # wall-clock time for deliveries (naive UTC); None: real
    tick: bool = False  # the scheduler's minute tick: only work the clock alone makes due
    own_names: Sequence[str] | None = None  # names meaning the institution itself
    backfill: datetime | None = None  # evaluate issues again from then on (naive UTC)


@dataclass(slots=True)
class StageResult:
    """What one stage did: a few numbers for people and scripts, the capability's own
    summary for callers that want more, and the time it took (set by the runner)."""

    name: str
    counts: dict[str, int]
    output: object = None
    seconds: float = 0.0

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, "seconds": round(self.seconds, 3), "counts": self.counts}


class Stage(Protocol):
    """One step of the pipeline. ``reads`` names the tables it reads (documentation, kept
    true by a test); ``on_tick`` stages also run on the scheduler's minute tick, where
    ``ctx.tick`` tells them to do only what the clock alone makes due."""

    @property
    def name(self) -> str: ...

    @property
    def title(self) -> str: ...  # what a person watching is told, in Indonesian

    @property
    def reads(self) -> tuple[str, ...]: ...

    @property
    def on_tick(self) -> bool: ...

    def run(self, ctx: StageContext) -> StageResult: ...


def counts_of(summary: object) -> dict[str, int]:
    """The whole-number fields of a dataclass summary (flags and lists left out)."""
    if not is_dataclass(summary):
        return {}
    values = ((f.name, getattr(summary, f.name)) for f in fields(summary))
    return {k: v for k, v in values if isinstance(v, int) and not isinstance(v, bool)}


@dataclass(slots=True)
class PipelineResult:
    """The results of the stages that ran, in order."""

    stages: list[StageResult] = field(default_factory=list)

    def get(self, name: str) -> StageResult | None:
        return next((r for r in self.stages if r.name == name), None)

    def output(self, name: str, kind: type[T]) -> T:
        """The capability summary of stage ``name``, checked to be a ``kind``."""
        found = self.get(name)
        if found is None or not isinstance(found.output, kind):
            raise LookupError(f"stage {name!r} did not run or gave no {kind.__name__}")
        return found.output

    def as_list(self) -> list[dict[str, object]]:
        return [r.as_dict() for r in self.stages]
