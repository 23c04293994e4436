"""The *laporan harian monitoring isu*: what happened in the 24 hours ending at 07:00 local.

:func:`build_daily_report` reads the stored rollups, issues, topic matches and import runs and
returns a :class:`DailyReport` of plain data; the renderers in :mod:`pantau.report.render`
only format it (in the report's language, ``lang``). Volume and sentiment come from the
hourly rollups (topic 0, plus posts stored after the last rollup), so the report never scans
raw posts except for the few representative ones. The executive summary is written from the
numbers: each sentence is chosen by what the data shows (a rise or a fall, a leading issue or
none, caveats or none).

Language: Bahasa Indonesia by default, English with ``lang="en"``. Sentences, caveats, names
of sentiments, platforms, priorities, stages and trends, dates and numbers follow the language;
issue labels and post texts are data and stay as they are. The stored *why* of an issue is
written in Indonesian by :mod:`pantau.monitor.assess`; its fixed phrases are translated with
:func:`translate_why` (anything it does not recognise stays as stored).

Reproducible: the report records its parameters, data window, software version and a SHA-256
of its inputs (the hourly counts per platform and sentiment, the topic counts, the issues'
ids and metrics, the caveats), so the same inputs always give the same hash.
"""

from __future__ import annotations

import hashlib
import re
import statistics
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import orjson
from sqlalchemy import Engine

from pantau import __version__
from pantau.agenda.analysis import agenda_report
from pantau.agenda.items import list_items
from pantau.agenda.narrative import list_kits
from pantau.agenda.narrative_report import fmt_delay, narrative_report
from pantau.errors import PantauError
from pantau.factcheck.matching import issue_claims
from pantau.locale import (
    current_language,
    fmt_date,
    fmt_datetime,
    fmt_int,
    to_local,
    zone_label,
)
from pantau.monitor.issues import IssueFilter, issue_actors, list_issues
from pantau.monitor.topics import list_topics
from pantau.records import PLATFORMS, Workspace
from pantau.store import monitor as monitor_store
from pantau.store.imports import list_runs
from pantau.store.sources import outages_between

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
    "other": "Lainnya",
}
LANGUAGES = ("id", "en")
SENTIMENT_EN = {
    "positive": "positive",
    "neutral": "neutral",
    "negative": "negative",
    "unknown": "not analysed",
}
PLATFORM_EN = {**PLATFORM_ID, "news": "Online news", "online_news": "Online news", "other": "Other"}
# Fixed vocabulary of stored issue fields (pantau.monitor.assess), in English.
PRIORITY_EN = {"segera": "urgent", "perlu perhatian": "needs attention", "pantau": "monitor"}
STAGE_EN = {
    "potensial": "potential",
    "berkembang": "growing",
    "memuncak": "peaking",
    "mereda": "fading",
}
STATUS_EN = {
    "baru": "new",
    "dipantau": "monitored",
    "ditangani": "being handled",
    "selesai": "resolved",
    "diabaikan": "dismissed",
}
RESPONSE_EN = {
    "klarifikasi": "clarification",
    "kontra-narasi": "counter-narrative",
    "koordinasi dengan instansi lain": "coordinate with other institutions",
    "pantau saja": "monitor only",
}
TREND_EN = {"naik": "rising", "turun": "falling", "stabil": "stable", "baru": "new"}
_VOCABULARY = {
    "sentiment": SENTIMENT_EN,
    "priority": PRIORITY_EN,
    "stage": STAGE_EN,
    "status": STATUS_EN,
    "response": RESPONSE_EN,
    "trend": TREND_EN,
}

# Sentences of the summary and the caveats. Integer values are formatted for the language;
# each integer ``x`` also gives ``x_s`` ("s" unless it is 1) for English plurals.
TEXT: dict[str, dict[str, str]] = {
    "id": {
        "volume": "Selama periode ini tercatat {total} unggahan dari {platforms} platform",
        "volume_none": "Tidak ada unggahan yang tercatat selama periode ini",
        "volume_none_previous": " (hari sebelumnya {previous}).",
        "volume_no_base": "; belum ada data hari sebelumnya sebagai pembanding.",
        "volume_same": ", relatif sama dengan hari sebelumnya ({previous}).",
        "volume_change": ", {word} {change} dibanding hari sebelumnya ({previous}).",
        "up": "naik",
        "down": "turun",
        "lead": "Isu teratas adalah «{label}» (prioritas {priority}, tahap {stage})"
        " dengan {today} unggahan pada periode ini",
        "lead_up": ", naik dari {previous} sehari sebelumnya",
        "lead_down": ", turun dari {previous} sehari sebelumnya",
        "lead_new": " sebagai isu baru",
        "lead_total": " (total {posts} unggahan dari {authors} akun)",
        "lead_negative": " dan {share} bernada negatif",
        "lead_why": "; alasannya: {why}.",
        "no_issue": "Tidak ada isu yang terdeteksi naik selama periode ini.",
        "negative": "Porsi sentimen negatif keseluruhan {share}",
        "negative_up": ", naik {points} poin dari {previous} kemarin.",
        "negative_down": ", turun {points} poin dari {previous} kemarin.",
        "negative_same": ", hampir sama dengan kemarin ({previous}).",
        "urgent": "{count} isu perlu ditangani segera: {names}.",
        "no_urgent": "Tidak ada isu yang perlu ditangani segera",
        "attention": "; {count} isu perlu perhatian.",
        "caveats": "Perhatian: ada {count} catatan cakupan data (lihat bagian Catatan Cakupan)"
        " sehingga angka di atas mungkin belum lengkap.",
        "topic": "Topik «{name}» paling meningkat: {previous} menjadi {today} unggahan.",
        "silent": "{platform} tidak mengirim unggahan sama sekali pada periode ini, padahal ada"
        " unggahan dalam {days} hari sebelumnya; periksa sumber datanya sebelum menyimpulkan"
        " bahwa percakapan sepi.",
        "low_volume": "Volume periode ini ({total} unggahan) jauh di bawah median {days} hari"
        " sebelumnya ({median}); kemungkinan ada sumber yang belum diimpor atau gagal.",
        "unanalysed": "{share} unggahan periode ini belum dianalisis sentimennya"
        " (jalankan `pantau run`).",
        "import": "Impor berkas {file} ({when}) berstatus {status} dan belum diulang; datanya"
        " mungkin tidak lengkap.",
        "failed": "gagal",
        "interrupted": "terputus",
        "no_monitoring": "tahap pemantauan belum dijalankan; volume dihitung dari unggahan",
        "source_down": "Sumber «{name}» tidak bisa diambil {start} – {end} ({reason}); unggahannya"
        " pada jam itu mungkin belum masuk.",
        "still_down": "sekarang (masih gagal)",
        "down_auth": "token tidak sah / kedaluwarsa",
        "down_limited": "dibatasi kuota atau batas permintaan",
        "down_network": "server tidak terjangkau",
        "down_server": "server sumber bermasalah",
        "down_client": "permintaan ditolak",
        "down_format": "isi tidak terbaca",
        "down_internal": "galat Pantau",
    },
    "en": {
        "volume": "This period recorded {total} post{total_s} from {platforms}"
        " platform{platforms_s}",
        "volume_none": "No posts were recorded during this period",
        "volume_none_previous": " (previous day {previous}).",
        "volume_no_base": "; there is no data for the previous day to compare with.",
        "volume_same": ", about the same as the previous day ({previous}).",
        "volume_change": ", {word} {change} from the previous day ({previous}).",
        "up": "up",
        "down": "down",
        "lead": "The top issue is «{label}» (priority {priority}, stage {stage})"
        " with {today} post{today_s} in this period",
        "lead_up": ", up from {previous} the day before",
        "lead_down": ", down from {previous} the day before",
        "lead_new": " as a new issue",
        "lead_total": " ({posts} post{posts_s} in total from {authors} account{authors_s})",
        "lead_negative": " and {share} negative in tone",
        "lead_why": "; why: {why}.",
        "no_issue": "No rising issue was detected during this period.",
        "negative": "The overall share of negative sentiment is {share}",
        "negative_up": ", up {points} point{points_s} from {previous} yesterday.",
        "negative_down": ", down {points} point{points_s} from {previous} yesterday.",
        "negative_same": ", almost the same as yesterday ({previous}).",
        "urgent": "Issues to handle immediately ({count}): {names}.",
        "no_urgent": "No issue needs to be handled immediately",
        "attention": "; issues needing attention: {count}.",
        "caveats": "Note: the figures above may be incomplete; see the {count} data coverage"
        " note{count_s} (Coverage Notes section).",
        "topic": "Topic «{name}» rose the most: from {previous} to {today} post{today_s}.",
        "silent": "{platform} sent no posts at all in this period, although it had posts in the"
        " {days} days before; check the data source before concluding that the conversation"
        " was quiet.",
        "low_volume": "The volume of this period ({total} post{total_s}) is far below the"
        " median of the {days} days before ({median}); a source may not have been imported"
        " or may have failed.",
        "unanalysed": "{share} of the posts in this period have no sentiment analysis yet"
        " (run `pantau run`).",
        "import": "The import of file {file} ({when}) {status} and was not run again; its data"
        " may be incomplete.",
        "failed": "failed",
        "interrupted": "was interrupted",
        "no_monitoring": "the monitoring stage has not run yet; volume is counted from posts",
        "source_down": "Source «{name}» could not be collected {start} – {end} ({reason}); its"
        " posts of those hours may be missing.",
        "still_down": "now (still failing)",
        "down_auth": "token invalid / expired",
        "down_limited": "quota or rate limit",
        "down_network": "server unreachable",
        "down_server": "the source's server failed",
        "down_client": "request refused",
        "down_format": "content unreadable",
        "down_internal": "Pantau error",
    },
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
    summary: str = ""  # two or three sentences in the report's language
    key_terms: list[str] = field(default_factory=list)


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
    lang: str = "id"  # the language of the texts: id or en

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


def language(lang: str | None) -> str:
    """``id`` or ``en`` (``None``: ``PANTAU_LANG``, default Indonesian); a clear error for
    anything else."""
    if lang is None:
        return current_language()
    value = lang.strip().lower()
    if value not in LANGUAGES:
        raise PantauError(f"bahasa tidak dikenal: {lang!r} (pilih {', '.join(LANGUAGES)})")
    return value


def say(lang: str, key: str, **values: object) -> str:
    """The sentence ``key`` of :data:`TEXT` in ``lang`` with ``values`` filled in."""
    fields: dict[str, object] = {}
    for name, value in values.items():
        if isinstance(value, int) and not isinstance(value, bool):
            fields[name] = fmt_int(value, lang)
            fields[f"{name}_s"] = "" if value == 1 else "s"
        else:
            fields[name] = value
    return TEXT[lang][key].format(**fields)


def pct(share: float | None, lang: str = "id") -> str:
    """``0.345`` -> ``35%`` (digit grouping of ``lang``)."""
    return "–" if share is None else f"{fmt_int(round(share * 100), lang)}%"


def platform_name(platform: str, lang: str = "id") -> str:
    names = PLATFORM_EN if lang == "en" else PLATFORM_ID
    return names.get(platform, platform.replace("_", " ").title())


def channel_name(label: str, lang: str = "id") -> str:
    """An owned account's label (``x:@humas``) with its platform's name (``X (Twitter)
    @humas``)."""
    platform, sep, rest = label.partition(":")
    if not sep or platform not in PLATFORMS:
        return label
    return f"{platform_name(platform, lang)} {rest}"


def term(kind: str, value: str, lang: str = "id") -> str:
    """A stored code (sentiment, priority, stage, status, response, trend) in ``lang``; the
    Indonesian codes are their own Indonesian names, except sentiments."""
    if lang == "en":
        return _VOCABULARY[kind].get(value, value)
    return SENTIMENT_ID.get(value, value) if kind == "sentiment" else value


_NUMBER = r"(\d[\d.,]*)"
_HOAX_TAIL = re.compile(_NUMBER + r" post membawa hoaks yang dikenal: «(.*)»$", re.S)
_WHY_EN: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"tidak menyebut instansi, programnya, pejabatnya atau topik yang dipantau"),
        "names neither the institution, its programmes, its officials nor a watched topic",
    ),
    (re.compile(r"volume naik (\d+),(\d)× dalam 3 jam"), "volume up {0}.{1}× in 3 hours"),
    (
        re.compile(r"volume turun ke (\d+)% dari puncaknya"),
        "volume down to {0}% of its peak",
    ),
    (re.compile(_NUMBER + r" post dalam 3 jam terakhir"), "{0:n} post{0:s} in the last 3 hours"),
    (re.compile(r"(\d+)% negatif"), "{0}% negative"),
    (re.compile(r"(^|, )menyebut "), "{0}mentions "),
    (
        re.compile(r"diberitakan " + _NUMBER + r" artikel media"),
        "covered by {0:n} news article{0:s}",
    ),
    (
        re.compile(_NUMBER + r" salinan pesan yang sama \(indikasi salin-tempel\)"),
        "{0:n} cop{0:ies} of the same message (sign of copy-paste)",
    ),
    (re.compile(r"jangkauan ±" + _NUMBER + r" pengikut"), "reach ±{0:n} follower{0:s}"),
]


class _Count:
    """A count read back from stored text (``6.400`` or ``6,400``), formatted for English:
    ``{0:n}`` the number, ``{0:s}`` the plural ending, ``{0:ies}`` y/ies."""

    def __init__(self, text: str) -> None:
        self.value = int(re.sub(r"[.,]", "", text))

    def __format__(self, spec: str) -> str:
        if spec == "s":
            return "" if self.value == 1 else "s"
        if spec == "ies":
            return "y" if self.value == 1 else "ies"
        return fmt_int(self.value, "en")


def translate_why(why: str, lang: str = "id") -> str:
    """The stored Indonesian *why* of an issue in ``lang``: the fixed phrases written by
    :func:`pantau.monitor.assess._why` are translated, names and claims are kept, and any
    phrase not recognised stays as stored."""
    if lang != "en" or not why:
        return why
    tail = ""
    hoax = _HOAX_TAIL.search(why)
    if hoax:
        count = _Count(hoax.group(1))
        tail = f"{count:n} post{count:s} carry a known hoax: «{hoax.group(2)}»"
        why = why[: hoax.start()]
    for pattern, template in _WHY_EN:

        def english(m: re.Match[str], template: str = template) -> str:
            groups = [
                _Count(g) if "{0:" in template and i == 0 else g for i, g in enumerate(m.groups())
            ]
            return template.format(*groups)

        why = pattern.sub(english, why)
    return why + tail if why else tail


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
    engine: Engine,
    workspace: Workspace,
    day: date | None = None,
    *,
    top: int = TOP_ISSUES,
    lang: str | None = None,
) -> DailyReport:
    """The daily report of ``day`` (default: the day whose period holds the latest post) in
    ``lang`` (``id`` or ``en``; default ``PANTAU_LANG``, else Indonesian)."""
    lang = language(lang)
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
            notes.append(say(lang, "no_monitoring"))
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
        SourceCount(p, platform_name(p, lang), today_platform[p], prev_platform[p])
        for p in platforms
    ]
    hours = [start + timedelta(hours=i) for i in range(24)]
    hour_format = "%H.00" if lang == "id" else "%H:00"
    hourly_rows = [(to_local(h, tz).strftime(hour_format), hourly[h]) for h in hours]

    # Issues seen in the period.
    rows = list_issues(engine, workspace, IssueFilter(since=start, until=end, shown_only=True))
    issues = [_issue_item(r, start, end, prev_start, tz, lang) for r in rows]
    _add_representatives(engine, workspace, issues, rows[:top], lang)
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
        engine, workspace, today_platform, seen_before, total, daily, sentiment, start, end, lang
    )
    negative, prev_negative = _negative(sentiment), _negative(prev_sentiment)
    summary = _summary(
        total, previous, len(today_platform), issues[:top], segera, negative, prev_negative,
        topics, caveats, lang,
    )  # fmt: skip

    parameters = {
        "workspace": workspace.slug,
        "date": day.isoformat(),
        "timezone": tz,
        "report_hour": REPORT_HOUR,
        "top_issues": top,
        "baseline_days": BASELINE_DAYS,
        "language": lang,
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
        day_label=fmt_date(datetime.combine(day, time()), lang),
        start=start.isoformat(),
        end=end.isoformat(),
        start_local=start_local.isoformat(),
        end_local=end_local.isoformat(),
        period_label=f"{fmt_datetime(start, tz, lang)} – {fmt_datetime(end, tz, lang)}",
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
        narratives=_narratives(engine, workspace, end, lang),
        **_agenda(engine, workspace, day),
        lang=lang,
    )


def _delay_en(minutes: float | None) -> str:
    """``45 minutes``, ``2 hours 5 minutes``, ``1 day 3 hours`` (English of ``fmt_delay``)."""
    if minutes is None:
        return "–"

    def unit(count: int, word: str) -> str:
        return f"{count} {word}" + ("" if count == 1 else "s")

    total = round(minutes)
    if total < 60:
        return unit(total, "minute")
    hours, mins = divmod(total, 60)
    if hours < 24:
        return unit(hours, "hour") + (f" {unit(mins, 'minute')}" if mins else "")
    days, hours = divmod(hours, 24)
    return unit(days, "day") + (f" {unit(hours, 'hour')}" if hours else "")


def _narratives(engine: Engine, workspace: Workspace, end: datetime, lang: str) -> list[dict]:
    """How the narrative kits released in the week before ``end`` were carried (the kits'
    own summary sentences come from :mod:`pantau.agenda.narrative_report`, in Indonesian)."""
    out = []
    for kit in list_kits(engine, workspace):
        if not end - timedelta(days=7) <= kit.release_at < end:
            continue
        r = narrative_report(engine, workspace, kit.id)
        out.append(
            {
                "title": kit.title,
                "released": fmt_datetime(kit.release_at, workspace.timezone, lang),
                "adoption": f"{r.posted}/{r.asked}" if r.asked else "–",
                "median_delay": fmt_delay(r.median_delay_minutes)
                if lang == "id"
                else _delay_en(r.median_delay_minutes),
                "not_posted": ", ".join(a.institution or a.handle for a in r.not_posted[:5]),
                "summary": r.summary[:3],
            }
        )
    return out


def _agenda(engine: Engine, workspace: Workspace, day: date) -> dict:
    """The agenda summary and gaps of the 7 days ending with the report day, when the
    workspace has agenda items."""
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
    row: dict, start: datetime, end: datetime, prev_start: datetime, tz: str, lang: str = "id"
) -> IssueItem:
    """One issue of the report; ``priority``, ``stage``, ``status`` and ``trend`` keep their
    codes (the renderers name them), ``why`` and ``suggested_response`` are text in
    ``lang``."""
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
        why=translate_why(row["why"] or "", lang),
        suggested_response=term("response", row["suggested_response"] or "", lang),
        status=row["status"],
        posts=int(metrics.get("posts", 0)),
        posts_today=today,
        posts_previous=previous,
        trend=_trend(today, previous),
        unique_authors=int(metrics.get("unique_authors", 0)),
        negative_share=float(metrics.get("negative_share", 0.0)),
        sentiment=dict(metrics.get("sentiment") or {}),
        platforms=dict(metrics.get("platforms") or {}),
        first_seen=fmt_datetime(_when(row["first_seen"]), tz, lang),
        last_seen=fmt_datetime(_when(row["last_seen"]), tz, lang),
        summary=(metrics.get("summary") or {}).get(lang, ""),
        key_terms=list(metrics.get("key_terms") or []),
    )


def _add_representatives(
    engine: Engine,
    workspace: Workspace,
    items: list[IssueItem],
    rows: list[dict],
    lang: str = "id",
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
        post_id = wanted[row["id"]]
        post = found.get(post_id) if post_id is not None else None
        if post is not None:
            item.representative = {
                "platform": post.platform,
                "author": post.author,
                "text": post.text[:400],
                "created_at": fmt_datetime(post.created_at, workspace.timezone, lang),
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
    lang: str = "id",
) -> list[str]:
    caveats = []
    for platform in sorted(seen_before - {p for p, n in today_platform.items() if n}):
        caveats.append(
            say(lang, "silent", platform=platform_name(platform, lang), days=BASELINE_DAYS)
        )
    # Median of the earlier days that have data (days before the first post don't count).
    days_with_data = [d for d in range(1, BASELINE_DAYS + 1) if daily[d]]
    if days_with_data:
        earliest = max(days_with_data)
        median = statistics.median(daily[d] for d in range(1, earliest + 1))
        if median and total < LOW_VOLUME * median:
            caveats.append(
                say(lang, "low_volume", total=total, days=earliest, median=round(median))
            )
    unknown = sentiment.get("unknown", 0)
    if total and unknown / total > 0.1:
        caveats.append(say(lang, "unanalysed", share=pct(unknown / total, lang)))
    runs = list_runs(engine, workspace.id, limit=200)
    repaired = {r.repairs_run_id for r in runs if r.repairs_run_id}
    for run in runs:
        started = _when(run.started_at)
        if run.status not in ("failed", "interrupted") or run.id in repaired:
            continue
        if start - timedelta(days=BASELINE_DAYS) <= started < end:
            caveats.append(
                say(
                    lang,
                    "import",
                    file=run.file_name,
                    when=fmt_datetime(started, workspace.timezone, lang),
                    status=say(lang, "failed" if run.status == "failed" else "interrupted"),
                )
            )
    with engine.connect() as conn:
        outages = outages_between(conn, workspace.id, start, end)
    for outage in outages:
        ended = outage["ended_at"]
        caveats.append(
            say(
                lang,
                "source_down",
                name=outage["name"],
                start=fmt_datetime(max(outage["started_at"], start), workspace.timezone, lang),
                end=fmt_datetime(min(ended, end), workspace.timezone, lang)
                if ended is not None
                else say(lang, "still_down"),
                reason=say(lang, f"down_{outage['kind']}"),
            )
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
    lang: str = "id",
) -> list[str]:
    """3–5 sentences, each chosen by what the numbers show."""
    out = []
    # 1. Volume versus the previous day.
    volume = say(lang, "volume", total=total, platforms=platforms)
    change = _change(total, previous)
    if total == 0:
        volume = say(lang, "volume_none")
        volume += say(lang, "volume_none_previous", previous=previous) if previous else "."
    elif change is None:
        volume += say(lang, "volume_no_base")
    elif abs(change) < 0.05:
        volume += say(lang, "volume_same", previous=previous)
    else:
        word = say(lang, "up" if change > 0 else "down")
        volume += say(
            lang, "volume_change", word=word, change=pct(abs(change), lang), previous=previous
        )
    out.append(volume)
    # 2. The leading issue and why.
    if issues:
        lead = issues[0]
        sentence = say(
            lang,
            "lead",
            label=lead.label,
            priority=term("priority", lead.priority, lang),
            stage=term("stage", lead.stage, lang),
            today=lead.posts_today,
        )
        if lead.trend == "naik":
            sentence += say(lang, "lead_up", previous=lead.posts_previous)
        elif lead.trend == "turun":
            sentence += say(lang, "lead_down", previous=lead.posts_previous)
        elif lead.trend == "baru":
            sentence += say(lang, "lead_new")
        sentence += say(lang, "lead_total", posts=lead.posts, authors=lead.unique_authors)
        if lead.negative_share >= 0.5:
            sentence += say(lang, "lead_negative", share=pct(lead.negative_share, lang))
        why = lead.why.strip().rstrip(".")
        sentence += say(lang, "lead_why", why=why) if why else "."
        out.append(sentence)
    else:
        out.append(say(lang, "no_issue"))
    # 3. Negativity versus the previous day.
    if negative is not None:
        sentence = say(lang, "negative", share=pct(negative, lang))
        if prev_negative is None:
            sentence += "."
        else:
            points = round((negative - prev_negative) * 100)
            before = pct(prev_negative, lang)
            if points >= 3:
                sentence += say(lang, "negative_up", points=points, previous=before)
            elif points <= -3:
                sentence += say(lang, "negative_down", points=-points, previous=before)
            else:
                sentence += say(lang, "negative_same", previous=before)
        out.append(sentence)
    # 4. Immediate action.
    if segera:
        names = ", ".join(f"«{i.label}»" for i in issues if i.priority == "segera")
        out.append(say(lang, "urgent", count=segera, names=names))
    else:
        attention = sum(1 for i in issues if i.priority == "perlu perhatian")
        out.append(
            say(lang, "no_urgent") + (say(lang, "attention", count=attention) if attention else ".")
        )
    # 5. A moving topic or the caveats.
    if caveats:
        out.append(say(lang, "caveats", count=len(caveats)))
    else:
        rising = [t for t in topics if t.change is not None and t.change >= 0.2 and t.today >= 5]
        if rising:
            top = max(rising, key=lambda t: (t.today - t.previous, t.name))
            out.append(say(lang, "topic", name=top.name, previous=top.previous, today=top.today))
    return out[:5]
