"""Agenda sync: every agenda item owns a topic with its query, and the own-accounts topic names
today's accounts (owned channels added since the last run count as own posts)."""

from __future__ import annotations

from pantau.agenda.items import sync_agenda
from pantau.pipeline.stage import StageContext, StageResult, counts_of


class AgendaStage:
    name = "agenda"
    title = "Agenda: menyelaraskan topik agenda dan akun sendiri"
    reads = ("agenda_items", "agenda_accounts", "channels", "topics")
    on_tick = False

    def run(self, ctx: StageContext) -> StageResult:
        summary = sync_agenda(ctx.engine, ctx.workspace)
        return StageResult(self.name, counts_of(summary), summary)
