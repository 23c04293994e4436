"""Render a :class:`~pantau.report.daily.DailyReport` as HTML, XLSX, DOCX, PDF and a PNG
*kartu isu* for WhatsApp, and write them with a JSON manifest (parameters, window, version,
input hash) so reports can be listed again. Every renderer only formats the report's data,
in the report's language (``report.lang``: headings, labels, numbers and the file names)."""

from __future__ import annotations

import html
import io
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from PIL import Image, ImageDraw, ImageFont

from pantau.documents.card import badge_line, wrap_lines
from pantau.documents.fonts import font_files, register_pdf_fonts
from pantau.documents.pdf import column_widths, pdf_text
from pantau.documents.tabledoc import add_docx_table
from pantau.documents.xlsx import add_table_sheets
from pantau.errors import PantauError
from pantau.io.cells import safe_row
from pantau.locale import fmt_int
from pantau.report.daily import DailyReport, IssueItem, pct, platform_name, term

# ReportLab, openpyxl, python-docx are imported inside the functions that use them,
# not when the CLI starts.

FORMATS = ("pdf", "docx", "xlsx", "html", "png")
TITLE = "Laporan Harian Monitoring Isu"
MANIFEST_SUFFIX = ".manifest.json"
TREND_ID = {"naik": "▲ naik", "turun": "▼ turun", "stabil": "= stabil", "baru": "● baru"}
TREND_MARK = {"naik": "▲", "turun": "▼", "stabil": "=", "baru": "●"}

# Every fixed word the formats print, per language.
LABELS: dict[str, dict[str, str]] = {
    "id": {
        "title": TITLE,
        "stem": "laporan-harian",
        "period": "Periode",
        "summary": "Ringkasan Eksekutif",
        "summary_sheet": "Ringkasan",
        "summary_lower": "Ringkasan eksekutif",
        "coverage": "Catatan Cakupan",
        "coverage_lower": "Catatan cakupan",
        "top_issues": "Isu Teratas",
        "no_issues": "Tidak ada isu pada periode ini.",
        "priority": "Prioritas {priority}",
        "stage": ", tahap {stage}. ",
        "notes": "Keterangan",
        "volume_line": "{today} hari ini, {previous} kemarin ({trend}); total {posts}",
        "accounts": "{count} akun",
        "anonymous": "anonim",
        "posts_short": "{count} post",
        "clarification": "Klarifikasi",
        "l_volume": "Volume",
        "l_sentiment": "Sentimen",
        "l_representative": "Unggahan representatif",
        "l_summary": "Ringkasan",
        "l_terms": "Kata kunci",
        "l_actors": "Aktor kunci",
        "l_hoax": "Hoaks yang dikenal",
        "l_response": "Saran respons",
        "h_id": "ID",
        "h_issue": "Isu",
        "h_priority": "Prioritas",
        "h_stage": "Tahap",
        "h_why": "Alasan",
        "h_posts_today": "Unggahan hari ini",
        "h_yesterday": "Kemarin",
        "h_trend": "Tren",
        "h_accounts": "Akun",
        "h_platform": "Platform",
        "h_posts": "Unggahan",
        "h_previous_day": "Hari sebelumnya",
        "h_topic": "Topik",
        "h_category": "Kategori",
        "h_today": "Hari ini",
        "h_change": "Perubahan",
        "h_share_of_voice": "Pangsa",
        "h_share": "Porsi",
        "h_hour": "Jam",
        "t_sources": "Sumber",
        "t_topics": "Tren Topik",
        "t_share_of_voice": "Pangsa Percakapan",
        "t_sentiment": "Sentimen",
        "t_hourly": "Volume per Jam ({zone})",
        "t_narratives": "Narasi Tunggal (rilis 7 hari terakhir)",
        "h_narrative": "Narasi",
        "h_released": "Rilis",
        "h_adoption": "Adopsi",
        "h_median_delay": "Median jeda",
        "h_not_posted": "Belum memposting",
        "h_summary": "Ringkasan",
        "t_agenda": "Agenda Institusi vs Agenda Publik (7 hari)",
        "h_finding": "Temuan",
        "t_gaps": "Celah Agenda",
        "h_kind": "Jenis",
        "h_agenda_issue": "Agenda/isu",
        "h_action": "Tindakan",
        "m_workspace": "Workspace",
        "m_day": "Tanggal laporan",
        "m_period": "Periode",
        "m_sources": "Sumber",
        "m_total": "Total unggahan",
        "m_negative": "Sentimen negatif",
        "m_urgent": "Isu prioritas segera",
        "m_version": "Versi Pantau",
        "m_hash": "Hash masukan (SHA-256)",
        "yesterday": "{value} (kemarin {previous})",
        "chart": "Volume unggahan per jam ({zone})",
        "footer": "Pantau {version} · hash masukan {hash}… · halaman {page}",
        "card": "KARTU ISU HARIAN",
        "card_total": "{posts} unggahan · negatif {negative}",
        "card_no_base": "belum ada pembanding",
        "card_previous": "kemarin {posts} · negatif {negative}",
        "card_top": "3 ISU TERATAS",
        "card_facts": "{today} unggahan hari ini · total {posts} · negatif {negative}",
        "card_sentiment": "SENTIMEN KESELURUHAN",
        "card_no_sentiment": "belum ada data sentimen",
        "card_footer": "Pantau {version} · periode s.d. {end} {zone}",
    },
    "en": {
        "title": "Daily Issue Monitoring Report",
        "stem": "daily-report",
        "period": "Period",
        "summary": "Executive Summary",
        "summary_sheet": "Summary",
        "summary_lower": "Executive summary",
        "coverage": "Coverage Notes",
        "coverage_lower": "Coverage notes",
        "top_issues": "Top Issues",
        "no_issues": "No issues in this period.",
        "priority": "Priority: {priority}",
        "stage": ", stage: {stage}. ",
        "notes": "About This Report",
        "volume_line": "{today} today, {previous} yesterday ({trend}); total {posts}",
        "accounts": "{count} account{count_s}",
        "anonymous": "anonymous",
        "posts_short": "{count} post{count_s}",
        "clarification": "Clarification",
        "l_volume": "Volume",
        "l_sentiment": "Sentiment",
        "l_representative": "Representative post",
        "l_summary": "Summary",
        "l_terms": "Key terms",
        "l_actors": "Key actors",
        "l_hoax": "Known hoax",
        "l_response": "Suggested response",
        "h_id": "ID",
        "h_issue": "Issue",
        "h_priority": "Priority",
        "h_stage": "Stage",
        "h_why": "Why",
        "h_posts_today": "Posts today",
        "h_yesterday": "Yesterday",
        "h_trend": "Trend",
        "h_accounts": "Accounts",
        "h_platform": "Platform",
        "h_posts": "Posts",
        "h_previous_day": "Previous day",
        "h_topic": "Topic",
        "h_category": "Category",
        "h_today": "Today",
        "h_change": "Change",
        "h_share_of_voice": "Share",
        "h_share": "Share",
        "h_hour": "Hour",
        "t_sources": "Sources",
        "t_topics": "Topic Trends",
        "t_share_of_voice": "Share of Voice",
        "t_sentiment": "Sentiment",
        "t_hourly": "Volume per Hour ({zone})",
        "t_narratives": "Single Narrative (released in the last 7 days)",
        "h_narrative": "Narrative",
        "h_released": "Released",
        "h_adoption": "Adoption",
        "h_median_delay": "Median delay",
        "h_not_posted": "Not posted yet",
        "h_summary": "Summary",
        "t_agenda": "Institution Agenda vs Public Agenda (7 days)",
        "h_finding": "Finding",
        "t_gaps": "Agenda Gaps",
        "h_kind": "Kind",
        "h_agenda_issue": "Agenda item/issue",
        "h_action": "Action",
        "m_workspace": "Workspace",
        "m_day": "Report date",
        "m_period": "Period",
        "m_sources": "Sources",
        "m_total": "Total posts",
        "m_negative": "Negative sentiment",
        "m_urgent": "Urgent issues",
        "m_version": "Pantau version",
        "m_hash": "Input hash (SHA-256)",
        "yesterday": "{value} (yesterday {previous})",
        "chart": "Posts per hour ({zone})",
        "footer": "Pantau {version} · input hash {hash}… · page {page}",
        "card": "DAILY ISSUE CARD",
        "card_total": "{posts} post{posts_s} · negative {negative}",
        "card_no_base": "no comparison yet",
        "card_previous": "yesterday {posts} · negative {negative}",
        "card_top": "TOP 3 ISSUES",
        "card_facts": "{today} post{today_s} today · total {posts} · negative {negative}",
        "card_sentiment": "OVERALL SENTIMENT",
        "card_no_sentiment": "no sentiment data yet",
        "card_footer": "Pantau {version} · period until {end} {zone}",
    },
}


def n(value: int | float, lang: str = "id") -> str:
    return fmt_int(value, lang)


def label(lang: str, key: str, **values: object) -> str:
    """The fixed text ``key`` of :data:`LABELS` in ``lang``; integers are formatted for the
    language and each integer ``x`` also gives ``x_s`` for English plurals."""
    fields: dict[str, object] = {}
    for name, value in values.items():
        if isinstance(value, int) and not isinstance(value, bool):
            fields[name] = fmt_int(value, lang)
            fields[f"{name}_s"] = "" if value == 1 else "s"
        else:
            fields[name] = value
    words = LABELS.get(lang, LABELS["id"])
    return words[key].format(**fields) if fields else words[key]


def _lang(report: DailyReport) -> str:
    return report.lang if report.lang in LABELS else "id"


def base_name(report: DailyReport) -> str:
    return f"{label(_lang(report), 'stem')}-{report.workspace}-{report.day}"


def trend_text(trend: str, lang: str = "id") -> str:
    """``▲ naik`` / ``▲ rising``."""
    if lang == "id":
        return TREND_ID.get(trend, trend)
    return f"{TREND_MARK[trend]} {term('trend', trend, lang)}" if trend in TREND_MARK else trend


def _sentiment_text(sentiment: dict[str, int], lang: str = "id") -> str:
    total = sum(sentiment.values())
    if not total:
        return "–"
    parts = [
        f"{term('sentiment', s, lang)} {pct(c / total, lang)}"
        for s, c in sorted(sentiment.items(), key=lambda kv: -kv[1])
    ]
    return ", ".join(parts)


def _volume_text(item: IssueItem, lang: str = "id") -> str:
    return label(
        lang,
        "volume_line",
        today=item.posts_today,
        previous=item.posts_previous,
        trend=trend_text(item.trend, lang),
        posts=item.posts,
    )


def _rep_text(item: IssueItem, lang: str = "id") -> str:
    rep = item.representative
    if not rep:
        return "–"
    who = f"@{rep['author']}" if rep.get("author") else label(lang, "anonymous")
    platform = platform_name(rep["platform"], lang) if rep.get("platform") else "?"
    return f"{who} ({platform}): {rep.get('text') or ''}"


def _actors_text(item: IssueItem, lang: str = "id") -> str:
    return ", ".join(
        f"@{a['handle']} ({platform_name(a['platform'], lang)}, "
        f"{label(lang, 'posts_short', count=a['posts'])})"
        for a in item.actors
    )


def _hoax_text(item: IssueItem, lang: str = "id") -> str:
    h = item.hoax or {}  # called for items that carry a hoax
    text = f"{h['verdict']}: «{h['claim']}» ({label(lang, 'posts_short', count=h['posts'])})"
    if h.get("clarification"):
        text += f". {label(lang, 'clarification')}: {h['clarification']}"
    if h.get("source_url"):
        text += f" — {h['source_url']}"
    return text


def _issue_lines(item: IssueItem, lang: str = "id") -> list[tuple[str, str]]:
    """The labelled lines every format shows under an issue's heading."""
    accounts = label(lang, "accounts", count=item.unique_authors)
    lines = [(label(lang, "l_summary"), item.summary)] if item.summary else []
    if item.key_terms:
        lines.append((label(lang, "l_terms"), ", ".join(item.key_terms)))
    lines += [
        (label(lang, "l_volume"), f"{_volume_text(item, lang)}; {accounts}"),
        (label(lang, "l_sentiment"), _sentiment_text(item.sentiment, lang)),
        (label(lang, "l_representative"), _rep_text(item, lang)),
    ]
    if item.actors:
        lines.append((label(lang, "l_actors"), _actors_text(item, lang)))
    if item.hoax:
        lines.append((label(lang, "l_hoax"), _hoax_text(item, lang)))
    lines.append((label(lang, "l_response"), item.suggested_response))
    return lines


def _headline(item: IssueItem, lang: str = "id") -> tuple[str, str]:
    """The issue's first line in two parts: the (bold) priority, then stage and why."""
    return (
        label(lang, "priority", priority=term("priority", item.priority, lang)),
        label(lang, "stage", stage=term("stage", item.stage, lang)) + item.why,
    )


# Tables shared by the formats: (title, header, rows).
def _tables(r: DailyReport) -> list[tuple[str, list[str], list[list]]]:
    lang = _lang(r)
    t = lambda key, **values: label(lang, key, **values)  # noqa: E731
    issues = [
        [
            i.id,
            i.label,
            term("priority", i.priority, lang),
            term("stage", i.stage, lang),
            i.why,
            i.posts_today,
            i.posts_previous,
            term("trend", i.trend, lang),
            i.unique_authors,
            _sentiment_text(i.sentiment, lang),
            _rep_text(i, lang),
            _actors_text(i, lang),
            _hoax_text(i, lang) if i.hoax else "",
            i.suggested_response,
        ]
        for i in r.issues
    ]
    sources = [[s.name, s.posts, s.previous] for s in r.sources]
    topics = [
        [
            tp.name,
            tp.category,
            tp.today,
            tp.previous,
            pct(tp.change, lang) if tp.change is not None else "–",
        ]
        for tp in r.topics
    ]
    sov = [[tp.name, tp.today, pct(tp.share, lang)] for tp in r.topics if tp.today]
    total = sum(r.sentiment.values())
    sentiment = [
        [
            term("sentiment", s, lang),
            c,
            pct(c / total, lang) if total else "–",
            r.previous_sentiment.get(s, 0),
        ]
        for s, c in r.sentiment.items()
    ]
    hourly = [[hour, c] for hour, c in r.hourly]
    return [
        (
            t("top_issues"),
            [
                t("h_id"),
                t("h_issue"),
                t("h_priority"),
                t("h_stage"),
                t("h_why"),
                t("h_posts_today"),
                t("h_yesterday"),
                t("h_trend"),
                t("h_accounts"),
                t("l_sentiment"),
                t("l_representative"),
                t("l_actors"),
                t("l_hoax"),
                t("l_response"),
            ],
            issues,
        ),
        (t("t_sources"), [t("h_platform"), t("h_posts"), t("h_previous_day")], sources),
        (
            t("t_topics"),
            [t("h_topic"), t("h_category"), t("h_today"), t("h_yesterday"), t("h_change")],
            topics,
        ),
        (t("t_share_of_voice"), [t("h_topic"), t("h_posts"), t("h_share_of_voice")], sov),
        (
            t("t_sentiment"),
            [t("l_sentiment"), t("h_posts"), t("h_share"), t("h_yesterday")],
            sentiment,
        ),
        (t("t_hourly", zone=r.zone), [t("h_hour"), t("h_posts")], hourly),
        *_agenda_tables(r),
    ]


GAP_KIND = {
    "dorong": "dorong konten",
    "tanggapi": "pertimbangkan menanggapi",
    "sentimen": "sentimen memburuk",
}
GAP_KIND_EN = {
    "dorong": "push content",
    "tanggapi": "consider responding",
    "sentimen": "sentiment worsening",
}


def _agenda_tables(r: DailyReport) -> list[tuple[str, list[str], list[list]]]:
    """Narasi tunggal and agenda sections, only when the workspace uses them (their
    sentences come from :mod:`pantau.agenda` and stay in Indonesian)."""
    lang = _lang(r)
    t = lambda key: label(lang, key)  # noqa: E731
    kinds = GAP_KIND_EN if lang == "en" else GAP_KIND
    out: list[tuple[str, list[str], list[list]]] = []
    if r.narratives:
        out.append(
            (
                t("t_narratives"),
                [
                    t("h_narrative"),
                    t("h_released"),
                    t("h_adoption"),
                    t("h_median_delay"),
                    t("h_not_posted"),
                    t("h_summary"),
                ],
                [
                    [
                        k["title"],
                        k["released"],
                        k["adoption"],
                        k["median_delay"],
                        k["not_posted"] or "–",
                        " ".join(k["summary"]),
                    ]
                    for k in r.narratives
                ],
            )
        )
    if r.agenda_summary or r.agenda_gaps:
        out.append((t("t_agenda"), [t("h_finding")], [[s] for s in r.agenda_summary]))
        out.append(
            (
                t("t_gaps"),
                [t("h_kind"), t("h_agenda_issue"), t("h_why"), t("h_action")],
                [
                    [kinds.get(g["kind"], g["kind"]), g["label"], g["why"], g["action"]]
                    for g in r.agenda_gaps
                ],
            )
        )
    return out


def _meta_rows(r: DailyReport) -> list[tuple[str, str]]:
    lang = _lang(r)
    t = lambda key, **values: label(lang, key, **values)  # noqa: E731
    return [
        (t("m_workspace"), f"{r.workspace_name} ({r.workspace})"),
        (t("m_day"), r.day_label),
        (t("m_period"), r.period_label),
        (
            t("m_sources"),
            ", ".join(f"{s.name} ({n(s.posts, lang)})" for s in r.sources) or "–",
        ),
        (
            t("m_total"),
            t("yesterday", value=n(r.total_posts, lang), previous=n(r.previous_posts, lang)),
        ),
        (
            t("m_negative"),
            t(
                "yesterday",
                value=pct(r.negative_share, lang),
                previous=pct(r.previous_negative_share, lang),
            ),
        ),
        (t("m_urgent"), n(r.issues_segera, lang)),
        (t("m_version"), r.version),
        (t("m_hash"), r.input_hash),
    ]


# --- HTML -----------------------------------------------------------------------------------


def render_html(r: DailyReport) -> str:
    e = html.escape
    lang = _lang(r)
    t = lambda key: label(lang, key)  # noqa: E731
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        f"<title>{e(t('title'))} — {e(r.workspace_name)} — {e(r.day)}</title>",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;"
        "padding:0 1rem;color:#222}table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}"
        "th,td{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;vertical-align:top}"
        "th{background:#eee}.caveat{background:#fff4e5;border-left:4px solid #e69500;"
        "padding:.5rem 1rem}.meta td:first-child{font-weight:bold;width:14rem}"
        ".seg{font-weight:bold;color:#a00}small{color:#666}</style></head><body>",
        f"<h1>{e(t('title'))}</h1>",
        f"<p><strong>{e(r.workspace_name)}</strong> — {e(r.day_label)}<br>"
        f"{e(t('period'))}: {e(r.period_label)}</p>",
        f"<h2>{e(t('summary'))}</h2>",
        *(f"<p>{e(s)}</p>" for s in r.summary),
    ]
    if r.caveats:
        parts.append(f'<h2>{e(t("coverage"))}</h2><div class="caveat"><ul>')
        parts.extend(f"<li>{e(c)}</li>" for c in r.caveats)
        parts.append("</ul></div>")
    parts.append(f"<h2>{e(t('top_issues'))}</h2>")
    if not r.issues:
        parts.append(f"<p>{e(t('no_issues'))}</p>")
    for i in r.issues:
        cls = ' class="seg"' if i.priority == "segera" else ""
        priority, rest = _headline(i, lang)
        parts.append(
            f"<h3>#{i.id} {e(i.label)}</h3><p><span{cls}>{e(priority)}</span>{e(rest)}</p><ul>"
            + "".join(f"<li>{e(k)}: {e(text)}</li>" for k, text in _issue_lines(i, lang))
            + "</ul>"
        )
    for title, header, rows in _tables(r)[1:]:
        parts.append(f"<h2>{e(title)}</h2>")
        if not rows:
            parts.append("<p>–</p>")
            continue
        parts.append("<table><tr>" + "".join(f"<th>{e(h)}</th>" for h in header) + "</tr>")
        for row in rows:
            cells = (n(c, lang) if isinstance(c, int) else str(c) for c in row)
            parts.append("<tr>" + "".join(f"<td>{e(c)}</td>" for c in cells) + "</tr>")
        parts.append("</table>")
    parts.append(f'<h2>{e(t("notes"))}</h2><table class="meta">')
    parts.extend(f"<tr><td>{e(k)}</td><td>{e(v)}</td></tr>" for k, v in _meta_rows(r))
    parts.append("</table></body></html>")
    return "\n".join(parts) + "\n"


# --- XLSX -----------------------------------------------------------------------------------


def render_xlsx(r: DailyReport, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    t = lambda key: label(_lang(r), key)  # noqa: E731
    wb = Workbook()
    ws = wb.active
    ws.title = t("summary_sheet")
    ws.append([t("title")])
    ws["A1"].font = Font(bold=True, size=14)
    for key, value in _meta_rows(r):
        ws.append(safe_row([key, value]))
    ws.append([])
    ws.append([t("summary_lower")])
    ws.cell(ws.max_row, 1).font = Font(bold=True)
    for sentence in r.summary:
        ws.append(safe_row([sentence]))
    if r.caveats:
        ws.append([])
        ws.append([t("coverage_lower")])
        ws.cell(ws.max_row, 1).font = Font(bold=True)
        for caveat in r.caveats:
            ws.append(safe_row([caveat]))
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 80
    add_table_sheets(wb, _tables(r))
    wb.properties.title = f"{t('title')} {r.day}"
    wb.properties.creator = f"Pantau {r.version}"
    wb.save(path)


# --- DOCX -----------------------------------------------------------------------------------


def render_docx(r: DailyReport, path: Path) -> None:
    from docx import Document
    from docx.shared import Pt

    lang = _lang(r)
    t = lambda key: label(lang, key)  # noqa: E731
    doc = Document()
    doc.core_properties.title = f"{t('title')} {r.day}"
    doc.core_properties.author = f"Pantau {r.version}"
    doc.add_heading(t("title"), level=0)
    doc.add_paragraph(f"{r.workspace_name} — {r.day_label}\n{t('period')}: {r.period_label}")
    doc.add_heading(t("summary"), level=1)
    for sentence in r.summary:
        doc.add_paragraph(sentence)
    if r.caveats:
        doc.add_heading(t("coverage"), level=1)
        for caveat in r.caveats:
            doc.add_paragraph(caveat, style="List Bullet")
    doc.add_heading(t("top_issues"), level=1)
    if not r.issues:
        doc.add_paragraph(t("no_issues"))
    for i in r.issues:
        doc.add_heading(f"#{i.id} {i.label}", level=2)
        p = doc.add_paragraph()
        priority, rest = _headline(i, lang)
        p.add_run(priority).bold = True
        p.add_run(rest)
        for key, text in _issue_lines(i, lang):
            item = doc.add_paragraph(style="List Bullet")
            item.add_run(f"{key}: ").bold = True
            item.add_run(text)
    for table in _tables(r)[1:]:
        add_docx_table(doc, table, lambda v: n(v, lang) if isinstance(v, int) else str(v))
    doc.add_heading(t("notes"), level=1)
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for key, value in _meta_rows(r):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = key, value
    doc.styles["Normal"].font.size = Pt(10)
    doc.save(str(path))


# --- PDF ------------------------------------------------------------------------------------


def render_pdf(r: DailyReport, path: Path) -> None:
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import (
        CondPageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    register_pdf_fonts()
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["BodyText"], fontName="PantauSans", fontSize=9.5)
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10)
    h1 = ParagraphStyle("h1", parent=base["Title"], fontName="PantauSans-Bold", fontSize=18)
    h2 = ParagraphStyle("h2", parent=base["Heading2"], fontName="PantauSans-Bold")
    h3 = ParagraphStyle("h3", parent=base["Heading3"], fontName="PantauSans-Bold")
    e = pdf_text  # Paragraph takes a small markup language: escape the data (and drop emoji)
    lang = _lang(r)
    t = lambda key, **values: label(lang, key, **values)  # noqa: E731

    story: list = [
        Paragraph(e(t("title")), h1),
        Paragraph(
            f"<b>{e(r.workspace_name)}</b> — {e(r.day_label)}<br/>"
            f"{e(t('period'))}: {e(r.period_label)}",
            body,
        ),
        Spacer(1, 0.3 * cm),
        Paragraph(e(t("summary")), h2),
        *(Paragraph(e(s), body) for s in r.summary),
    ]
    if r.caveats:
        story.append(Paragraph(e(t("coverage")), h2))
        story.extend(Paragraph(f"• {e(c)}", body) for c in r.caveats)

    # Bar chart: volume per hour (local), dark grey bars that print well in grey.
    labels = [label for label, _ in r.hourly]
    values = [c for _, c in r.hourly] or [0]
    drawing = Drawing(17 * cm, 6 * cm)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 1.2 * cm, 1.0 * cm, 15.5 * cm, 4.2 * cm
    chart.data = [values]
    chart.bars[0].fillColor = colors.HexColor("#444444")
    chart.bars[0].strokeColor = colors.black
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(1, max(values)) * 1.1
    chart.valueAxis.labels.fontName = "PantauSans"
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = lambda v: n(int(v), lang)
    chart.categoryAxis.categoryNames = [lab if i % 3 == 0 else "" for i, lab in enumerate(labels)]
    chart.categoryAxis.labels.fontName = "PantauSans"
    chart.categoryAxis.labels.fontSize = 7
    drawing.add(chart)
    drawing.add(
        String(
            1.2 * cm,
            5.5 * cm,
            t("chart", zone=r.zone),
            fontName="PantauSans-Bold",
            fontSize=9,
        )
    )
    story += [Spacer(1, 0.3 * cm), drawing]

    story.append(Paragraph(e(t("top_issues")), h2))
    if not r.issues:
        story.append(Paragraph(e(t("no_issues")), body))
    for i in r.issues:
        story.append(Paragraph(f"#{i.id} {e(i.label)}", h3))
        priority, rest = _headline(i, lang)
        story.append(Paragraph(f"<b>{e(priority)}</b>{e(rest)}", body))
        for key, text in _issue_lines(i, lang):
            story.append(Paragraph(f"• <b>{e(key)}:</b> {e(text)}", body))

    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDDDDD")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )
    wide = {title for title, _h, _r in _agenda_tables(r)}  # long text: share the page width
    sections: list[tuple[str, list[str], Sequence[Sequence[object]]]] = [
        *_tables(r)[1:5],
        *_agenda_tables(r),
        (t("notes"), ["", ""], _meta_rows(r)),
    ]
    for title, header, rows in sections:
        story.append(CondPageBreak(4 * cm))  # no heading alone at the foot of a page
        story.append(Paragraph(e(title), h2))
        if not rows:
            story.append(Paragraph("–", body))
            continue
        data = [[Paragraph(f"<b>{e(h)}</b>", small) for h in header]]
        data += [
            [Paragraph(e(n(c, lang) if isinstance(c, int) else str(c)), small) for c in row]
            for row in rows
        ]
        text_width = A4[0] - 3 * cm  # page less the side margins
        sizes = [
            1.0
            if title in wide
            else max(8, len(h) + 2, *(min(60, len(str(row[i]))) for row in rows))
            for i, h in enumerate(header)
        ]
        widths = column_widths(header, sizes, text_width, small.fontSize)
        table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(grid)
        story.append(table)

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("PantauSans", 7)
        canvas.drawString(
            1.5 * cm,
            1 * cm,
            t("footer", version=r.version, hash=r.input_hash[:16], page=doc.page),
        )
        canvas.restoreState()

    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        title=f"{t('title')} {r.day}",
        lang=lang,
        author=f"Pantau {r.version}",
        leftMargin=1.5 * cm,
        rightMargin=1.5 * cm,
        topMargin=1.5 * cm,
        bottomMargin=1.6 * cm,
    )
    doc.build(story, onFirstPage=footer, onLaterPages=footer)


# --- PNG kartu isu --------------------------------------------------------------------------

CARD_SIZE = (1080, 1350)
PRIORITY_FILL = {"segera": "#B00020", "perlu perhatian": "#B26A00", "pantau": "#3D5A80"}


def render_png(r: DailyReport, path: Path) -> None:

    regular, bold = font_files()
    font = lambda size, b=False: ImageFont.truetype(bold if b else regular, size)  # noqa: E731
    lang = _lang(r)
    t = lambda key, **values: label(lang, key, **values)  # noqa: E731
    img = Image.new("RGB", CARD_SIZE, "white")
    d = ImageDraw.Draw(img)
    W, margin = CARD_SIZE[0], 60
    d.rectangle([0, 0, W, 230], fill="#1F2937")
    d.text((margin, 45), t("card"), font=font(34, True), fill="#FBBF24")
    d.text((margin, 95), r.workspace_name[:40], font=font(44, True), fill="white")
    d.text((margin, 158), r.day_label, font=font(36), fill="#E5E7EB")
    y = 265
    d.text(
        (margin, y),
        t("card_total", posts=r.total_posts, negative=pct(r.negative_share, lang)),
        font=font(40, True),
        fill="#111827",
    )
    y += 60
    change = (
        t("card_no_base")
        if not r.previous_posts
        else t(
            "card_previous",
            posts=r.previous_posts,
            negative=pct(r.previous_negative_share, lang),
        )
    )
    d.text((margin, y), change, font=font(32), fill="#4B5563")
    y += 75
    d.text((margin, y), t("card_top"), font=font(34, True), fill="#111827")
    y += 55
    if not r.issues:
        d.text((margin, y), t("no_issues"), font=font(36), fill="#111827")
        y += 60
    for rank, i in enumerate(r.issues[:3], start=1):
        fill = PRIORITY_FILL.get(i.priority, "#374151")
        top = y
        badge = term("priority", i.priority, lang).upper()
        beside = f"{term('stage', i.stage, lang)} · {trend_text(i.trend, lang)}"
        badge_line(d, margin, y, badge, fill, beside, font(28), font(28, True))
        y += 60
        for line in wrap_lines(d, f"{rank}. {i.label}", font(40, True), W - 2 * margin, 2):
            d.text((margin, y), line, font=font(40, True), fill="#111827")
            y += 48
        gist = i.summary.split(". ")[0].rstrip(".") if i.summary else ""
        for line in wrap_lines(d, gist, font(27), W - 2 * margin, 1):
            d.text((margin, y + 2), line, font=font(27), fill="#4B5563")
            y += 38
        facts = t(
            "card_facts",
            today=i.posts_today,
            posts=i.posts,
            negative=pct(i.negative_share, lang),
        )
        d.text((margin, y + 4), facts, font=font(32), fill="#374151")
        y += 60
        d.line([margin, y + 10, W - margin, y + 10], fill="#D1D5DB", width=3)
        y += 30
        if y - top < 0:  # pragma: no cover - layout guard
            break
    # Overall sentiment bar.
    total = sum(r.sentiment.values())
    y = max(y, CARD_SIZE[1] - 300)
    d.text((margin, y), t("card_sentiment"), font=font(30, True), fill="#111827")
    y += 50
    x, bar_w = margin, W - 2 * margin
    shades = {"positive": "#2E7D32", "neutral": "#9CA3AF", "negative": "#B00020"}
    legend = []
    for s in ("positive", "neutral", "negative", "unknown"):
        c = r.sentiment.get(s, 0)
        if not c or not total:
            continue
        w = round(bar_w * c / total)
        d.rectangle([x, y, x + w, y + 44], fill=shades.get(s, "#E5E7EB"))
        x += w
        legend.append(f"{term('sentiment', s, lang)} {pct(c / total, lang)}")
    if not total:
        d.rectangle([x, y, x + bar_w, y + 44], outline="#9CA3AF", width=3)
        legend.append(t("card_no_sentiment"))
    y += 60
    for line in wrap_lines(d, " · ".join(legend), font(30), bar_w, 2):
        d.text((margin, y), line, font=font(30), fill="#111827")
        y += 40
    d.text(
        (margin, CARD_SIZE[1] - 45),
        t("card_footer", version=r.version, end=r.end_local[11:16], zone=r.zone),
        font=font(24),
        fill="#6B7280",
    )
    img.save(path, format="PNG", optimize=True)


# --- writing --------------------------------------------------------------------------------


def _write_html(report: DailyReport, path: Path) -> None:
    path.write_text(render_html(report), "utf-8")


def _write_text(text: str) -> Callable[[DailyReport, Path], None]:
    def write(_report: DailyReport, path: Path) -> None:
        path.write_text(text, "utf-8")

    return write


def parse_formats(value: str | Iterable[str]) -> tuple[str, ...]:
    items = value.split(",") if isinstance(value, str) else list(value)
    found = []
    for item in items:
        fmt = item.strip().lower()
        if not fmt:
            continue
        if fmt not in FORMATS:
            raise PantauError(f"format tidak dikenal: {item!r} (pilih {', '.join(FORMATS)})")
        if fmt not in found:
            found.append(fmt)
    if not found:
        raise PantauError(f"pilih sedikitnya satu format ({', '.join(FORMATS)})")
    return tuple(found)


def write_daily_report(
    report: DailyReport, out_dir: Path, formats: Iterable[str] = FORMATS
) -> list[Path]:
    """Write the report in ``formats`` plus its JSON manifest; returns the files written
    (the manifest last). Each file is written beside its final name and renamed, so a crash
    never leaves a half-written report under the final name."""
    formats = parse_formats(formats)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = base_name(report)
    writers: dict[str, Callable[[DailyReport, Path], None]] = {
        "html": _write_html,
        "xlsx": render_xlsx,
        "docx": render_docx,
        "pdf": render_pdf,
        "png": render_png,
    }
    written = []
    for fmt in formats:
        final = out_dir / f"{stem}.{fmt}"
        partial = out_dir / f".{stem}.{fmt}.partial"
        writers[fmt](report, partial)
        partial.replace(final)
        written.append(final)
    manifest = {
        "kind": "laporan-harian",
        "workspace": report.workspace,
        "day": report.day,
        "language": _lang(report),
        "parameters": report.parameters,
        "window": {
            "start_utc": report.start,
            "end_utc": report.end,
            "start_local": report.start_local,
            "end_local": report.end_local,
            "timezone": report.timezone,
        },
        "version": report.version,
        "input_hash": report.input_hash,
        "generated_at": report.generated_at,
        "written_at": datetime.now(UTC).replace(tzinfo=None, microsecond=0).isoformat(),
        "files": [p.name for p in written],
        "summary": report.summary,
        "total_posts": report.total_posts,
        "issues": [{"id": i.id, "label": i.label, "priority": i.priority} for i in report.issues],
        "caveats": report.caveats,
    }
    path = out_dir / f"{stem}{MANIFEST_SUFFIX}"
    buffer = io.BytesIO(orjson.dumps(manifest, option=orjson.OPT_INDENT_2))
    partial = out_dir / f".{path.name}.partial"
    partial.write_bytes(buffer.getvalue())
    partial.replace(path)
    written.append(path)
    return written


def list_reports(out_dir: Path, workspace: str | None = None) -> list[dict]:
    """The manifests in ``out_dir`` (only those of ``workspace``, a slug, when given), newest
    report date first; unreadable ones are skipped."""
    found = []
    for path in sorted(Path(out_dir).glob(f"*{MANIFEST_SUFFIX}")):
        try:
            data = orjson.loads(path.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            continue
        if workspace is not None and data.get("workspace") != workspace:
            continue
        data["manifest"] = str(path)
        data["missing"] = [f for f in data.get("files", []) if not (path.parent / f).exists()]
        found.append(data)
    found.sort(key=lambda d: (d.get("day", ""), d.get("workspace", "")), reverse=True)
    return found
