"""Actor rollups: per account and local day, and per standard period, from the posts stored
or changed since the last run (position ``actors`` and the change marks; see
:mod:`pantau.network.rollups`)."""

from __future__ import annotations

from pantau.network.rollups import update_actor_rollups
from pantau.pipeline.stage import StageContext, StageResult, counts_of


class ActorsStage:
    name = "actors"
    title = "Merangkum aktor per hari dan per periode"
    reads = (
        "posts",
        "post_enrichment",
        "authors",
        "account_lists",
        "actor_changes",
        "actor_days",
        "actor_periods",
        "actor_windows",
        "monitor_state",
    )
    on_tick = False

    def run(self, ctx: StageContext) -> StageResult:
        summary = update_actor_rollups(ctx.engine, ctx.workspace)
        return StageResult(self.name, counts_of(summary), summary)
