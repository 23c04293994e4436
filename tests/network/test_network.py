from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import orjson
import pytest
from sqlalchemy import Engine

from pantau.demo.generator import generate
from pantau.ingest.importer import import_file
from pantau.network.actors import account_signals, list_actors
from pantau.network.coordination import detect_coordination, workspace_coordination
from pantau.network.graph import build_graph, export_graph
from pantau.network.rollups import day_figures, unpack, update_actor_rollups
from pantau.records import Workspace
from pantau.store.actors import ActorPost
from pantau.text.account_type import account_type

T0 = datetime(2026, 11, 16, 8, 0)


@cache
def _demo():  # type: ignore[no-untyped-def]
    return generate(n_posts=8000)


@pytest.fixture
def demo(engine: Engine, workspace: Workspace, tmp_path: Path):  # type: ignore[no-untyped-def]
    posts, truth = _demo()
    path = tmp_path / "demo.jsonl"
    path.write_bytes(b"\n".join(orjson.dumps(p) for p in posts) + b"\n")
    import_file(engine, workspace, path, rejects_dir=tmp_path)
    return truth


def test_demo_ring_found_popular_link_not_grouped(
    engine: Engine, workspace: Workspace, demo, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    result = workspace_coordination(engine, workspace)
    found = {h for g in result.groups for _, h in g.members}
    ring = demo.ring_handles
    assert len(found & ring) / len(found) >= 0.8
    assert len(found & ring) / len(ring) >= 0.8
    posts, _ = _demo()
    sharers = {p["author"] for p in posts if demo.popular_link in p.get("text", "")} - ring
    assert sharers and not sharers & found
    for e in result.edges:
        assert e.evidence and e.evidence_total >= e.weight
        for _pa, _pb, ta, tb, kinds in e.evidence:
            assert kinds and abs((ta - tb).total_seconds()) <= 60
    ring_ev = {pid for e in result.edges for pa, pb, *_ in e.evidence for pid in (pa, pb)}
    assert len(ring_ev & demo.ring_post_ids) / len(ring_ev) >= 0.8
    out = result.as_dict()
    assert out["groups"][0]["score"] > 0 and out["edges"][0]["evidence"]
    orjson.dumps(out)

    update_actor_rollups(engine, workspace)
    found = list_actors(engine, workspace, 0, limit=10_000)
    actors = found.actors
    assert len(actors) == found.total > 100
    kinds = {a["type"] for a in actors}
    assert {"government", "media", "citizen"} <= kinds
    assert any("active" in a["roles"] for a in actors)
    assert any("influential" in a["roles"] for a in actors)
    assert all("burstiness" in a["signals"] for a in actors)

    graph = build_graph(engine, workspace)
    assert graph.edges and all(s != t for s, t, *_ in graph.edges)
    assert {k for *_, k, _ in graph.edges} >= {"reply", "repost", "mention"}
    key = graph.key_nodes(5)
    assert len(key) == 5 and key[0]["pagerank"] >= key[-1]["pagerank"]
    for fmt in ("gexf", "graphml", "csv"):
        path = tmp_path / f"g.{fmt}"
        assert export_graph(graph, path) == len(graph.edges)
        if fmt != "csv":
            ET.parse(path)
        else:
            assert len(path.read_text().splitlines()) == len(graph.edges) + 1


def test_empty_workspace(engine: Engine, workspace: Workspace, tmp_path: Path) -> None:
    assert workspace_coordination(engine, workspace).groups == []
    update_actor_rollups(engine, workspace)
    assert list_actors(engine, workspace).actors == []
    graph = build_graph(engine, workspace)
    assert export_graph(graph, tmp_path / "e.gexf") == 0
    assert graph.key_nodes() == []


def _row(i: int, author: str | None, t: datetime, text: str, **kw) -> dict:  # type: ignore[no-untyped-def]
    return {
        "platform": "x",
        "external_id": f"p{i}",
        "author": author,
        "created_at": t,
        "text": text,
        **kw,
    }


def _signals(rows: list[dict]) -> dict:
    """The signals of one account's rows, through the day rollups the stage would store."""
    posts = [
        ActorPost(i, r["platform"], r["author"], r["created_at"], bool(r.get("repost_of")),
                  0, 0, r["text"], None, None)
        for i, r in enumerate(rows)
    ]  # fmt: skip
    days = day_figures(posts, ZoneInfo("Asia/Jakarta"))
    return account_signals((values[8], unpack(values[10])) for values in days.values())


def test_bad_input_does_not_crash() -> None:
    text = "kartu tani digital gagal total petani susah pupuk hilang di mana-mana"
    rows = [_row(i, None, T0 + timedelta(seconds=i), text) for i in range(20)]
    rows += [_row(100 + i, "", T0, text) for i in range(3)]
    assert detect_coordination(rows).groups == []
    assert detect_coordination([]).groups == []
    # a single account with many posts, all the same text: no pair of accounts
    one = [_row(i, "spam", T0 + timedelta(seconds=i), text) for i in range(5000)]
    assert detect_coordination(one).groups == []
    signals = _signals(one)
    assert signals["duplicate_ratio"] > 0.99 and signals["posts_per_day"] > 1000
    # self-replies and reposts of oneself
    self_rows = [
        _row(i, "a", T0 + timedelta(seconds=i), "halo", reply_to=f"p{i - 1}", repost_of=None)
        for i in range(10)
    ]
    assert detect_coordination(self_rows).edges == []
    assert _signals([_row(1, "x1", T0, "a")])["burstiness"] is None


def test_repeated_corepost_is_significant_and_chance_is_not() -> None:
    rows = []
    n = 0
    # two accounts reposting the same posts within seconds, five times over a week
    for day in range(5):
        for who, delay in (("buzzer1", 0), ("buzzer2", 20)):
            n += 1
            rows.append(
                _row(n, who, T0 + timedelta(days=day, seconds=delay), "RT", repost_of=f"orig{day}")
            )
    # 30 accounts reposting one viral post once each within a minute: one co-action per pair
    for k in range(30):
        n += 1
        rows.append(
            _row(n, f"warga{k}", T0 + timedelta(hours=5, seconds=k), "RT", repost_of="viral")
        )
    result = detect_coordination(rows)
    assert [sorted(h for _, h in g.members) for g in result.groups] == [["buzzer1", "buzzer2"]]
    edge = result.edges[0]
    assert edge.weight == 5 and edge.rule == "repeated" and edge.kinds == {"co_repost": 5}
    assert edge.p_value < 1e-6 and len(edge.evidence) == 5


def test_popular_link_at_own_pace_and_short_texts_not_grouped() -> None:
    link = "https://kabar.example/cara-daftar?utm_source=x"
    rows = [
        _row(i, f"u{i}", T0 + timedelta(minutes=7 * i), f"nih caranya {link}") for i in range(50)
    ]
    # a few people happen to share it in the same minute once
    rows += [_row(100 + i, f"v{i}", T0 + timedelta(seconds=i), f"baca {link}") for i in range(5)]
    assert detect_coordination(rows).groups == []


def test_account_type_heuristic() -> None:
    assert account_type("x", "kemenpantara", "Kementerian", 1000) == "government"
    assert account_type("x", "humas_pemkab", None, None) == "government"
    assert account_type("news", "nusakini.id", None, None) == "media"
    assert account_type("x", "artis", "Artis", 2_000_000) == "influencer"
    assert account_type("x", "budi123", "Budi", 50) == "citizen"
