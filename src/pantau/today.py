"""*Hari ini*: what an analyst opening Pantau in the morning needs first.

* **Freshness**: the newest post of each platform and source, and whether the newest data is
  older than ``STALE_AFTER`` (then every figure describes that time, not today).
* **What to act on**: three to five things, from the stored issues (a known hoax spreading, a
  copy-paste or coordinated campaign, then the most urgent others), the stored coordinated
  groups no listed issue already covers, the agenda item of high priority the public ignores,
  and the narrative kit whose asked accounts have not posted yet.
* **Since yesterday**: the last day with data against the day before (posts, negative share)
  and the issues that appeared on that last day.

Everything comes from stored results (issues, coordinated groups, daily rollups, agenda
salience from the rollups, narrative matches): nothing here reads the posts themselves.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine

from pantau.agenda.analysis import agenda_report, default_period
from pantau.agenda.narrative import list_kits
from pantau.agenda.narrative_report import narrative_report
from pantau.locale import to_local
from pantau.monitor.issues import IssueFilter, is_relevant, list_issues
from pantau.network.campaigns import Campaign, stored_campaigns
from pantau.records import Workspace
from pantau.store import alerts as alert_store
from pantau.store import dashboard as dashboard_store
from pantau.store.monitor import latest_post_time

STALE_AFTER = timedelta(hours=6)  # newer data than this counts as today's
MAX_ACTIONS = 5
MAX_ISSUE_ACTIONS = 3
CAMPAIGN_SCORE, CAMPAIGN_MEMBERS = 0.3, 3  # a group worth acting on (as the alert rule)
KIT_RECENT = timedelta(days=7)  # a kit released this long before the newest data
KIT_ADOPTION = 0.8  # ...still needs chasing below this share of asked accounts posting
AGENDA_DAYS = 7
_CLOSED = ("selesai", "diabaikan")


@dataclass(frozen=True, slots=True)
class SourceAge:
    name: str
    kind: str  # platform or the source's kind (file, feed, api)
    last: datetime  # naive UTC


@dataclass(frozen=True, slots=True)
class Freshness:
    now: datetime
    newest: datetime | None  # the newest post, naive UTC
    sources: list[SourceAge]

    @property
    def age(self) -> timedelta | None:
        return None if self.newest is None else max(self.now - self.newest, timedelta(0))

    @property
    def stale(self) -> bool:
        age = self.age
        return age is not None and age > STALE_AFTER

    @property
    def days_old(self) -> int:
        age = self.age
        return age.days if age is not None else 0


@dataclass(frozen=True, slots=True)
class Action:
    """One thing to act on: ``kind`` is hoax, campaign, issue, agenda or narrative; the
    numbers a sentence needs are in ``facts``."""

    kind: str
    title: str
    issue: dict | None = None  # the issue row (id, label, priority, status, owner, …)
    campaign: Campaign | None = None
    facts: dict = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DayChange:
    day: date | None  # the last local day with data
    previous: date | None
    posts: int = 0
    posts_before: int = 0
    negative: float | None = None  # share of posts with a known sentiment
    negative_before: float | None = None
    new_issues: list[dict] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Today:
    freshness: Freshness
    actions: list[Action]
    changes: DayChange


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def freshness(engine: Engine, workspace: Workspace, now: datetime | None = None) -> Freshness:
    """The newest post of the workspace and of each platform and source (from the rollups
    plus the posts stored since)."""
    now = now or _now()
    with engine.connect() as conn:
        newest = latest_post_time(conn, workspace.id)
        if newest is None:
            return Freshness(now, None, [])
        since = newest - timedelta(days=30)
        platforms = alert_store.platform_activity(conn, workspace.id, since)
        sources = alert_store.source_activity(conn, workspace.id, since)
    found = [SourceAge(p, "platform", min(t, newest)) for p, t in platforms.items()]
    for s in sources:
        last = s["last_seen_at"]
        found.append(
            SourceAge(
                s["name"],
                s["kind"],
                datetime.fromisoformat(last) if isinstance(last, str) else last,
            )
        )
    found.sort(key=lambda s: (-s.last.timestamp(), s.name))
    return Freshness(now, newest, found)


def _open(row: dict) -> bool:
    return row["status"] not in _CLOSED and is_relevant(row)


def _issue_action(row: dict, groups: dict[int, Campaign]) -> Action:
    m = row.get("metrics") or {}
    facts = {"posts": int(m.get("posts", 0)), "negative": float(m.get("negative_share", 0.0))}
    if m.get("hoax"):
        facts.update(claim=m["hoax"]["claim"], hoax_posts=int(m["hoax"]["posts"]))
        return Action("hoax", row["label"], row, groups.get(row["id"]), facts)
    group = groups.get(row["id"])
    if group is not None or m.get("campaign"):
        facts["copies"] = int(m.get("posts", 0)) - int(m.get("unique_messages", 0))
        return Action("campaign", row["label"], row, group, facts)
    facts["why"] = row["why"]
    return Action("issue", row["label"], row, None, facts)


def _issue_actions(issues: list[dict], campaigns: list[Campaign]) -> list[Action]:
    """Open issues of the institution's concern worth acting on, hoaxes and campaigns
    first, then by priority."""
    strong = [c for c in campaigns if c.score >= CAMPAIGN_SCORE and c.members >= CAMPAIGN_MEMBERS]
    by_issue: dict[int, Campaign] = {}
    for c in strong:
        for issue_id in c.issues:
            by_issue.setdefault(issue_id, c)
    urgent = [r for r in issues if _open(r) and r["priority"] != "pantau"]
    actions = [_issue_action(r, by_issue) for r in urgent]
    order = {"hoax": 0, "campaign": 1, "issue": 2}
    actions.sort(key=lambda a: order[a.kind])  # stable: priority order kept within a kind
    return actions


def _campaign_actions(campaigns: list[Campaign], covered: set[int]) -> list[Action]:
    return [
        Action("campaign", c.label, None, c, {"members": c.members, "posts": c.posts})
        for c in campaigns
        if c.score >= CAMPAIGN_SCORE
        and c.members >= CAMPAIGN_MEMBERS
        and not covered.intersection(c.issues)
    ]


def _agenda_actions(engine: Engine, workspace: Workspace) -> list[Action]:
    start, end = default_period(engine, workspace, AGENDA_DAYS)
    report = agenda_report(engine, workspace, start, end)  # kept until its data changes
    if not any(o.kind == "agenda" for o in report.salience.objects):
        return []
    return [
        Action("agenda", g.label, facts={"priority": g.priority, "why": g.why})
        for g in report.gaps.push
        if g.priority == "tinggi"
    ]


def _narrative_actions(engine: Engine, workspace: Workspace, newest: datetime) -> list[Action]:
    found = []
    for kit in list_kits(engine, workspace):
        if not newest - KIT_RECENT <= kit.release_at or not kit.accounts:
            continue
        report = narrative_report(engine, workspace, kit.id)
        rate = report.adoption_rate
        if rate is not None and rate < KIT_ADOPTION:
            facts = {
                "kit_id": kit.id,
                "asked": report.asked,
                "posted": report.posted,
                "missing": len(report.not_posted),
                "release_at": kit.release_at,
            }
            found.append(Action("narrative", kit.title, facts=facts))
    return found


def what_to_act_on(
    engine: Engine, workspace: Workspace, issues: list[dict], newest: datetime | None
) -> list[Action]:
    """Three to five things to act on (see the module docstring) among ``issues`` (as
    ``list_issues`` orders them)."""
    campaigns = stored_campaigns(engine, workspace)
    issue_actions = _issue_actions(issues, campaigns)
    chosen = issue_actions[:MAX_ISSUE_ACTIONS]
    covered = {a.issue["id"] for a in issue_actions if a.issue}
    chosen += _campaign_actions(campaigns, covered)[:1]
    chosen += _agenda_actions(engine, workspace)[:1]
    if newest is not None:
        chosen += _narrative_actions(engine, workspace, newest)[:1]
    chosen += issue_actions[MAX_ISSUE_ACTIONS:]
    return chosen[:MAX_ACTIONS]


def _share_negative(moods: Counter[str]) -> float | None:
    known = sum(moods[s] for s in ("positive", "neutral", "negative"))
    return moods["negative"] / known if known else None


def since_yesterday(
    engine: Engine, workspace: Workspace, issues: list[dict], newest: datetime | None
) -> DayChange:
    """The last local day with data against the day before, from the daily rollups, and
    which of ``issues`` appeared on that last day."""
    if newest is None:
        return DayChange(None, None)
    day = to_local(newest, workspace.timezone).date()
    previous = day - timedelta(days=1)
    with engine.connect() as conn:
        _position, rows = dashboard_store.daily_counts(
            conn, workspace.id, workspace.timezone, previous, newest - timedelta(days=2)
        )
    posts: Counter[str] = Counter()
    moods: dict[str, Counter[str]] = {day.isoformat(): Counter(), previous.isoformat(): Counter()}
    for d, _platform, mood, n in rows:
        if d in moods:
            posts[d] += n
            moods[d][mood] += n
    start = newest - timedelta(days=1)
    appeared = [
        {"id": r["id"], "label": r["label"], "priority": r["priority"]}
        for r in issues
        if r["first_seen"] >= start and is_relevant(r)
    ]
    return DayChange(
        day,
        previous,
        posts[day.isoformat()],
        posts[previous.isoformat()],
        _share_negative(moods[day.isoformat()]),
        _share_negative(moods[previous.isoformat()]),
        appeared,
    )


def today(engine: Engine, workspace: Workspace, now: datetime | None = None) -> Today:
    fresh = freshness(engine, workspace, now)
    issues = list_issues(engine, workspace, IssueFilter(shown_only=True))
    return Today(
        fresh,
        what_to_act_on(engine, workspace, issues, fresh.newest),
        since_yesterday(engine, workspace, issues, fresh.newest),
    )
