"""Upgrading a database an earlier release made: a database at revision 0018 holding posts, an
author, a topic with its matches, an issue with its posts and a claim that posts carry is
opened by the current code (what every start of Pantau does) and keeps every row, which the
current code then reads and changes. Rows that refer to a table a migration alters matter on
SQLite, where a migration that copies a table cannot drop the old one while rows refer to it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine, MetaData, insert, select
from tests.store._revisions import migrated_to

from pantau.monitor.issues import get_issue, update_workflow
from pantau.search import search_terms
from pantau.store import open_database
from pantau.store.engine import schema_status
from pantau.store.posts import PostFilter, list_posts
from pantau.store.topics import match_counts, topics_of
from pantau.store.workspaces import resolve_workspace

EARLIER = "0018"
T0 = datetime(2026, 11, 20, 6, 0)
TABLES = (
    "workspaces",
    "posts",
    "authors",
    "topics",
    "topic_matches",
    "issues",
    "issue_posts",
    "claims",
    "claim_matches",
)


def _fill(engine: Engine, old: MetaData) -> dict[str, int]:
    """Rows as the release at ``EARLIER`` wrote them, through its own table shapes."""
    t = old.tables
    with engine.begin() as conn:
        ws = conn.execute(
            insert(t["workspaces"]).returning(t["workspaces"].c.id),
            {"slug": "lama", "name": "Dinas Lama", "kind": "pemda",
             "timezone": "Asia/Makassar", "created_at": T0},
        ).scalar_one()  # fmt: skip
        post_ids = [
            conn.execute(
                insert(t["posts"]).returning(t["posts"].c.id),
                {
                    "workspace_id": ws, "platform": "x", "external_id": str(100 + i),
                    "key_kind": "id", "created_at": T0.replace(hour=6 + i), "collected_at": T0,
                    "author": "warga_a", "text": f"pupuk langka lagi di desa {i} #pupuklangka",
                    "likes": i, "hashtags": ["pupuklangka"], "flags": "",
                    "raw_format": "jsonl", "raw": f'{{"id": "{100 + i}"}}',
                },
            ).scalar_one()
            for i in range(3)
        ]  # fmt: skip
        conn.execute(
            insert(t["authors"]),
            {"workspace_id": ws, "platform": "x", "handle": "warga_a", "name": "Warga A",
             "followers": 120, "verified": False, "profile_at": T0},
        )  # fmt: skip
        topic = conn.execute(
            insert(t["topics"]).returning(t["topics"].c.id),
            {"workspace_id": ws, "name": "Pupuk", "category": "isu", "query": "pupuk",
             "active": True, "created_at": T0, "updated_at": T0},
        ).scalar_one()  # fmt: skip
        issue = conn.execute(
            insert(t["issues"]).returning(t["issues"].c.id),
            {
                "workspace_id": ws, "label": "Kelangkaan pupuk di desa", "terms": ["w:pupuk"],
                "first_seen": T0, "last_seen": T0.replace(hour=8), "stage": "berkembang",
                "priority": "perlu perhatian", "priority_score": 0.6,
                "why": "post naik tajam", "suggested_response": "klarifikasi", "status": "baru",
                "metrics": {"posts": 3, "title": "Kelangkaan pupuk di desa"},
                "created_at": T0, "updated_at": T0,
            },
        ).scalar_one()  # fmt: skip
        claim = conn.execute(
            insert(t["claims"]).returning(t["claims"].c.id),
            {"workspace_id": ws, "claim": "Pupuk subsidi dihapus tahun depan",
             "verdict": "HOAKS", "category": "ekonomi", "claim_key": "k" * 64,
             "created_at": T0},
        ).scalar_one()  # fmt: skip
        conn.execute(
            insert(t["claim_matches"]),
            {"workspace_id": ws, "claim_id": claim, "post_id": post_ids[0], "score": 0.9,
             "passage": "pupuk langka", "method": "text", "created_at": T0},
        )  # fmt: skip
        for table, key, owner in (
            ("topic_matches", "topic_id", topic),
            ("issue_posts", "issue_id", issue),
        ):
            conn.execute(
                insert(t[table]),
                [{"workspace_id": ws, key: owner, "post_id": p, "created_at": T0}
                 for p in post_ids],
            )  # fmt: skip
    return {"workspace": ws, "topic": topic, "issue": issue}


def _rows(engine: Engine, old: MetaData) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the tables, in the columns the earlier schema had."""
    with engine.connect() as conn:
        return {
            name: sorted(tuple(row) for row in conn.execute(select(old.tables[name])))
            for name in TABLES
        }


def test_database_of_an_earlier_release_keeps_its_data(db_url: str) -> None:
    earlier = migrated_to(db_url, EARLIER)
    old = MetaData()
    old.reflect(earlier, only=TABLES)
    assert "title" not in old.tables["issues"].c  # added by 0019
    ids = _fill(earlier, old)
    before = _rows(earlier, old)
    earlier.dispose()

    engine = open_database(db_url)
    with engine.connect() as conn:
        status = schema_status(conn)
    assert status.up_to_date and status.current == (status.head,)
    assert _rows(engine, old) == before
    assert sum(len(rows) for rows in before.values()) == 1 + 3 + 1 + 1 + 3 + 1 + 3 + 1 + 1

    ws = resolve_workspace(engine, "lama")
    assert ws.timezone == "Asia/Makassar"
    with engine.connect() as conn:
        texts = [
            p["text"] for p in list_posts(conn, ws.id, PostFilter(terms=search_terms("pupuk")))
        ]
        topics = topics_of(conn, ws.id)
        matched = match_counts(conn, ws.id)
    assert sorted(texts) == [f"pupuk langka lagi di desa {i} #pupuklangka" for i in range(3)]
    assert [(t.name, t.query) for t in topics] == [("Pupuk", "pupuk")]
    assert matched == {ids["topic"]: 3}
    issue = get_issue(engine, ws, ids["issue"])
    assert (issue["label"], issue["title"], issue["status"]) == (
        "Kelangkaan pupuk di desa",
        None,
        "baru",
    )
    update_workflow(engine, ws, ids["issue"], title="Pupuk bersubsidi langka")  # the new column
    assert get_issue(engine, ws, ids["issue"])["label"] == "Pupuk bersubsidi langka"
    engine.dispose()
