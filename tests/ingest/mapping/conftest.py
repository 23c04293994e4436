"""Importing mapped files in tests: plan, then import, collected on a fixed day."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from pantau.ingest.importer import ImportSummary, import_file
from pantau.ingest.mapping.plan import ImportPlan, MapRequest, plan_import
from pantau.records import Workspace
from pantau.store.posts import PostFilter, list_posts

FILES = Path(__file__).parent / "files"
COLLECTED = datetime(2026, 11, 20, tzinfo=UTC)


class Importer:
    def __init__(self, engine: Engine, workspace: Workspace, tmp_path: Path) -> None:
        self.engine, self.workspace, self.tmp_path = engine, workspace, tmp_path

    def plan(self, path: Path, **request: str) -> ImportPlan:
        return plan_import(self.engine, self.workspace, path, request=MapRequest(**request))

    def run(self, path: Path, **request: str) -> tuple[ImportPlan, ImportSummary]:
        plan = self.plan(path, **request)
        summary = import_file(
            self.engine,
            self.workspace,
            path,
            rejects_dir=self.tmp_path / "rejects",
            collected_at=COLLECTED,
            plan=plan,
        )
        return plan, summary

    def posts(self) -> dict[str, dict]:
        """Stored posts by external id."""
        with self.engine.connect() as conn:
            rows = list_posts(conn, self.workspace.id, PostFilter(), limit=1000)
        return {r["external_id"]: r for r in rows}


@pytest.fixture
def importer(engine: Engine, workspace: Workspace, tmp_path: Path) -> Importer:
    return Importer(engine, workspace, tmp_path)
