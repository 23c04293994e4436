"""Emerging-issue detection: which keys rise above their own baseline, and which posts form
an issue around them.

**Trends** (in the spirit of SigniTrend, Schubert et al. 2014). For every trend key the
detector keeps an exponentially weighted moving mean and variance of its *share* of the
hour's posts (share, not count, so the daily rhythm of volume is not a trend). An hour with
``c`` posts containing the key out of ``n`` posts scores::

    z = (c - n·mean) / (n·sqrt(var) + sqrt(n·mean) + BIAS)

The ``sqrt(n·mean)`` term is the Poisson noise of the count; ``BIAS`` keeps a key that was
never seen from scoring high on a handful of posts. A key is flagged when ``z ≥ threshold``
and ``c ≥ min_count``. Keys are updated lazily: a key absent for ``k`` hours has its mean and
variance decayed in closed form when it is next seen, so an hour costs time proportional to
the keys present in it, not to every key ever seen. The first ``warmup_hours`` only learn.
An hour is judged against the baseline of ``baseline_lag_hours`` before it, so a burst's
first hours do not hide its next ones.

**Topic volume anomalies** use the same score on a topic's hourly post count (against the
EWMA of counts).

**Grouping** (``group_posts``). Posts of the recent window holding flagged keys are collapsed
into unique messages (:mod:`pantau.text.dedup`); flagged keys are linked when the sets of
messages holding them overlap (Jaccard ≥ ``LINK_JACCARD``); Jaccard rather than containment,
so a general key such as "kartu tani" that appears in several issues does not chain them into
one. Each post goes to the key group it shares the most weight with; groups with too few
unique messages (and no copy campaign) are dropped.
"""

from __future__ import annotations

import math
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from pantau.monitor.facts import PostFacts, lone_word_allowed
from pantau.text.dedup import collapse

BIAS = 2.0
LINK_JACCARD = 0.6
LONE_Z = 4.0
LONE_RATIO = 4.0
LONE_AUTHORS = 10
LONE_MESSAGES = 10


@dataclass(frozen=True, slots=True)
class DetectorConfig:
    halflife_hours: float = 24.0
    threshold: float = 3.0
    min_count: int = 5
    warmup_hours: int = 12
    max_flags: int = 60  # per hour, the most significant ones
    baseline_lag_hours: int = 3  # hours scored before they are learnt


@dataclass(frozen=True, slots=True)
class Trend:
    key: str
    hour: datetime
    count: int
    expected: float
    z: float


class TrendDetector:
    """Streaming per-key EWMA mean/variance of hourly shares. Feed hours in time order.

    An hour is scored against the baseline learnt up to ``baseline_lag_hours`` before it: the
    hours in between are learnt only once they are that old, so the first hours of a growing
    burst do not raise the variance its next hours are judged by."""

    def __init__(self, config: DetectorConfig | None = None) -> None:
        self.config = config or DetectorConfig()
        self.alpha = 1.0 - 0.5 ** (1.0 / self.config.halflife_hours)
        self.decay = 1.0 - self.alpha
        self.hours = 0
        # key -> [mean, var, index of the hour after the one it was last updated with]
        self.state: dict[str, list[float]] = {}
        self.pending: deque[tuple[int, Mapping[str, int], float]] = deque()

    def _current(self, entry: list[float], at: int) -> tuple[float, float]:
        """Mean and variance decayed over the hours the key was absent up to hour ``at``
        (closed form of feeding zeros: m_k = d^k m, v_k = d^k (v + m² (1 - d^k)))."""
        mean, var, last = entry
        gap = at - int(last)
        if gap <= 0:
            return mean, var
        d = self.decay**gap
        return d * mean, d * (var + mean * mean * (1.0 - d))

    def step(self, hour: datetime, counts: Mapping[str, int], total: int) -> list[Trend]:
        """Score one hour (``counts``: posts per key, ``total``: posts in the hour), then queue
        it for learning. Returns the flagged keys, most significant first."""
        cfg = self.config
        flagged: list[Trend] = []
        n = float(max(total, 1))
        if self.hours >= cfg.warmup_hours and total > 0:
            state, at = self.state, self.hours
            for key, c in counts.items():
                if c < cfg.min_count:
                    continue
                entry = state.get(key)
                mean, var = self._current(entry, at) if entry is not None else (0.0, 0.0)
                expected = n * mean
                z = (c - expected) / (n * math.sqrt(var) + math.sqrt(expected) + BIAS)
                if z >= cfg.threshold:
                    flagged.append(Trend(key, hour, c, round(expected, 2), round(z, 2)))
        if total > 0:
            self.pending.append((self.hours, counts, n))
            self.hours += 1
            while len(self.pending) > cfg.baseline_lag_hours:
                self._learn(*self.pending.popleft())
        flagged.sort(key=lambda t: (-t.z, t.key))  # ties in key order, whatever the input order
        return flagged[: cfg.max_flags]

    def _learn(self, index: int, counts: Mapping[str, int], n: float) -> None:
        alpha, state = self.alpha, self.state
        for key, c in counts.items():
            entry = state.get(key)
            mean, var = self._current(entry, index) if entry is not None else (0.0, 0.0)
            diff = c / n - mean
            incr = alpha * diff
            state[key] = [mean + incr, (1.0 - alpha) * (var + diff * incr), float(index + 1)]

    def skip_empty_hour(self) -> None:
        """An hour without any post: every key decays (lazily)."""
        self.hours += 1

    def shares(self, prefix: str) -> Mapping[str, float]:
        """The baseline share of posts holding each key starting with ``prefix``, decayed to
        the latest hour learnt (the hours still waiting for the lag are not in it). Computed
        per key on lookup: a day of a million posts has hundreds of thousands of keys, and
        a caller looks up a few thousand."""
        return _Shares(self, prefix, self.hours - len(self.pending))

    def snapshot(self, keep_hours: int) -> dict:
        """The state as plain data (floats round-trip exactly through JSON), without keys
        last seen more than ``keep_hours`` hours with posts ago (a replay from the term
        rollups would not know them either)."""
        cutoff = self.hours - keep_hours
        return {
            "hours": self.hours,
            "state": {k: e for k, e in self.state.items() if e[2] >= cutoff},
            "pending": [[index, dict(counts), n] for index, counts, n in self.pending],
        }

    def restore(self, data: Mapping) -> None:
        """Continue from a :meth:`snapshot` (its entries are taken over, not copied: they
        are replaced, never changed in place)."""
        self.hours = int(data["hours"])
        self.state = data["state"]
        self.pending = deque((int(i), counts, float(n)) for i, counts, n in data["pending"])


class _Shares(Mapping[str, float]):
    """:meth:`TrendDetector.shares` as a read-only mapping over the detector's state."""

    def __init__(self, detector: TrendDetector, prefix: str, at: int) -> None:
        self.detector, self.prefix, self.at = detector, prefix, at

    def __getitem__(self, key: str) -> float:
        entry = self.detector.state[key] if key.startswith(self.prefix) else None
        if entry is None:
            raise KeyError(key)
        return self.detector._current(entry, self.at)[0]

    def __iter__(self) -> Iterator[str]:
        return (k for k in self.detector.state if k.startswith(self.prefix))

    def __len__(self) -> int:
        return sum(1 for _ in self)


class VolumeDetector:
    """EWMA mean/variance of hourly post counts of one series (a topic, or all posts)."""

    def __init__(self, config: DetectorConfig | None = None) -> None:
        self.config = config or DetectorConfig()
        self.alpha = 1.0 - 0.5 ** (1.0 / self.config.halflife_hours)
        self.mean = 0.0
        self.var = 0.0
        self.hours = 0

    def step(self, count: int) -> float | None:
        """The hour's z-score (None while warming up), then learn it. Hours before the first
        post do not count towards the warm-up."""
        if not count and not self.hours:
            return None
        z = None
        if self.hours >= self.config.warmup_hours:
            z = (count - self.mean) / (math.sqrt(self.var) + math.sqrt(self.mean) + BIAS)
        diff = count - self.mean
        incr = self.alpha * diff
        self.mean += incr
        self.var = (1.0 - self.alpha) * (self.var + diff * incr)
        self.hours += 1
        return z

    def snapshot(self) -> list[float]:
        return [self.mean, self.var, float(self.hours)]

    def restore(self, data: Sequence[float]) -> None:
        self.mean, self.var, self.hours = float(data[0]), float(data[1]), int(data[2])


@dataclass(slots=True)
class Candidate:
    """A group of posts around linked flagged keys: a possible issue."""

    keys: list[str]  # most significant first
    weights: dict[str, float]
    post_ids: list[int]
    messages: int  # unique messages among the posts
    largest_copies: int  # posts of the most copied message
    hour: datetime
    representative: int  # post id
    extra: dict = field(default_factory=dict)


def _link_keys(keys: Sequence[str], holders: Mapping[str, set[int]]) -> list[list[str]]:
    parent = {k: k for k in keys}

    def find(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for i, a in enumerate(keys):
        ha = holders[a]
        for b in keys[i + 1 :]:
            hb = holders[b]
            inter = len(ha & hb)
            if inter and inter >= LINK_JACCARD * (len(ha) + len(hb) - inter):
                ra, rb = find(a), find(b)
                if ra != rb:
                    parent[rb] = ra
    groups: dict[str, list[str]] = {}
    for k in keys:
        groups.setdefault(find(k), []).append(k)
    return list(groups.values())


def _standalone(key: str, trend: Trend | None, free: int, messages: int, authors: int) -> bool:
    """Whether a key can make an issue on its own. A phrase, hashtag or name can; a lone word
    only when it is not a word of everyday talk (:func:`lone_word_allowed`) and its surge is
    strong and broad: ``z ≥ LONE_Z`` and at least ``LONE_RATIO`` times its expected count,
    carried by ``LONE_AUTHORS`` authors in ``LONE_MESSAGES`` different messages. The surge is
    judged on the ``free`` posts of the hour (those no issue holds yet): a word that rose only
    because a story already tracked uses it is not a story of its own. The z-score already
    asks more of a common word (its count's noise grows with its usual share)."""
    if not key.startswith("w:"):
        return True
    if trend is None or not lone_word_allowed(key[2:]) or trend.count <= trend.expected:
        return False
    noise = (trend.count - trend.expected) / trend.z  # the score's denominator
    z = (free - trend.expected) / noise
    return (
        z >= LONE_Z
        and free >= LONE_RATIO * max(trend.expected, 1.0)
        and authors >= LONE_AUTHORS
        and messages >= LONE_MESSAGES
    )


def group_posts(
    posts: Sequence[PostFacts],
    trends: Iterable[Trend],
    hour: datetime,
    *,
    min_messages: int = 4,
    min_authors: int = 5,
    min_posts: int = 8,
    campaign_copies: int = 5,
) -> list[Candidate]:
    """Group the posts that hold flagged keys into candidate issues (see the module doc).

    A group becomes a candidate when its original (non-repost) posts carry at least
    ``min_messages`` different messages, or one message copied by at least
    ``campaign_copies`` original posts (a copy-paste campaign); from ``min_authors`` authors
    either way. Mentions of accounts are not issue keys (reply threads would flood them).
    """
    weights: dict[str, float] = {}
    strongest: dict[str, Trend] = {}
    for t in trends:
        if t.key[0] != "@":
            weights[t.key] = max(weights.get(t.key, 0.0), math.log1p(t.z))
            if t.key not in strongest or t.z > strongest[t.key].z:
                strongest[t.key] = t
    if not weights:
        return []
    wanted = frozenset(weights)  # a set, so isdisjoint walks the smaller side
    holding = [p for p in posts if not wanted.isdisjoint(p.keys)]
    if not holding:
        return []
    messages = collapse([p.text for p in holding])
    held = [wanted.intersection(p.keys) for p in holding]
    holders: dict[str, set[int]] = {k: set() for k in weights}
    for keys_held, group in zip(held, messages.group_of, strict=True):
        for key in keys_held:
            holders[key].add(group)
    keys = sorted((k for k in weights if holders[k]), key=lambda k: (-weights[k], k))
    key_groups = _link_keys(keys, holders)
    group_of_key = {k: i for i, group in enumerate(key_groups) for k in group}
    members: dict[int, list[int]] = {}
    best_of: dict[frozenset[str], int] = {}  # the same flagged keys go to the same group
    for index, keys_held in enumerate(held):
        best = best_of.get(keys_held)
        if best is None:
            shares: dict[int, list[float]] = {}
            for key in keys_held:
                shares.setdefault(group_of_key[key], []).append(weights[key])
            # fsum: the same total whatever order the set gives the keys in
            score = {group: math.fsum(values) for group, values in shares.items()}
            best = best_of[keys_held] = max(score.items(), key=lambda item: (item[1], -item[0]))[0]
        members.setdefault(best, []).append(index)
    candidates = []
    for gi, indexes in members.items():
        group_keys = key_groups[gi]
        originals = [i for i in indexes if not holding[i].is_repost]
        copies = Counter(messages.group_of[i] for i in originals)
        authors = {(holding[i].platform, holding[i].author) for i in indexes}
        if not copies or len(authors) < min_authors or len(indexes) < min_posts:
            continue
        unique, largest = len(copies), max(copies.values())
        if len(group_keys) == 1:
            key = group_keys[0]
            free = sum(1 for i in indexes if holding[i].hour == hour)
            if not _standalone(key, strongest.get(key), free, unique, len(authors)):
                continue
        if unique < min_messages and largest < campaign_copies:
            continue
        key_set = set(group_keys)
        representative = max(
            (holding[i] for i in originals),
            key=lambda p: (
                len(key_set.intersection(p.keys)),
                p.engagement,
                -p.id,
            ),
        )
        candidates.append(
            Candidate(
                keys=group_keys,
                weights={k: round(weights[k], 3) for k in group_keys},
                post_ids=sorted(holding[i].id for i in indexes),
                messages=unique,
                largest_copies=largest,
                hour=hour,
                representative=representative.id,
            )
        )
    candidates.sort(key=lambda c: -len(c.post_ids))
    return candidates
