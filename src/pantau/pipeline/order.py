"""The stage list, declared once: ``run_pipeline`` runs these in this order. A new stage is a
module in ``stages/`` and one line here."""

from __future__ import annotations

from pantau.pipeline.stage import Stage
from pantau.pipeline.stages.actors import ActorsStage
from pantau.pipeline.stages.agenda import AgendaStage
from pantau.pipeline.stages.alerts import AlertsStage
from pantau.pipeline.stages.claims import ClaimsStage
from pantau.pipeline.stages.coordination import CoordinationStage
from pantau.pipeline.stages.enrich import EnrichStage
from pantau.pipeline.stages.issues import IssuesStage
from pantau.pipeline.stages.narratives import NarrativesStage
from pantau.pipeline.stages.networks import NetworksStage
from pantau.pipeline.stages.search import SearchStage

STAGES: tuple[Stage, ...] = (
    EnrichStage(),
    ClaimsStage(),  # before issues: an issue carrying a known false claim gains impact
    AgendaStage(),  # before issues: agenda items own topics that monitoring matches
    NarrativesStage(),
    IssuesStage(),
    CoordinationStage(),  # after issues: a group's posts are linked to their issues
    NetworksStage(),  # after issues: an issue's network follows its posts
    SearchStage(),
    ActorsStage(),
    AlertsStage(),  # last: its rules read the rollups and issues just made
)
