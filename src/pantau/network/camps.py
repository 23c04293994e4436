"""Camps and bridges of an issue: who talks with whom, in which groups, with which mood.

The issue's interaction graph (reposts, replies, quotes and mentions made by the issue's
posts; see :func:`pantau.network.graph.build_graph`) is analysed as a whole:

* **PageRank** on the directed graph, weighted by the number of interactions;
* **communities** by Leiden (modularity, iterated until stable, fixed seed) on the undirected
  graph with summed weights — igraph's own Leiden, which reaches the same modularity as
  ``leidenalg`` about fifteen times faster (0.3 s against 4.9 s on 100,000 edges).
  Communities of at least ``MIN_CAMP`` accounts are numbered by size (``kubu 1`` is the
  largest) and the ``MAX_CAMPS`` largest are listed; accounts in smaller ones carry
  community ``0`` ("lainnya");
* **sentiment** of an account: the majority label of its enriched posts in the issue
  (positive, neutral, negative; a tie between labels is neutral; ``unknown`` when none is
  enriched — accounts that were only mentioned or reposted have no posts in the issue);
* a **camp** is a community with its sentiment mix (posts of its members by label) and a plain
  label such as "kubu 1: mayoritas negatif" (more than half of the known labels) or
  "kubu 2: campuran";
* **betweenness** (undirected, unweighted, normalised to 0–1): exact up to
  ``EXACT_BETWEENNESS_NODES`` accounts, else estimated from ``BETWEENNESS_SOURCES`` source
  accounts drawn with a fixed seed and scaled up;
* a **bridge** is an account whose neighbours lie in at least two listed camps (its own
  counted), ranked by betweenness × the share of its interaction weight that goes to accounts
  of another camp (``bridging``): a hub inside one camp has high betweenness but few ties
  across, an account talking to two camps has both.

The picture keeps the ``max_nodes`` accounts with the highest PageRank and at most
``MAX_EDGES`` of the heaviest edges among them, laid out by Fruchterman–Reingold (igraph,
seeded start) and scaled to 0–1. Every metric is computed on the whole graph first.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
from sqlalchemy import Engine

from pantau.faults import fault_point
from pantau.locale import fmt_int
from pantau.memo import Memo
from pantau.monitor.issues import get_issue
from pantau.network.graph import InteractionGraph, build_graph
from pantau.network.roles import issue_roles, roles_payload
from pantau.network.rollups import pack, unpack
from pantau.records import Workspace
from pantau.store import network as store

# igraph is imported inside the functions that use it, not when the CLI starts.

MIN_CAMP = 3
MAX_CAMPS = 8
MAX_EDGES = 600
MAX_BRIDGES = 10
TOP_ACCOUNTS = 5
EXACT_BETWEENNESS_NODES = 1000
BETWEENNESS_SOURCES = 200
SEED = 1
SENTIMENTS = ("positive", "neutral", "negative")
SENTIMENT_ID = {"positive": "positif", "neutral": "netral", "negative": "negatif"}
_NETWORKS: Memo[dict | None] = Memo(64)  # stored networks read, by their version


def account_sentiment(counts: Mapping[str, int]) -> str:
    """Majority label of an account's posts; a tie between labels is neutral."""
    known = {s: counts.get(s, 0) for s in SENTIMENTS if counts.get(s, 0) > 0}
    if not known:
        return "unknown"
    top = max(known.values())
    leaders = [s for s, n in known.items() if n == top]
    return leaders[0] if len(leaders) == 1 else "neutral"


def camp_label(
    number: int, mix: Mapping[str, int], top_accounts: list[str] | None = None
) -> tuple[str, str]:
    """(majority label or "mixed"/"unknown", plain Indonesian camp label): the camp is named
    after its two most central accounts when given ("kubu @a dan @b: mayoritas negatif"),
    else by its number."""
    name = _join([f"@{_handle(a)}" for a in top_accounts[:2]]) if top_accounts else str(number)
    known = sum(mix.get(s, 0) for s in SENTIMENTS)
    if not known:
        return "unknown", f"kubu {name}: sentimen belum diketahui"
    best = max(SENTIMENTS, key=lambda s: mix.get(s, 0))
    if mix.get(best, 0) * 2 > known:
        return best, f"kubu {name}: mayoritas {SENTIMENT_ID[best]}"
    return "mixed", f"kubu {name}: campuran"


def _handle(node: str) -> str:
    return node.split(":", 1)[1] if ":" in node else node


def _display(node: str) -> str:
    """``handle (platform)`` for sentences: one handle may exist on several platforms."""
    platform, _, handle = node.partition(":")
    return f"{handle} ({platform})" if handle else node


def _join(items: list[str]) -> str:
    """Indonesian enumeration: "a", "a dan b", "a, b dan c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " dan " + items[-1]


@contextmanager
def _seeded(seed: int) -> Iterator[None]:
    """igraph draws from one process-wide generator: seed it for one call, then restore."""
    import igraph as ig

    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)


def _betweenness(ug: Any, rng: random.Random) -> tuple[np.ndarray, str]:
    n = ug.vcount()
    if n < 3:
        return np.zeros(n), "exact"
    pairs = (n - 1) * (n - 2) / 2
    if n <= EXACT_BETWEENNESS_NODES:
        values = np.asarray(ug.betweenness(directed=False))
        return values / pairs, "exact"
    sources = rng.sample(range(n), BETWEENNESS_SOURCES)
    values = np.asarray(ug.betweenness(directed=False, sources=sources))
    # igraph counts paths from the given sources only (pairs already halved): scale up
    values = values * (n / BETWEENNESS_SOURCES)
    return np.minimum(values / pairs, 1.0), f"sampled {BETWEENNESS_SOURCES} sources"


def _layout(ug: Any, keep: np.ndarray, seed: int) -> np.ndarray:
    """Positions of the kept nodes in 0..1 (Fruchterman–Reingold from a seeded start)."""
    if len(keep) == 0:
        return np.zeros((0, 2))
    sub = ug.induced_subgraph([int(i) for i in keep])
    if sub.vcount() == 1:
        return np.full((1, 2), 0.5)
    start = np.random.default_rng(seed).uniform(-1, 1, size=(sub.vcount(), 2)).tolist()
    with _seeded(seed):
        layout = sub.layout_fruchterman_reingold(weights=sub.es["weight"], seed=start, niter=500)
    pos = np.asarray(layout.coords)
    lo, hi = pos.min(axis=0), pos.max(axis=0)
    span = np.where(hi - lo > 0, hi - lo, 1.0)
    scaled = (pos - lo) / span
    scaled[:, hi - lo <= 0] = 0.5
    return scaled


@dataclass(slots=True)
class CampMetrics:
    """Per-account metrics of a whole graph (arrays indexed like ``graph.nodes``) and its
    listed camps and bridges."""

    pagerank: np.ndarray
    community: np.ndarray
    betweenness: np.ndarray
    sentiment: list[str]
    posts: list[int]
    communities: list[dict]
    bridges: list[dict]
    betweenness_method: str
    undirected: Any  # igraph.Graph with summed weights, for the layout


def camp_metrics(
    graph: InteractionGraph,
    sentiments: Mapping[str, Mapping[str, int]],
    *,
    seed: int = SEED,
    timings: dict[str, float] | None = None,
) -> CampMetrics:
    """PageRank, camps, betweenness and bridges of a non-empty graph (see the module
    docstring); ``timings``, when given, receives the seconds spent on each metric."""
    import igraph as ig

    clock = time.perf_counter
    n = len(graph.nodes)
    rng = random.Random(seed)
    pair_weight: Counter[tuple[int, int]] = Counter()
    for s, t, _, w in graph.edges:
        pair_weight[(s, t)] += w
    dg = ig.Graph(n=n, edges=list(pair_weight), directed=True)
    dg.es["weight"] = list(pair_weight.values())
    started = clock()
    pagerank = np.asarray(dg.pagerank(weights="weight"))
    spent = {"pagerank": clock() - started}
    ug = dg.as_undirected(combine_edges="sum")
    started = clock()
    with _seeded(seed):
        partition = ug.community_leiden(
            objective_function="modularity", weights="weight", n_iterations=-1
        )
    spent["leiden"] = clock() - started
    parts = sorted(
        (sorted(p) for p in partition if len(p) >= MIN_CAMP), key=lambda p: (-len(p), p[0])
    )[:MAX_CAMPS]
    community = np.zeros(n, dtype=np.int64)
    for number, members in enumerate(parts, start=1):
        community[members] = number
    started = clock()
    betweenness, method = _betweenness(ug, rng)
    spent["betweenness"] = clock() - started
    if timings is not None:
        timings.update(spent)

    communities = []
    for number, members in enumerate(parts, start=1):
        mix: Counter[str] = Counter()
        for v in members:
            for label, count in sentiments.get(graph.nodes[v], {}).items():
                mix[label if label in SENTIMENTS else "unknown"] += count
        top = sorted(members, key=lambda v: (-pagerank[v], v))[:TOP_ACCOUNTS]
        majority, label = camp_label(number, mix, [graph.nodes[v] for v in top])
        communities.append(
            {
                "id": number,
                "size": len(members),
                "posts": int(sum(mix.values())),
                "sentiment": {s: int(mix.get(s, 0)) for s in (*SENTIMENTS, "unknown")},
                "majority": majority,
                "label": label,
                "top_accounts": [graph.nodes[v] for v in top],
            }
        )

    neighbour_camps: list[set[int]] = [set() for _ in range(n)]
    strength = np.zeros(n)
    outside = np.zeros(n)  # weight of ties to accounts of another listed camp
    for (s, t), w in pair_weight.items():
        strength[s] += w
        strength[t] += w
        if community[t]:
            neighbour_camps[s].add(int(community[t]))
        if community[s]:
            neighbour_camps[t].add(int(community[s]))
        if community[s] != community[t]:
            outside[s] += w if community[t] else 0
            outside[t] += w if community[s] else 0
    bridging = betweenness * np.divide(outside, strength, out=np.zeros(n), where=strength > 0)
    bridges: list[dict] = []
    for v in np.argsort(-bridging, kind="stable"):
        if bridging[v] <= 0 or len(bridges) >= MAX_BRIDGES:
            break
        camps = set(neighbour_camps[v])
        if community[v]:
            camps.add(int(community[v]))
        if len(camps) >= 2:
            bridges.append(
                {
                    "id": graph.nodes[v],
                    "handle": _handle(graph.nodes[v]),
                    "community": int(community[v]),
                    "betweenness": round(float(betweenness[v]), 6),
                    "bridging": round(float(bridging[v]), 6),
                    "connects": sorted(camps),
                }
            )

    return CampMetrics(
        pagerank=pagerank,
        community=community,
        betweenness=betweenness,
        sentiment=[account_sentiment(sentiments.get(v, {})) for v in graph.nodes],
        posts=[int(sum(sentiments.get(v, {}).values())) for v in graph.nodes],
        communities=communities,
        bridges=bridges,
        betweenness_method=method,
        undirected=ug,
    )


def analyse_network(
    graph: InteractionGraph,
    sentiments: Mapping[str, Mapping[str, int]],
    *,
    max_nodes: int = 150,
    max_edges: int = MAX_EDGES,
    seed: int = SEED,
    timings: dict[str, float] | None = None,
) -> dict:
    """The JSON-ready camps of a graph (see the module docstring). ``sentiments`` maps a node
    (``platform:handle``) to its posts per sentiment label; ``timings``, when given, receives
    the seconds spent on each metric."""
    n = len(graph.nodes)
    stats = {
        "accounts": n,
        "edges": len(graph.edges),
        "interactions": int(sum(w for *_, w in graph.edges)),
    }
    if n == 0:
        return {
            "nodes": [],
            "edges": [],
            "communities": [],
            "bridges": [],
            "summary": [
                "Belum ada interaksi antarakun (repost, balasan, kutipan, mention) dalam isu ini."
            ],
            "stats": {**stats, "shown_nodes": 0, "shown_edges": 0, "betweenness": "exact"},
        }
    m = camp_metrics(graph, sentiments, seed=seed, timings=timings)
    pagerank, community, betweenness = m.pagerank, m.community, m.betweenness
    communities, bridges = m.communities, m.bridges
    keep = np.sort(np.argsort(-pagerank, kind="stable")[:max_nodes])
    kept = set(keep.tolist())
    pos = _layout(m.undirected, keep, seed)
    nodes = []
    for (x, y), v in zip(pos, keep, strict=True):
        node = graph.nodes[v]
        platform, _, handle = node.partition(":")
        nodes.append(
            {
                "id": node,
                "platform": platform,
                "handle": handle,
                "label": handle,
                "community": int(community[v]),
                "sentiment": m.sentiment[v],
                "posts": m.posts[v],
                "pagerank": round(float(pagerank[v]), 6),
                "betweenness": round(float(betweenness[v]), 6),
                "x": round(float(x), 4),
                "y": round(float(y), 4),
            }
        )
    shown = [e for e in graph.edges if e[0] in kept and e[1] in kept]
    shown.sort(key=lambda e: (-e[3], e[0], e[1], e[2]))
    edges = [
        {"source": graph.nodes[s], "target": graph.nodes[t], "kind": kind, "weight": int(w)}
        for s, t, kind, w in shown[:max_edges]
    ]
    top_nodes = [graph.nodes[v] for v in np.argsort(-pagerank, kind="stable")[:3]]
    return {
        "nodes": nodes,
        "edges": edges,
        "communities": communities,
        "bridges": bridges,
        "summary": _summary(stats, communities, bridges, top_nodes),
        "stats": {
            **stats,
            "shown_nodes": len(nodes),
            "shown_edges": len(edges),
            "betweenness": m.betweenness_method,
        },
    }


def _summary(
    stats: Mapping[str, int], communities: list[dict], bridges: list[dict], top: list[str]
) -> list[str]:
    """Plain Indonesian sentences for the issue page and the report."""
    out = [
        f"{fmt_int(stats['accounts'])} akun terhubung lewat {fmt_int(stats['interactions'])} "
        "interaksi (repost, balasan, kutipan, mention)."
    ]
    if communities:
        shown = communities[:3]
        parts = [
            f"{c['label'].split(': ', 1)[0]} ({fmt_int(c['size'])} akun, "
            f"{c['label'].split(': ', 1)[1]})"
            for c in shown
        ]
        more = len(communities) - len(shown)
        tail = f", dan {fmt_int(more)} kubu lain" if more else ""
        out.append(f"{fmt_int(len(communities))} kubu: " + "; ".join(parts) + tail + ".")
    else:
        out.append("Belum terbentuk kubu (kelompok akun yang saling berinteraksi).")
    if bridges:
        names = {c["id"]: c["label"].split(": ", 1)[0] for c in communities}
        parts = [
            f"{_display(b['id'])}, menghubungkan "
            + _join([names.get(c, f"kubu {c}") for c in b["connects"]])
            for b in bridges[:3]
        ]
        out.append("Akun penghubung antarkubu: " + "; ".join(parts) + ".")
    elif len(communities) >= 2:
        out.append("Tidak ada akun penghubung: kubu-kubu tidak saling berinteraksi.")
    if top:
        out.append("Akun paling sentral: " + _join([_display(v) for v in top]) + ".")
    return out


def _issue_graph(
    engine: Engine, workspace: Workspace, issue_id: int
) -> tuple[InteractionGraph, dict[str, dict[str, int]]]:
    get_issue(engine, workspace, issue_id)
    graph = build_graph(engine, workspace, issue_id=issue_id)
    sentiments: dict[str, dict[str, int]] = {}
    for platform, author, sentiment, count in store.author_sentiments(
        engine, workspace.id, issue_id=issue_id, unenriched=True
    ):
        mix = sentiments.setdefault(f"{platform}:{author}", {})
        label = sentiment or "unknown"
        mix[label] = mix.get(label, 0) + count
    return graph, sentiments


def issue_graph_with_camps(
    engine: Engine, workspace: Workspace, issue_id: int
) -> tuple[InteractionGraph, dict[str, dict[str, object]]]:
    """The whole interaction graph of an issue and, per account, its camp number and
    sentiment (for ``export_graph``). Raises ``NotFoundError`` for an unknown issue."""
    graph, sentiments = _issue_graph(engine, workspace, issue_id)
    if not graph.nodes:
        return graph, {}
    m = camp_metrics(graph, sentiments)
    return graph, {
        node: {"community": int(m.community[i]), "sentiment": m.sentiment[i]}
        for i, node in enumerate(graph.nodes)
    }


def issue_network(
    engine: Engine, workspace: Workspace, issue_id: int, max_nodes: int = 150
) -> dict:
    """Camps, bridges and a small picture of one issue's interaction network. Raises
    ``NotFoundError`` for an unknown issue."""
    graph, sentiments = _issue_graph(engine, workspace, issue_id)
    result = analyse_network(graph, sentiments, max_nodes=max_nodes)
    result["issue_id"] = issue_id
    return result


@dataclass(slots=True)
class NetworkSummary:
    computed: int = 0  # issue networks computed again
    dropped: int = 0  # stored networks of issues merged away


def update_issue_networks(engine: Engine, workspace: Workspace) -> NetworkSummary:
    """The ``networks`` stage: the network of every issue (not merged into another) whose
    number of posts changed since its network was stored, newest issues first, each saved in
    its own transaction (a crash loses at most the one being computed). Idempotent."""
    summary = NetworkSummary()
    with engine.connect() as conn:
        sizes = store.issue_sizes(conn, workspace.id)
        stored = store.network_sizes(conn, workspace.id)
    gone = sorted(set(stored) - set(sizes))
    if gone:
        with engine.begin() as conn:
            store.drop_networks(conn, workspace.id, gone)
        summary.dropped = len(gone)
    for issue_id in sorted((i for i, n in sizes.items() if stored.get(i) != n), reverse=True):
        result = issue_network(engine, workspace, issue_id)
        # the key actors by role and the emotion mix, so the issue's page reads them stored too
        result["roles"] = roles_payload(issue_roles(engine, workspace, issue_id))
        with engine.connect() as conn:
            result["emotions"] = store.emotion_counts(conn, workspace.id, issue_id=issue_id)
        with engine.begin() as conn:
            at = datetime.now(UTC).replace(tzinfo=None)
            store.save_network(conn, workspace.id, issue_id, sizes[issue_id], at, pack(result))
            fault_point("networks.writing")
        summary.computed += 1
    return summary


def stored_issue_network(engine: Engine, workspace: Workspace, issue_id: int) -> dict | None:
    """The issue's network as the ``networks`` stage stored it, with the number of posts it
    was computed for (``posts``) and when (``computed_at``); None when not computed yet. Kept
    in memory until the stage stores it again (callers must not change it)."""
    with engine.connect() as conn:
        version = store.network_version(conn, workspace.id, issue_id)
    if version is None:
        return None
    key = (str(engine.url), workspace.id, issue_id, *version)
    return _NETWORKS.get(key, lambda: _read_network(engine, workspace, issue_id))


def _read_network(engine: Engine, workspace: Workspace, issue_id: int) -> dict | None:
    with engine.connect() as conn:
        found = store.stored_network(conn, workspace.id, issue_id)
    if found is None:
        return None
    posts, at, payload = found
    return {**unpack(payload), "posts": posts, "computed_at": at}
