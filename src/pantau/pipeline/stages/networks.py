"""Issue networks: camps, bridges and the picture of every issue whose posts changed since
its network was stored (see :func:`pantau.network.camps.update_issue_networks`), so the
issue's *Jaringan* page reads a stored result instead of every post of the issue."""

from __future__ import annotations

from pantau.network.camps import update_issue_networks
from pantau.pipeline.stage import StageContext, StageResult, counts_of


class NetworksStage:
    name = "networks"
    title = "Menghitung jaringan dan kubu per isu"
    reads = ("issues", "issue_posts", "posts", "post_enrichment", "issue_networks")
    on_tick = False

    def run(self, ctx: StageContext) -> StageResult:
        summary = update_issue_networks(ctx.engine, ctx.workspace)
        return StageResult(self.name, counts_of(summary), summary)
