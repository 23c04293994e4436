"""The national daily report (*laporan harian nasional*) for the coordinator: the top national
issues with the institutions concerned, hoaxes spreading across institutions, narrative
adoption, and coverage caveats per workspace (failing sources, detection that did not run).
Built from ``national.view`` (issue tables, matches and kits, never posts) and written as PDF,
DOCX, XLSX (``documents.tabledoc``) and a PNG card for WhatsApp; Indonesian, English on
request."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import Engine

from pantau import __version__
from pantau.documents.card import badge_line, wrap_lines
from pantau.documents.fonts import font_files
from pantau.documents.tabledoc import (
    TableDocument,
    write_docx,
    write_formats,
    write_pdf,
    write_xlsx,
)
from pantau.documents.xlsx import Table
from pantau.locale import fmt_datetime, fmt_int
from pantau.national.coverage import Coverage
from pantau.national.view import NationalView, national_view, region_label
from pantau.report.daily import pct, say, term
from pantau.report.render import PRIORITY_FILL as _PRIORITY_FILL

FORMATS = ("pdf", "docx", "xlsx", "png")
TOP_ISSUES = 10
CARD_SIZE = (1080, 1350)

WORDS = {
    "id": {
        "title": "Laporan Harian Nasional",
        "subtitle": "Koordinator kehumasan pemerintah — data per {when}",
        "summary": "Ringkasan",
        "caveats": "Catatan cakupan",
        "page": "halaman",
        "issues": "Isu nasional teratas",
        "hoaxes": "Hoaks menyebar",
        "narratives": "Narasi tunggal",
        "missing": "Belum memuat narasi",
        "h_issue": ["#", "Isu", "Prioritas", "Instansi", "Wilayah", "Instansi terkait",
                    "Belum menanggapi"],
        "h_hoax": ["Klaim", "Status", "Instansi", "Post menyebarkan"],
        "h_narrative": ["Narasi", "Instansi", "Wilayah", "Akun diminta", "Akun memuat",
                        "Adopsi"],
        "h_missing": ["Narasi", "Instansi", "Wilayah"],
        "s_issues": "{count} isu nasional muncul di lebih dari satu instansi; yang teratas: "
        "«{title}» di {institutions} instansi ({priority}).",
        "s_no_issues": "Tidak ada isu yang muncul di lebih dari satu instansi.",
        "s_waiting": "{count} instansi belum menanggapi isu nasional.",
        "s_hoaxes": "{count} hoaks bersama cocok dengan post di {institutions} instansi.",
        "s_narrative": "Narasi «{title}»: {carried} dari {institutions} instansi memuatnya "
        "({rate} akun).",
        "c_stale": "{name}: analisis isu tidak berjalan sejak {when}.",
        "c_never": "{name}: analisis isu belum pernah berjalan.",
        "c_source": "{name}: sumber «{source}» tidak bisa diambil {start} – {end} ({reason}).",
        "c_still": "akhir periode (belum pulih)",
        "c_none": "Semua workspace menjalankan analisis dalam 24 jam sampai {when}.",
        "card": "LAPORAN NASIONAL",
        "card_institutions": "{count} instansi",
        "card_hoaxes": "Hoaks bersama: {count}",
        "card_waiting": "Belum menanggapi: {count} instansi",
        "card_footer": "Pantau {version}",
        "yes": "ya",
    },
    "en": {
        "title": "National Daily Report",
        "subtitle": "Government public relations coordinator — data as of {when}",
        "summary": "Summary",
        "caveats": "Coverage notes",
        "page": "page",
        "issues": "Top national issues",
        "hoaxes": "Hoaxes spreading",
        "narratives": "Single narrative",
        "missing": "Did not carry the narrative",
        "h_issue": ["#", "Issue", "Priority", "Institutions", "Regions", "Institutions concerned",
                    "Yet to respond"],
        "h_hoax": ["Claim", "Verdict", "Institutions", "Spreading posts"],
        "h_narrative": ["Narrative", "Institution", "Region", "Accounts asked",
                        "Accounts that carried it", "Adoption"],
        "h_missing": ["Narrative", "Institution", "Region"],
        "s_issues": "{count} national issues appear in more than one institution; the top one: "
        "«{title}» in {institutions} institutions ({priority}).",
        "s_no_issues": "No issue appears in more than one institution.",
        "s_waiting": "{count} institutions have yet to respond to a national issue.",
        "s_hoaxes": "{count} shared hoaxes matched posts in {institutions} institutions.",
        "s_narrative": "Narrative «{title}»: {carried} of {institutions} institutions carried "
        "it ({rate} of accounts).",
        "c_stale": "{name}: issue analysis has not run since {when}.",
        "c_never": "{name}: issue analysis has never run.",
        "c_source": "{name}: source «{source}» could not be collected {start} – {end} ({reason}).",
        "c_still": "the end of the period (not recovered)",
        "c_none": "Every workspace ran its analysis in the 24 hours up to {when}.",
        "card": "NATIONAL REPORT",
        "card_institutions": "{count} institutions",
        "card_hoaxes": "Shared hoaxes: {count}",
        "card_waiting": "Yet to respond: {count} institutions",
        "card_footer": "Pantau {version}",
        "yes": "yes",
    },
}  # fmt: skip


def _say(lang: str, key: str, **values: object) -> str:
    text = WORDS[lang][key]
    assert isinstance(text, str)
    shown = {k: fmt_int(v, lang) if isinstance(v, int) else v for k, v in values.items()}
    return text.format(**shown)


@dataclass
class NationalReport:
    view: NationalView
    lang: str
    summary: list[str]
    caveats: list[str]
    version: str = __version__
    generated_at: datetime = field(default_factory=lambda: datetime.now(UTC).replace(tzinfo=None))

    @property
    def when(self) -> str:
        return fmt_datetime(self.view.as_of, "Asia/Jakarta", self.lang)

    @property
    def base_name(self) -> str:
        suffix = "" if self.lang == "id" else f"-{self.lang}"
        return f"laporan-nasional-{self.view.as_of:%Y-%m-%d}{suffix}"


def _summary(view: NationalView, lang: str) -> list[str]:
    if not view.issues:
        lines = [_say(lang, "s_no_issues")]
    else:
        top = view.issues[0]
        lines = [
            _say(lang, "s_issues", count=len(view.issues), title=top.title,
                 institutions=top.institutions, priority=term("priority", top.priority, lang)),
        ]  # fmt: skip
    if view.waiting:
        lines.append(_say(lang, "s_waiting", count=len({m.workspace for _, m in view.waiting})))
    if view.hoaxes:
        spread = {m.workspace for h in view.hoaxes for m in h.institutions}
        lines.append(_say(lang, "s_hoaxes", count=len(view.hoaxes), institutions=len(spread)))
    for kit in view.narratives[:3]:
        asked = sum(a.asked for a in kit.institutions)
        posted = sum(a.posted for a in kit.institutions)
        lines.append(
            _say(lang, "s_narrative", title=kit.title,
                 carried=sum(1 for a in kit.institutions if a.carried),
                 institutions=len(kit.institutions),
                 rate=pct(posted / asked if asked else None, lang))
        )  # fmt: skip
    return lines


def _caveats(found: Coverage, lang: str) -> list[str]:
    """The coverage notes of the report's own period (the 24 hours before its time)."""
    when = lambda moment: fmt_datetime(moment, "Asia/Jakarta", lang)  # noqa: E731
    lines = [
        _say(lang, "c_never", name=n.institution)
        if n.last_run is None
        else _say(lang, "c_stale", name=n.institution, when=when(n.last_run))
        for n in found.not_run
    ]
    lines += [
        _say(lang, "c_source", name=d.institution, source=d.source, start=when(d.started_at),
             end=when(d.ended_at) if d.ended_at else _say(lang, "c_still"),
             reason=say(lang, f"down_{d.reason}"))
        for d in found.down
    ]  # fmt: skip
    return lines or [_say(lang, "c_none", when=when(found.end))]


def build_national_report(
    engine: Engine, now: datetime | None = None, lang: str = "id"
) -> NationalReport:
    """The report as of ``now`` (naive UTC; default: the newest issue's time). Its coverage
    notes are those of the 24 hours before that time, whatever the day it is built."""
    view = national_view(engine, now)
    return NationalReport(view, lang, _summary(view, lang), _caveats(view.coverage, lang))


def tables(r: NationalReport) -> list[Table]:
    w, lang = WORDS[r.lang], r.lang
    issues = [
        [rank, i.title, term("priority", i.priority, lang), i.institutions,
         ", ".join(region_label(x) for x in i.regions),
         "; ".join(f"{m.institution} ({term('status', m.status, lang)})" for m in i.members),
         ", ".join(m.institution for m in i.not_responded)]
        for rank, i in enumerate(r.view.issues[:TOP_ISSUES], start=1)
    ]  # fmt: skip
    hoaxes = [
        [h.claim, h.verdict, ", ".join(f"{m.institution} ({m.spreading})" for m in h.institutions),
         h.spreading]
        for h in r.view.hoaxes
    ]  # fmt: skip
    narratives = [
        [k.title, a.institution, region_label(a.region), a.asked, a.posted,
         pct(a.adoption_rate, lang)]
        for k in r.view.narratives
        for a in k.institutions
    ]  # fmt: skip
    missing = [
        [k.title, a.institution, region_label(a.region)]
        for k in r.view.narratives
        for a in k.did_not_carry
    ]
    return [
        (str(w["issues"]), list(w["h_issue"]), issues),
        (str(w["hoaxes"]), list(w["h_hoax"]), hoaxes),
        (str(w["narratives"]), list(w["h_narrative"]), narratives),
        (str(w["missing"]), list(w["h_missing"]), missing),
    ]


def document(r: NationalReport) -> TableDocument:
    return TableDocument(
        title=_say(r.lang, "title"),
        subtitle=_say(r.lang, "subtitle", when=r.when),
        meta=[("Pantau", r.version), ("as_of", r.view.as_of.isoformat())],
        summary=r.summary,
        tables=tables(r),
        caveats=r.caveats,
        creator=f"Pantau {r.version}",
        footer=f"Pantau {r.version} · {r.view.as_of:%Y-%m-%d}",
        summary_heading=_say(r.lang, "summary"),
        caveats_heading=_say(r.lang, "caveats"),
        page_word=_say(r.lang, "page"),
        lang=r.lang,
    )


def render_png(r: NationalReport, path: Path) -> None:
    regular, bold = font_files()
    font = lambda size, b=False: ImageFont.truetype(bold if b else regular, size)  # noqa: E731
    lang = r.lang
    img = Image.new("RGB", CARD_SIZE, "white")
    d = ImageDraw.Draw(img)
    width, margin = CARD_SIZE[0], 60
    d.rectangle([0, 0, width, 230], fill="#1F2937")
    d.text((margin, 45), _say(lang, "card"), font=font(34, True), fill="#FBBF24")
    d.text((margin, 95), _say(lang, "title"), font=font(44, True), fill="white")
    d.text((margin, 158), r.when, font=font(36), fill="#E5E7EB")
    y = 265
    for line in r.summary[:1] if not r.view.issues else []:
        for text in wrap_lines(d, line, font(36), width - 2 * margin, 3):
            d.text((margin, y), text, font=font(36), fill="#111827")
            y += 46
    for rank, issue in enumerate(r.view.issues[:4], start=1):
        badge = term("priority", issue.priority, lang).upper()
        fill = _PRIORITY_FILL.get(issue.priority, "#374151")
        beside = _say(lang, "card_institutions", count=issue.institutions)
        badge_line(d, margin, y, badge, fill, beside, font(28), font(28, True))
        y += 60
        for text in wrap_lines(d, f"{rank}. {issue.title}", font(38, True), width - 2 * margin, 2):
            d.text((margin, y), text, font=font(38, True), fill="#111827")
            y += 46
        places = ", ".join(region_label(x) for x in issue.regions)
        for text in wrap_lines(d, places, font(27), width - 2 * margin, 1):
            d.text((margin, y + 2), text, font=font(27), fill="#4B5563")
            y += 40
        d.line([margin, y + 10, width - margin, y + 10], fill="#D1D5DB", width=3)
        y += 30
    y = max(y, CARD_SIZE[1] - 220)
    waiting = len({m.workspace for _, m in r.view.waiting})
    for text in (
        _say(lang, "card_hoaxes", count=len(r.view.hoaxes)),
        _say(lang, "card_waiting", count=waiting),
    ):
        d.text((margin, y), text, font=font(34, True), fill="#111827")
        y += 52
    d.text(
        (margin, CARD_SIZE[1] - 45),
        _say(lang, "card_footer", version=r.version),
        font=font(24),
        fill="#6B7280",
    )
    img.save(path, format="PNG", optimize=True)


_RENDERERS = {
    "pdf": lambda r, path: write_pdf(document(r), path),
    "docx": lambda r, path: write_docx(document(r), path),
    "xlsx": lambda r, path: write_xlsx(document(r), path),
    "png": render_png,
}


def write_national_report(
    r: NationalReport, out_dir: Path, formats: tuple[str, ...] = FORMATS
) -> list[Path]:
    """Write the report in each format; returns the files (names carry the day)."""
    return write_formats(r, out_dir / r.base_name, _RENDERERS, formats)
