"""What the *Nasional* page, its API and the national report show: national issues, provinces on
the tile map, institutions that have not responded, the trend per region, narrative adoption
and shared hoax matches — all from issue tables, matches and kits."""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from openpyxl import Workbook
from sqlalchemy import Engine

from pantau.documents.xlsx import add_table_sheets
from pantau.national.coverage import Coverage, coverage
from pantau.national.hoaxes import SharedHoax, shared_hoaxes
from pantau.national.issues import (
    CENTRAL,
    OUTSIDE,
    WIB_OFFSET,
    Member,
    NationalIssue,
    national_issues,
)
from pantau.national.narrative import KitAdoption, national_adoption
from pantau.national.tiles import TILES, short_name
from pantau.store.national import newest_issue_time

TREND_DAYS = 7


@dataclass(frozen=True)
class Tile:
    code: str
    name: str
    column: int
    row: int
    issues: int  # national issues with an institution of this province
    waiting: int  # institutions of this province that have not responded to one

    @property
    def heat(self) -> int:
        return min(3, self.issues)


@dataclass(frozen=True)
class NationalView:
    as_of: datetime  # naive UTC: the newest issue's time, or the clock when there is none
    issues: list[NationalIssue]
    tiles: list[Tile]
    central_issues: int  # national issues with a ministry or agency without a province
    waiting: list[tuple[NationalIssue, Member]]
    days: list[date]  # WIB days of the trend
    trend: dict[str, list[int]]  # region -> posts per day in national issues
    narratives: list[KitAdoption]
    hoaxes: list[SharedHoax]
    coverage: Coverage  # over the 24 hours before ``as_of``


def region_label(code: str) -> str:
    if code == OUTSIDE:
        return "Di luar direktori"
    return "Pusat (K/L)" if code == CENTRAL else short_name(code)


def _tiles(issues: list[NationalIssue]) -> list[Tile]:
    touched: dict[str, int] = defaultdict(int)
    waiting: dict[str, int] = defaultdict(int)
    for issue in issues:
        for region in issue.regions:
            touched[region] += 1
        for member in issue.not_responded:
            waiting[member.region] += 1
    return [
        Tile(code, short_name(code), col, row, touched[code], waiting[code])
        for code, (col, row) in TILES.items()
    ]


def _trend(issues: list[NationalIssue], last: date) -> tuple[list[date], dict[str, list[int]]]:
    days = [last - timedelta(days=n) for n in range(TREND_DAYS - 1, -1, -1)]
    trend: dict[str, list[int]] = {}
    for issue in issues:
        for region, by_day in issue.daily.items():
            row = trend.setdefault(region, [0] * len(days))
            for n, day in enumerate(days):
                row[n] += by_day.get(day, 0)
    ordered = sorted(trend.items(), key=lambda kv: (-sum(kv[1]), kv[0]))
    return days, dict(ordered)


def national_view(engine: Engine, now: datetime | None = None) -> NationalView:
    """The national picture as of ``now`` (naive UTC; default: the newest issue's time)."""
    if now is None:
        with engine.connect() as conn:
            now = newest_issue_time(conn) or datetime.now(UTC).replace(tzinfo=None)
    issues = national_issues(engine, now)
    days, trend = _trend(issues, (now + WIB_OFFSET).date())
    return NationalView(
        as_of=now,
        issues=issues,
        tiles=_tiles(issues),
        central_issues=sum(1 for i in issues if CENTRAL in i.regions),
        waiting=[(i, m) for i in issues for m in i.not_responded],
        days=days,
        trend=trend,
        narratives=national_adoption(engine, now),
        hoaxes=shared_hoaxes(engine, now),
        coverage=coverage(engine, now),
    )


def view_json(view: NationalView) -> dict[str, object]:
    """The API's and ``--json``'s shape of the national view."""
    return {
        "as_of": view.as_of.isoformat(),
        "issues": [
            {
                "key": i.key,
                "title": i.title,
                "priority": i.priority,
                "score": i.score,
                "institutions": i.institutions,
                "regions": i.regions,
                "key_terms": i.key_terms,
                "hoax": i.hoax,
                "members": [
                    {
                        "workspace": m.workspace,
                        "institution": m.institution,
                        "region": m.region,
                        "issue_id": m.issue_id,
                        "label": m.label,
                        "stage": m.stage,
                        "priority": m.priority,
                        "status": m.status,
                        "owner": m.owner,
                        "responded": m.responded,
                    }
                    for m in i.members
                ],
            }
            for i in view.issues
        ],
        "provinces": [
            {"code": t.code, "name": t.name, "issues": t.issues, "waiting": t.waiting}
            for t in view.tiles
            if t.issues
        ],
        "trend": {
            "days": [d.isoformat() for d in view.days],
            "regions": view.trend,
        },
        "narratives": [
            {
                "kit_id": k.kit_id,
                "title": k.title,
                "owner": k.owner,
                "institutions": [
                    {
                        "institution": a.institution,
                        "workspace": a.workspace,
                        "region": a.region,
                        "asked": a.asked,
                        "posted": a.posted,
                        "adoption_rate": a.adoption_rate,
                    }
                    for a in k.institutions
                ],
                "did_not_carry": [a.institution for a in k.did_not_carry],
            }
            for k in view.narratives
        ],
        "hoaxes": [
            {
                "claim_id": h.claim_id,
                "claim": h.claim,
                "verdict": h.verdict,
                "institutions": [
                    {"workspace": m.workspace, "spreading": m.spreading, "matched": m.matched}
                    for m in h.institutions
                ],
            }
            for h in view.hoaxes
        ],
        "coverage": {
            "start": view.coverage.start.isoformat(),
            "end": view.coverage.end.isoformat(),
            "not_run": [
                {
                    "workspace": n.workspace,
                    "last_run": n.last_run.isoformat() if n.last_run else None,
                }
                for n in view.coverage.not_run
            ],
            "sources_down": [
                {
                    "workspace": d.workspace,
                    "source": d.source,
                    "started_at": d.started_at.isoformat(),
                    "ended_at": d.ended_at.isoformat() if d.ended_at else None,
                    "reason": d.reason,
                }
                for d in view.coverage.down
            ],
        },
    }


def narrative_xlsx(kits: list[KitAdoption]) -> bytes:
    """The narrative table for the coordinator's letter: adoption per institution, per region,
    and the institutions that did not carry each kit."""
    institutions = [
        [k.title, a.institution, region_label(a.region), a.asked, a.posted,
         round(100 * a.adoption_rate, 1), "ya" if a.carried else "tidak",
         ", ".join(a.not_posted)]
        for k in kits
        for a in k.institutions
    ]  # fmt: skip
    regions = [
        [k.title, region_label(r.region), r.institutions, r.carried, r.asked, r.posted,
         round(100 * r.adoption_rate, 1)]
        for k in kits
        for r in k.regions
    ]  # fmt: skip
    missing = [
        [k.title, a.institution, region_label(a.region), ", ".join(a.not_posted)]
        for k in kits
        for a in k.did_not_carry
    ]
    wb = Workbook()
    first = wb.active
    if first is not None:
        wb.remove(first)
    add_table_sheets(
        wb,
        [
            ("Per instansi", ["Narasi", "Instansi", "Wilayah", "Akun diminta", "Akun memuat",
                              "Adopsi (%)", "Memuat", "Akun belum memuat"], institutions),
            ("Per wilayah", ["Narasi", "Wilayah", "Instansi", "Instansi memuat", "Akun diminta",
                             "Akun memuat", "Adopsi (%)"], regions),
            ("Belum memuat", ["Narasi", "Instansi", "Wilayah", "Akun"], missing),
        ],
    )  # fmt: skip
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
