"""Goals and KPIs, in the spirit of the OASIS campaign planning framework (set the objective
first) and the AMEC measurement framework (outputs → out-takes → outcomes):

- objective: ``awareness`` (people reached), ``engagement`` (people responding),
  ``participation`` (people acting: commenting, sharing, clicking through), ``reputation``
  (what the public says about the institution);
- one KPI metric per goal with a target and a period (local days, inclusive);
- progress is computed from the stored data, never typed in.

Two kinds of KPI:

- *cumulative* metrics (reach, views, engagements, actions, posts, follower growth) add up
  over the period. They are judged against a **linear pace**: after a share ``s`` of the
  period has elapsed, the expected value is ``s × target``; the goal is *on track* when the
  actual value is at least ``PACE_TOLERANCE`` (90%) of the expected value, *at risk* otherwise.
- *level* metrics (engagement rate by reach, net sentiment) are averages: on track when the
  value so far already meets the target.

A cumulative goal that reaches its target is *achieved* at once; any goal still short of its
target after its last day is *missed*; a goal whose first day is in the future is *not started*.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from babel.numbers import format_decimal
from sqlalchemy import Engine

from pantau.errors import NotFoundError, PantauError
from pantau.locale import current_language, fmt_int
from pantau.outreach.metrics import engagements, group_growth
from pantau.records import Workspace
from pantau.store import outreach as store
from pantau.store.outreach_records import Goal, PostFacts

OBJECTIVES = {
    "awareness": "kesadaran",
    "engagement": "keterlibatan",
    "participation": "partisipasi",
    "reputation": "reputasi",
}
# metric -> (Indonesian label, cumulative?)
METRICS: dict[str, tuple[str, bool]] = {
    "reach": ("jangkauan", True),
    "views": ("tayangan", True),
    "engagements": ("engagement", True),
    "actions": ("aksi (komentar + bagikan + klik)", True),
    "posts": ("jumlah post", True),
    "follower_growth": ("pertumbuhan pengikut", True),
    "engagement_rate": ("tingkat engagement per jangkauan", False),
    "net_sentiment": ("sentimen bersih percakapan publik", False),
}
DEFAULT_METRIC = {
    "awareness": "reach",
    "engagement": "engagement_rate",
    "participation": "actions",
    "reputation": "net_sentiment",
}
STATUSES = {
    "not_started": "belum mulai",
    "on_track": "sesuai jalur",
    "at_risk": "berisiko",
    "achieved": "tercapai",
    "missed": "tidak tercapai",
}
PACE_TOLERANCE = 0.9
_GROWTH_METRICS = ("followers", "follower_change", "new_followers", "unfollows")


@dataclass(frozen=True)
class GoalProgress:
    goal: Goal
    objective_label: str
    metric_label: str
    cumulative: bool
    as_of: date
    actual: float | None
    progress: float | None  # actual / target (cumulative) or actual vs target (level)
    elapsed: float  # share of the period elapsed, 0..1
    expected: float | None  # the linear pace value (cumulative metrics)
    status: str
    status_label: str
    explanation: str
    posts: int

    def as_dict(self) -> dict:
        return asdict(self)


def _utc(day: date, timezone: str) -> datetime:
    local = datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(timezone))
    return local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def local_today(timezone: str) -> date:
    return datetime.now(ZoneInfo(timezone)).date()


def _check(objective: str, metric: str, target: float, starts_on: date, ends_on: date) -> None:
    if objective not in OBJECTIVES:
        raise PantauError(f"tujuan tidak dikenal: {objective!r} (pilih {', '.join(OBJECTIVES)})")
    if metric not in METRICS:
        raise PantauError(f"metrik KPI tidak dikenal: {metric!r} (pilih {', '.join(METRICS)})")
    if ends_on < starts_on:
        raise PantauError("tanggal akhir periode sebelum tanggal mulai")
    if metric == "net_sentiment" and not -1 <= target <= 1:
        raise PantauError("target sentimen bersih harus antara -1 dan 1 (mis. 0,2)")
    if metric == "engagement_rate" and not 0 < target <= 1:
        raise PantauError("target tingkat engagement ditulis sebagai pecahan (mis. 0,05 = 5%)")
    if METRICS[metric][1] and target <= 0:
        raise PantauError("target harus lebih dari 0")


def save_goal(
    engine: Engine,
    workspace: Workspace,
    *,
    name: str,
    objective: str,
    target: float,
    starts_on: date,
    ends_on: date,
    metric: str | None = None,
    channel_ids: Sequence[int] = (),
    audience_id: int | None = None,
    notes: str | None = None,
) -> Goal:
    """Create the goal ``name`` or replace it (saving it again changes nothing)."""
    name = (name or "").strip()
    if not name:
        raise PantauError("nama tujuan kosong")
    metric = metric or DEFAULT_METRIC.get(objective, "")
    _check(objective, metric, target, starts_on, ends_on)
    with engine.begin() as conn:
        return store.save_goal(
            conn,
            workspace.id,
            {
                "name": name[:200],
                "objective": objective,
                "metric": metric,
                "target": float(target),
                "starts_on": starts_on,
                "ends_on": ends_on,
                "channels": sorted(set(channel_ids)),
                "audience_id": audience_id,
                "notes": notes,
            },
        )


def list_goals(engine: Engine, workspace: Workspace) -> list[Goal]:
    with engine.connect() as conn:
        return store.goals_of(conn, workspace.id)


def find_goal(engine: Engine, workspace: Workspace, ref: str | int) -> Goal:
    goals = list_goals(engine, workspace)
    for g in goals:
        if str(g.id) == str(ref).strip() or g.name.lower() == str(ref).strip().lower():
            return g
    raise NotFoundError(f"tujuan {ref!r} tidak ditemukan; lihat `pantau outreach goals`")


def delete_goal(engine: Engine, workspace: Workspace, ref: str | int) -> Goal:
    goal = find_goal(engine, workspace, ref)
    with engine.begin() as conn:
        store.delete_goal(conn, workspace.id, goal.id)
    return goal


def _actual(
    metric: str,
    posts: Sequence[PostFacts],
    daily: Sequence[tuple[int, str, date, float]],
    ids: Sequence[int],
    sentiment: dict[str, int],
    lo: date,
    hi: date,
) -> float | None:
    if metric == "posts":
        return float(len(posts))
    if metric in ("reach", "views"):
        return float(sum(getattr(p, metric) or 0 for p in posts))
    if metric == "engagements":
        return float(sum(engagements(p) or 0 for p in posts))
    if metric == "actions":
        return float(sum((p.comments or 0) + (p.shares or 0) + (p.clicks or 0) for p in posts))
    if metric == "engagement_rate":
        pairs = [(e, p.reach) for p in posts if (e := engagements(p)) is not None and p.reach]
        reach = sum(r for _, r in pairs)
        return sum(e for e, _ in pairs) / reach if reach else None
    if metric == "follower_growth":
        series: dict[int, dict[str, list[tuple[date, float]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for cid, name, day, value in daily:
            series[cid][name].append((day, value))
        growth = group_growth(ids, series, lo, hi)
        return growth.change if growth is not None else None
    if metric == "net_sentiment":
        total = sum(sentiment.values())
        if not total:
            return None
        return (sentiment.get("positive", 0) - sentiment.get("negative", 0)) / total
    raise ValueError(metric)


def _fmt(metric: str, value: float | None) -> str:
    if value is None:
        return "–"
    if metric == "engagement_rate":
        return format_decimal(value * 100, format="#,##0.00", locale=current_language()) + "%"
    if metric == "net_sentiment":
        return format_decimal(value, format="+0.00;-0.00", locale=current_language())
    return fmt_int(round(value))


def judge(
    goal: Goal, actual: float | None, as_of: date, posts: int = 0
) -> tuple[str, float | None, float, float | None, str]:
    """(status, progress, elapsed share, expected value, explanation) of a goal on ``as_of``."""
    label, cumulative = METRICS[goal.metric]
    days = (goal.ends_on - goal.starts_on).days + 1
    elapsed = min(1.0, max(0.0, ((as_of - goal.starts_on).days + 1) / days))
    target_text = _fmt(goal.metric, goal.target)
    if as_of < goal.starts_on:
        return "not_started", None, 0.0, None, f"periode mulai {goal.starts_on.isoformat()}"
    if actual is None:
        status = "missed" if as_of > goal.ends_on else "at_risk"
        return status, None, elapsed, None, f"belum ada data untuk {label}"
    ended = as_of > goal.ends_on
    actual_text = _fmt(goal.metric, actual)
    if cumulative:
        progress = actual / goal.target
        expected = goal.target * elapsed
        if actual >= goal.target:
            return (
                "achieved",
                progress,
                elapsed,
                expected,
                (f"{label} {actual_text} sudah mencapai target {target_text}"),
            )
        if ended:
            return (
                "missed",
                progress,
                elapsed,
                expected,
                (
                    f"periode berakhir dengan {label} {actual_text} dari target {target_text} "
                    f"({progress * 100:.0f}%)"
                ),
            )
        pace_text = _fmt(goal.metric, expected)
        if actual >= PACE_TOLERANCE * expected:
            status = "on_track"
            why = "sejalan dengan"
        else:
            status = "at_risk"
            why = "di bawah"
        return (
            status,
            progress,
            elapsed,
            expected,
            (
                f"{label} {actual_text} ({progress * 100:.0f}% target) {why} laju linear "
                f"{pace_text} setelah {elapsed * 100:.0f}% periode"
            ),
        )
    # level metrics: how far the value is from the target, relative to the target's size
    progress = actual / goal.target if goal.target > 0 else (1.0 if actual >= goal.target else 0.0)
    meets = actual >= goal.target
    outcome = {(True, True): "achieved", (True, False): "missed", (False, True): "on_track"}
    status = outcome.get((ended, meets), "at_risk")
    verb = "memenuhi" if meets else "di bawah"
    return (
        status,
        progress,
        elapsed,
        None,
        (f"{label} sejauh ini {actual_text} ({posts} post), {verb} target {target_text}"),
    )


def goal_progress(
    engine: Engine, workspace: Workspace, as_of: date | None = None
) -> list[GoalProgress]:
    """Every goal of the workspace with its progress on ``as_of`` (default: today, local)."""
    as_of = as_of or local_today(workspace.timezone)
    tz = workspace.timezone
    out = []
    with engine.connect() as conn:
        goals = store.goals_of(conn, workspace.id)
        all_ids = [c.id for c in store.find_channels(conn, workspace.id)]
        for goal in goals:
            ids = list(goal.channel_ids) or all_ids
            hi = min(as_of, goal.ends_on)
            lo = goal.starts_on
            posts: list[PostFacts] = []
            daily: list[tuple[int, str, date, float]] = []
            sentiment: dict[str, int] = {}
            if as_of >= lo:
                since, until = _utc(lo, tz), _utc(hi + timedelta(days=1), tz)
                posts = store.post_facts(conn, workspace.id, ids, since, until)
                if goal.metric == "follower_growth":
                    daily = store.daily_values(conn, workspace.id, ids, _GROWTH_METRICS, None, hi)
                if goal.metric == "net_sentiment":
                    sentiment = store.sentiment_counts(conn, workspace.id, since, until)
            actual = (
                _actual(goal.metric, posts, daily, ids, sentiment, lo, hi) if as_of >= lo else None
            )
            status, progress, elapsed, expected, why = judge(goal, actual, as_of, len(posts))
            label, cumulative = METRICS[goal.metric]
            out.append(
                GoalProgress(
                    goal=goal,
                    objective_label=OBJECTIVES[goal.objective],
                    metric_label=label,
                    cumulative=cumulative,
                    as_of=as_of,
                    actual=actual,
                    progress=progress,
                    elapsed=elapsed,
                    expected=expected,
                    status=status,
                    status_label=STATUSES[status],
                    explanation=why,
                    posts=len(posts),
                )
            )
    return out


def format_value(metric: str, value: float | None) -> str:
    """A KPI value as people read it (percent for rates, signed for sentiment)."""
    return _fmt(metric, value)
