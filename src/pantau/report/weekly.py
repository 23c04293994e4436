"""The weekly owned-channel performance report (*laporan kinerja mingguan akun resmi*):
per-account results of the week beside the week before, the best posts, goal progress, the
content plan against what was published, and the best times to post — built as plain data
(``build_weekly_report``) and rendered to PDF (ReportLab), DOCX (python-docx) and XLSX
(openpyxl). Summary sentences are generated from the numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from pantau import __version__
from pantau.documents.tabledoc import (
    TableDocument,
    write_docx,
    write_formats,
    write_pdf,
    write_xlsx,
)
from pantau.errors import PantauError
from pantau.locale import fmt_day, fmt_int, zone_label
from pantau.outreach.besttime import MIN_POSTS_FOR_ADVICE, WEEKDAYS_ID, channel_best_time
from pantau.outreach.calendar import STATUSES, plan_vs_actual
from pantau.outreach.goals import format_value, goal_progress
from pantau.outreach.metrics import MetricsGroup, channel_metrics, engagements
from pantau.records import Workspace
from pantau.report.daily import channel_name
from pantau.report.render import n
from pantau.store import outreach as store

# ReportLab, openpyxl, python-docx are imported inside the functions that use them,
# not when the CLI starts.

TITLE = "Laporan Kinerja Mingguan Akun Resmi"
FORMATS = ("pdf", "docx", "xlsx")
TOP_POSTS = 10
_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)


UNAVAILABLE = "– (tidak tersedia)"  # a metric the platform's export does not report


def _reach_text(rows: list[ChannelWeek]) -> str:
    """The week's reach for the summary: only from accounts whose exports report it (never a
    0 for those that do not), naming the others."""
    posting = [r for r in rows if r.posts]
    known = [r for r in posting if r.reach is not None]
    if posting and not known:
        return "jangkauan tidak tersedia (ekspor platform akun ini tidak memuat angka ini)"
    total = sum(r.reach or 0 for r in known)
    before = sum(r.previous_reach for r in known)
    text = f"jangkauan {fmt_int(total)} ({_change(total, before)} dari pekan sebelumnya"
    without = [channel_name(r.channel) for r in posting if r.reach is None]
    if without:
        text += f"; tanpa {', '.join(without)}: ekspornya tidak memuat jangkauan"
    return text + ")"


def _known(group: MetricsGroup | None, metric: str) -> int | None:
    if group is None:
        return 0
    return None if metric in group.missing else group.totals[metric]


@dataclass
class ChannelWeek:
    channel: str
    platform: str
    posts: int
    reach: int | None  # None: the platform's export does not report it
    views: int | None
    engagements: int
    engagement_rate: float | None  # by reach
    followers: float | None
    follower_change: float | None
    previous_posts: int
    previous_engagements: int
    previous_reach: int


@dataclass
class TopPost:
    channel: str
    published: str  # local, as people read it
    post_type: str
    caption: str
    reach: int | None
    views: int | None
    engagements: int
    permalink: str | None


@dataclass
class WeeklyReport:
    workspace_name: str
    workspace_slug: str
    timezone: str
    week: str  # 2026-W47
    start: date
    end: date
    generated_at: datetime
    version: str
    summary: list[str]
    channels: list[ChannelWeek]
    top_posts: list[TopPost]
    goals: list[dict]  # objective, name, KPI, actual, target, progress, status, explanation
    plan: list[dict]  # title, planned, status, posted on, missing, delay, reach, engagements
    best_times: list[dict]  # channel, slots
    caveats: list[str] = field(default_factory=list)

    @property
    def period_label(self) -> str:
        return f"{fmt_day(self.start)} – {fmt_day(self.end)} ({zone_label(self.timezone)})"

    @property
    def base_name(self) -> str:
        return f"laporan-mingguan-{self.workspace_slug}-{self.week}"


def parse_week(value: str | None, timezone: str, today: date | None = None) -> date:
    """The Monday of ``2026-W47``, of the week containing a date, or of last full week."""
    if not value:
        today = today or datetime.now(ZoneInfo(timezone)).date()
        return today - timedelta(days=today.weekday() + 7)
    found = _WEEK.match(value.strip())
    try:
        if found:
            return date.fromisocalendar(int(found.group(1)), int(found.group(2)), 1)
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise PantauError(f"minggu tidak sah: {value!r} (pakai 2026-W47 atau YYYY-MM-DD)") from None
    return day - timedelta(days=day.weekday())


def _change(now: float, before: float) -> str:
    if before <= 0:
        return "baru" if now > 0 else "tetap 0"
    pct = (now - before) / before * 100
    return f"{'naik' if pct >= 0 else 'turun'} {abs(pct):.0f}%".replace(".", ",")


def _excerpt(text: str | None, limit: int = 90) -> str:
    words = " ".join((text or "").split())
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


def _by_label(groups: list[MetricsGroup]) -> dict[str, MetricsGroup]:
    return {g.key["channel"]: g for g in groups}


def build_weekly_report(
    engine: Engine, workspace: Workspace, week_start: date, best_time: bool = True
) -> WeeklyReport:
    start = week_start - timedelta(days=week_start.weekday())
    end = start + timedelta(days=6)
    iso = start.isocalendar()
    tz = workspace.timezone
    with engine.connect() as conn:
        channels = store.find_channels(conn, workspace.id)
    this = _by_label(channel_metrics(engine, workspace, None, start, end).groups)
    before = _by_label(
        channel_metrics(
            engine, workspace, None, start - timedelta(days=7), start - timedelta(days=1)
        ).groups
    )
    rows = []
    for ch in channels:
        g, p = this.get(ch.label), before.get(ch.label)
        rows.append(
            ChannelWeek(
                channel=ch.label,
                platform=ch.platform,
                posts=g.posts if g else 0,
                reach=_known(g, "reach"),
                views=_known(g, "views"),
                engagements=g.totals["engagements"] if g else 0,
                engagement_rate=g.rate("engagement_rate", "reach").value if g else None,
                followers=g.followers if g else None,
                follower_change=g.growth.change if g and g.growth else None,
                previous_posts=p.posts if p else 0,
                previous_engagements=p.totals["engagements"] if p else 0,
                previous_reach=p.totals["reach"] if p else 0,
            )
        )
    rows.sort(key=lambda r: (-r.engagements, r.channel))
    # the best posts of the week by engagements
    local0 = datetime(start.year, start.month, start.day, tzinfo=ZoneInfo(tz))
    since = local0.astimezone(UTC).replace(tzinfo=None)
    until = since + timedelta(days=7)
    labels = {c.id: c.label for c in channels}
    with engine.connect() as conn:
        facts = store.post_facts(conn, workspace.id, list(labels), since, until)
        captions = {
            (o.channel_id, o.post_id): o
            for o in store.owned_posts(conn, workspace.id, list(labels), since, until)
        }
    ranked = sorted(facts, key=lambda f: -(engagements(f) or 0))[:TOP_POSTS]
    top = []
    for f in ranked:
        owned = captions.get((f.channel_id, f.post_id))
        local = f.published_at.replace(tzinfo=UTC).astimezone(ZoneInfo(tz))
        top.append(
            TopPost(
                channel=labels[f.channel_id],
                published=local.strftime("%d/%m %H.%M")
                if f.time_known
                else local.strftime("%d/%m"),
                post_type=f.post_type or "–",
                caption=_excerpt(owned.caption if owned else None),
                reach=f.reach,
                views=f.views,
                engagements=engagements(f) or 0,
                permalink=owned.permalink if owned else None,
            )
        )
    goals = [
        {
            "objective": p.objective_label,
            "name": p.goal.name,
            "kpi": p.metric_label,
            "actual": format_value(p.goal.metric, p.actual),
            "target": format_value(p.goal.metric, p.goal.target),
            "progress": None if p.progress is None else round(p.progress * 100),
            "status": p.status_label,
            "status_code": p.status,
            "explanation": p.explanation,
        }
        for p in goal_progress(engine, workspace, as_of=end)
    ]
    plan = [
        {
            "title": a.item.title,
            "planned": a.planned_at.strftime("%d/%m %H.%M"),
            "status": STATUSES[a.item.status],
            "posted": ", ".join(a.channels_posted) or "–",
            "missing": ", ".join(a.channels_missing) or "–",
            "delay": a.delay_minutes,
            "reach": a.reach,
            "engagements": a.engagements,
        }
        for a in plan_vs_actual(engine, workspace, start, end)
    ]
    best = []
    if best_time:
        for ch in channels:
            result = channel_best_time(engine, workspace, ch, top=3)
            if result.posts_used:
                best.append(
                    {
                        "channel": ch.label,
                        "slots": [
                            f"{WEEKDAYS_ID[s.weekday]} {s.hour:02d}.00" for s in result.advice
                        ],
                        "posts": result.posts_used,
                        "thin": result.thin,
                    }
                )
    total_posts = sum(r.posts for r in rows)
    total_eng = sum(r.engagements for r in rows)
    prev_eng = sum(r.previous_engagements for r in rows)
    summary = [
        f"Pekan {iso.week} ({fmt_day(start)} – {fmt_day(end)}): {fmt_int(total_posts)} post dari "
        f"{fmt_int(sum(1 for r in rows if r.posts))} akun, {_reach_text(rows)}, engagement "
        f"{fmt_int(total_eng)} ({_change(total_eng, prev_eng)})."
    ]
    if rows and rows[0].engagements:
        lead = rows[0]
        rate = (
            f", ER per jangkauan {lead.engagement_rate * 100:.2f}%".replace(".", ",")
            if lead.engagement_rate is not None
            else ""
        )
        summary.append(
            f"Akun dengan engagement terbanyak: {lead.channel} ({fmt_int(lead.engagements)}{rate})."
        )
    if top:
        summary.append(
            f"Post terbaik: {top[0].channel}, {top[0].published}, {fmt_int(top[0].engagements)} "
            f"engagement — “{_excerpt(top[0].caption, 60)}”."
        )
    if goals:
        risky = [str(g["name"]) for g in goals if g["status_code"] in ("at_risk", "missed")]
        good = sum(1 for g in goals if g["status_code"] in ("on_track", "achieved"))
        text = f"Tujuan: {good} dari {len(goals)} sesuai jalur atau tercapai"
        summary.append(text + (f"; berisiko: {', '.join(risky)}." if risky else "."))
    if plan:
        done = sum(1 for p in plan if p["posted"] != "–")
        summary.append(f"Rencana konten: {done} dari {len(plan)} rencana pekan ini sudah terbit.")
    caveats = []
    silent = [r.channel for r in rows if r.posts == 0]
    if silent:
        caveats.append(
            f"Tanpa post pada pekan ini (atau ekspornya belum diimpor): {', '.join(silent)}."
        )
    if not channels:
        caveats.append("Belum ada akun resmi yang diimpor (`pantau outreach import`).")
    caveats.append(
        "Metrik post adalah angka seumur post pada hari ekspor diunduh; post di akhir pekan "
        "bisa masih bertambah."
    )
    return WeeklyReport(
        workspace_name=workspace.name,
        workspace_slug=workspace.slug,
        timezone=tz,
        week=f"{iso.year}-W{iso.week:02d}",
        start=start,
        end=end,
        generated_at=datetime.now(UTC).replace(tzinfo=None),
        version=__version__,
        summary=summary,
        channels=rows,
        top_posts=top,
        goals=goals,
        plan=plan,
        best_times=best,
        caveats=caveats,
    )


# --- tables shared by the renderers -----------------------------------------------------------


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.2f}%".replace(".", ",")


def tables(r: WeeklyReport) -> list[tuple[str, list[str], list[list]]]:
    """(title, header, rows) of every table of the report."""
    channel_rows = [
        [
            channel_name(c.channel),
            c.posts,
            UNAVAILABLE if c.reach is None else c.reach,
            UNAVAILABLE if c.views is None else c.views,
            c.engagements,
            _pct(c.engagement_rate),
            _change(c.engagements, c.previous_engagements),
            "–" if c.followers is None else n(round(c.followers)),
            "–" if c.follower_change is None else f"{c.follower_change:+,.0f}".replace(",", "."),
        ]
        for c in r.channels
    ]
    return [
        (
            "Kinerja per akun",
            ["akun", "post", "jangkauan", "tayangan", "engagement", "ER jangkauan",
             "engagement vs pekan lalu", "pengikut", "perubahan pengikut"],
            channel_rows,
        ),
        (
            "Post terbaik",
            ["akun", "waktu", "format", "caption", "jangkauan", "tayangan", "engagement"],
            [
                [channel_name(p.channel), p.published, p.post_type, p.caption,
                 UNAVAILABLE if p.reach is None else p.reach,
                 UNAVAILABLE if p.views is None else p.views,
                 p.engagements]
                for p in r.top_posts
            ],
        ),
        (
            "Tujuan dan KPI",
            ["sasaran", "tujuan", "KPI", "capaian", "target", "kemajuan", "status"],
            [
                [g["objective"], g["name"], g["kpi"], g["actual"], g["target"],
                 "–" if g["progress"] is None else f"{g['progress']}%", g["status"]]
                for g in r.goals
            ],
        ),
        (
            "Rencana vs realisasi",
            ["rencana", "jadwal", "status", "terbit di", "belum terbit", "selisih (menit)",
             "jangkauan", "engagement"],
            [
                [p["title"], p["planned"], p["status"], p["posted"], p["missing"],
                 "–" if p["delay"] is None else p["delay"],
                 UNAVAILABLE if p["reach"] is None else p["reach"], p["engagements"]]
                for p in r.plan
            ],
        ),
        (
            "Waktu unggah terbaik",
            ["akun", "tiga slot teratas", "post berwaktu"],
            [
                [channel_name(b["channel"]),
                 ", ".join(b["slots"])
                 or f"– (belum ada: perlu minimal {MIN_POSTS_FOR_ADVICE} post berwaktu)",
                 b["posts"]]
                for b in r.best_times
            ],
        ),
    ]  # fmt: skip


def _meta(r: WeeklyReport) -> list[tuple[str, str]]:
    return [
        ("Instansi", r.workspace_name),
        ("Pekan", f"{r.week}: {r.period_label}"),
        ("Dibuat", r.generated_at.strftime("%Y-%m-%d %H:%M UTC")),
        ("Perangkat lunak", f"Pantau {r.version}"),
    ]


def document(r: WeeklyReport) -> TableDocument:
    return TableDocument(
        title=TITLE,
        subtitle=f"{r.workspace_name}\nPekan {r.week}: {r.period_label}",
        meta=_meta(r),
        summary=r.summary,
        tables=tables(r),
        caveats=r.caveats,
        creator=f"Pantau {r.version}",
        footer=f"Pantau {r.version} · {r.week}",
    )


def render_xlsx(r: WeeklyReport, path: Path) -> None:
    write_xlsx(document(r), path)


def render_docx(r: WeeklyReport, path: Path) -> None:
    write_docx(document(r), path)


def render_pdf(r: WeeklyReport, path: Path) -> None:
    write_pdf(document(r), path, lambda: _engagement_chart(r))


def _engagement_chart(r: WeeklyReport) -> list:
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors
    from reportlab.lib.units import cm

    shown = [c for c in r.channels if c.engagements or c.previous_engagements][:8]
    if not shown:
        return []
    height = 1.0 * cm + 0.9 * cm * len(shown)
    drawing = Drawing(24 * cm, height + 0.8 * cm)
    chart = HorizontalBarChart()
    chart.x, chart.y = 6.5 * cm, 0.6 * cm
    chart.width, chart.height = 16 * cm, height - 0.4 * cm
    chart.data = [
        [c.previous_engagements for c in reversed(shown)],
        [c.engagements for c in reversed(shown)],
    ]
    chart.bars[0].fillColor = colors.HexColor("#BBBBBB")
    chart.bars[1].fillColor = colors.HexColor("#333333")
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = "PantauSans"
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = lambda v: n(int(v))
    chart.categoryAxis.categoryNames = [channel_name(c.channel)[:40] for c in reversed(shown)]
    chart.categoryAxis.labels.fontName = "PantauSans"
    chart.categoryAxis.labels.fontSize = 7.5
    drawing.add(chart)
    drawing.add(
        String(
            0,
            height + 0.3 * cm,
            "Engagement per akun: pekan ini (gelap) dan pekan sebelumnya (terang)",
            fontName="PantauSans-Bold",
            fontSize=9,
        )
    )
    return [drawing]


_RENDERERS = {"pdf": render_pdf, "docx": render_docx, "xlsx": render_xlsx}


def write_weekly_report(
    r: WeeklyReport, out_dir: Path, formats: tuple[str, ...] = FORMATS
) -> list[Path]:
    """Write the report in each format; returns the files (names carry the week)."""
    return write_formats(r, out_dir / r.base_name, _RENDERERS, formats)
