"""Alerts: every rule of the workspace detects, new events are stored once, and due
deliveries, retries and digests go out. On the scheduler's tick only the rules that the clock
alone can trigger (a silent source) are evaluated, and deliveries that fell due."""

from __future__ import annotations

from pantau.notify import evaluate_alerts
from pantau.notify.rules import CLOCK_KINDS
from pantau.pipeline.stage import StageContext, StageResult, counts_of


class AlertsStage:
    name = "alerts"
    title = "Peringatan: menilai aturan dan mengirim yang jatuh tempo"
    reads = ("alert_rules", "alert_channels", "rollup_hourly", "issues", "alert_deliveries")
    on_tick = True

    def run(self, ctx: StageContext) -> StageResult:
        kinds = CLOCK_KINDS if ctx.tick else None
        summary = evaluate_alerts(ctx.engine, ctx.workspace, ctx.clock, kinds=kinds)
        return StageResult(self.name, counts_of(summary), summary)
