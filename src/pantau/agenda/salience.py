"""Salience: how much attention each agenda item and each detected issue gets, per day, in
three arenas:

- ``own``: the institution's own posts (authors on the own-accounts list, any platform);
- ``news``: posts on platform ``news`` not written by the institution;
- ``public``: posts on every other platform (public social media), not by the institution.

Attention is counted in posts and given as a **share**: the object's posts divided by all
posts of the arena in the same day (or period). A post can belong to several objects, so
shares of different objects do not add up to 1. Sentiment comes with the counts (negative,
neutral, positive, unknown before enrichment).

Agenda items and the arena totals are read from the hourly rollups (topic 0 = all posts),
summed per local day in SQL (one UTC offset per period: Indonesian zones have no daylight
saving time),
minus the institution's own posts, which the own-accounts topic finds through
``topic_matches``. An issue's posts per day come from ``issue_posts`` alone; how they split
between news and public and their sentiment follow the issue's overall platform and
sentiment mix (from its assessment metrics), which avoids joining every issue post with its
post; the institution's posts in it are counted exactly. Raw posts are never scanned, which
keeps 90 days at millions of posts within seconds. Days are local days in the workspace zone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from pantau.agenda.items import list_items, own_accounts, own_topic_id
from pantau.errors import PantauError
from pantau.records import Workspace
from pantau.store import agenda as store
from pantau.store.agenda import DayCount, OwnHit

ARENAS = ("own", "news", "public")
ARENA_LABELS = {"own": "instansi", "news": "berita", "public": "publik"}
SENTIMENTS = ("negative", "neutral", "positive", "unknown")
MAX_DAYS = 366
ALL_POSTS = 0


@dataclass(slots=True)
class ArenaAttention:
    """Attention in one arena over the period."""

    posts: int = 0
    share: float = 0.0
    sentiment: dict[str, int] = field(default_factory=dict)
    negative_share: float | None = None  # of posts with a known sentiment


@dataclass(slots=True)
class ObjectSalience:
    """One agenda item (kind ``agenda``) or detected issue (kind ``isu``).

    ``daily[arena]``: posts per day; ``daily_negative[arena]`` and ``daily_known[arena]``:
    negative posts and posts with a known sentiment per day."""

    key: str
    kind: str
    id: int
    label: str
    priority: str
    active: bool  # agenda: its period overlaps the analysed period; issues: always
    arenas: dict[str, ArenaAttention] = field(default_factory=dict)
    daily: dict[str, list[int]] = field(default_factory=dict)
    daily_negative: dict[str, list[int]] = field(default_factory=dict)
    daily_known: dict[str, list[int]] = field(default_factory=dict)


@dataclass(slots=True)
class SalienceReport:
    start: date
    end: date  # inclusive, local days
    timezone: str
    days: list[date]
    totals: dict[str, list[int]]  # all posts of each arena per day
    objects: list[ObjectSalience]
    own_accounts: int
    notes: list[str] = field(default_factory=list)

    def daily_share(self, obj: ObjectSalience, arena: str) -> list[float]:
        """The object's share of the arena per day (0 on days the arena is silent)."""
        return [
            n / total if total else 0.0
            for n, total in zip(obj.daily[arena], self.totals[arena], strict=True)
        ]

    def get(self, key: str) -> ObjectSalience:
        return next(o for o in self.objects if o.key == key)


def utc_bounds(start: date, end: date, timezone: str) -> tuple[datetime, datetime]:
    """Naive UTC [from, to) covering the local days ``start``..``end``."""
    zone = ZoneInfo(timezone)

    def utc(day: date) -> datetime:
        local = datetime(day.year, day.month, day.day, tzinfo=zone)
        return local.astimezone(UTC).replace(tzinfo=None)

    return utc(start), utc(end + timedelta(days=1))


class _Days:
    """Maps UTC hours and times to the index of their local day."""

    def __init__(self, start: date, end: date, timezone: str) -> None:
        self.zone = ZoneInfo(timezone)
        self.start = start
        self.n = (end - start).days + 1
        self._cache: dict[datetime, int] = {}

    def index(self, when: datetime) -> int | None:
        hour = when.replace(minute=0, second=0, microsecond=0)
        found = self._cache.get(hour)
        if found is None:
            local = hour.replace(tzinfo=UTC).astimezone(self.zone).date()
            found = self._cache[hour] = (local - self.start).days
        return found if 0 <= found < self.n else None

    def of_day(self, day: date) -> int | None:
        found = (day - self.start).days
        return found if 0 <= found < self.n else None

    def offset_minutes(self) -> int:
        """The zone's UTC offset at the start (Indonesian zones keep one all year)."""
        noon = datetime(self.start.year, self.start.month, self.start.day, 12, tzinfo=self.zone)
        offset = noon.utcoffset() or timedelta(0)
        return int(offset.total_seconds() // 60)


def _empty(n: int) -> dict[str, list[int]]:
    return {arena: [0] * n for arena in ARENAS}


class _Tally:
    """Per key: posts per arena per day, and per arena × sentiment in total."""

    def __init__(self, days: _Days) -> None:
        self.days = days
        self.daily: dict[int, dict[str, list[int]]] = {}
        self.negative: dict[int, dict[str, list[int]]] = {}
        self.known: dict[int, dict[str, list[int]]] = {}
        self.sentiment: dict[int, dict[str, dict[str, int]]] = {}

    def add(self, key: int, i: int | None, arena: str, sentiment: str, n: int) -> None:
        if i is None or n == 0:
            return
        if key not in self.daily:
            size = self.days.n
            self.daily[key], self.negative[key], self.known[key] = (
                _empty(size),
                _empty(size),
                _empty(size),
            )
            self.sentiment[key] = {a: {} for a in ARENAS}
        self.daily[key][arena][i] += n
        if sentiment != "unknown":
            self.known[key][arena][i] += n
            if sentiment == "negative":
                self.negative[key][arena][i] += n
        counts = self.sentiment[key][arena]
        counts[sentiment] = counts.get(sentiment, 0) + n

    def add_counts(self, rows: Iterable[DayCount]) -> None:
        for r in rows:
            i = self.days.of_day(r.day)
            self.add(r.key, i, "news" if r.news else "public", r.sentiment, r.posts)

    def add_own(self, hits: Iterable[OwnHit]) -> None:
        """Move the institution's own posts out of news/public into ``own``."""
        for h in hits:
            i = self.days.index(h.created_at)
            self.add(h.key, i, "own", h.sentiment, 1)
            self.add(h.key, i, "news" if h.platform == "news" else "public", h.sentiment, -1)


def _fill(obj: ObjectSalience, tally: _Tally, key: int, totals: dict[str, list[int]]) -> None:
    n = tally.days.n
    obj.daily = tally.daily.get(key) or _empty(n)
    obj.daily_negative = tally.negative.get(key) or _empty(n)
    obj.daily_known = tally.known.get(key) or _empty(n)
    sentiments = tally.sentiment.get(key) or {a: {} for a in ARENAS}
    for arena in ARENAS:
        posts = sum(obj.daily[arena])
        total = sum(totals[arena])
        counts = {s: c for s, c in sentiments[arena].items() if c}
        known = sum(c for s, c in counts.items() if s != "unknown")
        obj.arenas[arena] = ArenaAttention(
            posts=posts,
            share=posts / total if total else 0.0,
            sentiment=counts,
            negative_share=counts.get("negative", 0) / known if known else None,
        )


def measure_salience(
    engine: Engine, workspace: Workspace, start: date, end: date, *, issues: bool = True
) -> SalienceReport:
    """Attention to every agenda item (and detected issue) over the local days start..end."""
    if end < start:
        raise PantauError(f"tanggal akhir ({end}) sebelum tanggal awal ({start})")
    if (end - start).days + 1 > MAX_DAYS:
        raise PantauError(f"periode terlalu panjang (maks. {MAX_DAYS} hari)")
    days = _Days(start, end, workspace.timezone)
    lo, hi = utc_bounds(start, end, workspace.timezone)
    items = list_items(engine, workspace)
    accounts = own_accounts(engine, workspace)
    own_topic = own_topic_id(engine, workspace)
    notes = []
    if not accounts:
        notes.append(
            "Belum ada akun resmi instansi (kanal di `pantau outreach` atau "
            "`pantau agenda accounts add`): agenda instansi tidak dapat diukur."
        )
    elif own_topic is None:
        notes.append(
            "Daftar akun resmi berubah sejak terakhir disinkronkan: jalankan "
            "`pantau agenda sync` agar unggahan instansi terhitung."
        )
    topic_of = {i.topic_id: i for i in items if i.topic_id is not None}
    if len(topic_of) < len(items):
        notes.append("Ada agenda tanpa topik: jalankan `pantau agenda sync`.")
    wanted = [ALL_POSTS, *topic_of, *([own_topic] if own_topic else [])]
    with engine.connect() as conn:
        offset = days.offset_minutes()
        rollups = store.topic_daily(conn, workspace.id, wanted, lo, hi, offset)
        own_items = (
            store.own_topic_hits(conn, workspace.id, own_topic, list(topic_of), lo, hi)
            if own_topic
            else []
        )
        issue_rows = store.issues_between(conn, workspace.id, lo, hi) if issues else []
        issue_ids = [r["id"] for r in issue_rows]
        issue_counts = store.issue_daily(conn, workspace.id, issue_ids, lo, hi, offset)
        own_issues = (
            store.issue_own_hits(conn, workspace.id, own_topic, issue_ids, lo, hi)
            if own_topic
            else []
        )
    if rollups == [] and items:
        notes.append("Tidak ada rollup pada periode ini: jalankan `pantau run` setelah impor data.")
    topics = _Tally(days)
    topics.add_counts(rollups)
    topics.add_own(own_items)
    totals = _arena_totals(topics, own_topic, days.n)
    objects: list[ObjectSalience] = []
    for item in items:
        obj = ObjectSalience(
            key=f"agenda:{item.id}",
            kind="agenda",
            id=item.id,
            label=item.title,
            priority=item.priority,
            active=item.starts_on <= end and item.ends_on >= start,
        )
        _fill(obj, topics, item.topic_id if item.topic_id is not None else -1, totals)
        objects.append(obj)
    issue_tally = _Tally(days)
    issue_tally.add_counts(_split_issue_days(issue_rows, issue_counts))
    issue_tally.add_own(own_issues)
    for row in issue_rows:
        obj = ObjectSalience(
            key=f"isu:{row['id']}",
            kind="isu",
            id=row["id"],
            label=row["label"],
            priority=row["priority"],
            active=True,
        )
        _fill(obj, issue_tally, row["id"], totals)
        objects.append(obj)
    return SalienceReport(
        start=start,
        end=end,
        timezone=workspace.timezone,
        days=[start + timedelta(days=i) for i in range(days.n)],
        totals=totals,
        objects=objects,
        own_accounts=len(accounts),
        notes=notes,
    )


def _split_issue_days(rows: list[dict], counts: Iterable[tuple[int, date, int]]) -> list[DayCount]:
    """Daily issue posts split into news/public × sentiment by the issue's overall mix."""
    mixes: dict[int, tuple[float, dict[str, float]]] = {}
    for row in rows:
        metrics = row.get("metrics") or {}
        platforms = metrics.get("platforms") or {}
        total = sum(platforms.values())
        news = platforms.get("news", 0) / total if total else 0.0
        by_sentiment = {s: n for s, n in (metrics.get("sentiment") or {}).items() if n}
        known = sum(by_sentiment.values())
        shares = {s: n / known for s, n in by_sentiment.items()} if known else {"unknown": 1.0}
        mixes[row["id"]] = (news, shares)
    found = []
    for issue_id, day, n in counts:
        news, shares = mixes[issue_id]
        for is_news, part in ((True, news), (False, 1.0 - news)):
            for sentiment, share in shares.items():
                posts = round(n * part * share)
                if posts:
                    found.append(DayCount(issue_id, day, is_news, sentiment, posts))
    return found


def _arena_totals(tally: _Tally, own_topic: int | None, n: int) -> dict[str, list[int]]:
    """All posts per arena per day: topic 0 minus the own posts, which form ``own``."""
    everything = tally.daily.get(ALL_POSTS) or _empty(n)
    own = tally.daily.get(own_topic) if own_topic is not None else None
    if own is None:
        return {
            "own": [0] * n,
            "news": list(everything["news"]),
            "public": list(everything["public"]),
        }
    return {
        "own": [a + b for a, b in zip(own["news"], own["public"], strict=True)],
        "news": [max(0, a - b) for a, b in zip(everything["news"], own["news"], strict=True)],
        "public": [max(0, a - b) for a, b in zip(everything["public"], own["public"], strict=True)],
    }
