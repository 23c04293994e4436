"""What the national view and report cannot see, judged over the 24 hours before the view's
own time (never the wall clock, so a report for an earlier day says what was missing then):
workspaces whose issue detection had not run in that period, and live sources that could not
be collected during it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine

from pantau.store.national import last_detection_runs
from pantau.store.sources import outages_between
from pantau.store.workspaces import list_workspaces

PERIOD = timedelta(hours=24)


@dataclass(frozen=True)
class NotRun:
    """A workspace whose detection last ran before the period (``last_run`` None: never)."""

    institution: str
    workspace: str
    last_run: datetime | None


@dataclass(frozen=True)
class SourceDown:
    institution: str
    workspace: str
    source: str
    started_at: datetime  # the outage's start, or the period's when it began before
    ended_at: datetime | None  # None: not collected again by the end of the period
    reason: str  # auth, limited, network, server, client, format, internal


@dataclass(frozen=True)
class Coverage:
    start: datetime
    end: datetime
    not_run: list[NotRun]
    down: list[SourceDown]

    @property
    def complete(self) -> bool:
        return not (self.not_run or self.down)


def coverage(engine: Engine, as_of: datetime, period: timedelta = PERIOD) -> Coverage:
    """The coverage of the ``period`` before ``as_of`` (naive UTC). A detection that ran after
    ``as_of`` covers it: detection is incremental, so it reached every post up to then."""
    start = as_of - period
    spaces = {ws.id: ws for ws in list_workspaces(engine)}
    with engine.connect() as conn:
        runs = last_detection_runs(conn)
        outages = outages_between(conn, None, start, as_of)
    not_run = [
        NotRun(ws.name, ws.slug, runs.get(ws.id))
        for ws in spaces.values()
        if runs.get(ws.id) is None or runs[ws.id] < start
    ]
    down = [
        SourceDown(
            institution=spaces[o["workspace_id"]].name,
            workspace=spaces[o["workspace_id"]].slug,
            source=o["name"],
            started_at=max(o["started_at"], start),
            ended_at=o["ended_at"] if o["ended_at"] and o["ended_at"] <= as_of else None,
            reason=o["kind"],
        )
        for o in outages
    ]
    return Coverage(start, as_of, not_run, down)
