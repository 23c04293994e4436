"""Coordinated behaviour: accounts that act together within short windows beyond chance.

Co-actions (two posts by two different accounts within ``window`` seconds):

* ``co_post``: the same normalised text (enrichment's ``normalized_text`` when present, else
  lower case with URLs, hashtags, mentions and punctuation dropped), at least
  ``min_text_words`` words;
* ``co_similar``: near-identical text — the MinHash/LSH message groups of
  :mod:`pantau.text.dedup`;
* ``co_repost``: reposts of the same post;
* ``co_link``: the same canonical URL (in the text or the post's url);
* ``co_hashtag``: the same set of hashtags.

Reposts take part only in ``co_repost`` (their text is the original's).

Algorithm: per kind, posts are sorted by (key, time) and each post is paired with the posts
of the same key that follow it within the window (one ``searchsorted``); a post is paired
with at most ``max_neighbours`` followers so a viral crowd cannot explode the pair count.
All of it is vectorised with numpy.

A post pair matched by several kinds is one co-action (its kinds are kept). The weight of an
account pair is ``min(distinct posts of a, distinct posts of b)`` among its co-action pairs,
so one account repeating itself does not inflate it.

Rules — an edge (account pair) is kept when either:

A. **repeated**: weight ≥ ``min_coactions`` (3) and the Poisson probability of seeing that
   many under independence is ≤ ``alpha`` / number of candidate pairs (Bonferroni). The
   expected count if both accounts posted independently and uniformly over the observed
   time range ``T`` is ``n_a · n_b · min(1, 2·window / T)`` (any key — conservative);
B. **copy-paste burst**: the pair shares a ``co_post``/``co_similar`` action on a text of at
   least ``min_copy_words`` words which ≥ ``min_copy_accounts`` (4) distinct accounts posted
   within one window. Independent people do not post the same long sentence within a
   minute in groups of four; people sharing a popular link at their own pace never meet
   either rule.

Groups are connected components of the kept edges; a component larger than
``leiden_above`` accounts is split into Leiden communities (igraph + leidenalg, when
installed). Score of a group (0–1, for ranking, not a verdict):
``density · (1 − e^(−mean weight / 2)) · (1 − e^(−members / 5))``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
from sqlalchemy import Engine

from pantau.ingest.keys import canonical_url
from pantau.records import Workspace
from pantau.store.network import iter_activity
from pantau.text.dedup import message_groups

# SciPy, igraph, leidenalg are imported inside the functions that use them, not when the CLI starts.

KINDS = ("co_post", "co_similar", "co_repost", "co_link", "co_hashtag")
_BIT = {k: 1 << i for i, k in enumerate(KINDS)}
_TEXT_BITS = _BIT["co_post"] | _BIT["co_similar"]
_URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
_DROP = re.compile(r"https?://\S+|[#@]\w+", re.IGNORECASE)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class CoordinationConfig:
    window: float = 60.0
    kinds: tuple[str, ...] = KINDS
    min_coactions: int = 3
    alpha: float = 0.01
    min_text_words: int = 4
    min_copy_words: int = 8
    min_copy_accounts: int = 4
    max_neighbours: int = 200
    leiden_above: int = 60
    max_evidence: int = 50  # evidence pairs kept per edge (all are counted)


@dataclass(slots=True)
class Edge:
    a: int
    b: int
    weight: int
    expected: float
    p_value: float
    rule: str  # "repeated", "copy_burst" or both joined by "+"
    kinds: dict[str, int]
    evidence: list[tuple[str, str, datetime, datetime, tuple[str, ...]]]
    evidence_total: int


@dataclass(slots=True)
class Group:
    members: list[tuple[str, str]]  # (platform, handle)
    score: float
    density: float
    edges: int
    coactions: int
    evidence: int
    kinds: dict[str, int]
    posts: int


@dataclass(slots=True)
class Coordination:
    accounts: list[tuple[str, str]]
    groups: list[Group]
    edges: list[Edge]
    candidate_pairs: int
    posts: int
    config: CoordinationConfig
    stats: dict[str, float] = field(default_factory=dict)

    def as_dict(self, evidence: bool = True) -> dict:
        acc = self.accounts

        def edge(e: Edge) -> dict:
            out = {
                "a": {"platform": acc[e.a][0], "handle": acc[e.a][1]},
                "b": {"platform": acc[e.b][0], "handle": acc[e.b][1]},
                "weight": e.weight,
                "expected": e.expected,
                "p_value": e.p_value,
                "rule": e.rule,
                "kinds": e.kinds,
                "evidence_total": e.evidence_total,
            }
            if evidence:
                out["evidence"] = [
                    {"post_a": pa, "post_b": pb, "at_a": ta, "at_b": tb, "kinds": list(k)}
                    for pa, pb, ta, tb, k in e.evidence
                ]
            return out

        return {
            "window_seconds": self.config.window,
            "posts": self.posts,
            "candidate_pairs": self.candidate_pairs,
            "groups": [
                {
                    "members": [{"platform": p, "handle": h} for p, h in g.members],
                    "score": g.score,
                    "density": g.density,
                    "edges": g.edges,
                    "coactions": g.coactions,
                    "evidence": g.evidence,
                    "evidence_kinds": g.kinds,
                    "posts": g.posts,
                }
                for g in self.groups
            ],
            "edges": [edge(e) for e in self.edges],
        }


def simple_normalize(text: str) -> str:
    """Lower case words without URLs, hashtags, mentions and punctuation."""
    return " ".join(_WORD.findall(_DROP.sub(" ", text.lower())))


def _epoch(value: datetime) -> float:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.timestamp()


class _Codes(dict):
    def code(self, key: object) -> int:
        c = self.get(key)
        if c is None:
            c = self[key] = len(self)
        return c


def _window_pairs(
    idx: np.ndarray, key: np.ndarray, t: np.ndarray, window: float, cap: int
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i, j) of post indexes with the same key and 0 ≤ t_j − t_i ≤ window."""
    if len(idx) < 2:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    tt = t[idx]
    order = np.lexsort((tt, key))
    idx, key, tt = idx[order], key[order], tt[order]
    span = float(tt.max() - tt.min()) + window + 1.0
    c = key.astype(np.float64) * span + (tt - tt.min())
    n = len(c)
    end = np.searchsorted(c, c + window, side="right")
    count = np.minimum(end - np.arange(n) - 1, cap)
    total = int(count.sum())
    if total == 0:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    first = np.repeat(np.arange(n), count)
    starts = np.cumsum(count) - count
    offset = np.arange(total) - np.repeat(starts, count) + 1
    return idx[first], idx[first + offset]


def _poisson_sf(k: np.ndarray, lam: np.ndarray) -> np.ndarray:
    """P(X ≥ k) for X ~ Poisson(lam)."""
    from scipy.stats import poisson

    return poisson.sf(k - 1, lam)


def detect_coordination(
    rows: Iterable[Mapping], config: CoordinationConfig | None = None
) -> Coordination:
    """Rows: mappings with ``platform``, ``author``, ``created_at`` (datetime, naive = UTC),
    ``external_id`` (or ``id``), ``text`` and optionally ``normalized_text``, ``repost_of``,
    ``url``, ``hashtags``. Rows without an author are skipped."""
    cfg = config or CoordinationConfig()
    kinds = set(cfg.kinds)
    unknown = kinds - set(KINDS)
    if unknown:
        raise ValueError(f"unknown co-action kinds: {', '.join(sorted(unknown))}")
    accounts = _Codes()
    author: list[int] = []
    times: list[float] = []
    ids: list[str] = []
    key_cols: dict[str, tuple[list[int], list[int]]] = {k: ([], []) for k in KINDS}
    codes = {k: _Codes() for k in KINDS}
    texts: list[str] = []
    text_post: list[int] = []
    words_of: list[int] = []
    for row in rows:
        handle = row.get("author")
        created = row.get("created_at")
        if not handle or created is None:
            continue
        i = len(author)
        platform = row.get("platform") or ""
        author.append(accounts.code((platform, handle)))
        times.append(_epoch(created))
        ids.append(str(row.get("external_id") or row.get("id")))
        repost = row.get("repost_of")
        if repost:
            if "co_repost" in kinds:
                key_cols["co_repost"][0].append(i)
                key_cols["co_repost"][1].append(codes["co_repost"].code((platform, repost)))
            words_of.append(0)
            continue
        text = row.get("text") or ""
        if "co_post" in kinds or "co_similar" in kinds:
            norm = row.get("normalized_text")
            norm = simple_normalize(norm if norm else text)
            n_words = norm.count(" ") + 1 if norm else 0
            words_of.append(n_words)
            if n_words >= cfg.min_text_words:
                if "co_post" in kinds:
                    key_cols["co_post"][0].append(i)
                    key_cols["co_post"][1].append(codes["co_post"].code(norm))
                if "co_similar" in kinds:
                    texts.append(norm)
                    text_post.append(i)
        else:
            words_of.append(0)
        if "co_link" in kinds:
            links = {canonical_url(u.rstrip(".,;:!?)")) for u in _URL.findall(text)}
            url = row.get("url")
            if url:
                links.add(canonical_url(url))
            for link in links:
                key_cols["co_link"][0].append(i)
                key_cols["co_link"][1].append(codes["co_link"].code(link))
        if "co_hashtag" in kinds:
            tags = row.get("hashtags")
            if tags:
                tagset = tuple(sorted({str(h).lower().lstrip("#") for h in tags}))
                key_cols["co_hashtag"][0].append(i)
                key_cols["co_hashtag"][1].append(codes["co_hashtag"].code(tagset))
    n = len(author)
    account_list = list(accounts)
    cfg_out = Coordination(account_list, [], [], 0, n, cfg)
    if n < 2:
        return cfg_out
    if texts:
        groups = message_groups(texts)
        key_cols["co_similar"] = (text_post, groups)
    a_arr = np.asarray(author, dtype=np.int64)
    t_arr = np.asarray(times, dtype=np.float64)
    words = np.asarray(words_of, dtype=np.int64)
    parts_i, parts_j, parts_k = [], [], []
    for kind in KINDS:
        idx, key = key_cols[kind]
        if kind not in kinds or len(idx) < 2:
            continue
        pi, pj = _window_pairs(
            np.asarray(idx, dtype=np.int64),
            np.asarray(key, dtype=np.int64),
            t_arr,
            cfg.window,
            cfg.max_neighbours,
        )
        keep = a_arr[pi] != a_arr[pj]
        pi, pj = pi[keep], pj[keep]
        parts_i.append(pi)
        parts_j.append(pj)
        parts_k.append(np.full(len(pi), _BIT[kind], dtype=np.int64))
    if not parts_i or sum(len(p) for p in parts_i) == 0:
        return cfg_out
    pi = np.concatenate(parts_i)
    pj = np.concatenate(parts_j)
    pk = np.concatenate(parts_k)
    # orient each post pair so that the lower account code comes first
    swap = a_arr[pi] > a_arr[pj]
    pa = np.where(swap, pj, pi)
    pb = np.where(swap, pi, pj)
    # one co-action per post pair, its kinds OR-ed
    order = np.lexsort((pb, pa))
    pa, pb, pk = pa[order], pb[order], pk[order]
    new = np.ones(len(pa), dtype=bool)
    new[1:] = (pa[1:] != pa[:-1]) | (pb[1:] != pb[:-1])
    starts = np.flatnonzero(new)
    pk = np.bitwise_or.reduceat(pk, starts)
    pa, pb = pa[starts], pb[starts]
    aa, ab = a_arr[pa], a_arr[pb]
    # copy-paste bursts: posts whose text was shared by ≥ min_copy_accounts accounts
    text_pair = (pk & _TEXT_BITS) != 0
    partners = np.zeros(n, dtype=np.int64)
    if text_pair.any():
        post = np.concatenate([pa[text_pair], pb[text_pair]])
        other = np.concatenate([ab[text_pair], aa[text_pair]])
        o = np.lexsort((other, post))
        post, other = post[o], other[o]
        distinct = np.ones(len(post), dtype=bool)
        distinct[1:] = (post[1:] != post[:-1]) | (other[1:] != other[:-1])
        partners = np.bincount(post[distinct], minlength=n)
    burst_post = (partners + 1 >= cfg.min_copy_accounts) & (words >= cfg.min_copy_words)
    copy_pair = text_pair & burst_post[pa] & burst_post[pb]
    # account pairs
    order = np.lexsort((pb, pa, ab, aa))
    pa, pb, pk, aa, ab, copy_pair = (x[order] for x in (pa, pb, pk, aa, ab, copy_pair))
    new = np.ones(len(pa), dtype=bool)
    new[1:] = (aa[1:] != aa[:-1]) | (ab[1:] != ab[:-1])
    starts = np.flatnonzero(new)
    bounds = np.append(starts, len(pa))
    # distinct posts of a per account pair: pa is sorted within each pair
    a_new = new.copy()
    a_new[1:] |= pa[1:] != pa[:-1]
    distinct_a = np.add.reduceat(a_new.astype(np.int64), starts)
    ob = np.lexsort((pb, ab, aa))
    b_sorted = pb[ob]
    b_new = np.ones(len(pb), dtype=bool)
    aa_b, ab_b = aa[ob], ab[ob]
    b_new[1:] = (aa_b[1:] != aa_b[:-1]) | (ab_b[1:] != ab_b[:-1]) | (b_sorted[1:] != b_sorted[:-1])
    distinct_b = np.add.reduceat(b_new.astype(np.int64), starts)
    weight = np.minimum(distinct_a, distinct_b)
    has_copy = np.logical_or.reduceat(copy_pair, starts)
    per_account = np.bincount(a_arr, minlength=len(account_list)).astype(np.float64)
    t_range = max(float(t_arr.max() - t_arr.min()), cfg.window)
    chance = min(1.0, 2.0 * cfg.window / t_range)
    ea, eb = aa[starts], ab[starts]
    expected = per_account[ea] * per_account[eb] * chance
    p_value = _poisson_sf(weight, expected)
    candidates = len(starts)
    repeated = (weight >= cfg.min_coactions) & (p_value <= cfg.alpha / max(candidates, 1))
    kept = np.flatnonzero(repeated | has_copy)
    edges: list[Edge] = []
    for e in kept:
        lo, hi = bounds[e], bounds[e + 1]
        kinds_count: dict[str, int] = {}
        ev: list[tuple[str, str, datetime, datetime, tuple[str, ...]]] = []
        for r in range(lo, hi):
            names = tuple(k for k in KINDS if pk[r] & _BIT[k])
            for k in names:
                kinds_count[k] = kinds_count.get(k, 0) + 1
            if len(ev) < cfg.max_evidence:
                x, y = int(pa[r]), int(pb[r])
                ev.append((ids[x], ids[y], _dt(t_arr[x]), _dt(t_arr[y]), names))
        rule = "+".join(
            name for name, on in (("repeated", repeated[e]), ("copy_burst", has_copy[e])) if on
        )
        edges.append(
            Edge(
                int(ea[e]),
                int(eb[e]),
                int(weight[e]),
                round(float(expected[e]), 6),
                float(p_value[e]),
                rule,
                kinds_count,
                ev,
                int(hi - lo),
            )
        )
    found = _groups(edges, account_list, per_account, cfg)
    return Coordination(account_list, found, edges, candidates, n, cfg)


def _dt(seconds: float) -> datetime:
    return datetime.fromtimestamp(float(seconds), UTC).replace(tzinfo=None)


def _components(nodes: list[int], edges: list[Edge]) -> list[list[int]]:
    parent = {v: v for v in nodes}

    def find(v: int) -> int:
        while parent[v] != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    for e in edges:
        ra, rb = find(e.a), find(e.b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    out: dict[int, list[int]] = {}
    for v in nodes:
        out.setdefault(find(v), []).append(v)
    return list(out.values())


def _leiden(members: list[int], edges: list[Edge]) -> list[list[int]]:
    try:
        import igraph as ig
        import leidenalg
    except ImportError:
        return [members]
    index = {v: i for i, v in enumerate(members)}
    inside = [e for e in edges if e.a in index and e.b in index]
    g = ig.Graph(n=len(members), edges=[(index[e.a], index[e.b]) for e in inside])
    part = leidenalg.find_partition(
        g, leidenalg.ModularityVertexPartition, weights=[e.weight for e in inside], seed=1
    )
    return [[members[i] for i in community] for community in part if len(community) >= 2]


def _groups(
    edges: list[Edge], accounts: list, per_account: np.ndarray, cfg: CoordinationConfig
) -> list[Group]:
    nodes = sorted({e.a for e in edges} | {e.b for e in edges})
    found: list[list[int]] = []
    for comp in _components(nodes, edges):
        found.extend(_leiden(comp, edges) if len(comp) > cfg.leiden_above else [comp])
    out: list[Group] = []
    for members in found:
        inside_set = set(members)
        inside = [e for e in edges if e.a in inside_set and e.b in inside_set]
        if not inside:
            continue
        m = len(members)
        density = len(inside) / (m * (m - 1) / 2)
        mean_weight = sum(e.weight for e in inside) / len(inside)
        score = density * (1 - math.exp(-mean_weight / 2)) * (1 - math.exp(-m / 5))
        kinds: dict[str, int] = {}
        for e in inside:
            for k, v in e.kinds.items():
                kinds[k] = kinds.get(k, 0) + v
        out.append(
            Group(
                members=sorted(accounts[v] for v in members),
                score=round(score, 3),
                density=round(density, 3),
                edges=len(inside),
                coactions=sum(e.weight for e in inside),
                evidence=sum(e.evidence_total for e in inside),
                kinds=kinds,
                posts=int(sum(per_account[v] for v in members)),
            )
        )
    out.sort(key=lambda g: (-g.score, -len(g.members)))
    return out


def workspace_coordination(
    engine: Engine,
    workspace: Workspace,
    since: datetime | None = None,
    until: datetime | None = None,
    config: CoordinationConfig | None = None,
) -> Coordination:
    """Coordination among the workspace's posts of a period (all posts when not given)."""
    return detect_coordination(iter_activity(engine, workspace.id, since, until), config)
