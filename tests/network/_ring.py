"""A coordinated ring among ordinary posts, an issue holding posts, and a known hoax carried
by posts: shared by the tests of the coordination stage, key actors, *Hari ini* and the
morning pages."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Engine, select

from pantau.records import PostRecord, Workspace
from pantau.store import monitor as monitor_store
from pantau.store.posts import write_posts
from pantau.store.schema import claim_matches, claims, posts

START = datetime(2026, 11, 16, 1, 0)
RING = [f"ring{i}" for i in range(5)]
MESSAGE = "tolak kebijakan kartu tani digital sekarang juga karena petani makin susah"


def post(n: int, author: str, at: datetime, text: str, tags: list[str]) -> PostRecord:
    return PostRecord(
        platform="x",
        external_id=f"p{n}",
        key_kind="id",
        created_at=at,
        collected_at=at + timedelta(days=1),
        text=text,
        raw="{}",
        raw_format="test",
        author=author,
        hashtags=tags,
    )


def seed_ring(engine: Engine, workspace: Workspace, start: datetime = START) -> list[int]:
    """Five accounts posting one long message within seconds, four times a day apart, among
    forty ordinary posts; returns the ids of the ring's posts."""
    records = []
    for burst in range(4):
        at = start + timedelta(hours=6 * burst)
        for i, author in enumerate(RING):
            when = at + timedelta(seconds=5 * i)
            records.append(post(len(records), author, when, f"{MESSAGE} #TolakKTD", ["TolakKTD"]))
    for i in range(40):
        at = start + timedelta(minutes=37 * i)
        records.append(post(len(records), f"warga{i}", at, f"cuaca hari ini cerah nomor {i}", []))
    with engine.begin() as conn:
        write_posts(conn, workspace.id, records)
        found = conn.execute(
            select(posts.c.id).where(posts.c.workspace_id == workspace.id, posts.c.author.in_(RING))
        )
        return sorted(int(i) for (i,) in found)


def add_issue(engine: Engine, workspace: Workspace, post_ids: list[int], label: str) -> int:
    now = START + timedelta(days=1)
    values = {
        "label": label,
        "terms": [],
        "first_seen": START,
        "last_seen": now,
        "stage": "berkembang",
        "priority": "segera",
        "priority_score": 0.5,
        "why": "naik",
        "suggested_response": "kontra-narasi",
        "status": "baru",
        "metrics": {"posts": len(post_ids)},
        "created_at": now,
        "updated_at": now,
    }
    with engine.begin() as conn:
        issue_id = monitor_store.insert_issue(conn, workspace.id, values)
        monitor_store.assign_posts(conn, workspace.id, [(issue_id, p, START) for p in post_ids])
    return issue_id


def add_hoax(engine: Engine, workspace: Workspace, stances: dict[int, str]) -> int:
    """A known false claim and the posts carrying it, ``{post id: stance}`` (``menyebarkan``
    or ``membantah``), as the ``claims`` stage stores them; returns the claim's id."""
    with engine.begin() as conn:
        claim_id = conn.execute(
            claims.insert()
            .values(
                workspace_id=workspace.id,
                claim="data petani dijual",
                verdict="HOAKS",
                category="lainnya",
                claim_key="k",
                created_at=START,
            )
            .returning(claims.c.id)
        ).scalar_one()
        conn.execute(
            claim_matches.insert(),
            [
                {
                    "workspace_id": workspace.id,
                    "claim_id": claim_id,
                    "post_id": post_id,
                    "score": 0.9,
                    "passage": "x",
                    "method": "text",
                    "created_at": START,
                    "stance": stance,
                }
                for post_id, stance in stances.items()
            ],
        )
    return int(claim_id)
