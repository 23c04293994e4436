"""The *laporan harian monitoring isu*: what happened in the 24 hours ending at 07:00 local.

:func:`build_daily_report` reads the stored rollups, issues, topic matches and import runs and
returns a :class:`DailyReport` of plain data; the renderers in :mod:`pantau.report.render`
only format it. Volume and sentiment come from the hourly rollups (topic 0, plus posts stored
after the last rollup), so the report never scans raw posts except for the few
representative ones. The executive summary is written from the numbers: each sentence is
chosen by what the data shows (a rise or a fall, a leading issue or none, caveats or none).

Reproducible: the report records its parameters, data window, software version and a SHA-256
of its inputs (the hourly counts per platform and sentiment, the topic counts, the issues'
ids and metrics, the caveats), so the same inputs always give the same hash.
"""

from __future__ import annotations

import hashlib
import statistics
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import orjson
from sqlalchemy import Engine

from pantau import __version__
from pantau.locale import fmt_date, fmt_datetime, fmt_int, to_local, zone_label
from pantau.monitor.issues import IssueFilter, list_issues
from pantau.monitor.topics import list_topics
from pantau.records import Workspace
from pantau.store import monitor as monitor_store
from pantau.store.imports import list_runs

REPORT_HOUR = 7  # the period ends at 07:00 in the workspace zone
TOP_ISSUES = 5
BASELINE_DAYS = 7
LOW_VOLUME = 0.5  # today below this share of the 7-day median is a caveat
SENTIMENTS = ("positive", "neutral", "negative", "unknown")
SENTIMENT_ID = {
    "positive": "positif",
    "neutral": "netral",
    "negative": "negatif",
    "unknown": "belum dianalisis",
}
PLATFORM_ID = {
    "x": "X (Twitter)",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "tiktok": "TikTok",
    "youtube": "YouTube",
    "news": "Berita daring",
    "online_news": "Berita daring",
}


@dataclass
class SourceCount:
    platform: str
    name: str
    posts: int
    previous: int


@dataclass
class IssueItem:
    id: int
    label: str
    stage: str
    priority: str
    priority_score: float
    why: str
    suggested_response: str
    status: str
    posts: int
    posts_today: int
    posts_previous: int
    trend: str  # naik / turun / stabil / baru
    unique_authors: int
    negative_share: float
    sentiment: dict[str, int]
    platforms: dict[str, int]
    first_seen: str  # local, formatted
    last_seen: str
    representative: dict | None = None  # platform, author, text, created_at
    actors: list[dict] = field(default_factory=list)  # platform, handle, posts, engagement
    hoax: dict | None = None  # claim, verdict, clarification, source_url, posts


@dataclass
class TopicTrend:
    id: int
    name: str
    category: str
    today: int
    previous: int
    change: float | None  # relative change, None when there was nothing before
    share: float  # share of voice among topic matches today


@dataclass
class DailyReport:
    workspace: str
    workspace_name: str
    timezone: str
    zone: str
    day: str  # the report date (ISO), the day the period ends
    day_label: str
    start: str  # UTC, ISO
    end: str
    start_local: str
    end_local: str
    period_label: str
    total_posts: int
    previous_posts: int
    sources: list[SourceCount]
    summary: list[str]
    issues: list[IssueItem]
    issues_segera: int
    topics: list[TopicTrend]
    sentiment: dict[str, int]
    previous_sentiment: dict[str, int]
    negative_share: float | None
    previous_negative_share: float | None
    hourly: list[tuple[str, int]]  # local hour label -> posts
    caveats: list[str]
    parameters: dict
    version: str
    input_hash: str
    generated_at: str
    notes: list[str] = field(default_factory=list)
    # narrative kits released in the 7 days before the period ends: title, adoption, summary
    narratives: list[dict] = field(default_factory=list)
    # the agenda against the public agenda over the 7 days ending with the period
    agenda_summary: list[str] = field(default_factory=list)
    agenda_gaps: list[dict] = field(default_factory=list)  # kind, label, why, action

    def as_dict(self) -> dict:
        return asdict(self)


# --- helpers --------------------------------------------------------------------------------


def _utc(local: datetime) -> datetime:
    return local.astimezone(UTC).replace(tzinfo=None)


def window_of(day: date, timezone: str) -> tuple[datetime, datetime]:
    """The 24 h ending at 07:00 local of ``day``, as naive UTC [start, end)."""
    end_local = datetime.combine(day, time(REPORT_HOUR), tzinfo=ZoneInfo(timezone))
    return _utc(end_local - timedelta(days=1)), _utc(end_local)


def default_day(latest_post: datetime | None, timezone: str) -> date:
    """The report date whose period holds the latest post (the day after it, unless it was
    posted before 07:00 local)."""
    if latest_post is None:
        return datetime.now(ZoneInfo(timezone)).date()
    local = to_local(latest_post, timezone)
    return local.date() if local.hour < REPORT_HOUR else local.date() + timedelta(days=1)


def pct(share: float | None) -> str:
    """``0.345`` -> ``35%`` (Indonesian digits grouping)."""
    return "–" if share is None else f"{fmt_int(round(share * 100), 'id')}%"


def platform_name(platform: str) -> str:
    return PLATFORM_ID.get(platform, platform.replace("_", " ").title())


def _negative(sentiment: dict[str, int]) -> float | None:
    known = sum(n for s, n in sentiment.items() if s != "unknown")
    return sentiment.get("negative", 0) / known if known else None


def _trend(today: int, previous: int) -> str:
    if previous == 0:
        return "baru" if today else "stabil"
    ratio = today / previous
    return "naik" if ratio >= 1.2 else "turun" if ratio <= 0.8 else "stabil"


def _change(today: int, previous: int) -> float | None:
    return None if previous == 0 else (today - previous) / previous


def _when(value: datetime | str) -> datetime:
    return datetime.fromisoformat(value) if isinstance(value, str) else value


# --- the report -----------------------------------------------------------------------------


def build_daily_report(
    engine: Engine, workspace: Workspace, day: date | None = None, *, top: int = TOP_ISSUES
) -> DailyReport:
    """The daily report of ``day`` (default: the day whose period holds the latest post)."""
    tz = workspace.timezone
    with engine.connect() as conn:
        latest = monitor_store.latest_post_time(conn, workspace.id)
        day = day or default_day(latest, tz)
        start, end = window_of(day, tz)
        prev_start = start - timedelta(days=1)
        base_start = start - timedelta(days=BASELINE_DAYS)
        position, counts = monitor_store.overview_counts(conn, workspace.id)
        notes = []
        if not position:
            notes.append("tahap pemantauan belum dijalankan; volume dihitung dari unggahan")
            counts = _counts_from_posts(
                monitor_store.posts_between(conn, workspace.id, base_start, end)
            )
        topic_posts = {
            "today": monitor_store.topic_ids_between(conn, workspace.id, start, end),
            "previous": monitor_store.topic_ids_between(conn, workspace.id, prev_start, start),
        }
    counts = [(h, p, s, n) for h, p, s, n in counts if base_start <= h < end]

    # Volume per platform and sentiment, today and the previous day.
    today_platform: Counter[str] = Counter()
    prev_platform: Counter[str] = Counter()
    sentiment: Counter[str] = Counter()
    prev_sentiment: Counter[str] = Counter()
    hourly: Counter[datetime] = Counter()
    daily: Counter[int] = Counter()  # days before the period (1 = previous day) -> posts
    seen_before: set[str] = set()
    for hour, platform, sent, n in counts:
        if start <= hour < end:
            today_platform[platform] += n
            sentiment[sent or "unknown"] += n
            hourly[hour] += n
        else:
            back = (start - hour - timedelta(microseconds=1)) // timedelta(days=1) + 1
            daily[back] += n
            seen_before.add(platform)
            if back == 1:
                prev_platform[platform] += n
                prev_sentiment[sent or "unknown"] += n
    total, previous = sum(today_platform.values()), sum(prev_platform.values())
    platforms = sorted(
        set(today_platform) | set(prev_platform), key=lambda p: (-today_platform[p], p)
    )
    sources = [
        SourceCount(p, platform_name(p), today_platform[p], prev_platform[p]) for p in platforms
    ]
    hours = [start + timedelta(hours=i) for i in range(24)]
    hourly_rows = [(to_local(h, tz).strftime("%H.00"), hourly[h]) for h in hours]

    # Issues seen in the period.
    rows = list_issues(engine, workspace, IssueFilter(since=start, until=end))
    issues = [_issue_item(r, start, end, prev_start, tz) for r in rows]
    _add_representatives(engine, workspace, issues, rows[:top])
    _add_actors_and_hoaxes(engine, workspace, issues, rows[:top])
    segera = sum(1 for i in issues if i.priority == "segera")

    # Topics: matches today vs yesterday, share of voice.
    topic_today: Counter[int] = Counter()
    topic_prev: Counter[int] = Counter()
    for which, target in (("today", topic_today), ("previous", topic_prev)):
        for topic_ids in topic_posts[which].values():
            for topic_id in topic_ids:
                target[topic_id] += 1
    all_matches = sum(topic_today.values())
    topics = [
        TopicTrend(
            t.id,
            t.name,
            t.category,
            topic_today[t.id],
            topic_prev[t.id],
            _change(topic_today[t.id], topic_prev[t.id]),
            topic_today[t.id] / all_matches if all_matches else 0.0,
        )
        for t in list_topics(engine, workspace)
        if topic_today[t.id] or topic_prev[t.id]
    ]
    topics.sort(key=lambda t: (-t.today, -t.previous, t.name))

    caveats = _caveats(
        engine, workspace, today_platform, seen_before, total, daily, sentiment, start, end
    )
    negative, prev_negative = _negative(sentiment), _negative(prev_sentiment)
    summary = _summary(
        total, previous, len(today_platform), issues[:top], segera, negative, prev_negative,
        topics, caveats,
    )  # fmt: skip

    parameters = {
        "workspace": workspace.slug,
        "date": day.isoformat(),
        "timezone": tz,
        "report_hour": REPORT_HOUR,
        "top_issues": top,
        "baseline_days": BASELINE_DAYS,
        "language": "id",
    }
    inputs = {
        "parameters": parameters,
        "counts": sorted(
            (h.isoformat(), p, s or "unknown", n) for h, p, s, n in counts if h >= prev_start
        ),
        "topics": sorted((t.id, t.today, t.previous) for t in topics),
        "issues": [(r["id"], r["priority"], r["stage"], r["metrics"]) for r in rows],
        "caveats": caveats,
        "version": __version__,
    }
    digest = hashlib.sha256(
        orjson.dumps(inputs, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS, default=str)
    ).hexdigest()
    start_local, end_local = to_local(start, tz), to_local(end, tz)
    return DailyReport(
        workspace=workspace.slug,
        workspace_name=workspace.name,
        timezone=tz,
        zone=zone_label(tz),
        day=day.isoformat(),
        day_label=fmt_date(datetime.combine(day, time()), "id"),
        start=start.isoformat(),
        end=end.isoformat(),
        start_local=start_local.isoformat(),
        end_local=end_local.isoformat(),
        period_label=f"{fmt_datetime(start, tz, 'id')} – {fmt_datetime(end, tz, 'id')}",
        total_posts=total,
        previous_posts=previous,
        sources=sources,
        summary=summary,
        issues=issues[:top],
        issues_segera=segera,
        topics=topics,
        sentiment={s: sentiment[s] for s in SENTIMENTS if sentiment[s]},
        previous_sentiment={s: prev_sentiment[s] for s in SENTIMENTS if prev_sentiment[s]},
        negative_share=negative,
        previous_negative_share=prev_negative,
        hourly=hourly_rows,
        caveats=caveats,
        parameters=parameters,
        version=__version__,
        input_hash=digest,
        generated_at=datetime.now(UTC).replace(tzinfo=None, microsecond=0).isoformat(),
        notes=notes,
        narratives=_narratives(engine, workspace, end),
        **_agenda(engine, workspace, day),
    )


def _narratives(engine: Engine, workspace: Workspace, end: datetime) -> list[dict]:
    """How the narrative kits released in the week before ``end`` were carried."""
    from pantau.agenda.narrative import list_kits
    from pantau.agenda.narrative_report import fmt_delay, narrative_report

    out = []
    for kit in list_kits(engine, workspace):
        if not end - timedelta(days=7) <= kit.release_at < end:
            continue
        r = narrative_report(engine, workspace, kit.id)
        out.append(
            {
                "title": kit.title,
                "released": fmt_datetime(kit.release_at, workspace.timezone, "id"),
                "adoption": f"{r.posted}/{r.asked}" if r.asked else "–",
                "median_delay": fmt_delay(r.median_delay_minutes),
                "not_posted": ", ".join(a.institution or a.handle for a in r.not_posted[:5]),
                "summary": r.summary[:3],
            }
        )
    return out


def _agenda(engine: Engine, workspace: Workspace, day: date) -> dict:
    """The agenda summary and gaps of the 7 days ending with the report day, when the
    workspace has agenda items."""
    from pantau.agenda.analysis import agenda_report
    from pantau.agenda.items import list_items

    if not list_items(engine, workspace):
        return {}
    r = agenda_report(engine, workspace, day - timedelta(days=6), day)
    gaps = [
        {"kind": kind, "label": g.label, "why": g.why, "action": g.action}
        for kind, found in (
            ("dorong", r.gaps.push),
            ("tanggapi", r.gaps.respond),
            ("sentimen", r.gaps.negative),
        )
        for g in found[:3]
    ]
    return {"agenda_summary": r.summary[:4], "agenda_gaps": gaps}


def _counts_from_posts(rows: list) -> list[tuple[datetime, str, str, int]]:
    found: Counter[tuple[datetime, str, str]] = Counter()
    for r in rows:
        hour = r.created_at.replace(minute=0, second=0, microsecond=0)
        found[(hour, r.platform, r.sentiment or "unknown")] += 1
    return [(h, p, s, n) for (h, p, s), n in found.items()]


def _issue_item(
    row: dict, start: datetime, end: datetime, prev_start: datetime, tz: str
) -> IssueItem:
    metrics = row.get("metrics") or {}
    today = previous = 0
    for hour, n in (metrics.get("series") or {}).items():
        when = _when(hour)
        if start <= when < end:
            today += n
        elif prev_start <= when < start:
            previous += n
    return IssueItem(
        id=row["id"],
        label=row["label"],
        stage=row["stage"],
        priority=row["priority"],
        priority_score=float(row["priority_score"] or 0.0),
        why=row["why"] or "",
        suggested_response=row["suggested_response"] or "",
        status=row["status"],
        posts=int(metrics.get("posts", 0)),
        posts_today=today,
        posts_previous=previous,
        trend=_trend(today, previous),
        unique_authors=int(metrics.get("unique_authors", 0)),
        negative_share=float(metrics.get("negative_share", 0.0)),
        sentiment=dict(metrics.get("sentiment") or {}),
        platforms=dict(metrics.get("platforms") or {}),
        first_seen=fmt_datetime(_when(row["first_seen"]), tz, "id"),
        last_seen=fmt_datetime(_when(row["last_seen"]), tz, "id"),
    )


def _add_representatives(
    engine: Engine, workspace: Workspace, items: list[IssueItem], rows: list[dict]
) -> None:
    wanted = {r["id"]: r.get("representative_post_id") for r in rows}
    with engine.connect() as conn:
        found = {
            p.id: p
            for p in monitor_store.posts_by_id(
                conn, workspace.id, [i for i in wanted.values() if i is not None]
            )
        }
    for item, row in zip(items, rows, strict=False):
        post = found.get(wanted[row["id"]])
        if post is not None:
            item.representative = {
                "platform": post.platform,
                "author": post.author,
                "text": post.text[:400],
                "created_at": fmt_datetime(post.created_at, workspace.timezone, "id"),
            }
        else:
            top_posts = (row.get("metrics") or {}).get("top_posts") or []
            if top_posts:
                p = top_posts[0]
                item.representative = {
                    "platform": p.get("platform"),
                    "author": p.get("author"),
                    "text": (p.get("text") or "")[:400],
                    "created_at": "",
                }


def _add_actors_and_hoaxes(
    engine: Engine, workspace: Workspace, items: list[IssueItem], rows: list[dict]
) -> None:
    """Key accounts of each issue, and for an issue flagged as carrying a known false claim
    the claim with its clarification (the text the team can point people to)."""
    from pantau.factcheck.matching import issue_claims
    from pantau.monitor.issues import issue_actors

    for item, row in zip(items, rows, strict=False):
        item.actors = issue_actors(engine, workspace, item.id, limit=3)
        if not (row.get("metrics") or {}).get("hoax"):
            continue
        false = [c for c in issue_claims(engine, workspace, item.id) if c["verdict"] != "FAKTA"]
        if false:
            c = false[0]
            item.hoax = {
                k: c[k] for k in ("claim", "verdict", "clarification", "source_url", "posts")
            }


def _caveats(
    engine: Engine,
    workspace: Workspace,
    today_platform: Counter[str],
    seen_before: set[str],
    total: int,
    daily: Counter[int],
    sentiment: Counter[str],
    start: datetime,
    end: datetime,
) -> list[str]:
    caveats = []
    for platform in sorted(seen_before - {p for p, n in today_platform.items() if n}):
        caveats.append(
            f"{platform_name(platform)} tidak mengirim unggahan sama sekali pada periode ini, "
            f"padahal ada unggahan dalam {BASELINE_DAYS} hari sebelumnya; periksa sumber datanya "
            "sebelum menyimpulkan bahwa percakapan sepi."
        )
    # Median of the earlier days that have data (days before the first post don't count).
    days_with_data = [d for d in range(1, BASELINE_DAYS + 1) if daily[d]]
    if days_with_data:
        earliest = max(days_with_data)
        median = statistics.median(daily[d] for d in range(1, earliest + 1))
        if median and total < LOW_VOLUME * median:
            caveats.append(
                f"Volume periode ini ({fmt_int(total, 'id')} unggahan) jauh di bawah median "
                f"{earliest} hari sebelumnya ({fmt_int(round(median), 'id')}); kemungkinan ada "
                "sumber yang belum diimpor atau gagal."
            )
    unknown = sentiment.get("unknown", 0)
    if total and unknown / total > 0.1:
        caveats.append(
            f"{pct(unknown / total)} unggahan periode ini belum dianalisis sentimennya "
            "(jalankan `pantau run`)."
        )
    runs = list_runs(engine, workspace.id, limit=200)
    repaired = {r.repairs_run_id for r in runs if r.repairs_run_id}
    for run in runs:
        started = _when(run.started_at)
        if run.status not in ("failed", "interrupted") or run.id in repaired:
            continue
        if start - timedelta(days=BASELINE_DAYS) <= started < end:
            caveats.append(
                f"Impor berkas {run.file_name} ({fmt_datetime(started, workspace.timezone, 'id')})"
                f" berstatus {'gagal' if run.status == 'failed' else 'terputus'} dan belum "
                "diulang; datanya mungkin tidak lengkap."
            )
    return caveats


def _summary(
    total: int,
    previous: int,
    platforms: int,
    issues: list[IssueItem],
    segera: int,
    negative: float | None,
    prev_negative: float | None,
    topics: list[TopicTrend],
    caveats: list[str],
) -> list[str]:
    """3–5 sentences, each chosen by what the numbers show."""
    n = lambda v: fmt_int(v, "id")  # noqa: E731
    out = []
    # 1. Volume versus the previous day.
    volume = f"Selama periode ini tercatat {n(total)} unggahan dari {n(platforms)} platform"
    change = _change(total, previous)
    if total == 0:
        volume = "Tidak ada unggahan yang tercatat selama periode ini"
        volume += f" (hari sebelumnya {n(previous)})." if previous else "."
    elif change is None:
        volume += "; belum ada data hari sebelumnya sebagai pembanding."
    elif abs(change) < 0.05:
        volume += f", relatif sama dengan hari sebelumnya ({n(previous)})."
    else:
        word = "naik" if change > 0 else "turun"
        volume += f", {word} {pct(abs(change))} dibanding hari sebelumnya ({n(previous)})."
    out.append(volume)
    # 2. The leading issue and why.
    if issues:
        lead = issues[0]
        sentence = (
            f"Isu teratas adalah «{lead.label}» (prioritas {lead.priority}, tahap {lead.stage})"
            f" dengan {n(lead.posts_today)} unggahan pada periode ini"
        )
        if lead.trend == "naik":
            sentence += f", naik dari {n(lead.posts_previous)} sehari sebelumnya"
        elif lead.trend == "turun":
            sentence += f", turun dari {n(lead.posts_previous)} sehari sebelumnya"
        elif lead.trend == "baru":
            sentence += " sebagai isu baru"
        sentence += f" (total {n(lead.posts)} unggahan dari {n(lead.unique_authors)} akun)"
        if lead.negative_share >= 0.5:
            sentence += f" dan {pct(lead.negative_share)} bernada negatif"
        why = lead.why.strip().rstrip(".")
        sentence += f"; alasannya: {why}." if why else "."
        out.append(sentence)
    else:
        out.append("Tidak ada isu yang terdeteksi naik selama periode ini.")
    # 3. Negativity versus the previous day.
    if negative is not None:
        sentence = f"Porsi sentimen negatif keseluruhan {pct(negative)}"
        if prev_negative is None:
            sentence += "."
        else:
            points = round((negative - prev_negative) * 100)
            if points >= 3:
                sentence += f", naik {n(points)} poin dari {pct(prev_negative)} kemarin."
            elif points <= -3:
                sentence += f", turun {n(-points)} poin dari {pct(prev_negative)} kemarin."
            else:
                sentence += f", hampir sama dengan kemarin ({pct(prev_negative)})."
        out.append(sentence)
    # 4. Immediate action.
    if segera:
        names = ", ".join(f"«{i.label}»" for i in issues if i.priority == "segera")
        out.append(f"{n(segera)} isu perlu ditangani segera: {names}.")
    else:
        attention = sum(1 for i in issues if i.priority == "perlu perhatian")
        out.append(
            "Tidak ada isu yang perlu ditangani segera"
            + (f"; {n(attention)} isu perlu perhatian." if attention else ".")
        )
    # 5. A moving topic or the caveats.
    if caveats:
        out.append(
            f"Perhatian: ada {n(len(caveats))} catatan cakupan data "
            "(lihat bagian Catatan Cakupan) sehingga angka di atas mungkin belum lengkap."
        )
    else:
        rising = [t for t in topics if t.change is not None and t.change >= 0.2 and t.today >= 5]
        if rising:
            top = max(rising, key=lambda t: (t.today - t.previous, t.name))
            out.append(
                f"Topik «{top.name}» paling meningkat: {n(top.previous)} menjadi "
                f"{n(top.today)} unggahan."
            )
    return out[:5]
