"""Issues tracked across runs: stable ids, the posts they hold, workflow fields.

**Matching** a candidate (a group from :func:`pantau.monitor.emerging.group_posts`) to a stored
issue: score = the larger of (a) weighted key overlap — the shared weight of the two top-10
key signatures divided by the smaller signature's weight — and (b) the share of the
candidate's posts the issue already holds. Score ≥ ``MATCH`` attaches the candidate (its posts
and keys join the issue); otherwise a new issue starts. Re-running over the same hours
therefore finds the same issues again instead of creating new ones.

**Merge**: when one candidate matches two issues with score ≥ ``MERGE``, the younger issue is
merged into the older (``merged_into`` set, its posts moved; it drops out of lists).

**Consolidation** (end of every run): candidates found in different hours around different
flagged keys can be fragments of one story (the same rumour told as "dijual ke perusahaan
asing" and "dijual ke pihak asing"). Every active issue gets a *content profile*: the share of
its posts (at most ``PROFILE_POSTS``, spread over its life) holding each content word,
weighted by how rare the word is in the run's background (inverse document frequency from the
hourly term rollups). Two issues are one story when their profiles have cosine similarity
≥ ``SIMILAR``, or ≥ ``TOGETHER_SIMILAR`` when they emerged within ``TOGETHER_HOURS`` of each
other (reactions to one event). An issue with fewer than ``SMALL_ISSUE_POSTS`` posts joins its
most similar issue already at ``SMALL_SIMILAR`` (but never bridges two stories). A copy-paste
campaign (copy share ≥ ``CAMPAIGN_SHARE``) is never merged with organic conversation (copy
share below ``ORGANIC_SHARE``), so it stays an issue of its own. Pairs are merged most similar
first, each judged again on the combined profiles of the stories the two issues already belong
to, so a chain of fragments cannot link two stories. The smaller issue is merged into the
larger (``merged_into`` set, as above), so the story keeps the id of its main part, and the
merged issue counts as first seen when its earliest part was.

**Listing size**: ``IssueFilter(shown_only=True)`` (what analysts' lists use) leaves out issues
smaller than :func:`shown_threshold`, ``SHOWN_DAILY_SHARE`` of the workspace's average day (at
most ``MAX_SHOWN_POSTS``): a side remark of a few people is not an issue an analyst must
handle, and what is a side remark grows with the conversation — except copy-paste campaigns
(copy share ≥ ``SHOWN_CAMPAIGN_SHARE``) and issues carrying a known hoax, which matter however
small. Such issues stay stored and are listed once they grow. ``min_posts`` sets a fixed
threshold instead; the default lists everything.

**Split** is handled simply: a part that drifts away from an issue no longer matches it and
starts an issue of its own; the old issue keeps its history.

**Following** an issue after it was flagged: every new post of an active issue's window is
assigned to the issue whose signature it shares the most weight with (at least
``ASSIGN_SHARE`` of the signature and two keys), so the volume series keeps growing and
fading even when its keys are no longer unusual.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, Engine

from pantau.errors import NotFoundError, PantauError
from pantau.memo import Memo
from pantau.monitor.assess import PRIORITIES, STAGES, STATUSES, assess
from pantau.monitor.emerging import Candidate
from pantau.monitor.facts import PostFacts, facts_of, hour_of, key_label
from pantau.records import Workspace
from pantau.store import monitor as store
from pantau.store.claims import DEBUNKING, claim_of_posts, false_claims_for_posts
from pantau.store.topics import topics_of
from pantau.text.dedup import collapse

MATCH = 0.3
MERGE = 0.5
CONTAINED = 0.7
ASSIGN_SHARE = 0.3
SIGNATURE = 10
MAX_KEYS = 20
ACTIVE_HOURS = 48
PROFILE_POSTS = 400
SIMILAR = 0.62
SMALL_SIMILAR = 0.3
SMALL_ISSUE_POSTS = 30
SETTLE_HOURS = 6  # a small issue joins a story only once it has had this long to grow
TOGETHER_HOURS = 6
TOGETHER_SIMILAR = 0.2
CAMPAIGN_SHARE = 0.5
CLAIM_SHARE = 0.3  # share of an issue's posts carrying a claim for it to be that claim's story
REPLY_SHARE = 0.5  # share of an issue's posts replying to another's for it to answer that one
CAMPAIGN_AUTHORS = 0.3  # share of the smaller campaign's accounts that make two campaigns one
ORGANIC_SHARE = 0.3
SHOWN_DAILY_SHARE = 0.01
MAX_SHOWN_POSTS = 100
SHOWN_CAMPAIGN_SHARE = 0.8
RARE_SHARE = 1e-4  # background share assumed for a word the rollups never kept


@dataclass(slots=True)
class TrackedIssue:
    id: int
    first_seen: datetime
    weights: dict[str, float]
    post_ids: set[int]
    last_seen: datetime
    merged_into: int | None = None
    new_posts: list[tuple[int, datetime]] = field(default_factory=list)
    touched: bool = False

    def signature(self) -> dict[str, float]:
        return _top(self.weights)

    def keys(self) -> list[str]:
        return [k for k, _ in sorted(self.weights.items(), key=lambda kv: (-kv[1], kv[0]))]


def _words(signature: dict[str, float]) -> dict[str, float]:
    """A signature as words (a phrase also as its words glued, so "pupuk langka" meets
    "#pupuklangka"), each with the weight of its strongest key."""
    out: dict[str, float] = {}
    for key, weight in signature.items():
        words = key_label(key).lower().lstrip("#@").split()
        for word in {*words, "".join(words)}:
            out[word] = max(out.get(word, 0.0), weight)
    return out


def _overlap(a: dict[str, float], b: dict[str, float]) -> float:
    """Weighted Jaccard similarity of two key signatures, compared word by word."""
    a, b = _words(a), _words(b)
    shared = sum(min(a[k], b[k]) for k in a.keys() & b.keys())
    union = sum(max(a.get(k, 0.0), b.get(k, 0.0)) for k in a.keys() | b.keys())
    return shared / union if union else 0.0


def _top(weights: dict[str, float]) -> dict[str, float]:
    return dict(sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:SIGNATURE])


def _contained(part: dict[str, float], whole: dict[str, float]) -> float:
    """Share of ``part``'s weight whose words ``whole`` holds (a candidate that only repeats
    an issue's keys belongs to it)."""
    part_words, whole_words = _words(part), _words(whole)
    total = sum(part_words.values())
    shared = sum(w for k, w in part_words.items() if k in whole_words)
    return shared / total if total else 0.0


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True, slots=True)
class Profile:
    """What an issue's posts talk about (see the module docstring, *Consolidation*)."""

    shares: dict[str, float]  # content word key -> share of the posts holding it
    size: int  # posts the shares stand for
    copy_share: float  # share of the original posts that repeat another post's message
    vector: dict[str, float]  # shares weighted by rarity, unit length, in key order
    authors: frozenset[tuple[str, str]] = frozenset()  # (platform, author) of the posts
    # how many of the sampled posts carry each claim (matched themselves, or replying to a
    # post that is), and the ids of the posts the sampled posts reply to
    claims: Mapping[int, int] = field(default_factory=dict)
    replies_to: tuple[int, ...] = ()
    sample: int = 0  # posts the counts above were taken from

    def similarity(self, other: Profile) -> float:
        small, large = sorted((self.vector, other.vector), key=len)
        return sum(w * large.get(k, 0.0) for k, w in small.items())

    def claim(self) -> int | None:
        """The claim most of this story's posts carry (at least ``CLAIM_SHARE`` of them)."""
        if not self.claims or not self.sample:
            return None
        claim_id, count = min(self.claims.items(), key=lambda kv: (-kv[1], kv[0]))
        return claim_id if count >= CLAIM_SHARE * self.sample else None

    def answers(self, other: TrackedIssue) -> bool:
        """Whether most of this issue's posts reply to posts of ``other``."""
        held = sum(1 for parent in self.replies_to if parent in other.post_ids)
        return bool(self.sample) and held >= REPLY_SHARE * self.sample

    def campaign(self) -> bool:
        return self.copy_share >= CAMPAIGN_SHARE

    def same_campaign(self, other: Profile) -> bool:
        """Two copy-paste campaigns run by largely the same accounts are one campaign (a
        ring switches its template between bursts)."""
        if not (self.campaign() and other.campaign()):
            return False
        small = min(len(self.authors), len(other.authors))
        shared = len(self.authors & other.authors)
        return small > 0 and shared >= CAMPAIGN_AUTHORS * small


def _vector(shares: Mapping[str, float], background: Mapping[str, float]) -> dict[str, float]:
    raw = {  # in key order, so sums do not depend on the order sets are iterated in
        k: shares[k] * -math.log(min(1.0, max(background.get(k, RARE_SHARE), RARE_SHARE)))
        for k in sorted(shares)
    }
    norm = math.sqrt(sum(w * w for w in raw.values()))
    return {k: w / norm for k, w in raw.items() if w > 0} if norm else {}


def content_profile(
    posts: Sequence[PostFacts], background: Mapping[str, float], size: int | None = None
) -> Profile:
    """The content profile of a set of posts (a sample standing for ``size`` posts);
    ``background`` maps a key to the share of all posts holding it (words missing from it
    count as rare)."""
    if not posts:
        return Profile({}, size or 0, 0.0, {})
    authors = frozenset((p.platform, p.author) for p in posts if p.author)
    counts = Counter(k for p in posts for k in p.keys if k[:2] == "w:")
    n = len(posts)
    shares = {k: c / n for k, c in counts.items()}
    # copies among original posts: reposts are sharing, not a copy-paste campaign
    originals = [p.text for p in posts if not p.is_repost]
    copies = (len(originals) - collapse(originals).unique) / len(originals) if originals else 0.0
    return Profile(shares, size or n, copies, _vector(shares, background), authors)


def combined(a: Profile, b: Profile, background: Mapping[str, float]) -> Profile:
    """The profile of two issues taken as one (each weighted by its size)."""
    total = max(a.size + b.size, 1)
    wa, wb = a.size / total, b.size / total
    shares = {k: wa * a.shares.get(k, 0.0) + wb * b.shares.get(k, 0.0) for k in a.shares | b.shares}
    copies = wa * a.copy_share + wb * b.copy_share
    vector = _vector(shares, background)
    claims = Counter(a.claims)
    claims.update(b.claims)
    return Profile(
        shares,
        a.size + b.size,
        copies,
        vector,
        a.authors | b.authors,
        dict(claims),
        a.replies_to + b.replies_to,
        a.sample + b.sample,
    )


def _spread(ids: Sequence[int], limit: int) -> list[int]:
    """At most ``limit`` of ``ids``, evenly spaced."""
    if len(ids) <= limit:
        return list(ids)
    step = len(ids) / limit
    return [ids[int(i * step)] for i in range(limit)]


def _campaign_apart(a: Profile, b: Profile) -> bool:
    """A copy-paste campaign and organic conversation are never one issue."""
    return a.campaign() != b.campaign()


def _story_similarity(
    a: Profile, b: Profile, issue_a: TrackedIssue, issue_b: TrackedIssue
) -> float | None:
    """How alike two issues' stories are: 1 when both carry the same claim, when one answers
    the other (most of its posts reply to the other's; a copy-paste campaign flooding the
    replies of a post stays a campaign), or for two campaigns run by the same accounts;
    otherwise their content similarity, or None when they must stay apart (a copy-paste
    campaign and organic conversation)."""
    claim = a.claim()
    if claim is not None and claim == b.claim():
        return 1.0
    if (a.answers(issue_b) and not a.campaign()) or (b.answers(issue_a) and not b.campaign()):
        return 1.0
    if _campaign_apart(a, b):
        return None
    if a.same_campaign(b):
        return 1.0
    return a.similarity(b)


_Signed = tuple["TrackedIssue", dict[str, float], float]  # issue, signature, its total weight


def _signed(issues: Iterable[TrackedIssue]) -> list[_Signed]:
    out = []
    for issue in issues:
        signature = issue.signature()
        out.append((issue, signature, math.fsum(signature.values())))
    return out


class IssueTracker:
    """Issues active around a run, matched and extended hour by hour, then saved."""

    def __init__(self, engine: Engine, workspace: Workspace, since: datetime) -> None:
        self.engine = engine
        self.workspace = workspace
        self.created = 0
        with engine.connect() as conn:
            rows = store.issue_rows(
                conn, workspace.id, seen_since=since - timedelta(hours=ACTIVE_HOURS)
            )
            rows = [r for r in rows if r["merged_into"] is None]
            members = store.issue_post_ids(conn, workspace.id, [r["id"] for r in rows])
        self.issues: dict[int, TrackedIssue] = {
            r["id"]: TrackedIssue(
                id=r["id"],
                first_seen=r["first_seen"],
                weights={k: float(w) for k, w in r["terms"]},
                post_ids=members[r["id"]],
                last_seen=r["last_seen"],
            )
            for r in rows
        }
        self._held: set[int] = set().union(*(i.post_ids for i in self.issues.values()))
        self._profile_cache: dict[int, tuple[int, Profile]] = {}
        self._unsaved: dict[int, dict] = {}  # provisional id -> the new issue's first row
        with engine.connect() as conn:
            self._next_id = store.max_issue_id(conn) + 1

    def _active(self, hour: datetime) -> list[TrackedIssue]:
        horizon = hour - timedelta(hours=ACTIVE_HOURS)
        return [i for i in self.issues.values() if i.merged_into is None and i.last_seen >= horizon]

    def observe(self, candidate: Candidate, posts: Mapping[int, PostFacts]) -> TrackedIssue:
        """Attach a candidate to the issue it matches, or start a new issue. ``posts``: the
        facts of (at least) the candidate's posts."""
        ids = set(candidate.post_ids)
        active = self._active(candidate.hour)
        scored = []
        lone = len(candidate.weights) == 1  # a lone key is in many issues' keys
        for issue in active:
            score = _overlap(issue.signature(), _top(candidate.weights))
            if not lone:
                contained = _contained(_top(candidate.weights), issue.weights)
                score = max(score, contained - (CONTAINED - MATCH))
            if score >= MATCH:
                scored.append((score, issue))
        scored.sort(key=lambda item: (-item[0], item[1].id))
        if scored:
            target = min((i for s, i in scored if s >= MERGE), key=lambda i: i.id, default=None)
            target = target or scored[0][1]
            for score, other in scored:
                if other is not target and score >= MERGE:
                    self._merge(other, target)
        else:
            target = self._create(candidate)
        for key, weight in candidate.weights.items():
            target.weights[key] = max(target.weights.get(key, 0.0), weight)
        target.weights = dict(
            sorted(target.weights.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_KEYS]
        )
        for post_id in ids - target.post_ids:
            self._add(target, post_id, posts[post_id].created_at)
        target.touched = True
        return target

    def _create(self, candidate: Candidate) -> TrackedIssue:
        """A new issue, stored by :meth:`save` together with its posts (until then its id is
        provisional: the ids after the newest stored issue, in the order of creation)."""
        now = _now()
        keys = sorted(candidate.weights.items(), key=lambda kv: (-kv[1], kv[0]))
        issue_id = self._next_id
        self._next_id += 1
        self._unsaved[issue_id] = {
            "label": ", ".join(key_label(k) for k, _ in keys[:4])[:300],
            "terms": [[k, w] for k, w in keys],
            "first_seen": candidate.hour,
            "last_seen": candidate.hour,
            "stage": "potensial",
            "priority": "pantau",
            "priority_score": 0.0,
            "why": "",
            "suggested_response": "pantau saja",
            "status": "baru",
            "representative_post_id": candidate.representative,
            "metrics": {},
            "created_at": now,
            "updated_at": now,
        }
        issue = TrackedIssue(issue_id, candidate.hour, {}, set(), candidate.hour)
        self.issues[issue_id] = issue
        self.created += 1
        return issue

    def _merge(self, source: TrackedIssue, target: TrackedIssue) -> None:
        source.merged_into = target.id
        for key, weight in source.weights.items():
            target.weights[key] = max(target.weights.get(key, 0.0), weight)
        target.post_ids |= source.post_ids
        target.new_posts.extend(source.new_posts)
        target.first_seen = min(target.first_seen, source.first_seen)
        source.touched = target.touched = True

    def _add(self, issue: TrackedIssue, post_id: int, when: datetime) -> None:
        issue.post_ids.add(post_id)
        self._held.add(post_id)
        issue.new_posts.append((post_id, when))
        issue.last_seen = max(issue.last_seen, when)

    def _root(self, issue: TrackedIssue) -> TrackedIssue:
        while issue.merged_into is not None:
            issue = self.issues[issue.merged_into]
        return issue

    def _profiles(
        self,
        active: Sequence[TrackedIssue],
        background: Mapping[str, float],
        known: Mapping[int, PostFacts],
    ) -> dict[int, Profile]:
        out: dict[int, Profile] = {}
        stale = []
        for issue in active:
            cached = self._profile_cache.get(issue.id)
            if cached is not None and cached[0] == len(issue.post_ids):
                out[issue.id] = cached[1]
            else:
                stale.append(issue)
        newest = {i.id: _spread(sorted(i.post_ids), PROFILE_POSTS) for i in stale}
        if not stale:
            return out
        missing = {p for ids in newest.values() for p in ids if p not in known}
        sampled = {p for ids in newest.values() for p in ids}
        loaded: dict[int, PostFacts] = {}
        with self.engine.connect() as conn:
            if missing:
                rows = store.posts_by_id(conn, self.workspace.id, missing)
                loaded = {r.id: facts_of(r) for r in rows}
            parents = store.reply_parents(conn, self.workspace.id, sampled)
            claim_of = claim_of_posts(conn, self.workspace.id, sampled | set(parents.values()))
        for issue in stale:
            ids = newest[issue.id]
            facts = [known.get(p) or loaded.get(p) for p in ids]
            found = [f for f in facts if f is not None]
            profile = content_profile(found, background, max(len(issue.post_ids), 1))
            carried = (claim_of.get(p) or claim_of.get(parents.get(p, 0)) for p in ids)
            profile = replace(
                profile,
                claims=dict(Counter(c for c in carried if c is not None)),
                replies_to=tuple(parents[p] for p in ids if p in parents),
                sample=len(ids),
            )
            out[issue.id] = profile
            self._profile_cache[issue.id] = (len(issue.post_ids), profile)
        return out

    @staticmethod
    def _one_story(
        ra: TrackedIssue,
        rb: TrackedIssue,
        similarity: float,
        a: TrackedIssue,
        b: TrackedIssue,
        together: bool,
    ) -> bool:
        """Whether issues ``ra`` and ``rb`` (grown from the parts ``a`` and ``b``, which
        emerged ``together`` or not) with this profile similarity tell one story. A small
        issue joins another only while it is still on its own (it does not bridge two
        stories)."""
        if similarity >= SIMILAR:
            return True
        if together and similarity >= TOGETHER_SIMILAR:
            return True
        small = min((ra, rb), key=lambda i: (len(i.post_ids), -i.id))
        part = a if small is ra else b
        small_enough = len(small.post_ids) < SMALL_ISSUE_POSTS
        return similarity >= SMALL_SIMILAR and small_enough and small is part

    def consolidate(
        self,
        background: Mapping[str, float],
        known: Mapping[int, PostFacts] | None = None,
        hour: datetime | None = None,
    ) -> int:
        """Merge the active issues that tell one story (see the module docstring) at the end
        of ``hour``, among the issues first seen ``SETTLE_HOURS`` or more before it (when
        ``hour`` is None: every issue). A pair is judged when one of them changed since the
        last consolidation or settles at ``hour``. Returns the number of merges."""
        pool = self._active(hour) if hour is not None else self.issues.values()
        active = [i for i in pool if i.merged_into is None and i.post_ids]
        if hour is not None:  # an issue is judged once it has had SETTLE_HOURS to grow
            settled = hour - timedelta(hours=SETTLE_HOURS)
            active = [i for i in active if hour_of(i.first_seen) <= settled]
            for issue in active:
                if hour_of(issue.first_seen) == settled:
                    issue.touched = True
        if len(active) < 2 or not any(i.touched for i in active):
            for issue in active:
                issue.touched = False
            return 0
        profiles = self._profiles(active, background, known or {})
        window = timedelta(hours=TOGETHER_HOURS)
        pairs = []
        for index, a in enumerate(active):
            for b in active[index + 1 :]:
                if not (a.touched or b.touched):
                    continue
                similarity = _story_similarity(profiles[a.id], profiles[b.id], a, b)
                if similarity is None:
                    continue
                together = abs(a.first_seen - b.first_seen) <= window
                if self._one_story(a, b, similarity, a, b, together):
                    pairs.append((similarity, a, b, together))
        pairs.sort(key=lambda t: (-t[0], t[1].id, t[2].id))
        merges = 0
        for _similarity, a, b, together in pairs:
            ra, rb = self._root(a), self._root(b)
            if ra is rb:
                continue
            # judged again as the stories they now belong to, so no chain of fragments links
            # two different stories
            pa, pb = profiles[ra.id], profiles[rb.id]
            similarity = _story_similarity(pa, pb, ra, rb)
            if similarity is None or not self._one_story(ra, rb, similarity, a, b, together):
                continue
            target, source = (ra, rb) if (pa.size, -ra.id) >= (pb.size, -rb.id) else (rb, ra)
            profiles[target.id] = combined(pa, pb, background)
            self._merge(source, target)
            merges += 1
        for issue in active:
            issue.touched = False
        return merges

    def holds(self, post_id: int) -> bool:
        """Whether an issue of this run holds the post (merged issues pass theirs on)."""
        return post_id in self._held

    def following(self, hour: datetime) -> bool:
        """Whether any issue is active at ``hour`` (so its posts need following)."""
        return any(i.weights for i in self._active(hour))

    @staticmethod
    def _followed_by(post: PostFacts, signed: Sequence[_Signed]) -> int | None:
        """The id of the active issue whose signature a post shares the most weight with (at
        least ``ASSIGN_SHARE`` of it and two keys), None when none does or an issue already
        holds the post."""
        best, best_score = None, 0.0
        for issue, signature, total in signed:
            if post.id in issue.post_ids:
                return None
            shared = [signature[k] for k in post.keys if k in signature]
            if len(shared) < 2:
                continue
            score = math.fsum(shared) / total  # independent of set order
            if score >= ASSIGN_SHARE and score > best_score:
                best, best_score = issue.id, score
        return best

    def follow(self, hour: datetime, posts: Iterable[PostFacts]) -> None:
        """Assign the posts of ``hour`` to the active issue each resembles most."""
        signed = _signed(i for i in self._active(hour) if i.weights)
        if not signed:
            return
        watched = set().union(*(signature.keys() for _, signature, _ in signed))
        for post in posts:
            if len(watched.intersection(post.keys)) < 2:
                continue  # shares fewer than two keys with every issue
            issue_id = self._followed_by(post, signed)
            if issue_id is not None:
                best = self.issues[issue_id]
                self._add(best, post.id, post.created_at)
                best.touched = True

    def save(
        self,
        conn: Connection,
        at: datetime,
        own_names: Sequence[str],
        known: Mapping[int, PostFacts] | None = None,
    ) -> list[int]:
        """Write new issues with their posts, merges, and the keys, metrics and assessment
        of every active issue at ``at``, in the caller's transaction (so a crash leaves
        either all of a run's issues or none). Returns the ids of the issues written."""
        stored: dict[int, int] = {}  # provisional id -> stored id
        for temp in sorted(self._unsaved):
            stored[temp] = store.insert_issue(conn, self.workspace.id, self._unsaved[temp])
        self._unsaved.clear()

        def real(issue_id: int) -> int:
            return stored.get(issue_id, issue_id)

        saved = []
        now = _now()
        # merged issues first, their posts and analyst's title passed to the story they are in
        for issue in sorted(self.issues.values(), key=lambda i: (i.merged_into is None, i.id)):
            issue_id = real(issue.id)
            if issue.merged_into is not None:
                root = real(self._root(issue).id)
                store.update_issue(
                    conn,
                    self.workspace.id,
                    issue_id,
                    {"merged_into": real(issue.merged_into), "updated_at": now},
                )
                store.move_posts(conn, self.workspace.id, issue_id, root)
                store.carry_title(conn, self.workspace.id, issue_id, root)
                continue
            store.assign_posts(
                conn, self.workspace.id, [(issue_id, p, t) for p, t in issue.new_posts]
            )
            issue.new_posts = []
            saved.append(issue_id)
        for issue in self.issues.values():
            if issue.merged_into is None:
                _refresh(
                    conn,
                    self.workspace,
                    real(issue.id),
                    at,
                    own_names,
                    issue.weights,
                    first_seen=issue.first_seen,
                    known=known,
                )
        self.issues = {real(i): issue for i, issue in self.issues.items()}
        for issue_id, issue in self.issues.items():
            issue.id = issue_id
            if issue.merged_into is not None:
                issue.merged_into = real(issue.merged_into)
        return saved


def refresh_issue(
    engine: Engine,
    workspace: Workspace,
    issue_id: int,
    at: datetime,
    own_names: Sequence[str] = (),
) -> None:
    """Recompute one issue's numbers and assessment from its posts as of ``at``."""
    with engine.begin() as conn:
        _refresh(conn, workspace, issue_id, at, own_names)


def _refresh(
    conn: Connection,
    workspace: Workspace,
    issue_id: int,
    at: datetime,
    own_names: Sequence[str] = (),
    weights: dict[str, float] | None = None,
    *,
    first_seen: datetime | None = None,
    known: Mapping[int, PostFacts] | None = None,
) -> None:
    """Recompute an issue's numbers and assessment from its posts as of ``at`` (and store
    ``weights`` as its key signature and ``first_seen`` when given: a merged issue was first
    seen when its earliest part was). ``known``: facts already computed in this run, by post
    id; only the other posts are read. The label shown is the analyst's title when one was
    given, else the title generated from the posts."""
    known = known or {}
    row = store.issue_rows(conn, workspace.id, issue_id=issue_id)[0]
    members = store.issue_post_ids(conn, workspace.id, [issue_id])[issue_id]
    missing = [m for m in members if m not in known]
    rows = store.posts_by_id(conn, workspace.id, missing)
    hoaxes = false_claims_for_posts(conn, workspace.id, members)
    debunks = false_claims_for_posts(conn, workspace.id, members, stance=DEBUNKING)
    watched = store.topic_ids(conn, workspace.id)
    topical = store.topic_matched_posts(conn, workspace.id, members, watched) if watched else None
    if weights is None:
        weights = {k: float(w) for k, w in row["terms"]}
    keys = sorted(weights, key=lambda k: (-weights[k], k))
    facts = [known[m] for m in members if m in known]
    facts.extend(facts_of(r) for r in rows)
    facts.sort(key=lambda f: f.id)
    result = assess(
        keys,
        facts,
        at,
        own_names,
        hoaxes,
        topical=topical,
        debunks=debunks.keys(),
        timezone=workspace.timezone,
    )
    values: dict[str, object] = {
        "label": (row["title"] or result.metrics["title"])[:300],
        "terms": [[k, round(weights[k], 3)] for k in keys],
        "stage": result.stage,
        "priority": result.priority,
        "priority_score": result.priority_score,
        "why": result.why,
        "suggested_response": result.suggested_response,
        "metrics": result.metrics,
        "updated_at": _now(),
    }
    if first_seen is not None:
        values["first_seen"] = first_seen
    visible = [f for f in facts if f.created_at <= at]
    if visible:
        values["last_seen"] = max(f.created_at for f in visible)
    store.update_issue(conn, workspace.id, issue_id, values)


# --- reading and the analyst's workflow -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class IssueFilter:
    status: str | None = None
    priority: str | None = None
    stage: str | None = None
    topic_id: int | None = None
    since: datetime | None = None  # naive UTC: issues seen at or after
    until: datetime | None = None  # naive UTC: issues first seen before
    include_merged: bool = False
    min_posts: int = 0  # smaller issues are not listed
    shown_only: bool = False  # leave out issues below shown_threshold (analysts' lists)


def _too_small(metrics: Mapping, min_posts: int) -> bool:
    """Whether an issue is below the listing size (a copy-paste campaign or an issue carrying
    a known hoax never is)."""
    if metrics.get("copy_share", 0.0) >= SHOWN_CAMPAIGN_SHARE or metrics.get("hoax"):
        return False
    return "posts" in metrics and metrics["posts"] < min_posts  # not assessed yet: shown


def shown_threshold(engine: Engine, workspace: Workspace) -> int:
    """The smallest issue analysts' lists show (see the module docstring)."""
    with engine.connect() as conn:
        daily = store.average_daily_posts(conn, workspace.id)
    return min(MAX_SHOWN_POSTS, round(SHOWN_DAILY_SHARE * daily))


_PRIORITY_ORDER = {p: i for i, p in enumerate(PRIORITIES)}


def _check(value: str | None, allowed: Sequence[str], what: str) -> str | None:
    if value is None:
        return None
    cleaned = value.strip().lower().replace("_", " ")
    if cleaned not in allowed:
        raise PantauError(f"{what} tidak dikenal: {value!r} (pilih {', '.join(allowed)})")
    return cleaned


def list_issues(engine: Engine, workspace: Workspace, f: IssueFilter | None = None) -> list[dict]:
    """Issues by priority (segera first), then by priority score and recency; issues about
    none of the institution's concerns (*lainnya*) come after all the others."""
    f = f or IssueFilter()
    min_posts = max(f.min_posts, shown_threshold(engine, workspace) if f.shown_only else 0)
    status = _check(f.status, STATUSES, "status")
    priority = _check(f.priority, PRIORITIES, "prioritas")
    stage = _check(f.stage, STAGES, "tahap")
    with engine.connect() as conn:
        rows = store.issue_rows(conn, workspace.id, seen_since=f.since)
        found = []
        for row in rows:
            if row["merged_into"] is not None and not f.include_merged:
                continue
            if status and row["status"] != status:
                continue
            if priority and row["priority"] != priority:
                continue
            if stage and row["stage"] != stage:
                continue
            if f.until and row["first_seen"] >= f.until:
                continue
            if min_posts and _too_small(row["metrics"] or {}, min_posts):
                continue
            if f.topic_id is not None and not store.issue_topics(conn, workspace.id, row["id"]).get(
                f.topic_id
            ):
                continue
            found.append(row)
    found.sort(
        key=lambda r: (
            not is_relevant(r),
            _PRIORITY_ORDER.get(r["priority"], 9),
            -r["priority_score"],
            -r["id"],
        )
    )
    return found


def is_relevant(row: Mapping) -> bool:
    """Whether an issue is about the institution's concerns; the others are listed last, as
    *lainnya* (issues assessed before relevance was measured count as relevant)."""
    return bool((row.get("metrics") or {}).get("relevant", True))


# topic id → the issue's posts it matches, by the issue's and the topics' versions: counting
# reads every post of the issue, and both change whenever those counts can
_TOPIC_COUNTS: Memo[dict[int, int]] = Memo(256)


def get_issue(engine: Engine, workspace: Workspace, issue_id: int, *, topics: bool = True) -> dict:
    """An issue's row; with ``topics``, how many of its posts each topic matches (kept in
    memory until the issue or a topic changes; callers must not change it)."""
    with engine.connect() as conn:
        rows = store.issue_rows(conn, workspace.id, issue_id=issue_id)
        if not rows:
            raise NotFoundError(f"isu #{issue_id} tidak ditemukan (lihat `pantau issues list`)")
        row = rows[0]
        if topics:
            versions = tuple((t.id, t.updated_at) for t in topics_of(conn, workspace.id))
            m = row.get("metrics") or {}
            key = (str(engine.url), workspace.id, issue_id, row["updated_at"], m.get("posts"),
                   row["merged_into"], versions)  # fmt: skip
            row["topics"] = _TOPIC_COUNTS.get(
                key, lambda: store.issue_topics(conn, workspace.id, issue_id)
            )
    return row


def issue_actors(engine: Engine, workspace: Workspace, issue_id: int, limit: int = 5) -> list[dict]:
    """Key accounts of an issue: most posts in it first, then most engagement received."""
    with engine.connect() as conn:
        return store.issue_accounts(conn, workspace.id, issue_id, limit)


def update_workflow(
    engine: Engine,
    workspace: Workspace,
    issue_id: int,
    *,
    status: str | None = None,
    owner: str | None = None,
    notes: str | None = None,
    title: str | None = None,
) -> dict:
    """Set an issue's status, owner, notes or title (what the analyst decides; runs never
    touch them). A title kept by later runs and merges replaces the generated one; an empty
    title goes back to the generated one."""
    values: dict[str, object] = {}
    if status is not None:
        values["status"] = _check(status, STATUSES, "status")
    if owner is not None:
        values["owner"] = " ".join(owner.split())[:200] or None
    if notes is not None:
        values["notes"] = notes.strip() or None
    row = None
    if title is not None:
        row = get_issue(engine, workspace, issue_id)
        cleaned = " ".join(title.split())[:300]
        values["title"] = cleaned or None
        generated = (row.get("metrics") or {}).get("title") or row["label"]
        values["label"] = cleaned or generated
    if not values:
        raise PantauError("tidak ada yang diubah; beri --status, --owner, --notes atau --title")
    if row is None:
        get_issue(engine, workspace, issue_id)
    with engine.begin() as conn:
        store.update_issue(conn, workspace.id, issue_id, {**values, "updated_at": _now()})
    return get_issue(engine, workspace, issue_id)
