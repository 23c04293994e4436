"""What pages and the API both show, computed once: overview figures, post search, topic
tests. Thin over the capabilities; no HTML and no HTTP here."""

from __future__ import annotations

import dataclasses
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from pantau.errors import PantauError
from pantau.locale import fmt_day, fmt_int, parse_day_text, to_local
from pantau.monitor.query import QuerySyntaxError
from pantau.overview import WorkspaceStats, workspace_stats
from pantau.records import PLATFORMS, Workspace
from pantau.report.daily import platform_name
from pantau.search import query_matches, search_terms
from pantau.store import dashboard as dashboard_store
from pantau.store import posts as post_store
from pantau.store import topics as topic_store
from pantau.store.monitor import fixed_offset_hours
from pantau.store.posts import PostFilter, count_posts, list_posts
from pantau.store.topics import Topic

PER_PAGE = 25
MAX_PER_PAGE = 100
# Direction overrides and isolates can make untrusted text display in a misleading order.
_BIDI_CONTROLS = dict.fromkeys(
    [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C]
)


EMOTIONS = ("anger", "fear", "sadness", "happy", "love")


def emotion_mix(counts: dict[str, int]) -> dict[str, object]:
    """The emotions of a set of posts for a page: (emotion, posts, share of the posts showing
    any emotion) strongest first, and how many posts showed none."""
    shown = {e: counts.get(e, 0) for e in EMOTIONS if counts.get(e, 0)}
    total = sum(shown.values())
    rows = sorted(((e, n, n / total) for e, n in shown.items()), key=lambda r: (-r[1], r[0]))
    return {"rows": rows, "none": counts.get("none", 0), "with_emotion": total}


def audit_target(action: str, target: str | None) -> str:
    """What an audit entry's target means to a person: a token by its name, never its id."""
    if not target:
        return ""
    if action.startswith("token."):
        name = target.partition(" (")[2].removesuffix(")")
        return name or "…" + target[-4:]
    return target


def web_link(url: object) -> str | None:
    """A post's URL when it is a plain http(s) link; anything else (``javascript:``,
    ``data:``, relative paths) is not rendered as a link."""
    if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
        return url
    return None


def harmless(text: str | None) -> str:
    """Post text without direction-control characters and other invisible format controls
    (escaping is Jinja's job)."""
    if not text:
        return ""
    cleaned = text.translate(_BIDI_CONTROLS)
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in cleaned):
        cleaned = "".join(ch for ch in cleaned if unicodedata.category(ch) != "Cc" or ch in "\n\t")
    return cleaned


@dataclass
class Overview:
    stats: WorkspaceStats
    sentiment_by_day: dict[str, dict[str, int]]  # local day → sentiment → posts
    topics: list[Topic]


# The overview shows the last 30 local days up to the day of the newest post.
OVERVIEW_DAYS = 30

# Overviews by (database, workspace, period, change marker, topics): the figures only change
# when posts arrive, are enriched, the rollups run or a topic is added, changed or deleted.
# A topic's ``matches`` is its posts in the period shown.
_OVERVIEWS: dict[tuple, Overview] = {}
_OVERVIEWS_MAX = 64


def overview(engine: Engine, workspace: Workspace, days: int | None = OVERVIEW_DAYS) -> Overview:
    """Totals, platforms, daily volume, sentiment and each topic's posts over the last
    ``days`` local days up to the newest post's day (``None``: everything): from the daily
    rollups of the monitoring stage when they exist (plus the posts stored since), else from
    the posts."""
    with engine.connect() as conn:
        found = topic_store.topics_of(conn, workspace.id)
        marker = dashboard_store.change_marker(conn, workspace.id)
    signature = tuple((t.id, t.updated_at) for t in found)
    key = (str(engine.url), workspace.id, days, *marker, signature)
    cached = _OVERVIEWS.get(key)
    if cached is not None:
        return cached
    fast = _overview_from_rollups(engine, workspace, days, found)
    if fast is not None:
        if len(_OVERVIEWS) >= _OVERVIEWS_MAX:
            _OVERVIEWS.clear()
        _OVERVIEWS[key] = fast
        return fast
    return _overview_from_posts(engine, workspace, days, found)


def overview_leads(data: Overview, _: Callable[[str], str], lang: str) -> dict[str, str]:
    """One plain sentence per overview chart saying what it shows."""
    leads: dict[str, str] = {}
    days = data.stats.by_day
    if days:
        busiest = max(days, key=lambda d: (days[d], d))
        leads["volume"] = _(
            "%(posts)s post dalam %(days)s hari; paling ramai %(day)s dengan %(top)s post."
        ) % {
            "posts": fmt_int(sum(days.values()), lang),
            "days": fmt_int(len(days), lang),
            "day": fmt_day(date.fromisoformat(busiest), lang),
            "top": fmt_int(days[busiest], lang),
        }
    platforms = data.stats.by_platform
    if platforms:
        first = next(iter(platforms))
        share = round(100 * platforms[first] / max(sum(platforms.values()), 1))
        leads["platform"] = _("Sebagian besar percakapan ada di %(platform)s (%(share)s%%).") % {
            "platform": platform_name(first, lang),
            "share": fmt_int(share, lang),
        }
    moods: Counter[str] = Counter()
    for per_day in data.sentiment_by_day.values():
        moods.update(per_day)
    known = sum(moods.values())
    if known:
        leads["sentiment"] = _(
            "%(negative)s%% post bernada negatif dan %(positive)s%% positif; sisanya netral."
        ) % {
            "negative": fmt_int(round(100 * moods["negative"] / known), lang),
            "positive": fmt_int(round(100 * moods["positive"] / known), lang),
        }
    return leads


def _fixed_offset_hours(timezone: str) -> int | None:
    """The zone's UTC offset in whole hours when it is the same all year (WIB, WITA, WIT),
    else None."""
    return fixed_offset_hours(timezone)


@dataclass(frozen=True)
class _Period:
    """The local days shown: from ``first_day`` (None: from the start); ``since`` is the UTC
    start of that day and ``hour`` the start of its UTC hour (what rollups are keyed by)."""

    first_day: date | None = None
    since: datetime | None = None
    hour: datetime | None = None


def _period(newest: datetime | None, timezone: str, days: int | None) -> _Period:
    if days is None or newest is None:
        return _Period()
    first_day = to_local(newest, timezone).date() - timedelta(days=max(1, days) - 1)
    local = datetime.combine(first_day, time(), ZoneInfo(timezone))
    since = local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)
    return _Period(first_day, since, since.replace(minute=0, second=0, microsecond=0))


def _assemble(
    workspace: Workspace,
    period: _Period,
    day_rows: list[tuple[str, str, str, int]],
    first: datetime | None,
    last: datetime | None,
    topics: list[Topic],
    counts: dict[int, int],
) -> Overview:
    """The overview from (local day, platform, sentiment, posts) rows of the period."""
    zone = workspace.timezone
    start = period.first_day.isoformat() if period.first_day else ""
    platforms: Counter[str] = Counter()
    volume: Counter[str] = Counter()
    sentiment: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for day, platform, mood, n in day_rows:
        if day < start:  # the part of a rollup hour before the period (half-hour zones)
            continue
        platforms[platform] += n
        volume[day] += n
        if mood in ("positive", "neutral", "negative"):
            sentiment[day][mood] += n
    stats = WorkspaceStats(
        workspace=workspace.slug,
        timezone=zone,
        posts=sum(volume.values()),
        first=to_local(first, zone).isoformat() if first else None,
        last=to_local(last, zone).isoformat() if last else None,
        by_platform=dict(sorted(platforms.items(), key=lambda kv: (-kv[1], kv[0]))),
        by_day={d: volume[d] for d in sorted(volume)},
    )
    ordered = {d: dict(sentiment[d]) for d in sorted(sentiment)}
    shown = [dataclasses.replace(t, matches=counts.get(t.id, 0)) for t in topics]
    return Overview(stats, ordered, shown)


def _overview_from_rollups(
    engine: Engine, workspace: Workspace, days: int | None, topics: list[Topic]
) -> Overview | None:
    """The overview without scanning posts, or None when there are no rollups yet. Same
    meaning as the slow path; top authors and enrichment counts (not shown) are left out.
    Only the period's daily rollups are read (one row per local day, platform and sentiment;
    per topic for the topic counts), plus the posts stored since the last rollup run."""
    zone = workspace.timezone
    with engine.connect() as conn:
        first, last = post_store.time_range(conn, workspace.id)
        period = _period(last, zone, days)
        position, day_rows = dashboard_store.daily_counts(
            conn, workspace.id, zone, period.first_day, period.hour
        )
        if not day_rows:
            return None
        if period.since is not None and first is not None and first < period.since:
            first = dashboard_store.first_post_since(conn, workspace.id, period.since)
        counts = dashboard_store.topic_counts(
            conn,
            workspace.id,
            [t.id for t in topics],
            position,
            period.hour,
            first_day=period.first_day,
        )
    return _assemble(workspace, period, day_rows, first, last, topics, counts)


def _overview_from_posts(
    engine: Engine, workspace: Workspace, days: int | None, topics: list[Topic]
) -> Overview:
    """The overview counted from the posts (before the first rollup run): the same figures
    as from the rollups, plus the top authors and enrichment counts of the whole workspace."""
    zone = workspace.timezone
    offset = _fixed_offset_hours(zone)
    with engine.connect() as conn:
        first, last = post_store.time_range(conn, workspace.id)
        period = _period(last, zone, days)
        if offset is not None:
            day_rows = dashboard_store.post_daily_counts(conn, workspace.id, offset, period.since)
        else:
            day_rows = [
                (to_local(hour, zone).date().isoformat(), platform, mood, n)
                for hour, platform, mood, n in dashboard_store.post_hourly_counts(
                    conn, workspace.id, period.since
                )
            ]
        if period.since is not None and first is not None and first < period.since:
            first = dashboard_store.first_post_since(conn, workspace.id, period.since)
        counts = dashboard_store.topic_counts(
            conn, workspace.id, [t.id for t in topics], 0, period.hour
        )
    result = _assemble(workspace, period, day_rows, first, last, topics, counts)
    whole = workspace_stats(engine, workspace)
    result.stats.top_authors, result.stats.enrichment = whole.top_authors, whole.enrichment
    return result


@dataclass(frozen=True)
class SearchQuery:
    """Search form values as typed; days are local to the workspace."""

    q: str = ""
    platform: str = ""
    author: str = ""
    since: str = ""  # YYYY-MM-DD, inclusive
    until: str = ""  # YYYY-MM-DD, inclusive
    sort: str = "waktu"  # one of post_store.SORTS

    def to_filter(self, timezone: str) -> PostFilter:
        if self.platform and self.platform not in PLATFORMS:
            raise PantauError(f"platform tidak dikenal: {self.platform!r}")
        return PostFilter(
            platform=self.platform or None,
            author=self.author.strip() or None,
            terms=search_terms(self.q),
            since=_utc_start(self.since, timezone, 0),
            until=_utc_start(self.until, timezone, 1),
        )

    def params(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v and (k, v) != ("sort", "waktu")}


def _utc_start(day: str, timezone: str, plus_days: int) -> datetime | None:
    if not day:
        return None
    try:
        parsed = parse_day_text(day)
    except ValueError as exc:
        raise PantauError(str(exc)) from None
    local = datetime.combine(parsed + timedelta(days=plus_days), time(), ZoneInfo(timezone))
    return local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


COUNT_CAP = 10_000


@dataclass
class SearchPage:
    posts: list[dict]
    total: int
    page: int
    per_page: int
    exact: bool = True  # False: at least ``total`` posts match (counting stopped there)
    summary: ResultsSummary | None = None

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


@dataclass
class ResultsSummary:
    """Above the results: posts per local day, the model's sentiment split, top accounts."""

    days: list[tuple[date, int]]
    sentiments: list[tuple[str, int, int]]  # label, posts, percent
    accounts: list[tuple[str, str, int]]
    unanalysed: int = 0
    newest: int | None = None  # of the newest this many matches only (there are more)

    @property
    def peak(self) -> int:
        return max((n for _, n in self.days), default=0)


def _summary(summary: post_store.PostsSummary, timezone: str, newest: int | None) -> ResultsSummary:
    days: dict[date, int] = {}
    for hour, n in summary.hours:
        day = to_local(hour, timezone).date()
        days[day] = days.get(day, 0) + n
    analysed = sum(n for label, n in summary.sentiments.items() if label)
    split = [
        (label, n, round(100 * n / analysed) if analysed else 0)
        for label in ("negative", "neutral", "positive")
        for n in [summary.sentiments.get(label, 0)]
    ]
    return ResultsSummary(
        sorted(days.items()), split, summary.accounts, summary.sentiments.get(None, 0), newest
    )


def search(
    engine: Engine,
    workspace: Workspace,
    query: SearchQuery,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> SearchPage:
    f = query.to_filter(workspace.timezone)
    if query.sort not in post_store.SORTS:
        raise PantauError(f"urutan tidak dikenal: {query.sort!r}")
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    page = max(1, page)
    offset = (page - 1) * per_page
    # A common word can match most of a large workspace: count far enough for the pager
    # and say "more than" instead of counting everything.
    cap = max(COUNT_CAP, offset + per_page * 10) if f.terms else None
    with engine.connect() as conn:
        f = post_store.resolve(conn, workspace.id, f)  # the index read once for the page
        # the summary of a common word: its newest COUNT_CAP posts, read newest first
        summary = (
            post_store.summarize_posts(conn, workspace.id, f, newest=COUNT_CAP) if f.terms else None
        )
        if summary is not None and summary.read is not None and cap == COUNT_CAP:
            total = summary.read + summary.more  # the summary's read counted as far as the cap
        else:
            total = count_posts(conn, workspace.id, f, cap=cap)
        rows = list_posts(conn, workspace.id, f, limit=per_page, offset=offset, sort=query.sort)
        labels = post_store.model_labels(conn, workspace.id, [r["id"] for r in rows])
    for row in rows:
        row["model_sentiment"], row["model_emotion"] = labels.get(row["id"], (None, None))
    exact = cap is None or total <= cap
    newest = COUNT_CAP if total > COUNT_CAP else None
    return SearchPage(
        rows,
        min(total, cap) if cap else total,
        page,
        per_page,
        exact,
        _summary(summary, workspace.timezone, newest) if summary else None,
    )


@dataclass
class TopicTest:
    count: int = 0
    samples: list[dict] | None = None
    error: str | None = None
    position: int | None = None
    query: str = ""

    @property
    def caret(self) -> str | None:
        """The query line and a caret under the error position (for a <pre>)."""
        if self.error is None or self.position is None:
            return None
        flat = self.query.replace("\n", " ").replace("\t", " ")
        return f"{flat}\n{' ' * (self.position - 1)}^"

    def as_dict(self) -> dict:
        return {
            "count": self.count,
            "samples": self.samples or [],
            "error": self.error,
            "position": self.position,
            "caret": self.caret,
        }


def try_query(engine: Engine, workspace: Workspace, query: str, sample: int = 5) -> TopicTest:
    try:
        count, posts = query_matches(engine, workspace, query, sample)
    except QuerySyntaxError as exc:
        return TopicTest(error=exc.reason, position=exc.position, query=exc.query)
    except PantauError as exc:
        return TopicTest(error=str(exc), query=query)
    samples = [
        {
            "id": p.id,
            "platform": p.platform,
            "author": p.author,
            "created_at": to_local(p.created_at, workspace.timezone).isoformat(),
            "text": harmless(p.text)[:500],
        }
        for p in posts
    ]
    return TopicTest(count=count, samples=samples, query=query)
