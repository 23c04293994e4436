"""The full-text search index: posts stored since the last run (position ``search``), which
catches up posts stored without ``pantau import``."""

from __future__ import annotations

from pantau.pipeline.stage import StageContext, StageResult
from pantau.search import index_posts


class SearchStage:
    name = "search"
    title = "Mengindeks post untuk pencarian"
    reads = ("posts", "monitor_state")
    on_tick = False

    def run(self, ctx: StageContext) -> StageResult:
        indexed = index_posts(ctx.engine, ctx.workspace)
        return StageResult(self.name, {"indexed": indexed}, indexed)
