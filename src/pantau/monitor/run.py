"""The monitoring stage of ``pantau run``: match topics → rollups → detect → track.

Idempotent, incremental and safe to kill at any point. Progress is kept in ``monitor_state``:
``rollup`` (the last post id rolled up), ``detect`` (the last hour evaluated, as hours since
the Unix epoch) and ``detect_from`` (1 + the earliest hour whose rollups changed since
detection last finished; 0 when none), which is committed together with the rollup position. A run
evaluates the hours from ``detect_from`` (late posts are re-evaluated) or the hour after the
last evaluated one, up to ``now``, and commits its issues (created with their posts), the
``detect`` position, ``detect_from`` cleared and the detectors' snapshot in one transaction:
a run killed before that commit is done again in full by the next one. Detection never goes
further back than ``HISTORY`` before ``now`` (a stray post from 1990 is rolled up and indexed,
not evaluated), unless ``backfill`` asks to evaluate from a given hour; re-evaluating hours
finds the same candidates, which match the issues they created, so nothing is duplicated.
Enrichment runs before this stage; posts without enrichment count as sentiment "unknown".

The detectors learn from the term and volume rollups of the ``LOOKBACK_HOURS`` before the
first evaluated hour. A run stores their state at the start of the last hour it evaluated
(``detector_state``); the next run resumes from it when it starts at or after that hour with
the same settings, instead of replaying the lookback (a resumed run finds exactly what a
replay would, as long as the replay reaches back to the first posts; older history is
forgotten after ``LOOKBACK_HOURS`` hours with posts either way). Late posts in an earlier
hour, or other settings, mean a replay.

Post facts (trend keys and the rest, :mod:`pantau.monitor.facts`) are computed once per run:
the rollups compute them for every post of the hours they recompute, and detection reuses
those; the posts of other hours are read only when an hour with flagged keys needs them as
context, and then facts are computed only for the posts whose text carries a word of a
flagged key. At the end of the run the tracker consolidates issues that tell one story
(:mod:`pantau.monitor.issues`), with word rarity taken from the trend detector's baseline
(each word's moving share of posts, which the latest hours have not yet raised).

``now`` defaults to the newest post's time (the demo week is fixed in November 2026), so the
stage and priority describe the data's own present; a ``now`` in the past replays up to that
hour (later posts are ignored by detection and assessment). Posts dated more than
``FUTURE_TOLERANCE`` after the server's clock (a source with a wrong clock or time zone) do not
set the default ``now``: they are counted in ``future_posts`` and wait until their time comes,
so one post dated 2031 cannot make a run step through years of empty hours.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from operator import attrgetter

import orjson
from sqlalchemy import Engine

from pantau.batch import gc_paused
from pantau.faults import fault_point
from pantau.monitor.emerging import DetectorConfig, TrendDetector, VolumeDetector, group_posts
from pantau.monitor.facts import PostFacts, facts_of, hour_of
from pantau.monitor.issues import IssueTracker
from pantau.monitor.rollups import HOUR, hour_ranges, load_facts, update_rollups
from pantau.monitor.topics import match_posts
from pantau.records import Workspace
from pantau.store import monitor as store
from pantau.store import terms as terms_store
from pantau.store.monitor import PostRow

LOOKBACK_HOURS = 72  # baseline learnt before the first evaluated hour
CONTEXT_HOURS = 6  # posts grouped into an issue: the flagged hour and the hours before it
SNAPSHOT_FORMAT = 2  # bump when the detectors' snapshot layout changes
FUTURE_TOLERANCE = timedelta(hours=1)  # clock skew accepted before a post counts as "future"
HISTORY = timedelta(days=30)  # how far back detection goes without --backfill
_EPOCH = datetime(1970, 1, 1)
_IN_TIME_ORDER = attrgetter("created_at", "id")


@dataclass(slots=True)
class RunSummary:
    posts: int = 0
    topic_matches_added: int = 0
    rollup_hours: int = 0
    evaluated_hours: int = 0
    flagged_keys: int = 0
    candidates: int = 0
    issues_new: int = 0
    issues_updated: int = 0
    volume_anomalies: list[dict] = field(default_factory=list)
    now: datetime | None = None
    future_posts: int = 0  # dated after the server's clock (+ tolerance); not evaluated yet
    resumed_from: datetime | None = None  # the detector snapshot's hour, when one was used
    stale_now: bool = False  # ``now`` before the last evaluated hour: nothing re-evaluated
    skipped_before: datetime | None = None  # older hours with new posts were not evaluated

    def as_dict(self) -> dict:
        return asdict(self)


def _epoch_hour(hour: datetime) -> int:
    return int((hour - _EPOCH).total_seconds() // 3600)


def _from_epoch_hour(n: int) -> datetime:
    return _EPOCH + timedelta(hours=n)


def _hours(start: datetime, end: datetime) -> list[datetime]:
    out, h = [], start
    while h <= end:
        out.append(h)
        h += HOUR
    return out


class _Window:
    """Facts of the posts detection looks at, by hour, loaded only when needed: the hours the
    rollups just recomputed come from their cache (every post of them is in it), other hours
    from the store, on first use. Posts at or after ``end`` are left out."""

    def __init__(
        self,
        engine: Engine,
        workspace: Workspace,
        cache: dict[int, PostFacts],
        complete: set[datetime],
        end: datetime,
    ) -> None:
        self.engine, self.workspace, self.end = engine, workspace, end
        self.by_hour: dict[datetime, list[PostFacts]] = {h: [] for h in complete}
        self.rows_by_hour: dict[datetime, list[PostRow]] = {}  # hours read for context only
        self.partial: dict[int, PostFacts] = {}  # facts of some of those rows
        self.known: dict[int, PostFacts] = {}  # every post's facts computed so far, by id
        for facts in cache.values():
            if facts.hour in complete and facts.created_at < end:
                self.by_hour[facts.hour].append(facts)
                self.known[facts.id] = facts
        for posts in self.by_hour.values():
            posts.sort(key=_IN_TIME_ORDER)

    def between(self, first: datetime, last: datetime) -> list[PostFacts]:
        """Posts of the hours ``first`` to ``last`` (inclusive), in time order."""
        hours = _hours(first, last)
        for run in hour_ranges(h for h in hours if h not in self.by_hour):
            loaded = load_facts(self.engine, self.workspace, run[0], min(run[-1] + HOUR, self.end))
            for hour in run:
                self.by_hour[hour] = []
            for facts in sorted(loaded, key=_IN_TIME_ORDER):
                self.by_hour[facts.hour].append(facts)
                self.known[facts.id] = facts
        return [p for hour in hours for p in self.by_hour[hour]]

    def holding(self, first: datetime, last: datetime, keys: Sequence[str]) -> list[PostFacts]:
        """Posts of the hours ``first`` to ``last`` that may hold one of ``keys`` (a superset
        of those that do; in time order). Hours not loaded yet are read as rows, and facts
        are computed only for the rows whose text carries a word of some key: a flagged hour
        needs six hours of context, and most of their posts hold none of its keys."""
        needles = _needles(keys)
        hours = _hours(first, last)
        unread = (h for h in hours if h not in self.by_hour and h not in self.rows_by_hour)
        for run in hour_ranges(unread):
            with self.engine.connect() as conn:
                found = store.posts_between(
                    conn, self.workspace.id, run[0], min(run[-1] + HOUR, self.end)
                )
            for hour in run:
                self.rows_by_hour[hour] = []
            for row in found:
                self.rows_by_hour[hour_of(row.created_at)].append(row)
        out: list[PostFacts] = []
        for hour in hours:
            if hour in self.by_hour:
                out.extend(self.by_hour[hour])
                continue
            rows = self.rows_by_hour[hour]
            picked = []
            for row in rows:
                if needles is None or _may_hold(row, needles):
                    facts = self.partial.get(row.id)
                    if facts is None:
                        facts = self.partial[row.id] = self.known[row.id] = facts_of(row)
                    picked.append(facts)
            picked.sort(key=_IN_TIME_ORDER)
            out.extend(picked)
        return out


def _needles(keys: Sequence[str]) -> tuple[str, ...] | None:
    """Lower-case strings one of which the text of any post holding one of ``keys`` contains
    (a bigram's first word, a hashtag without "#", ...); None when a key gives none."""
    out = set()
    for key in keys:
        if key[:2] in ("w:", "b:", "e:"):
            word = key[2:].split(" ", 1)[0].lower()
        elif key[:1] in ("#", "@"):
            word = key[1:].lower()
        else:
            return None
        if not word:
            return None
        out.add(word)
    return tuple(sorted(out))


def _may_hold(row: PostRow, needles: tuple[str, ...]) -> bool:
    """Whether the post's normalised text, text, hashtags or entity names contain a needle."""
    if row.normalized_text is None:
        return True  # not enriched: its keys come from text normalised on the spot
    hay = f"{row.normalized_text}\n{row.title or ''}\n{row.text}".lower()
    if row.hashtags or row.entities:
        names = (str(e[1]) for e in row.entities or () if len(e) >= 2)
        hay = "\n".join((hay, *map(str, row.hashtags or ()), *names)).lower()
    return any(needle in hay for needle in needles)


def own_names_of(engine: Engine, workspace: Workspace) -> list[str]:
    """Names that mean "the institution itself": its owned channel handles and slug."""
    with engine.connect() as conn:
        handles = store.channel_handles(conn, workspace.id)
    return [*handles, workspace.slug]


def run_monitoring(
    engine: Engine,
    workspace: Workspace,
    now: datetime | None = None,
    *,
    config: DetectorConfig | None = None,
    own_names: Sequence[str] | None = None,
    match_topics: bool = True,
    backfill: datetime | None = None,
) -> RunSummary:
    """Process everything new (see the module docstring). ``now``: naive UTC; ``backfill``
    (naive UTC): evaluate the hours from then on again, however old."""
    with gc_paused():
        return _run(engine, workspace, now, config, own_names, match_topics, backfill)


def _run(
    engine: Engine,
    workspace: Workspace,
    now: datetime | None,
    config: DetectorConfig | None,
    own_names: Sequence[str] | None,
    match_topics: bool,
    backfill: datetime | None,
) -> RunSummary:
    config = config or DetectorConfig()
    summary = RunSummary()
    with engine.connect() as conn:
        rolled = store.stage_position(conn, workspace.id, "rollup")
        detected = store.stage_position(conn, workspace.id, "detect")
        pending = store.stage_position(conn, workspace.id, "detect_from")
    if match_topics:
        matched = match_posts(engine, workspace, since_id=rolled)
        summary.topic_matches_added = matched.added
    cache: dict[int, PostFacts] = {}  # facts computed once, for rollups and detection
    rolled_terms: dict[datetime, dict[str, int]] = {}  # term counts of the hours rolled up
    roll = update_rollups(
        engine, workspace, since_post_id=rolled, cache=cache, terms_out=rolled_terms
    )
    summary.posts, summary.rollup_hours = roll.posts, roll.hours
    if roll.affected:  # hours detection must evaluate again, committed with the rollups
        earliest = _epoch_hour(roll.affected[0]) + 1  # stored + 1: 0 means none
        pending = min(pending, earliest) if pending else earliest
    with engine.begin() as conn:
        store.set_stage_position(conn, workspace.id, "rollup", roll.last_post_id, _wall())
        store.set_stage_position(conn, workspace.id, "detect_from", pending, _wall())
        fault_point("monitor.rollup_position")
        horizon = _wall() + FUTURE_TOLERANCE
        latest = store.latest_post_time(conn, workspace.id, before=horizon)
        summary.future_posts = store.count_posts_from(conn, workspace.id, horizon)
    if latest is None:
        return summary
    now = now or latest
    summary.now = now
    last = hour_of(now)
    if detected and last < _from_epoch_hour(detected) and backfill is None:
        summary.stale_now = True  # hours already evaluated: only --backfill goes back
    starts = [_from_epoch_hour(detected + 1)] if detected else []
    if pending:
        starts.append(_from_epoch_hour(pending - 1))
    if backfill is not None:
        starts.append(hour_of(backfill))
    if not starts:
        return summary
    floor = hour_of(backfill) if backfill is not None else last - HISTORY
    first = min(starts)
    if first < floor:  # a stray old post does not drag detection back in time
        summary.skipped_before = floor
        recent = [h for h in starts if h >= floor]
        if recent:
            first = min(recent)
        else:  # a first run over old and recent posts: from the first recent post
            with engine.connect() as conn:
                resumed = store.earliest_post_time(conn, workspace.id, floor)
            first = max(floor, hour_of(resumed)) if resumed is not None else floor
    if first > last:
        return summary
    warm = first - timedelta(hours=LOOKBACK_HOURS)
    settings = _settings_id(config)
    with engine.connect() as conn:
        snapshot = terms_store.detector_snapshot(conn, workspace.id)
    resume = snapshot is not None and snapshot[1] == settings and warm < snapshot[0] <= first
    start = snapshot[0] if snapshot is not None and resume else warm
    with engine.connect() as conn:
        terms: dict[datetime, dict[str, int]] = {}
        for run in hour_ranges(h for h in _hours(start, last) if h not in rolled_terms):
            terms.update(terms_store.term_counts(conn, workspace.id, run[0], run[-1] + HOUR))
        terms.update((h, by_term) for h, by_term in rolled_terms.items() if start <= h <= last)
        volumes = store.volume_by_hour(conn, workspace.id, warm, last + HOUR)
    window = _Window(engine, workspace, cache, set(roll.affected), last + HOUR)
    tracker = IssueTracker(engine, workspace, first)
    detector = TrendDetector(config)
    topic_ids = sorted({t for t, _ in volumes if t})
    volume_detectors = {t: VolumeDetector(config) for t in (0, *topic_ids)}
    if snapshot is not None and resume:
        state = orjson.loads(snapshot[2])
        detector.restore(state["trend"])
        for topic_id, values in state["volume"].items():
            if int(topic_id) in volume_detectors:
                volume_detectors[int(topic_id)].restore(values)
        summary.resumed_from = start
    saved = b""
    for hour in _hours(start, last):
        if hour == last:  # the state the next run resumes from (it re-evaluates this hour)
            saved = orjson.dumps(
                {
                    "trend": detector.snapshot(LOOKBACK_HOURS),
                    "volume": {str(t): v.snapshot() for t, v in volume_detectors.items()},
                }
            )
        total = volumes.get((0, hour), 0)
        flagged = detector.step(hour, terms.get(hour, {}), total) if total else []
        for topic_id, volume in volume_detectors.items():
            z = volume.step(volumes.get((topic_id, hour), 0))
            if hour >= first and z is not None and z >= config.threshold:
                count = volumes.get((topic_id, hour), 0)
                if count >= config.min_count:
                    summary.volume_anomalies.append(
                        {"topic_id": topic_id, "hour": hour, "posts": count, "z": round(z, 2)}
                    )
        if hour < first:
            continue
        summary.evaluated_hours += 1
        if flagged:
            summary.flagged_keys += len(flagged)
            context = window.holding(
                hour - timedelta(hours=CONTEXT_HOURS - 1), hour, [t.key for t in flagged]
            )
            free = [p for p in context if not tracker.holds(p.id)]
            by_id = {p.id: p for p in free}
            for candidate in group_posts(free, flagged, hour):
                summary.candidates += 1
                tracker.observe(candidate, by_id)
        if tracker.following(hour):
            tracker.follow(hour, window.between(hour, hour))
        fault_point("monitor.detecting")
        # word rarity from the detector's baseline (each word's moving share of posts)
        tracker.consolidate(detector.shares("w:"), window.known, hour)
    cache.clear()
    summary.issues_new = tracker.created
    names = own_names_of(engine, workspace) if own_names is None else list(own_names)
    # the run's issues, its position and the detectors' state commit together: a crash
    # before this leaves the previous state, from which the same run is done again
    with engine.begin() as conn:
        summary.issues_updated = len(tracker.save(conn, now, names, known=window.known))
        fault_point("monitor.saving_issues")
        if _epoch_hour(last) > detected:
            store.set_stage_position(conn, workspace.id, "detect", _epoch_hour(last), _wall())
        store.set_stage_position(conn, workspace.id, "detect_from", 0, _wall())
        terms_store.save_detector_snapshot(conn, workspace.id, last, settings, saved, _wall())
    fault_point("monitor.done")
    return summary


def _settings_id(config: DetectorConfig) -> str:
    """What a detector snapshot was learnt with; another value means replaying instead."""
    text = repr((SNAPSHOT_FORMAT, LOOKBACK_HOURS, asdict(config)))
    return hashlib.sha1(text.encode()).hexdigest()[:32]


def _wall() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
