"""Enrichment: language, sentiment, emotion and entities of every post not yet analysed by
the current models (position ``enrich:<model version>`` in ``monitor_state``)."""

from __future__ import annotations

from pantau.pipeline.stage import StageContext, StageResult
from pantau.text.stage import enrich_posts, load_models


class EnrichStage:
    name = "enrich"
    title = "Menganalisis teks (bahasa, sentimen, emosi, entitas)"
    reads = ("posts", "post_enrichment", "monitor_state")
    on_tick = False

    def run(self, ctx: StageContext) -> StageResult:
        models = load_models(ctx.data_dir, ctx.workspace)
        summary = enrich_posts(ctx.engine, ctx.workspace, models)
        return StageResult(self.name, {"enriched": summary.enriched}, summary)
