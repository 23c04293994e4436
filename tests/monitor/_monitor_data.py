"""Helpers shared by the monitoring tests: store posts and their enrichment quickly."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, insert, select

from pantau.records import PostRecord, Workspace
from pantau.store.posts import write_posts
from pantau.store.schema import post_enrichment, posts
from pantau.text.normalize import normalize


def store_posts(
    engine: Engine,
    workspace: Workspace,
    rows: list[tuple[str, datetime, str, str]],
    sentiment: dict[str, str] | None = None,
    followers: int = 100,
) -> None:
    """rows: (external id, created_at, author, text); optional sentiment per external id."""
    records = [
        PostRecord(
            platform="x",
            external_id=eid,
            key_kind="id",
            created_at=when,
            collected_at=when,
            text=text,
            raw="{}",
            raw_format="test",
            author=author,
            author_followers=followers,
            likes=1,
            reposts=2,
            replies=3,
        )
        for eid, when, author, text in rows
    ]
    with engine.begin() as conn:
        write_posts(conn, workspace.id, records)
    if sentiment:
        with engine.begin() as conn:
            ids = dict(conn.execute(select(posts.c.external_id, posts.c.id)).all())
            conn.execute(
                insert(post_enrichment),
                [
                    {
                        "workspace_id": workspace.id,
                        "post_id": ids[eid],
                        "normalized_text": normalize(text).text,
                        "language": "id",
                        "sentiment": sentiment.get(eid, "neutral"),
                        "sentiment_score": 0.9,
                        "polarity": -0.8 if sentiment.get(eid) == "negative" else 0.0,
                        "emotion": "none",
                        "emotion_score": 1.0,
                        "entities": [],
                        "model_version": "test",
                        "enriched_at": when,
                    }
                    for eid, when, _, text in rows
                    if eid in sentiment
                ],
            )
