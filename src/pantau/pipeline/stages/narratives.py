"""Narasi tunggal: the posts carrying each narrative kit (each kit keeps its own position)."""

from __future__ import annotations

from pantau.agenda.narrative_match import match_narratives
from pantau.pipeline.stage import StageContext, StageResult


class NarrativesStage:
    name = "narratives"
    title = "Narasi tunggal: mencari post pembawa kit narasi"
    reads = ("narrative_kits", "narrative_accounts", "posts", "narrative_matches")
    on_tick = False

    def run(self, ctx: StageContext) -> StageResult:
        kits = match_narratives(ctx.engine, ctx.workspace)
        counts = {
            "kits": len(kits),
            "posts_checked": sum(k.posts_checked for k in kits),
            "new_matches": sum(k.new_matches for k in kits),
        }
        return StageResult(self.name, counts, kits)
