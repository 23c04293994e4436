"""A small national world for the tests: institutions of the directory with stored issues."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine

from pantau.national.directory import init_workspace
from pantau.records import Workspace
from pantau.store.monitor import insert_issue

NOW = datetime(2026, 11, 5, 12, 0)


def institution(engine: Engine, slug: str, kind: str, **region: str) -> Workspace:
    return init_workspace(engine, slug, f"Instansi {slug}", kind, "Asia/Jakarta", **region)


def issue(
    engine: Engine,
    ws: Workspace,
    label: str,
    terms: list[str],
    *,
    priority: str = "perlu perhatian",
    score: float = 0.5,
    status: str = "baru",
    owner: str | None = None,
    hoax: str | None = None,
    text: str = "",
) -> int:
    metrics = {
        "posts": 12,
        "series": {"2026-11-05T01:00:00": 5, "2026-11-05T02:00:00": 7},
        "top_posts": [{"id": 1, "platform": "x", "text": text}],
        "hoax": {"claim": hoax, "posts": 3} if hoax else None,
    }
    with engine.begin() as conn:
        return insert_issue(
            conn,
            ws.id,
            {
                "label": label, "terms": terms, "first_seen": NOW, "last_seen": NOW,
                "stage": "berkembang", "priority": priority, "priority_score": score,
                "why": "-", "suggested_response": "klarifikasi", "status": status,
                "owner": owner, "metrics": metrics, "created_at": NOW, "updated_at": NOW,
            },
        )  # fmt: skip
