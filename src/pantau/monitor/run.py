"""The monitoring stage of ``pantau run``: match topics → rollups → detect → track.

Idempotent, incremental and safe to kill at any point. Progress is kept in ``monitor_state``:
``rollup`` (the last post id rolled up), ``detect`` (the last hour evaluated, as hours since
the Unix epoch) and ``detect_from`` (1 + the earliest hour whose rollups changed since
detection last finished; 0 when none), which is committed before any hour is rolled up. A run
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

Post facts (trend keys and the rest, :mod:`pantau.monitor.facts`) are computed once per run,
streamed hour by hour: each hour with new posts is rolled up just before detection reaches it,
and its facts go from the rollups to detection; the posts of other hours are read only when an
hour with flagged keys needs them as context, and then facts are computed only for the posts
whose text carries a word of a flagged key. Detection forgets the hours it has moved past
(beyond ``MAX_WINDOW_POSTS`` complete facts, the oldest context hours too, read again when
needed), keeping only the facts of posts its issues hold: a run over a million-post day holds a
few hours of facts at a time, not the day. At the end of the run the tracker consolidates
issues that tell one story (:mod:`pantau.monitor.issues`), with word rarity taken from the
trend detector's baseline (each word's moving share of posts, which the latest hours have not
yet raised).

``now`` defaults to the newest post's time (the demo week is fixed in November 2026), so the
stage and priority describe the data's own present; a ``now`` in the past replays up to that
hour (later posts are ignored by detection and assessment). Posts dated more than
``FUTURE_TOLERANCE`` after the server's clock (a source with a wrong clock or time zone) do not
set the default ``now``: they are counted in ``future_posts`` and wait until their time comes,
so one post dated 2031 cannot make a run step through years of empty hours.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from operator import attrgetter

import orjson
from sqlalchemy import Engine

from pantau.batch import gc_paused
from pantau.faults import fault_point
from pantau.monitor.emerging import DetectorConfig, TrendDetector, VolumeDetector, group_posts
from pantau.monitor.facts import MAX_KEY, PostFacts, facts_of, hour_of
from pantau.monitor.issues import IssueTracker
from pantau.monitor.rollups import (
    HOUR,
    RollupSummary,
    affected_hours,
    hour_ranges,
    load_facts,
    roll_hours,
)
from pantau.monitor.topics import match_posts
from pantau.records import Workspace
from pantau.store import monitor as store
from pantau.store import terms as terms_store
from pantau.store.monitor import PostRow

LOOKBACK_HOURS = 72  # baseline learnt before the first evaluated hour
CONTEXT_HOURS = 6  # posts grouped into an issue: the flagged hour and the hours before it
SNAPSHOT_FORMAT = 3  # bump when the detectors' snapshot layout changes (3: compressed)
FUTURE_TOLERANCE = timedelta(hours=1)  # clock skew accepted before a post counts as "future"
HISTORY = timedelta(days=30)  # how far back detection goes without --backfill
MAX_WINDOW_POSTS = 100_000  # complete facts held at once; older context is read again
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
    """Facts of the posts detection looks at, by hour. The hours rolled up in this run arrive
    complete from the rollups (``add``); other hours are read from the store on first use.
    Posts at or after ``end`` are left out. ``evict`` forgets the hours detection has moved
    past, and the oldest complete hours beyond ``MAX_WINDOW_POSTS`` (read again as rows
    when context needs them), so a run holds a few hours of facts, not its whole backlog;
    ``known`` keeps the facts of the posts the tracker holds."""

    def __init__(self, engine: Engine, workspace: Workspace, end: datetime) -> None:
        self.engine, self.workspace, self.end = engine, workspace, end
        self.by_hour: dict[datetime, list[PostFacts]] = {}
        self.rows_by_hour: dict[datetime, list[PostRow]] = {}  # hours read for context only
        self.partial: dict[int, PostFacts] = {}  # facts of some of those rows
        self.known: dict[int, PostFacts] = {}  # facts computed so far and not forgotten, by id
        self._held = 0  # facts in by_hour

    def add(self, hour: datetime, facts: list[PostFacts]) -> None:
        """Every post of ``hour``, just rolled up."""
        kept = sorted((f for f in facts if f.created_at < self.end), key=_IN_TIME_ORDER)
        self._drop_hour(hour, lambda post_id: False)
        self.by_hour[hour] = kept
        self._held += len(kept)
        for post in kept:
            self.known[post.id] = post

    def between(self, first: datetime, last: datetime) -> list[PostFacts]:
        """Posts of the hours ``first`` to ``last`` (inclusive), in time order."""
        hours = _hours(first, last)
        for run in hour_ranges(h for h in hours if h not in self.by_hour):
            loaded = load_facts(self.engine, self.workspace, run[0], min(run[-1] + HOUR, self.end))
            by_hour: dict[datetime, list[PostFacts]] = {hour: [] for hour in run}
            for post in loaded:
                by_hour[post.hour].append(post)
            for hour, posts in by_hour.items():
                self.add(hour, posts)
        return [p for hour in hours for p in self.by_hour[hour]]

    def holding(self, first: datetime, last: datetime, keys: Sequence[str]) -> list[PostFacts]:
        """Posts of the hours ``first`` to ``last`` that may hold one of ``keys`` (a superset
        of those that do; in time order). Hours not held complete are read as rows, and facts
        are computed only for the rows whose text carries a word of some key: a flagged hour
        needs six hours of context, and most of their posts hold none of its keys."""
        needles = _needles(keys)
        wanted = frozenset().union(*needles) if needles else frozenset()
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
                if needles is None or _may_hold(row, needles, wanted):
                    facts = self.partial.get(row.id) or self.known.get(row.id)
                    if facts is None:
                        facts = self.partial[row.id] = self.known[row.id] = facts_of(row)
                    picked.append(facts)
            picked.sort(key=_IN_TIME_ORDER)
            out.extend(picked)
        return out

    def evict(self, before: datetime, keep: Callable[[int], bool]) -> None:
        """Forget the hours before ``before`` and, beyond ``MAX_WINDOW_POSTS`` complete facts,
        the oldest complete hours; ``keep``: whether a forgotten post's facts stay known."""
        for hour in [h for h in (*self.by_hour, *self.rows_by_hour) if h < before]:
            self._drop_hour(hour, keep)
        for hour in sorted(self.by_hour):
            if self._held <= MAX_WINDOW_POSTS:
                break
            self._drop_hour(hour, keep)

    def _drop_hour(self, hour: datetime, keep: Callable[[int], bool]) -> None:
        dropped = self.by_hour.pop(hour, None)
        if dropped is not None:
            self._held -= len(dropped)
            for post in dropped:
                if not keep(post.id):
                    self.known.pop(post.id, None)
        for row in self.rows_by_hour.pop(hour, ()):
            facts = self.partial.pop(row.id, None)
            if facts is not None and not keep(row.id):
                self.known.pop(row.id, None)


_NOT_WORD = re.compile(r"\W+")
_MENTION_CUT = 50  # a mention key keeps at most this many characters (``facts._MENTION``)


def _needles(keys: Sequence[str]) -> tuple[frozenset[str], ...] | None:
    """For each key, lower-case words every post holding it has among its words (both words
    of a bigram, a hashtag without "#", an entity name's words, ...); None when a key gives
    none. A key cut short (``MAX_KEY``, a long mention) leaves out its last, cut word."""
    out = set()
    for key in keys:
        if key[:2] in ("w:", "b:", "e:"):
            body = key[2:]
        elif key[:1] in ("#", "@"):
            body = key[1:]
        else:
            return None
        words = [w for w in _NOT_WORD.split(body.lower()) if w]
        if len(key) >= MAX_KEY or (key[:1] == "@" and len(body) >= _MENTION_CUT):
            words = words[:-1]
        if not words:
            return None
        out.add(frozenset(words))
    return tuple(sorted(out, key=sorted))


def _may_hold(row: PostRow, needles: tuple[frozenset[str], ...], wanted: frozenset[str]) -> bool:
    """Whether the words of the post's normalised text, text, hashtags or entity names hold
    every word of some needle (``wanted``: the words of all needles)."""
    if row.normalized_text is None:
        return True  # not enriched: its keys come from text normalised on the spot
    hay = f"{row.normalized_text}\n{row.title or ''}\n{row.text}"
    if row.hashtags or row.entities:
        names = (str(e[1]) for e in row.entities or () if len(e) >= 2)
        hay = "\n".join((hay, *map(str, row.hashtags or ()), *names))
    found = wanted.intersection(_NOT_WORD.split(hay.lower()))
    return bool(found) and any(words <= found for words in needles)


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
    roll = affected_hours(engine, workspace, rolled)
    if roll.affected:  # hours detection must evaluate again, committed before any is rolled up
        earliest = _epoch_hour(roll.affected[0]) + 1  # stored + 1: 0 means none
        pending = min(pending, earliest) if pending else earliest
        with engine.begin() as conn:
            store.set_stage_position(conn, workspace.id, "detect_from", pending, _wall())
    with engine.connect() as conn:
        horizon = _wall() + FUTURE_TOLERANCE
        latest = store.latest_post_time(conn, workspace.id, before=horizon)
        summary.future_posts = store.count_posts_from(conn, workspace.id, horizon)
    now = None if latest is None else now or latest
    hours = _detection_hours(engine, workspace, summary, now, detected, pending, backfill)
    if hours is None:
        roll_hours(engine, workspace, roll.affected, roll)
        _rolled_up(engine, workspace, roll, summary)
        return summary
    first, last = hours
    _detect(engine, workspace, config, summary, roll, first, last, detected, own_names)
    fault_point("monitor.done")
    return summary


def _detection_hours(
    engine: Engine,
    workspace: Workspace,
    summary: RunSummary,
    now: datetime | None,
    detected: int,
    pending: int,
    backfill: datetime | None,
) -> tuple[datetime, datetime] | None:
    """The first and last hour this run evaluates, None when it evaluates none."""
    if now is None:
        return None  # no post yet
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
        return None
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
    return None if first > last else (first, last)


def _rolled_up(
    engine: Engine, workspace: Workspace, roll: RollupSummary, summary: RunSummary
) -> None:
    """Commit the rollup position once every affected hour is rolled up."""
    summary.posts, summary.rollup_hours = roll.posts, roll.hours
    with engine.begin() as conn:
        store.set_stage_position(conn, workspace.id, "rollup", roll.last_post_id, _wall())
        fault_point("monitor.rollup_position")


def _detect(
    engine: Engine,
    workspace: Workspace,
    config: DetectorConfig,
    summary: RunSummary,
    roll: RollupSummary,
    first: datetime,
    last: datetime,
    detected: int,
    own_names: Sequence[str] | None,
) -> None:
    """Evaluate the hours ``first`` to ``last``, rolling up each affected hour just before
    detection reaches it (its facts go straight to the window), and commit the issues."""
    now = summary.now
    assert now is not None
    warm = first - timedelta(hours=LOOKBACK_HOURS)
    settings = _settings_id(config)
    with engine.connect() as conn:
        snapshot = terms_store.detector_snapshot(conn, workspace.id)
    resume = snapshot is not None and snapshot[1] == settings and warm < snapshot[0] <= first
    start = snapshot[0] if snapshot is not None and resume else warm
    affected = set(roll.affected)
    # hours before the evaluated range are rolled up first: their figures are history
    roll_hours(engine, workspace, (h for h in roll.affected if h < start), roll)
    with engine.connect() as conn:
        terms: dict[datetime, dict[str, int]] = {}
        for run in hour_ranges(h for h in _hours(start, last) if h not in affected):
            terms.update(terms_store.term_counts(conn, workspace.id, run[0], run[-1] + HOUR))
        volumes = store.volume_by_hour(conn, workspace.id, warm, last + HOUR)
        watched = store.topic_ids(conn, workspace.id)
    window = _Window(engine, workspace, last + HOUR)

    def rolled(hour: datetime, facts: list[PostFacts], counted: dict[str, int]) -> None:
        terms[hour] = counted
        window.add(hour, facts)

    tracker = IssueTracker(engine, workspace, first)
    detector = TrendDetector(config)
    topic_ids = sorted({t for t, _ in volumes if t} | set(watched))
    volume_detectors = {t: VolumeDetector(config) for t in (0, *topic_ids)}
    if snapshot is not None and resume:
        state = orjson.loads(zlib.decompress(snapshot[2]))
        detector.restore(state["trend"])
        for topic_id, values in state["volume"].items():
            if int(topic_id) in volume_detectors:
                volume_detectors[int(topic_id)].restore(values)
        summary.resumed_from = start
    saved = b""
    for hour in _hours(start, last):
        if hour in affected:
            roll_hours(engine, workspace, [hour], roll, on_hour=rolled)
            with engine.connect() as conn:
                fresh = store.volume_by_hour(conn, workspace.id, hour, hour + HOUR)
            for topic_id in volume_detectors:
                volumes.pop((topic_id, hour), None)
            volumes.update(fresh)
        if hour == last:  # the state the next run resumes from (it re-evaluates this hour)
            # compressed at once: a million-post day's state is a hundred megabytes of JSON,
            # held while the last hour is evaluated
            saved = zlib.compress(
                orjson.dumps(
                    {
                        "trend": detector.snapshot(LOOKBACK_HOURS),
                        "volume": {str(t): v.snapshot() for t, v in volume_detectors.items()},
                    }
                ),
                1,
            )
        total = volumes.get((0, hour), 0)
        flagged = detector.step(hour, terms.pop(hour, {}), total) if total else []
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
        # the next hour's context starts CONTEXT_HOURS - 1 hours before it
        window.evict(hour - timedelta(hours=CONTEXT_HOURS - 2), tracker.holds)
    roll_hours(engine, workspace, (h for h in roll.affected if h > last), roll)
    _rolled_up(engine, workspace, roll, summary)
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


def _settings_id(config: DetectorConfig) -> str:
    """What a detector snapshot was learnt with; another value means replaying instead."""
    text = repr((SNAPSHOT_FORMAT, LOOKBACK_HOURS, asdict(config)))
    return hashlib.sha1(text.encode()).hexdigest()[:32]


def _wall() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
