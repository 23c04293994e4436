"""Monitoring: topic matches, hourly and daily rollups, emerging-issue detection and issue
tracking, run as one stage because its parts share the posts' facts in memory (positions
``rollup``, ``detect`` and ``detect_from`` in ``monitor_state``; see :mod:`pantau.monitor.run`)."""

from __future__ import annotations

from pantau.monitor.run import run_monitoring
from pantau.pipeline.stage import StageContext, StageResult, counts_of


class IssuesStage:
    name = "issues"
    title = "Memantau isu: topik, rollup, deteksi isu yang muncul"
    reads = ("posts", "post_enrichment", "topics", "rollup_term_hours", "detector_state", "issues")
    on_tick = False

    def run(self, ctx: StageContext) -> StageResult:
        summary = run_monitoring(
            ctx.engine, ctx.workspace, ctx.until, own_names=ctx.own_names, backfill=ctx.backfill
        )
        return StageResult(self.name, counts_of(summary), summary)
