from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
import pytest
from sqlalchemy import Engine, insert, select
from tests.monitor._monitor_data import store_posts

from pantau.demo.generator import INSTITUTION, generate
from pantau.errors import NotFoundError, PantauError
from pantau.ingest.importer import import_file
from pantau.monitor.issues import IssueFilter, get_issue, list_issues, update_workflow
from pantau.monitor.run import run_monitoring
from pantau.records import Workspace
from pantau.store import open_database
from pantau.store.schema import issue_posts, post_enrichment, posts
from pantau.store.workspaces import create_workspace
from pantau.text.enrich import enrich

T0 = datetime(2026, 11, 16, 0, 0)
CHATTER = [
    "harga cabai di pasar naik sedikit",
    "cuaca cerah cocok menjemur gabah",
    "resep sayur lodeh enak untuk makan siang",
    "panen jagung tahun ini lumayan bagus",
    "pasar induk ramai pembeli pagi ini",
    "beras medium stabil di warung dekat rumah",
]


def _week_with_a_burst(engine: Engine, workspace: Workspace) -> None:
    rows = []
    n = 0
    for h in range(40):
        for i in range(20):
            n += 1
            rows.append(
                (
                    f"c{n}",
                    T0 + timedelta(hours=h, minutes=i * 3),
                    f"u{n % 50}",
                    CHATTER[(h + i) % len(CHATTER)] + f" {n % 7}",
                )
            )
    for h in range(36, 40):
        for i in range(10 + 4 * (h - 36)):
            n += 1
            rows.append(
                (
                    f"b{n}",
                    T0 + timedelta(hours=h, minutes=i * 2),
                    f"warga{n}",
                    f"pupuk langka di kios desa {n} petani antre #PupukLangka",
                )
            )
    negative = {eid: "negative" for eid, *_ in rows if eid.startswith("b")}
    store_posts(engine, workspace, rows, sentiment=negative)


def test_run_finds_the_burst_keeps_ids_stable_and_workflow(
    engine: Engine, workspace: Workspace
) -> None:
    _week_with_a_burst(engine, workspace)
    first = run_monitoring(engine, workspace)
    found = list_issues(engine, workspace)
    assert len(found) == 1, [r["label"] for r in found]
    issue = found[0]
    assert issue["label"].startswith("Pupuk langka di kios desa")  # a sentence, not terms
    assert "#pupuklangka" in issue["metrics"]["key_terms"]
    assert issue["label"] == issue["metrics"]["title"] and issue["title"] is None
    assert issue["metrics"]["negative_share"] == 1.0
    assert issue["stage"] in ("berkembang", "memuncak")
    assert issue["status"] == "baru" and issue["why"]
    assert first.issues_new == 1
    # Re-running changes nothing; new posts in the same story keep the same id.
    again = run_monitoring(engine, workspace)
    assert again.issues_new == 0 and len(list_issues(engine, workspace)) == 1
    store_posts(
        engine,
        workspace,
        [
            (
                f"late{i}",
                T0 + timedelta(hours=40, minutes=i),
                f"late{i}",
                f"pupuk langka di kios desa {i} petani antre #PupukLangka",
            )
            for i in range(12)
        ],
        sentiment={f"late{i}": "negative" for i in range(12)},
    )
    run_monitoring(engine, workspace)
    (same,) = list_issues(engine, workspace)
    assert same["id"] == issue["id"] and same["metrics"]["posts"] > issue["metrics"]["posts"]
    updated = update_workflow(engine, workspace, issue["id"], status="dipantau", owner="Tim Humas")
    assert updated["status"] == "dipantau" and updated["owner"] == "Tim Humas"
    assert list_issues(engine, workspace, IssueFilter(status="selesai")) == []
    assert len(list_issues(engine, workspace, IssueFilter(priority=issue["priority"]))) == 1
    with pytest.raises(PantauError, match="status"):
        update_workflow(engine, workspace, issue["id"], status="kacau")
    # An analyst's title is kept by later runs; an empty one brings the generated title back.
    renamed = update_workflow(engine, workspace, issue["id"], title="  Kelangkaan  pupuk ")
    assert renamed["label"] == renamed["title"] == "Kelangkaan pupuk"
    store_posts(
        engine,
        workspace,
        [(f"later{i}", T0 + timedelta(hours=41, minutes=i), f"later{i}",
          f"pupuk langka lagi di kios desa {i} #PupukLangka") for i in range(12)],
    )  # fmt: skip
    run_monitoring(engine, workspace)
    assert get_issue(engine, workspace, issue["id"])["label"] == "Kelangkaan pupuk"
    reset = update_workflow(engine, workspace, issue["id"], title="")
    assert reset["title"] is None and reset["label"] == reset["metrics"]["title"]
    with pytest.raises(NotFoundError):
        get_issue(engine, workspace, 999)


def test_empty_workspace_runs_cleanly(engine: Engine, workspace: Workspace) -> None:
    summary = run_monitoring(engine, workspace)
    assert summary.posts == 0 and list_issues(engine, workspace) == []


def _demo(tmp_path: Path, n_posts: int) -> tuple[Engine, Workspace, object]:
    engine = open_database(f"sqlite:///{tmp_path / 'demo.db'}")
    ws = create_workspace(engine, "demo", INSTITUTION.name, "kementerian", "Asia/Jakarta")
    data, truth = generate(n_posts=n_posts)
    path = tmp_path / "demo.jsonl"
    path.write_bytes(b"".join(orjson.dumps(p) + b"\n" for p in data))
    import_file(engine, ws, path, rejects_dir=tmp_path / "rejects")
    with engine.connect() as conn:
        rows = conn.execute(select(posts.c.id, posts.c.text)).all()
    now = datetime.now(UTC).replace(tzinfo=None)
    enriched = enrich([text for _, text in rows])
    with engine.begin() as conn:
        conn.execute(
            insert(post_enrichment),
            [
                {
                    "workspace_id": ws.id,
                    "post_id": post_id,
                    "normalized_text": e.normalized_text,
                    "language": e.language,
                    "sentiment": e.sentiment,
                    "sentiment_score": e.sentiment_score,
                    "polarity": e.polarity,
                    "emotion": e.emotion,
                    "emotion_score": e.emotion_score,
                    "entities": [list(x) for x in e.entities],
                    "model_version": "test",
                    "enriched_at": now,
                }
                for (post_id, _), e in zip(rows, enriched, strict=True)
            ],
        )
    return engine, ws, truth


def test_demo_week_issue_hoax_and_campaign(tmp_path: Path) -> None:
    engine, ws, truth = _demo(tmp_path, 10_000)
    own = [INSTITUTION.acronym, *INSTITUTION.official_handles.values()]
    at_peak = truth.issue_peak.astimezone(UTC).replace(tzinfo=None) + timedelta(hours=3)
    run_monitoring(engine, ws, now=at_peak, own_names=own)
    found = list_issues(engine, ws)
    assert 3 <= len(found) <= 15, [r["label"] for r in found]
    with engine.connect() as conn:
        external = dict(conn.execute(select(posts.c.id, posts.c.external_id)).all())
        members: dict[int, set[str]] = {}
        for issue_id, post_id in conn.execute(
            select(issue_posts.c.issue_id, issue_posts.c.post_id)
        ):
            members.setdefault(issue_id, set()).add(external[post_id])
    pupuk = next(r for r in found if "#pupuklangka" in r["metrics"]["key_terms"])
    assert pupuk["stage"] in ("berkembang", "memuncak")
    assert pupuk["priority"] == "segera"
    assert pupuk["metrics"]["negative_share"] > 0.7
    assert "negatif" in pupuk["why"] and "kemenpantara" in pupuk["why"].lower()
    hoax = max(found, key=lambda r: len(members.get(r["id"], set()) & truth.hoax_post_ids))
    assert len(members[hoax["id"]] & truth.hoax_post_ids) >= 0.8 * len(members[hoax["id"]])
    ring = [
        r
        for r in found
        if members.get(r["id"], set()) & truth.ring_post_ids and r["metrics"]["copy_share"] >= 0.5
    ]
    assert ring, "the copy-paste campaign is an issue of its own"
    assert all(r["metrics"]["unique_messages"] <= 3 for r in ring)
    # At the end of the week the main issue is fading, under the same id.
    run_monitoring(engine, ws, own_names=own)
    assert get_issue(engine, ws, pupuk["id"])["stage"] == "mereda"
    engine.dispose()
