"""National issues: the same public issue detected in several institutions' workspaces, linked
from each workspace's own issues by their key terms, representative texts, shared links and the
hoax they carry. Built from the issue tables only, never by reading posts."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import numpy as np
from scipy import sparse
from sqlalchemy import Engine

from pantau.ingest.keys import canonical_url
from pantau.monitor.assess import PRIORITIES
from pantau.monitor.facts import key_label
from pantau.records import Workspace
from pantau.store.national import issue_marker, issues_seen_since
from pantau.store.workspaces import list_workspaces

WINDOW_DAYS = 7  # issues seen this recently take part
TOP_TERMS = 8  # signature keys of each issue compared
TERM_OVERLAP = 0.34  # Jaccard of two issues' top terms that links them (with MIN_SHARED_TERMS)
MIN_SHARED_TERMS = 2
TITLE_OVERLAP = 0.5  # Jaccard of two titles' content words that links them (with …)
MIN_TITLE_WORDS = 3
COMMON_TERM_SHARE = 0.25  # a term in more of the issues than this (of 40 or more) links nothing
CENTRAL = "pusat"  # the region of ministries and agencies without a province
OUTSIDE = "luar"  # the region of an institution that is no workspace of the directory
WIB_OFFSET = timedelta(hours=7)  # national days are counted in WIB, the capital's zone
_PRIORITY_RANK = {p: i for i, p in enumerate(PRIORITIES)}
_TITLE_WORD = re.compile(r"[a-z0-9]{4,}")
_LINK = re.compile(r"(?:https?://|www\.)[^\s<>\"'`]+")
_URL_TRAILING = ".,;:!?)]}'\"…"
RESPONDED = ("dipantau", "ditangani", "selesai")


@dataclass(frozen=True)
class Member:
    """One institution's own issue inside a national issue."""

    workspace: str  # slug
    institution: str
    kind: str
    province_code: str | None
    regency_code: str | None
    issue_id: int
    label: str
    stage: str
    priority: str
    priority_score: float
    status: str
    owner: str | None
    first_seen: datetime
    last_seen: datetime
    posts: int

    @property
    def responded(self) -> bool:
        return self.status in RESPONDED or bool(self.owner)

    @property
    def region(self) -> str:
        return self.province_code or CENTRAL


@dataclass
class NationalIssue:
    key: int  # the lowest member issue id: stable while the group holds it
    title: str
    key_terms: list[str]
    priority: str  # the most urgent member's
    score: float  # the highest member score
    hoax: str | None
    members: list[Member]
    daily: dict[str, dict[date, int]] = field(default_factory=dict)  # region -> WIB day -> posts

    @property
    def institutions(self) -> int:
        return len({m.workspace for m in self.members})

    @property
    def regions(self) -> list[str]:
        return sorted({m.region for m in self.members})

    @property
    def not_responded(self) -> list[Member]:
        return [m for m in self.members if not m.responded]

    @property
    def first_seen(self) -> datetime:
        return min(m.first_seen for m in self.members)

    @property
    def last_seen(self) -> datetime:
        return max(m.last_seen for m in self.members)


class _Groups:
    """Union-find over issue positions."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _title_words(text: str) -> frozenset[str]:
    return frozenset(_TITLE_WORD.findall(text.lower()))


def _links(texts: str, known: dict[str, str]) -> frozenset[str]:
    """Canonical links in the texts (``known``: links already canonicalised in this run)."""
    found = set()
    for word in _LINK.findall(texts):
        link = known.get(word)
        if link is None:
            link = known[word] = canonical_url(word.rstrip(_URL_TRAILING))
        found.add(link)
    return frozenset(found)


def _signals(
    row: dict, known: dict[str, str]
) -> tuple[frozenset[str], frozenset[str], frozenset[str], str | None]:
    metrics = row["metrics"] or {}
    terms = frozenset(str(t) for t in (row["terms"] or [])[:TOP_TERMS])
    texts = " ".join(str(post.get("text") or "") for post in metrics.get("top_posts") or [])
    hoax = metrics.get("hoax") or {}
    return terms, _links(texts, known), _title_words(row["label"]), hoax.get("claim")


def _similar_pairs(
    sets: list[frozenset[str]],
    spaces: np.ndarray,
    common: float,
    min_shared: int,
    min_jaccard: float,
) -> Iterator[tuple[int, int]]:
    """Pairs of issues of different workspaces whose sets share at least ``min_shared``
    members (members held by more than ``common`` issues do not count) with a Jaccard of at
    least ``min_jaccard`` over the whole sets; one sparse product instead of a loop over
    pairs."""
    vocabulary: dict[str, int] = {}
    indices: list[int] = []
    indptr = [0]
    for members in sets:
        indices.extend(vocabulary.setdefault(m, len(vocabulary)) for m in members)
        indptr.append(len(indices))
    if not vocabulary:
        return
    held = np.bincount(indices, minlength=len(vocabulary))
    data = (held[indices] <= common).astype(np.int32)
    matrix = sparse.csr_matrix((data, indices, indptr), shape=(len(sets), len(vocabulary)))
    shared = sparse.triu(matrix @ matrix.T, k=1).tocoo()
    sizes = np.array([len(m) for m in sets])
    i, j, n = shared.row, shared.col, shared.data
    union = sizes[i] + sizes[j] - n
    keep = (n >= min_shared) & (spaces[i] != spaces[j]) & (n >= min_jaccard * union)
    yield from zip(i[keep].tolist(), j[keep].tolist(), strict=True)


def link_issues(rows: list[dict]) -> list[list[int]]:
    """Groups of positions in ``rows`` (issue rows with ``workspace_id``, ``terms``, ``label``
    and ``metrics``) that are one public issue across at least two workspaces: one shared
    link or hoax links two issues, so do enough shared key terms or title words."""
    known: dict[str, str] = {}
    signals = [_signals(r, known) for r in rows]
    spaces = np.array([r["workspace_id"] for r in rows], dtype=np.int64)
    groups = _Groups(len(rows))
    evidence: dict[str, list[int]] = defaultdict(list)
    for i, (_, links, _, hoax) in enumerate(signals):
        for link in links:
            evidence["u" + link].append(i)
        if hoax:
            evidence["h" + hoax].append(i)
    for found in evidence.values():
        if len({rows[i]["workspace_id"] for i in found}) >= 2:
            for i in found[1:]:
                groups.join(found[0], i)
    common = max(40, len(rows)) * COMMON_TERM_SHARE
    terms = [s[0] for s in signals]
    for i, j in _similar_pairs(terms, spaces, common, MIN_SHARED_TERMS, TERM_OVERLAP):
        groups.join(i, j)
    titles = [s[2] for s in signals]
    for i, j in _similar_pairs(titles, spaces, common, MIN_TITLE_WORDS, TITLE_OVERLAP):
        groups.join(i, j)
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(rows)):
        members[groups.find(i)].append(i)
    return [found for found in members.values() if len(set(spaces[found].tolist())) >= 2]


def _member(row: dict, ws: Workspace) -> Member:
    return Member(
        workspace=ws.slug,
        institution=ws.name,
        kind=ws.kind,
        province_code=ws.province_code,
        regency_code=ws.regency_code,
        issue_id=row["id"],
        label=row["label"],
        stage=row["stage"],
        priority=row["priority"],
        priority_score=float(row["priority_score"]),
        status=row["status"],
        owner=row["owner"],
        first_seen=row["first_seen"],
        last_seen=row["last_seen"],
        posts=int((row["metrics"] or {}).get("posts") or 0),
    )


def _daily(rows: list[dict], members: list[Member]) -> dict[str, dict[date, int]]:
    found: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for row, member in zip(rows, members, strict=True):
        for hour, posts in ((row["metrics"] or {}).get("series") or {}).items():
            day = (datetime.fromisoformat(hour) + WIB_OFFSET).date()
            found[member.region][day] += int(posts)
    return {region: dict(sorted(days.items())) for region, days in sorted(found.items())}


def _national_issue(rows: list[dict], members: list[Member]) -> NationalIssue:
    lead = min(members, key=lambda m: (_PRIORITY_RANK.get(m.priority, 9), -m.priority_score))
    terms: Counter[str] = Counter()
    for row in rows:
        terms.update(key_label(str(t)) for t in (row["terms"] or [])[:TOP_TERMS])
    hoaxes = Counter(
        (r["metrics"] or {}).get("hoax", {}).get("claim")
        for r in rows
        if (r["metrics"] or {}).get("hoax")
    )
    daily = _daily(rows, members)
    members.sort(key=lambda m: (_PRIORITY_RANK.get(m.priority, 9), -m.priority_score, m.workspace))
    return NationalIssue(
        key=min(m.issue_id for m in members),
        title=lead.label,
        key_terms=[t for t, _ in terms.most_common(6)],
        priority=lead.priority,
        score=lead.priority_score,
        hoax=hoaxes.most_common(1)[0][0] if hoaxes else None,
        members=members,
        daily=daily,
    )


_linked: dict[str, tuple[tuple, list[NationalIssue]]] = {}  # database -> (marker, issues)


def forget_linked_issues() -> None:
    """Drop the national issues kept between calls (the benchmark's cold runs)."""
    _linked.clear()


def national_issues(engine: Engine, now: datetime, days: int = WINDOW_DAYS) -> list[NationalIssue]:
    """National issues seen in the ``days`` before ``now`` (naive UTC), most urgent and most
    widespread first. Kept between calls until an issue or the directory changes (issues
    change only when a pipeline runs or an analyst edits one)."""
    spaces = {ws.id: ws for ws in list_workspaces(engine)}
    since = now - timedelta(days=days)
    with engine.connect() as conn:
        marker = (since, issue_marker(conn, since), tuple(spaces.values()))
        kept = _linked.get(str(engine.url))
        if kept is not None and kept[0] == marker:
            return list(kept[1])
        rows = issues_seen_since(conn, since)
    found = []
    for group in link_issues(rows):
        picked = [rows[i] for i in group]
        members = [_member(r, spaces[r["workspace_id"]]) for r in picked]
        found.append(_national_issue(picked, members))
    found.sort(key=lambda n: (_PRIORITY_RANK.get(n.priority, 9), -n.institutions, -n.score, n.key))
    _linked[str(engine.url)] = (marker, found)
    return list(found)


def find_national_issue(issues: list[NationalIssue], issue_id: int) -> NationalIssue | None:
    """The national issue that holds this workspace issue."""
    return next((n for n in issues if any(m.issue_id == issue_id for m in n.members)), None)
