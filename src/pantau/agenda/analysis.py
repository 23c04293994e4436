"""``agenda_report``: the agenda-setting analysis of one period, as plain data.

1. Salience of every agenda item and detected issue in the three arenas
   (:mod:`pantau.agenda.salience`).
2. Rank-order correlations (:func:`pantau.agenda.stats.rank_correlation`) over all objects:
   institution vs public, institution vs news, news vs public, and for agenda items only the
   declared priority vs the public.
3. Lead and lag (:func:`pantau.agenda.stats.lead_lag`) on daily shares, institution vs public:
   for the agenda as a whole (the sum of the active items' daily shares) and, when the period
   is long enough for a cross-correlation, per active item the institution posted about.
4. The gap report (:mod:`pantau.agenda.gaps`) and the calendar dates of the period.

Everything is a dataclass made of numbers, strings, dates and lists, so
``dataclasses.asdict`` gives JSON for the dashboard, the CLI and reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine

from pantau.agenda.calendar import CalendarDay, calendar
from pantau.agenda.gaps import GapReport, find_gaps
from pantau.agenda.salience import ARENA_LABELS, SalienceReport, measure_salience
from pantau.agenda.stats import (
    MAX_LAG,
    MIN_GRANGER_DAYS,
    MIN_XCORR_DAYS,
    LeadLag,
    RankCorrelation,
    lead_lag,
    rank_correlation,
)
from pantau.locale import fmt_day, to_local
from pantau.memo import Memo
from pantau.records import Workspace
from pantau.store.agenda import agenda_marker, post_time_range

MAX_ITEM_LEAD_LAG = 20
_PRIORITY_SCORE = {"tinggi": 3.0, "sedang": 2.0, "rendah": 1.0}
WHOLE_AGENDA = "seluruh agenda"
_REPORTS: Memo[AgendaReport] = Memo(32)  # by workspace, period and ``agenda_marker``


@dataclass(slots=True)
class ObjectLeadLag:
    key: str  # "agenda" for the agenda as a whole, else "agenda:<id>"
    label: str
    result: LeadLag


@dataclass(slots=True)
class AgendaReport:
    workspace: str
    start: date
    end: date
    timezone: str
    salience: SalienceReport
    rank_correlations: list[RankCorrelation]
    lead_lag: list[ObjectLeadLag]
    gaps: GapReport
    calendar: list[CalendarDay]
    summary: list[str] = field(default_factory=list)


def rank_agendas(salience: SalienceReport) -> list[RankCorrelation]:
    """Spearman's ρ between the arenas over every object, and priority vs public."""
    objects = salience.objects
    labels = [o.label for o in objects]
    kinds = [o.kind for o in objects]
    found = []
    for a, b in (("own", "public"), ("own", "news"), ("news", "public")):
        found.append(
            rank_correlation(
                labels,
                kinds,
                [o.arenas[a].share for o in objects],
                [o.arenas[b].share for o in objects],
                f"agenda {ARENA_LABELS[a]}",
                f"agenda {ARENA_LABELS[b]}",
            )
        )
    items = [o for o in objects if o.kind == "agenda" and o.active]
    found.append(
        rank_correlation(
            [o.label for o in items],
            [o.kind for o in items],
            [_PRIORITY_SCORE.get(o.priority, 0.0) for o in items],
            [o.arenas["public"].share for o in items],
            "prioritas agenda",
            "agenda publik",
        )
    )
    return found


def lead_lags(salience: SalienceReport, max_lag: int = MAX_LAG) -> list[ObjectLeadLag]:
    """Institution vs public daily shares, for the whole agenda and per active item."""
    items = [o for o in salience.objects if o.kind == "agenda" and o.active]
    if not items:
        return []
    n = len(salience.days)
    own_total = [0.0] * n
    public_total = [0.0] * n
    for obj in items:
        for i, v in enumerate(salience.daily_share(obj, "own")):
            own_total[i] += v
        for i, v in enumerate(salience.daily_share(obj, "public")):
            public_total[i] += v
    found = [
        ObjectLeadLag(
            "agenda", WHOLE_AGENDA, lead_lag(own_total, public_total, "instansi", "publik", max_lag)
        )
    ]
    if n < MIN_XCORR_DAYS:
        return found  # per item would only repeat that the period is too short
    posted = [o for o in items if o.arenas["own"].posts > 0]
    posted.sort(key=lambda o: -o.arenas["own"].posts)
    for obj in posted[:MAX_ITEM_LEAD_LAG]:
        result = lead_lag(
            salience.daily_share(obj, "own"),
            salience.daily_share(obj, "public"),
            "instansi",
            "publik",
            max_lag,
        )
        found.append(ObjectLeadLag(obj.key, obj.label, result))
    return found


def default_period(engine: Engine, workspace: Workspace, days: int = 30) -> tuple[date, date]:
    """The last ``days`` local days up to the newest stored post (today when there is none),
    not starting before the oldest post."""
    with engine.connect() as conn:
        oldest, newest = post_time_range(conn, workspace.id)
    end = to_local(newest or datetime.now(UTC).replace(tzinfo=None), workspace.timezone).date()
    start = end - timedelta(days=days - 1)
    if oldest is not None:
        start = max(start, to_local(oldest, workspace.timezone).date())
    return start, end


def agenda_report(
    engine: Engine, workspace: Workspace, start: date, end: date, *, max_lag: int = MAX_LAG
) -> AgendaReport:
    """The whole agenda-setting analysis of the local days start..end (both included). Kept
    in memory until its data changes (``agenda_marker``: a pipeline run that processed new
    posts, an edited item, date, account or topic); callers must not change it."""
    with engine.connect() as conn:
        marker = agenda_marker(conn, workspace.id)
    key = (str(engine.url), workspace.id, workspace.timezone, start, end, max_lag, marker)
    return _REPORTS.get(key, lambda: _analyse(engine, workspace, start, end, max_lag))


def _analyse(
    engine: Engine, workspace: Workspace, start: date, end: date, max_lag: int
) -> AgendaReport:
    salience = measure_salience(engine, workspace, start, end)
    report = AgendaReport(
        workspace=workspace.slug,
        start=start,
        end=end,
        timezone=workspace.timezone,
        salience=salience,
        rank_correlations=rank_agendas(salience),
        lead_lag=lead_lags(salience, max_lag),
        gaps=find_gaps(engine, workspace, salience),
        calendar=calendar(engine, workspace, start, end),
    )
    report.summary = summarise(report)
    return report


def summarise(report: AgendaReport) -> list[str]:
    """A few sentences a person reads first."""
    s = report.salience
    days = len(s.days)
    items = [o for o in s.objects if o.kind == "agenda"]
    issues = [o for o in s.objects if o.kind == "isu"]
    lines = [
        f"Periode {fmt_day(report.start)} – {fmt_day(report.end)} ({days} hari): "
        f"{len(items)} agenda dan {len(issues)} isu terdeteksi dibandingkan di tiga arena "
        "(unggahan instansi, berita, media sosial publik)."
    ]
    main = report.rank_correlations[0] if report.rank_correlations else None
    if main is not None and main.rho is not None:
        lines.append(main.plain)
    if report.gaps.push:
        lines.append(
            "Agenda prioritas yang kurang mendapat perhatian publik: "
            + ", ".join(g.label for g in report.gaps.push[:3])
            + "."
        )
    if report.gaps.respond:
        lines.append(
            "Isu publik yang besar tetapi di luar agenda: "
            + ", ".join(g.label for g in report.gaps.respond[:3])
            + "."
        )
    if report.gaps.negative:
        lines.append(
            "Sentimen publik memburuk pada: "
            + ", ".join(g.label for g in report.gaps.negative[:3])
            + "."
        )
    if days < MIN_GRANGER_DAYS:
        lines.append(
            f"Periode {days} hari terlalu pendek untuk menilai apakah instansi menggerakkan "
            f"perhatian publik atau sebaliknya (perlu minimal {MIN_GRANGER_DAYS} hari)."
        )
    lines.extend(s.notes)
    return lines
