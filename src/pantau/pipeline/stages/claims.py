"""Known hoax claims: which posts carry them, by text or link, and whether they spread or
debunk them. Matches every post against the current claims and stores exactly those."""

from __future__ import annotations

from pantau.factcheck.matching import match_claims
from pantau.pipeline.stage import StageContext, StageResult, counts_of


class ClaimsStage:
    name = "claims"
    title = "Mencocokkan post dengan basis data hoaks"
    reads = ("claims", "posts", "post_enrichment", "claim_matches")
    on_tick = False

    def run(self, ctx: StageContext) -> StageResult:
        summary = match_claims(ctx.engine, ctx.workspace)
        return StageResult(self.name, counts_of(summary), summary)
