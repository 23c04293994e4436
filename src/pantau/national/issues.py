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
from sqlalchemy import Connection, Engine

from pantau.ingest.keys import canonical_url
from pantau.monitor.assess import PRIORITIES
from pantau.monitor.facts import key_label
from pantau.records import Workspace
from pantau.store.national import issue_contents, issue_marker, issues_seen_since
from pantau.store.workspaces import list_workspaces

WINDOW_DAYS = 7  # issues seen this recently take part
TOP_TERMS = 8  # signature keys of each issue compared
TERM_OVERLAP = 0.34  # Jaccard of two issues' key phrases that links them (with MIN_SHARED_TERMS)
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


def _title_words(text: str) -> frozenset[str]:
    return frozenset(_TITLE_WORD.findall(text.lower()))


def term_key(term: object) -> str:
    """A stored key term: monitoring keeps ``[key, weight]`` pairs, older rows plain keys."""
    return str(term[0]) if isinstance(term, list | tuple) and term else str(term)


def phrases(keys: list[str]) -> frozenset[str]:
    """An issue's key terms as phrases: keys sharing a word (``w:kartu``, ``b:kartu tani``,
    ``b:tani digital``) are one phrase, so a name that recurs in every story of a programme
    counts once, not as five shared terms. Hashtags stay whole."""
    group_of: dict[str, set[str]] = {}
    for key in keys:
        words = [key] if key.startswith("#") else key_label(key).lower().split()
        group = set(words)
        for word in words:
            other = group_of.get(word)
            if other is not None and other is not group:
                group |= other
        for word in group:
            group_of[word] = group
    groups = {id(g): g for g in group_of.values()}.values()
    return frozenset(" ".join(sorted(g)) for g in groups)


def _links(texts: str, known: dict[str, str]) -> frozenset[str]:
    """Canonical links in the texts (``known``: links already canonicalised in this run)."""
    found = set()
    for word in _LINK.findall(texts):
        link = known.get(word)
        if link is None:
            link = known[word] = canonical_url(word.rstrip(_URL_TRAILING))
        found.add(link)
    return frozenset(found)


def _keys(items: frozenset[str]) -> np.ndarray:
    """A set of strings as sorted 64-bit hashes: sets are compared as numbers (a collision is
    as good as impossible, and the hashes live as long as the process that made them)."""
    return np.sort(np.fromiter((hash(i) for i in items), dtype=np.int64, count=len(items)))


@dataclass(frozen=True, eq=False)
class IssueFacts:
    """What linking and the national issue need of one workspace issue's key terms and
    metrics, kept between calls while the issue is unchanged."""

    phrases: np.ndarray  # of its key phrases (``_keys``)
    title_words: np.ndarray  # of its title words
    evidence: np.ndarray  # of its links and hoax
    hoax: str | None
    key_terms: tuple[str, ...]  # how its top keys read
    posts: int
    daily: dict[date, int]  # WIB day -> posts


def issue_facts(label: str, terms: list, metrics: dict, known: dict[str, str]) -> IssueFacts:
    """``known``: links already canonicalised in this run."""
    keys = [term_key(t) for t in terms[:TOP_TERMS]]
    texts = " ".join(str(post.get("text") or "") for post in metrics.get("top_posts") or [])
    hoax = (metrics.get("hoax") or {}).get("claim")
    evidence = {"u" + link for link in _links(texts, known)} | ({"h" + hoax} if hoax else set())
    daily: dict[date, int] = defaultdict(int)
    for hour, posts in (metrics.get("series") or {}).items():
        daily[(datetime.fromisoformat(hour) + WIB_OFFSET).date()] += int(posts)
    return IssueFacts(
        phrases=_keys(phrases(keys)),
        title_words=_keys(_title_words(label)),
        evidence=_keys(frozenset(evidence)),
        hoax=hoax,
        key_terms=tuple(key_label(k) for k in keys),
        posts=int(metrics.get("posts") or 0),
        daily=dict(daily),
    )


def _incidence(sets: list[np.ndarray]) -> tuple[sparse.csr_matrix, np.ndarray, np.ndarray]:
    """Issues × members of their sets (hashed), how many issues hold each member, and the
    size of each set."""
    sizes = np.fromiter((len(m) for m in sets), dtype=np.int64, count=len(sets))
    indptr = np.concatenate(([0], np.cumsum(sizes)))
    flat = np.concatenate(sets) if sets else np.zeros(0, dtype=np.int64)
    members, indices = np.unique(flat, return_inverse=True)
    data = np.ones(len(indices), dtype=np.int32)
    matrix = sparse.csr_matrix((data, indices, indptr), shape=(len(sets), max(len(members), 1)))
    return matrix, np.bincount(indices, minlength=matrix.shape[1]), sizes


def _similar(
    sets: list[np.ndarray], common: float, min_shared: int, min_jaccard: float
) -> sparse.coo_matrix:
    """Pairs of issues whose sets share at least ``min_shared`` members (members held by more
    than ``common`` issues do not count) with a Jaccard of at least ``min_jaccard`` over the
    whole sets; one sparse product instead of a loop over pairs."""
    matrix, held, sizes = _incidence(sets)
    matrix.data = (held[matrix.indices] <= common).astype(np.int32)
    shared = sparse.triu(matrix @ matrix.T, k=1).tocoo()
    i, j, n = shared.row, shared.col, shared.data
    keep = (n >= min_shared) & (n >= min_jaccard * (sizes[i] + sizes[j] - n))
    return sparse.coo_matrix((np.ones(int(keep.sum()), np.int8), (i[keep], j[keep])), shared.shape)


def _matches(facts: list[IssueFacts]) -> sparse.csr_matrix:
    """Which issues match which (symmetric, no diagonal): a shared link or hoax, or enough
    shared key phrases or title words."""
    shared, _held, _sizes = _incidence([f.evidence for f in facts])
    common = max(40, len(facts)) * COMMON_TERM_SHARE
    terms = _similar([f.phrases for f in facts], common, MIN_SHARED_TERMS, TERM_OVERLAP)
    titles = _similar([f.title_words for f in facts], common, MIN_TITLE_WORDS, TITLE_OVERLAP)
    linked = (shared @ shared.T + terms + terms.T + titles + titles.T).tocsr()
    linked = (linked - sparse.diags(linked.diagonal(), dtype=linked.dtype)).tocsr()
    linked.eliminate_zeros()
    linked.data[:] = 1
    return linked


def _cohesive_groups(linked: sparse.csr_matrix) -> Iterator[list[int]]:
    """Groups in which every member matches more than half of the members before it: the
    best-connected free issue anchors a group, its free matches join in order of how well
    they match the others (so a chain A~B~C of unrelated A and C is split). Matching is not
    transitive: one shared link does not pull an unrelated issue into a whole group."""
    indptr, indices = linked.indptr, linked.indices
    degree = np.diff(indptr)
    free = degree > 0
    in_group = np.zeros(len(degree), dtype=bool)
    for anchor in np.lexsort((np.arange(len(degree)), -degree)).tolist():
        if not free[anchor]:
            continue
        free[anchor] = False
        near = indices[indptr[anchor] : indptr[anchor + 1]]
        near = near[free[near]]
        if near.size > 1:  # the best-connected matches first
            density = np.asarray(linked[near][:, near].sum(axis=1)).ravel()
            near = near[np.lexsort((near, -density))]
        group = [anchor]
        in_group[anchor] = True
        for candidate in near.tolist():
            matches = in_group[indices[indptr[candidate] : indptr[candidate + 1]]]
            if 2 * int(matches.sum()) > len(group):
                group.append(candidate)
                in_group[candidate] = True
        in_group[group] = False
        free[group] = False
        yield group


def link_issues(workspace_ids: list[int], facts: list[IssueFacts]) -> list[list[int]]:
    """Groups of positions (issues of ``workspace_ids`` with their ``facts``) that are one
    public issue across at least two workspaces: two issues match on one shared link or hoax,
    or on enough shared key phrases or title words, and a member must match most of its
    group."""
    if not facts:
        return []
    spaces = np.array(workspace_ids, dtype=np.int64)
    return [
        sorted(group)
        for group in _cohesive_groups(_matches(facts))
        if len(set(spaces[group].tolist())) >= 2
    ]


def _member(row: dict, facts: IssueFacts, ws: Workspace) -> Member:
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
        posts=facts.posts,
    )


def _daily(facts: list[IssueFacts], members: list[Member]) -> dict[str, dict[date, int]]:
    found: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for issue, member in zip(facts, members, strict=True):
        for day, posts in issue.daily.items():
            found[member.region][day] += posts
    return {region: dict(sorted(days.items())) for region, days in sorted(found.items())}


def _urgency(member: Member) -> tuple[int, float]:
    return _PRIORITY_RANK.get(member.priority, 9), -member.priority_score


def _typical_title(facts: list[IssueFacts], members: list[Member]) -> str:
    """The label sharing the most words with the other members' labels (the more urgent
    first on a tie): one member whose own label came from an off-topic post does not name
    the whole national issue."""
    words, held = np.unique(np.concatenate([f.title_words for f in facts]), return_counts=True)
    shared = [int((held[np.searchsorted(words, f.title_words)] - 1).sum()) for f in facts]
    best = min(range(len(members)), key=lambda n: (-shared[n], _urgency(members[n])))
    return members[best].label


def _national_issue(facts: list[IssueFacts], members: list[Member]) -> NationalIssue:
    lead = min(members, key=_urgency)
    terms = Counter(t for f in facts for t in f.key_terms)
    hoaxes = Counter(f.hoax for f in facts if f.hoax)
    daily = _daily(facts, members)
    title = _typical_title(facts, members)
    members.sort(key=lambda m: (*_urgency(m), m.workspace))
    return NationalIssue(
        key=min(m.issue_id for m in members),
        title=title,
        key_terms=[t for t, _ in terms.most_common(6)],
        priority=lead.priority,
        score=lead.priority_score,
        hoax=hoaxes.most_common(1)[0][0] if hoaxes else None,
        members=members,
        daily=daily,
    )


_linked: dict[str, tuple[tuple, list[NationalIssue]]] = {}  # database -> (marker, issues)
_facts: dict[str, dict[int, tuple[tuple, IssueFacts]]] = {}  # database -> id -> (version, …)


def forget_linked_issues(facts: bool = False) -> None:
    """Drop the national issues kept between calls and, with ``facts``, each issue's facts
    too (the benchmark's uncached and cold runs)."""
    _linked.clear()
    if facts:
        _facts.clear()


def _current_facts(conn: Connection, database: str, rows: list[dict]) -> list[IssueFacts]:
    """Each row's facts: kept ones while the issue is unchanged, the others computed from
    its terms and metrics (read for those issues only). Issues no longer seen are dropped."""
    kept = _facts.get(database, {})
    version = {r["id"]: (r["updated_at"], r["last_seen"], r["label"]) for r in rows}
    stale = {i for i, v in version.items() if i not in kept or kept[i][0] != v}
    contents = issue_contents(conn, sorted(stale))
    known: dict[str, str] = {}
    current = {
        r["id"]: (
            version[r["id"]],
            issue_facts(r["label"], *contents.get(r["id"], ([], {})), known),
        )
        if r["id"] in stale
        else kept[r["id"]]
        for r in rows
    }
    _facts[database] = current
    return [current[r["id"]][1] for r in rows]


def national_issues(engine: Engine, now: datetime, days: int = WINDOW_DAYS) -> list[NationalIssue]:
    """National issues seen in the ``days`` before ``now`` (naive UTC), most urgent and most
    widespread first. Kept between calls until an issue or the directory changes (issues
    change only when a pipeline runs or an analyst edits one); each issue's facts are kept
    until that issue changes."""
    spaces = {ws.id: ws for ws in list_workspaces(engine)}
    since = now - timedelta(days=days)
    database = str(engine.url)
    with engine.connect() as conn:
        marker = (since, issue_marker(conn, since), tuple(spaces.values()))
        kept = _linked.get(database)
        if kept is not None and kept[0] == marker:
            return list(kept[1])
        rows = issues_seen_since(conn, since)
        facts = _current_facts(conn, database, rows)
    found = []
    for group in link_issues([r["workspace_id"] for r in rows], facts):
        picked = [facts[i] for i in group]
        members = [_member(rows[i], facts[i], spaces[rows[i]["workspace_id"]]) for i in group]
        found.append(_national_issue(picked, members))
    found.sort(key=lambda n: (_PRIORITY_RANK.get(n.priority, 9), -n.institutions, -n.score, n.key))
    _linked[database] = (marker, found)
    return list(found)


def find_national_issue(issues: list[NationalIssue], issue_id: int) -> NationalIssue | None:
    """The national issue that holds this workspace issue."""
    return next((n for n in issues if any(m.issue_id == issue_id for m in n.members)), None)
