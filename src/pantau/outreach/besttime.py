"""Best time to post: a weekday × hour heatmap (workspace time zone) of the engagement an
account can expect from a post, learnt from its own history and shrunk towards a prior.

The model, on log engagement ``y = log(1 + engagements)`` of each post whose time is known:

1. ``r = y − baseline``, the baseline being the median ``y`` of the account's posts within
   ±14 days, so growth or a viral month does not masquerade as a good hour;
2. ``r = a + prior[cell] + hour[h] + weekday[d] + cell[d, h] + noise``. The prior is the
   platform's default pattern (``priors.py``), blended with the account's follower activity
   where the platform provides it (TikTok FollowerActivity). The hour effect pools
   neighbouring hours (weight ½) and every effect is shrunk towards 0 (i.e. towards the
   prior) by a pseudo-count of posts: ``effect = Σ residuals / (n + k)``.

With thin history the heatmap is the prior; with rich history it is the account's own
pattern. Each cell reports how many posts are behind it and ``thin`` (*data tipis*) when fewer
than ``THIN_CELL`` posts are.
"""

from __future__ import annotations

import math
from bisect import insort
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Engine

from pantau.locale import to_local
from pantau.outreach.metrics import engagements
from pantau.outreach.priors import Grid, centred, platform_prior
from pantau.records import Workspace
from pantau.store import outreach as store
from pantau.store.outreach_records import Channel

WEEKDAYS_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
K_HOUR = 10.0  # pseudo-posts behind the prior, per effect
K_WEEKDAY = 20.0
K_CELL = 5.0
THIN_CELL = 3  # fewer posts than this in a cell: "data tipis"
THIN_ACCOUNT = 50  # fewer posts than this overall: the heatmap mostly shows the prior
MIN_POSTS_FOR_ADVICE = THIN_ACCOUNT  # fewer timed posts: no hour is recommended
WINDOW_DAYS = 14
ACTIVITY_WEIGHT = 0.5  # share of the prior given to follower activity with a full week of it


@dataclass(frozen=True)
class Slot:
    weekday: int  # 0 = Monday
    hour: int
    posts: int
    index: float  # expected engagement relative to the account's typical post (1 = typical)
    expected_engagements: float | None
    thin: bool

    @property
    def label(self) -> str:
        return f"{WEEKDAYS_ID[self.weekday]} {self.hour:02d}.00"


@dataclass
class BestTime:
    channel: str
    platform: str
    timezone: str
    posts_used: int
    posts_without_time: int
    typical_engagements: float | None
    prior: str  # what the prior is made of
    thin: bool
    cells: list[Slot]  # 7 × 24, Monday 00.00 first
    top: list[Slot]
    notes: list[str] = field(default_factory=list)

    def cell(self, weekday: int, hour: int) -> Slot:
        return self.cells[weekday * 24 + hour]

    @property
    def advice(self) -> list[Slot]:
        """The hours to recommend to a person: none before the account has
        ``MIN_POSTS_FOR_ADVICE`` timed posts (the map is then mostly the platform's pattern),
        and only hours with at least ``THIN_CELL`` posts behind them, best first."""
        if self.posts_used < MIN_POSTS_FOR_ADVICE:
            return []
        backed = [s for s in self.cells if not s.thin]
        return sorted(backed, key=lambda s: (-s.index, s.weekday, s.hour))[: len(self.top)]

    def as_dict(self) -> dict:
        data = asdict(self)
        for key in ("cells", "top"):
            for slot, d in zip(getattr(self, key), data[key], strict=True):
                d["label"] = slot.label
        return data


@dataclass(frozen=True)
class TimedPost:
    local: datetime  # local time of publication
    engagements: int


def activity_prior(rows: Sequence[tuple[str, date, float]]) -> tuple[Grid, int] | None:
    """A log-lift grid from follower activity ``(hour, day, active followers)`` rows, and the
    number of days behind it. Weekdays without data take the average of the days present."""
    by_cell: dict[tuple[int, int], list[float]] = {}
    by_hour: dict[int, list[float]] = {}
    days = set()
    for key, day, value in rows:
        hour = int(key)
        by_cell.setdefault((day.weekday(), hour), []).append(value)
        by_hour.setdefault(hour, []).append(value)
        days.add(day)
    if len(by_hour) < 24 or min(sum(v) for v in by_hour.values()) <= 0:
        return None
    grid = []
    for wd in range(7):
        row = []
        for hour in range(24):
            values = by_cell.get((wd, hour)) or by_hour[hour]
            row.append(math.log(max(sum(values) / len(values), 1e-9)))
        grid.append(row)
    return centred(grid), len(days)


def _baselines(posts: Sequence[TimedPost], ys: Sequence[float]) -> list[float]:
    """Median ``y`` of the posts within ±WINDOW_DAYS of each post (posts sorted by time)."""
    window: list[float] = []
    lo = hi = 0
    out = []
    span = timedelta(days=WINDOW_DAYS)
    for p in posts:
        while hi < len(posts) and posts[hi].local <= p.local + span:
            insort(window, ys[hi])
            hi += 1
        while posts[lo].local < p.local - span:
            window.remove(ys[lo])
            lo += 1
        n = len(window)
        mid = n // 2
        out.append(window[mid] if n % 2 else (window[mid - 1] + window[mid]) / 2)
    return out


def estimate(
    posts: Sequence[TimedPost],
    prior: Grid,
    *,
    channel: str = "",
    platform: str = "",
    timezone: str = "",
    prior_label: str = "pola bawaan platform",
    posts_without_time: int = 0,
    top: int = 5,
) -> BestTime:
    """The heatmap of one account from its posts (local times) and a prior grid."""
    posts = sorted(posts, key=lambda p: p.local)
    ys = [math.log1p(p.engagements) for p in posts]
    cells = [(p.local.weekday(), p.local.hour) for p in posts]
    n_cell = [[0] * 24 for _ in range(7)]
    for wd, h in cells:
        n_cell[wd][h] += 1
    hour_eff = [0.0] * 24
    day_eff = [0.0] * 7
    cell_eff = [[0.0] * 24 for _ in range(7)]
    a = 0.0
    typical = None
    if posts:
        base = _baselines(posts, ys)
        r = [y - b - prior[wd][h] for y, b, (wd, h) in zip(ys, base, cells, strict=True)]
        a = sum(r) / len(r)
        r = [v - a for v in r]
        num, den = [0.0] * 24, [0.0] * 24
        for v, (_, h) in zip(r, cells, strict=True):
            for dh, w in ((0, 1.0), (-1, 0.5), (1, 0.5)):
                num[(h + dh) % 24] += w * v
                den[(h + dh) % 24] += w
        hour_eff = [num[h] / (den[h] + K_HOUR) for h in range(24)]
        r = [v - hour_eff[h] for v, (_, h) in zip(r, cells, strict=True)]
        sums, counts = [0.0] * 7, [0] * 7
        for v, (wd, _) in zip(r, cells, strict=True):
            sums[wd] += v
            counts[wd] += 1
        day_eff = [sums[d] / (counts[d] + K_WEEKDAY) for d in range(7)]
        r = [v - day_eff[wd] for v, (wd, _) in zip(r, cells, strict=True)]
        cell_sum = [[0.0] * 24 for _ in range(7)]
        for v, (wd, h) in zip(r, cells, strict=True):
            cell_sum[wd][h] += v
        cell_eff = [
            [cell_sum[wd][h] / (n_cell[wd][h] + K_CELL) for h in range(24)] for wd in range(7)
        ]
        recent = [
            y
            for p, y in zip(posts, ys, strict=True)
            if p.local >= posts[-1].local - timedelta(days=90)
        ]
        typical = math.expm1(sorted(recent)[len(recent) // 2])
    slots = []
    for wd in range(7):
        for h in range(24):
            est = a + prior[wd][h] + hour_eff[h] + day_eff[wd] + cell_eff[wd][h]
            expected = None if typical is None else math.expm1(math.log1p(typical) + est)
            slots.append(
                Slot(wd, h, n_cell[wd][h], math.exp(est), expected, n_cell[wd][h] < THIN_CELL)
            )
    best = sorted(slots, key=lambda s: (-s.index, s.weekday, s.hour))[:top]
    thin = len(posts) < THIN_ACCOUNT
    notes = []
    if thin:
        notes.append(
            f"data tipis: baru {len(posts)} post berwaktu; peta ini sebagian besar masih "
            f"{prior_label}"
        )
    if posts_without_time:
        notes.append(
            f"{posts_without_time} post tanpa jam unggah (berkas hanya memuat tanggal) "
            "tidak dipakai"
        )
    return BestTime(
        channel=channel,
        platform=platform,
        timezone=timezone,
        posts_used=len(posts),
        posts_without_time=posts_without_time,
        typical_engagements=typical,
        prior=prior_label,
        thin=thin,
        cells=slots,
        top=best,
        notes=notes,
    )


def channel_best_time(
    engine: Engine, workspace: Workspace, channel: Channel, top: int = 5
) -> BestTime:
    with engine.connect() as conn:
        facts = store.post_facts(conn, workspace.id, [channel.id])
        activity = store.audience_values(conn, workspace.id, channel.id, "activity_hour")
    timed, untimed = [], 0
    for p in facts:
        e = engagements(p)
        if e is None:
            continue
        if not p.time_known:
            untimed += 1
            continue
        timed.append(
            TimedPost(to_local(p.published_at, workspace.timezone).replace(tzinfo=None), e)
        )
    prior = platform_prior(channel.platform)
    label = "pola bawaan platform"
    found = activity_prior(activity) if activity else None
    if found is not None:
        grid, days = found
        w = ACTIVITY_WEIGHT * min(1.0, days / 7)
        prior = [
            [(1 - w) * p + w * g for p, g in zip(prow, grow, strict=True)]
            for prow, grow in zip(prior, grid, strict=True)
        ]
        label = f"pola bawaan platform + aktivitas pengikut ({days} hari)"
    return estimate(
        timed,
        prior,
        channel=channel.label,
        platform=channel.platform,
        timezone=workspace.timezone,
        prior_label=label,
        posts_without_time=untimed,
        top=top,
    )
