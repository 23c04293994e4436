"""The pipeline: the :class:`Stage` protocol, the stage list declared once
(:mod:`pantau.pipeline.order`) and :func:`run_pipeline`, used by ``pantau run``, the demo, the
service's scheduler, the benchmarks and, later, task-queue workers."""

from pantau.pipeline.run import run_pipeline, select_stages, stage_names
from pantau.pipeline.stage import PipelineResult, Stage, StageContext, StageResult, counts_of

__all__ = [
    "PipelineResult",
    "Stage",
    "StageContext",
    "StageResult",
    "counts_of",
    "run_pipeline",
    "select_stages",
    "stage_names",
]
