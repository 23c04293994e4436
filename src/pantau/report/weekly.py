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
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from pantau import __version__
from pantau.documents.fonts import register_pdf_fonts
from pantau.documents.pdf import column_widths, pdf_text
from pantau.documents.xlsx import add_table_sheets
from pantau.errors import PantauError
from pantau.io.cells import safe_row
from pantau.locale import fmt_day, fmt_int, zone_label
from pantau.outreach.besttime import MIN_POSTS_FOR_ADVICE, WEEKDAYS_ID, channel_best_time
from pantau.outreach.calendar import STATUSES, plan_vs_actual
from pantau.outreach.goals import format_value, goal_progress
from pantau.outreach.metrics import MetricsGroup, channel_metrics, engagements
from pantau.records import Workspace
from pantau.report.render import n
from pantau.store import outreach as store

# ReportLab, openpyxl, python-docx are imported inside the functions that use them,
# not when the CLI starts.

TITLE = "Laporan Kinerja Mingguan Akun Resmi"
FORMATS = ("pdf", "docx", "xlsx")
TOP_POSTS = 10
_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)


UNAVAILABLE = "– (tidak tersedia)"  # a metric the platform's export does not report


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
    total_reach = sum(r.reach or 0 for r in rows)
    prev_eng = sum(r.previous_engagements for r in rows)
    prev_reach = sum(r.previous_reach for r in rows)
    summary = [
        f"Pekan {iso.week} ({fmt_day(start)} – {fmt_day(end)}): {fmt_int(total_posts)} post dari "
        f"{fmt_int(sum(1 for r in rows if r.posts))} akun, jangkauan {fmt_int(total_reach)} "
        f"({_change(total_reach, prev_reach)} dari pekan sebelumnya), engagement "
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
            c.channel,
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
                [p.channel, p.published, p.post_type, p.caption,
                 "–" if p.reach is None else p.reach, "–" if p.views is None else p.views,
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
                 "–" if p["delay"] is None else p["delay"], p["reach"], p["engagements"]]
                for p in r.plan
            ],
        ),
        (
            "Waktu unggah terbaik",
            ["akun", "tiga slot teratas", "post berwaktu"],
            [
                [b["channel"],
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


def _cell(value: object) -> str:
    return n(value) if isinstance(value, int) else str(value)


# --- XLSX -----------------------------------------------------------------------------------


def render_xlsx(r: WeeklyReport, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Ringkasan"
    ws.append([TITLE])
    ws["A1"].font = Font(bold=True, size=14)
    for key, value in _meta(r):
        ws.append(safe_row([key, value]))
    ws.append([])
    for heading, lines in (("Ringkasan", r.summary), ("Catatan", r.caveats)):
        ws.append([heading])
        ws.cell(ws.max_row, 1).font = Font(bold=True)
        for line in lines:
            ws.append(safe_row([line]))
        ws.append([])
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 90
    add_table_sheets(wb, tables(r))
    wb.properties.title = f"{TITLE} {r.week}"
    wb.properties.creator = f"Pantau {r.version}"
    wb.save(path)


# --- DOCX -----------------------------------------------------------------------------------


def render_docx(r: WeeklyReport, path: Path) -> None:
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    doc.core_properties.title = f"{TITLE} {r.week}"
    doc.core_properties.author = f"Pantau {r.version}"
    doc.add_heading(TITLE, level=0)
    doc.add_paragraph(f"{r.workspace_name}\nPekan {r.week}: {r.period_label}")
    doc.add_heading("Ringkasan", level=1)
    for sentence in r.summary:
        doc.add_paragraph(sentence)
    for title, header, rows in tables(r):
        doc.add_heading(title, level=1)
        if not rows:
            doc.add_paragraph("–")
            continue
        table = doc.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
        for row in rows:
            for cell, value in zip(table.add_row().cells, row, strict=True):
                cell.text = _cell(value)
    doc.add_heading("Catatan", level=1)
    for caveat in r.caveats:
        doc.add_paragraph(caveat, style="List Bullet")
    doc.styles["Normal"].font.size = Pt(9)
    doc.save(str(path))


# --- PDF ------------------------------------------------------------------------------------


def render_pdf(r: WeeklyReport, path: Path) -> None:
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    register_pdf_fonts()
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["BodyText"], fontName="PantauSans", fontSize=9.5)
    small = ParagraphStyle("small", parent=body, fontSize=7.5, leading=9)
    h1 = ParagraphStyle("h1", parent=base["Title"], fontName="PantauSans-Bold", fontSize=17)
    h2 = ParagraphStyle("h2", parent=base["Heading2"], fontName="PantauSans-Bold")
    e = pdf_text
    page = landscape(A4)
    story: list = [
        Paragraph(e(TITLE), h1),
        Paragraph(f"<b>{e(r.workspace_name)}</b> — pekan {e(r.week)}: {e(r.period_label)}", body),
        Spacer(1, 0.3 * cm),
        Paragraph("Ringkasan", h2),
        *(Paragraph(e(s), body) for s in r.summary),
    ]
    shown = [c for c in r.channels if c.engagements or c.previous_engagements][:8]
    if shown:
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
        chart.categoryAxis.categoryNames = [c.channel[:40] for c in reversed(shown)]
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
        story += [Spacer(1, 0.3 * cm), drawing]
    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDDDDD")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )
    for title, header, rows in [*tables(r), ("Catatan", ["catatan"], [[c] for c in r.caveats])]:
        story.append(Paragraph(e(title), h2))
        if not rows:
            story.append(Paragraph("–", body))
            continue
        data = [[Paragraph(f"<b>{e(h)}</b>", small) for h in header]]
        data += [[Paragraph(e(_cell(c)), small) for c in row] for row in rows]
        # column widths follow the text they hold (long captions get the room)
        sizes = [
            max(8, len(h) + 2, *(min(60, len(_cell(row[i]))) for row in rows))
            for i, h in enumerate(header)
        ]
        widths = column_widths(header, sizes, page[0] - 3 * cm, small.fontSize)
        table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(grid)
        story.append(table)

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("PantauSans", 7)
        canvas.drawString(1.5 * cm, 1 * cm, f"Pantau {r.version} · {r.week} · halaman {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        str(path),
        pagesize=page,
        title=f"{TITLE} {r.week}",
        author=f"Pantau {r.version}",
        leftMargin=1.5 * cm,
        rightMargin=1.5 * cm,
        topMargin=1.3 * cm,
        bottomMargin=1.6 * cm,
    )
    doc.build(story, onFirstPage=footer, onLaterPages=footer)


_RENDERERS = {"pdf": render_pdf, "docx": render_docx, "xlsx": render_xlsx}


def write_weekly_report(
    r: WeeklyReport, out_dir: Path, formats: tuple[str, ...] = FORMATS
) -> list[Path]:
    """Write the report in each format; returns the files (names carry the week)."""
    unknown = [f for f in formats if f not in _RENDERERS]
    if unknown:
        raise PantauError(
            f"format laporan tidak dikenal: {', '.join(unknown)} (pilih {', '.join(FORMATS)})"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        path = out_dir / f"{r.base_name}.{fmt}"
        _RENDERERS[fmt](r, path)
        written.append(path)
    return written
