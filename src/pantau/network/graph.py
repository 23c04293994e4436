"""Interaction graph: who reposts, replies to, quotes and mentions whom, with weights.

Nodes are accounts ``platform:handle``; an edge ``source → target`` of one kind has the
number of posts as weight. Self-loops (self-replies, self-mentions) are dropped; replies,
reposts and quotes count only when the target post is stored. Key nodes by PageRank
(weighted, igraph when installed, else power iteration) and weighted in-degree.
"""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
from sqlalchemy import Engine

from pantau.errors import PantauError
from pantau.io.cells import safe_row
from pantau.records import Workspace
from pantau.store.network import iter_mentions, reference_edges

# SciPy, igraph are imported inside the functions that use them, not when the CLI starts.

FORMATS = ("gexf", "graphml", "csv")


@dataclass(frozen=True, slots=True)
class InteractionGraph:
    nodes: list[str]  # "platform:handle"
    edges: list[tuple[int, int, str, int]]  # (source, target, kind, weight)

    def pagerank(self) -> np.ndarray:
        n = len(self.nodes)
        if n == 0:
            return np.zeros(0)
        try:
            import igraph as ig
        except ImportError:
            return _pagerank(n, self.edges)
        g = ig.Graph(n=n, edges=[(s, t) for s, t, _, _ in self.edges], directed=True)
        return np.asarray(g.pagerank(weights=[w for *_, w in self.edges] or None))

    def in_degree(self) -> np.ndarray:
        deg = np.zeros(len(self.nodes))
        for _, t, _, w in self.edges:
            deg[t] += w
        return deg

    def key_nodes(self, limit: int = 20) -> list[dict]:
        pr, deg = self.pagerank(), self.in_degree()
        order = np.argsort(-pr, kind="stable")[:limit]
        return [
            {"node": self.nodes[i], "pagerank": round(float(pr[i]), 6), "in_degree": int(deg[i])}
            for i in order
        ]


def _pagerank(n: int, edges: list, damping: float = 0.85, iters: int = 100) -> np.ndarray:
    from scipy.sparse import csr_matrix

    if not edges:
        return np.full(n, 1.0 / n)
    s = np.array([e[0] for e in edges])
    t = np.array([e[1] for e in edges])
    w = np.array([e[3] for e in edges], dtype=float)
    out = np.bincount(s, weights=w, minlength=n)
    m = csr_matrix((w / out[s], (t, s)), shape=(n, n))
    r = np.full(n, 1.0 / n)
    dangling = out == 0
    for _ in range(iters):
        new = damping * (m @ r + r[dangling].sum() / n) + (1 - damping) / n
        if np.abs(new - r).sum() < 1e-10:
            return new
        r = new
    return r


def build_graph(
    engine: Engine,
    workspace: Workspace,
    since: datetime | None = None,
    until: datetime | None = None,
    issue_id: int | None = None,
) -> InteractionGraph:
    """The graph of a period, or of one issue's posts (the acting post belongs to the issue;
    the target may be any stored post)."""
    weights: dict[tuple[str, str, str], int] = {}
    for platform, source, target, kind, n in reference_edges(
        engine, workspace.id, since, until, issue_id
    ):
        if source != target:
            k = (f"{platform}:{source}", f"{platform}:{target}", kind)
            weights[k] = weights.get(k, 0) + n
    for platform, source, mentions in iter_mentions(
        engine, workspace.id, since, until, issue_id=issue_id
    ):
        for m in {str(x).lstrip("@") for x in mentions}:
            if m and m.lower() != source.lower():
                k = (f"{platform}:{source}", f"{platform}:{m}", "mention")
                weights[k] = weights.get(k, 0) + 1
    index: dict[str, int] = {}
    edges = []
    for (s, t, kind), w in sorted(weights.items()):
        si = index.setdefault(s, len(index))
        ti = index.setdefault(t, len(index))
        edges.append((si, ti, kind, w))
    return InteractionGraph(list(index), edges)


def export_graph(
    graph: InteractionGraph,
    path: Path,
    fmt: str | None = None,
    camps: Mapping[str, Mapping[str, object]] | None = None,
) -> int:
    """Write the graph; returns the number of edges. The format follows the suffix unless
    given. ``camps`` (node → ``community`` number and ``sentiment``) adds those two node
    attributes to GEXF and GraphML (CSV holds edges only)."""
    fmt = (fmt or path.suffix.lstrip(".") or "csv").lower()
    if fmt not in FORMATS:
        raise PantauError(f"format graf tidak dikenal: {fmt} (pilih {', '.join(FORMATS)})")
    pr, deg = graph.pagerank(), graph.in_degree()
    if fmt == "csv":
        with path.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["source", "target", "kind", "weight"])
            for s, t, kind, weight in graph.edges:
                w.writerow(safe_row([graph.nodes[s], graph.nodes[t], kind, weight]))
        return len(graph.edges)
    if fmt == "gexf":
        root = ET.Element("gexf", {"xmlns": "http://gexf.net/1.3", "version": "1.3"})
        g = ET.SubElement(root, "graph", {"defaultedgetype": "directed", "mode": "static"})
        attrs = ET.SubElement(g, "attributes", {"class": "node"})
        ET.SubElement(attrs, "attribute", {"id": "0", "title": "pagerank", "type": "double"})
        ET.SubElement(attrs, "attribute", {"id": "1", "title": "in_degree", "type": "integer"})
        if camps is not None:
            ET.SubElement(attrs, "attribute", {"id": "2", "title": "community", "type": "integer"})
            ET.SubElement(attrs, "attribute", {"id": "3", "title": "sentiment", "type": "string"})
        eattrs = ET.SubElement(g, "attributes", {"class": "edge"})
        ET.SubElement(eattrs, "attribute", {"id": "0", "title": "kind", "type": "string"})
        nodes = ET.SubElement(g, "nodes")
        for i, name in enumerate(graph.nodes):
            node = ET.SubElement(nodes, "node", {"id": str(i), "label": name})
            values = ET.SubElement(node, "attvalues")
            ET.SubElement(values, "attvalue", {"for": "0", "value": f"{pr[i]:.8f}"})
            ET.SubElement(values, "attvalue", {"for": "1", "value": str(int(deg[i]))})
            if camps is not None:
                camp = camps.get(name, {})
                ET.SubElement(
                    values, "attvalue", {"for": "2", "value": str(camp.get("community", 0))}
                )
                ET.SubElement(
                    values, "attvalue", {"for": "3", "value": str(camp.get("sentiment", "unknown"))}
                )
        edges = ET.SubElement(g, "edges")
        for k, (s, t, kind, weight) in enumerate(graph.edges):
            edge = ET.SubElement(
                edges,
                "edge",
                {"id": str(k), "source": str(s), "target": str(t), "weight": str(weight)},
            )
            values = ET.SubElement(edge, "attvalues")
            ET.SubElement(values, "attvalue", {"for": "0", "value": kind})
    else:
        root = ET.Element("graphml", {"xmlns": "http://graphml.graphdrawing.org/xmlns"})
        keys = [
            ("d0", "node", "label", "string"),
            ("d1", "node", "pagerank", "double"),
            ("d2", "node", "in_degree", "int"),
            ("d3", "edge", "kind", "string"),
            ("d4", "edge", "weight", "int"),
        ]
        if camps is not None:
            keys += [("d5", "node", "community", "int"), ("d6", "node", "sentiment", "string")]
        for key, target, name, typ in keys:
            ET.SubElement(
                root, "key", {"id": key, "for": target, "attr.name": name, "attr.type": typ}
            )
        g = ET.SubElement(root, "graph", {"id": "G", "edgedefault": "directed"})
        for i, name in enumerate(graph.nodes):
            node = ET.SubElement(g, "node", {"id": f"n{i}"})
            data = [("d0", name), ("d1", f"{pr[i]:.8f}"), ("d2", str(int(deg[i])))]
            if camps is not None:
                camp = camps.get(name, {})
                data += [
                    ("d5", str(camp.get("community", 0))),
                    ("d6", str(camp.get("sentiment", "unknown"))),
                ]
            for key, value in data:
                ET.SubElement(node, "data", {"key": key}).text = value
        for s, t, kind, weight in graph.edges:
            edge = ET.SubElement(g, "edge", {"source": f"n{s}", "target": f"n{t}"})
            ET.SubElement(edge, "data", {"key": "d3"}).text = kind
            ET.SubElement(edge, "data", {"key": "d4"}).text = str(weight)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
    return len(graph.edges)
