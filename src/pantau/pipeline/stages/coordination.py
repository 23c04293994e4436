"""Coordinated campaigns: the groups of accounts acting together in the recent window, with
their evidence posts and issues, stored for the dashboard (position ``coordination``; see
:mod:`pantau.network.campaigns`)."""

from __future__ import annotations

from pantau.network.campaigns import find_campaigns
from pantau.pipeline.stage import StageContext, StageResult, counts_of


class CoordinationStage:
    name = "coordination"
    title = "Mencari kelompok akun yang bergerak serempak"
    reads = ("posts", "post_enrichment", "issues", "issue_posts", "monitor_state")
    on_tick = False

    def run(self, ctx: StageContext) -> StageResult:
        summary = find_campaigns(ctx.engine, ctx.workspace, ctx.until)
        return StageResult(self.name, counts_of(summary), summary)
