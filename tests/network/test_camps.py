"""Camps (communities × sentiment) and bridges of an issue's interaction network."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import orjson
import pytest
from sqlalchemy import Engine

from pantau.demo.generator import generate
from pantau.errors import NotFoundError
from pantau.ingest.importer import import_file
from pantau.monitor.issues import issue_actors, list_issues
from pantau.monitor.run import run_monitoring
from pantau.network.camps import (
    account_sentiment,
    analyse_network,
    camp_label,
    issue_graph_with_camps,
    issue_network,
)
from pantau.network.graph import InteractionGraph, export_graph
from pantau.records import Workspace


def two_camps_and_a_bridge() -> tuple[InteractionGraph, dict[str, dict[str, int]]]:
    """Two cliques of six accounts (one angry, one pleased) joined only through ``x:jembatan``,
    plus a loose tail of accounts hanging off the angry camp."""
    nodes = [f"x:marah{i}" for i in range(6)] + [f"x:senang{i}" for i in range(6)]
    nodes += ["x:jembatan"] + [f"x:ekor{i}" for i in range(40)]
    index = {n: i for i, n in enumerate(nodes)}
    edges: list[tuple[int, int, str, int]] = []
    for prefix in ("marah", "senang"):
        for a in range(6):
            for b in range(6):
                if a != b:
                    edges.append((index[f"x:{prefix}{a}"], index[f"x:{prefix}{b}"], "repost", 3))
    for a in range(3):
        edges.append((index["x:jembatan"], index[f"x:marah{a}"], "reply", 1))
        edges.append((index["x:jembatan"], index[f"x:senang{a}"], "mention", 1))
    for i in range(40):
        edges.append((index[f"x:ekor{i}"], index[f"x:marah{i % 6}"], "mention", 1))
    sentiments = {f"x:marah{i}": {"negative": 4, "neutral": 1} for i in range(6)}
    sentiments |= {f"x:senang{i}": {"positive": 3} for i in range(6)}
    sentiments["x:jembatan"] = {"neutral": 2}
    return InteractionGraph(nodes, edges), sentiments


def test_two_camps_and_the_bridge_between_them() -> None:
    graph, sentiments = two_camps_and_a_bridge()
    result = analyse_network(graph, sentiments)
    orjson.dumps(result)
    assert result == analyse_network(graph, sentiments)  # seeded: the same every time
    labels = {c["majority"] for c in result["communities"]}
    assert {"negative", "positive"} <= labels
    happy = next(c for c in result["communities"] if c["majority"] == "positive")
    assert happy["size"] in (6, 7) and happy["label"].endswith("mayoritas positif")
    assert set(happy["top_accounts"]) <= {f"x:senang{i}" for i in range(6)} | {"x:jembatan"}
    angry = next(c for c in result["communities"] if c["majority"] == "negative")
    assert angry["sentiment"]["negative"] == 24
    assert result["bridges"][0]["id"] == "x:jembatan"
    assert {happy["id"], angry["id"]} <= set(result["bridges"][0]["connects"])
    node = {n["id"]: n for n in result["nodes"]}
    assert node["x:jembatan"]["sentiment"] == "neutral"
    assert node["x:marah0"]["sentiment"] == "negative" and node["x:ekor0"]["sentiment"] == "unknown"
    assert node["x:ekor0"]["posts"] == 0 and node["x:marah0"]["posts"] == 5
    assert all(0 <= n["x"] <= 1 and 0 <= n["y"] <= 1 for n in result["nodes"])
    assert any("jembatan" in s for s in result["summary"])
    assert result["summary"][1].startswith(f"{len(result['communities'])} kubu")


def test_picture_is_capped_but_metrics_use_the_whole_graph() -> None:
    graph, sentiments = two_camps_and_a_bridge()
    full = analyse_network(graph, sentiments)
    small = analyse_network(graph, sentiments, max_nodes=10, max_edges=15)
    assert len(small["nodes"]) == 10 and len(small["edges"]) <= 15
    ids = {n["id"] for n in small["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in small["edges"])
    # the same communities and bridges as without the cap
    assert small["communities"] == full["communities"]
    assert small["bridges"] == full["bridges"]
    top = sorted(full["nodes"], key=lambda n: -n["pagerank"])[:10]
    assert min(n["pagerank"] for n in top) <= min(n["pagerank"] for n in small["nodes"])
    assert small["stats"]["accounts"] == len(graph.nodes)


def test_empty_and_tiny_graphs() -> None:
    empty = analyse_network(InteractionGraph([], []), {})
    assert empty["nodes"] == [] and empty["communities"] == [] and empty["summary"]
    pair = analyse_network(InteractionGraph(["x:a", "x:b"], [(0, 1, "reply", 2)]), {})
    assert len(pair["nodes"]) == 2 and pair["communities"] == [] and pair["bridges"] == []
    assert pair["edges"] == [{"source": "x:a", "target": "x:b", "kind": "reply", "weight": 2}]


def test_cycles_and_parallel_kinds_do_not_break_the_metrics() -> None:
    """a replies to b, b to c, c to a (a cycle), plus reposts the other way round."""
    nodes = ["x:a", "x:b", "x:c", "x:d"]
    edges = [(0, 1, "reply", 1), (1, 2, "reply", 1), (2, 0, "reply", 1)]
    edges += [(1, 0, "repost", 3), (2, 1, "repost", 3), (0, 2, "repost", 3), (3, 0, "mention", 1)]
    found = analyse_network(InteractionGraph(nodes, edges), {"x:a": {"negative": 2}})
    ranks = {n["id"]: n["pagerank"] for n in found["nodes"]}
    assert set(ranks) == set(nodes) and abs(sum(ranks.values()) - 1.0) < 1e-6
    assert ranks["x:d"] == min(ranks.values())  # nobody points at d
    assert len(found["edges"]) == len(edges)


def test_sentiment_rules() -> None:
    assert account_sentiment({}) == "unknown"
    assert account_sentiment({"unknown": 3}) == "unknown"
    assert account_sentiment({"negative": 2, "positive": 1}) == "negative"
    assert account_sentiment({"negative": 2, "positive": 2}) == "neutral"
    assert camp_label(2, {"negative": 3, "positive": 3}) == ("mixed", "kubu 2: campuran")
    assert camp_label(1, {"negative": 4, "neutral": 3})[1] == "kubu 1: mayoritas negatif"
    named = camp_label(1, {"negative": 4}, ["x:warga1", "x:warga2", "x:warga3"])
    assert named == ("negative", "kubu @warga1 dan @warga2: mayoritas negatif")
    assert camp_label(3, {"unknown": 5})[0] == "unknown"


@cache
def _demo():  # type: ignore[no-untyped-def]
    return generate(n_posts=4000)


def test_issue_network_from_the_store(engine: Engine, workspace: Workspace, tmp_path: Path) -> None:
    posts, _ = _demo()
    path = tmp_path / "demo.jsonl"
    path.write_bytes(b"\n".join(orjson.dumps(p) for p in posts) + b"\n")
    import_file(engine, workspace, path, rejects_dir=tmp_path)
    run_monitoring(engine, workspace)
    issues = list_issues(engine, workspace)
    assert issues
    biggest = max(issues, key=lambda i: i["metrics"]["posts"])
    result = issue_network(engine, workspace, biggest["id"], max_nodes=40)
    orjson.dumps(result)
    assert result["issue_id"] == biggest["id"]
    assert 0 < len(result["nodes"]) <= 40 and len(result["edges"]) <= 600
    # acting accounts are the issue's own posters
    posters = {
        f"{a['platform']}:{a['handle']}"
        for a in issue_actors(engine, workspace, biggest["id"], limit=10_000)
    }
    sources = {e["source"] for e in result["edges"]}
    assert sources and sources <= posters
    # posts were not enriched: every sentiment is unknown
    assert {n["sentiment"] for n in result["nodes"]} == {"unknown"}
    # the export carries every account's camp and sentiment, as the picture does
    graph, camps = issue_graph_with_camps(engine, workspace, biggest["id"])
    assert set(camps) == set(graph.nodes) >= {n["id"] for n in result["nodes"]}
    for n in result["nodes"]:
        assert camps[n["id"]] == {"community": n["community"], "sentiment": n["sentiment"]}
    path = tmp_path / "isu.graphml"
    assert export_graph(graph, path, camps=camps) == len(graph.edges)
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    root = ET.parse(path).getroot()
    keys = {k.get("attr.name"): k.get("id") for k in root.findall("g:key", ns)}
    exported = {}
    for node in root.findall("g:graph/g:node", ns):
        data = {d.get("key"): d.text for d in node.findall("g:data", ns)}
        exported[data[keys["label"]]] = int(data[keys["community"]])
    assert exported == {v: c["community"] for v, c in camps.items()}
    gexf = tmp_path / "isu.gexf"
    export_graph(graph, gexf, camps=camps)
    assert 'title="community"' in gexf.read_text("utf-8")
    with pytest.raises(NotFoundError):
        issue_network(engine, workspace, 999_999)
