"""Content channeling (*kanalisasi konten*): for a planned content item — its objective, target
audience and content type — which owned accounts and formats to use, ranked, each with the
reasons in Bahasa Indonesia.

The score of an (account, format) pair is a sum of log factors:

1. ``log suitability``: the documented prior of the platform and format for the content type
   (``priors.CHANNELING``), and the objective's platform weight (``priors.OBJECTIVE_FIT``);
2. the account's own **format effect**: on ``y = log(1 + engagements)`` of its posts, the mean
   of ``y − median y of the account`` over its posts in that format, shrunk towards 0 (the
   prior) by ``K_FORMAT`` pseudo-posts: ``Σ residuals / (n + K_FORMAT)``, as in ``besttime``;
3. the **pillar effect**: the same over the account's posts linked to plan items of the same
   content pillar, shrunk by ``K_PILLAR``;
4. for awareness, the account's **size**: half the log of its median reach (or views) per post
   over the median of all accounts considered;
5. the **audience fit**: ``AUDIENCE_WEIGHT × log`` of the account's coverage of the target
   audience (``audience.channel_fit``) over the mean coverage of the accounts considered.

``index = exp(score − mean score)``: above 1 is better than the average option.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from sqlalchemy import Engine

from pantau.errors import PantauError
from pantau.outreach.audience import channel_fit, profile_of, region_fallback
from pantau.outreach.goals import OBJECTIVES
from pantau.outreach.metrics import engagements
from pantau.outreach.priors import CHANNELING, CONTENT_TYPES, OBJECTIVE_FIT
from pantau.records import Workspace
from pantau.store import outreach as store
from pantau.store.outreach_records import Audience, Channel, PostFacts

K_FORMAT = 8.0
K_PILLAR = 6.0
AUDIENCE_WEIGHT = 0.5
SIZE_WEIGHT = 0.5
PLATFORM_NAMES = {
    "facebook": "Facebook",
    "instagram": "Instagram",
    "x": "X",
    "tiktok": "TikTok",
    "youtube": "YouTube",
}
FORMAT_NAMES = {
    "carousel": "carousel",
    "image": "gambar",
    "reel": "reels",
    "video": "video",
    "short": "Shorts",
    "post": "post",
    "text": "teks",
    "link": "tautan",
    "story": "story",
    "live": "siaran langsung",
}


@dataclass(frozen=True)
class ContentRequest:
    content_type: str
    objective: str = "awareness"
    audience: Audience | None = None
    pillar: str | None = None

    def check(self) -> None:
        if self.content_type not in CONTENT_TYPES:
            raise PantauError(
                f"jenis konten tidak dikenal: {self.content_type!r} "
                f"(pilih {', '.join(CONTENT_TYPES)})"
            )
        if self.objective not in OBJECTIVES:
            raise PantauError(
                f"tujuan tidak dikenal: {self.objective!r} (pilih {', '.join(OBJECTIVES)})"
            )


@dataclass
class Recommendation:
    rank: int
    channel: str
    channel_id: int | None
    platform: str
    format: str
    score: float
    index: float
    own_posts: int  # posts of this account in this format
    format_lift: float  # exp(format effect)
    pillar_lift: float | None
    coverage: float | None
    reasons: list[str] = field(default_factory=list)

    @property
    def explanation(self) -> str:
        return "; ".join(self.reasons)


@dataclass
class ChannelingResult:
    request: ContentRequest
    recommendations: list[Recommendation]
    notes: list[str]

    def as_dict(self) -> dict:
        data = asdict(self)
        for rec, d in zip(self.recommendations, data["recommendations"], strict=True):
            d["explanation"] = rec.explanation
        return data


@dataclass(frozen=True)
class AccountHistory:
    """What the ranking needs from one account's posts."""

    median_y: float
    median_size: float | None
    format_residuals: dict[str, list[float]]
    pillar_residuals: dict[str, list[float]]


def history_of(posts: Sequence[PostFacts], pillar_of: dict[str, str]) -> AccountHistory | None:
    """``pillar_of``: post id -> pillar of the plan item it carried out."""
    rows = [(p, e) for p in posts if (e := engagements(p)) is not None]
    if not rows:
        return None
    ys = [math.log1p(e) for _, e in rows]
    med = statistics.median(ys)
    sizes = [s for p, _ in rows if (s := p.reach or p.views)]
    by_format: dict[str, list[float]] = defaultdict(list)
    by_pillar: dict[str, list[float]] = defaultdict(list)
    for (p, _), y in zip(rows, ys, strict=True):
        by_format[p.post_type or "?"].append(y - med)
        if p.post_id in pillar_of:
            by_pillar[pillar_of[p.post_id].lower()].append(y - med)
    return AccountHistory(
        med, statistics.median(sizes) if sizes else None, dict(by_format), dict(by_pillar)
    )


def _shrunk(residuals: Sequence[float], k: float) -> float:
    return sum(residuals) / (len(residuals) + k)


def _pct(value: float) -> str:
    return f"{value * 100:.0f}%"


def _times(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") + "×"


def rank(
    request: ContentRequest,
    channels: Sequence[Channel],
    histories: dict[int, AccountHistory | None],
    coverages: dict[int, float | None],
    top: int = 5,
) -> list[Recommendation]:
    """Rank (account, format) options; ``coverages`` from ``audience.channel_fit``."""
    request.check()
    table = CHANNELING[request.content_type]
    objective_fit = OBJECTIVE_FIT[request.objective]
    sizes = [h.median_size for h in histories.values() if h and h.median_size]
    size_mid = statistics.median(sizes) if sizes else None
    known_cov = [c for c in coverages.values() if c is not None]
    cov_mean = sum(known_cov) / len(known_cov) if known_cov else None
    options: list[Recommendation] = []
    type_label = CONTENT_TYPES[request.content_type]
    for ch in channels:
        if ch.platform not in table:
            continue
        suitability, formats = table[ch.platform]
        hist = histories.get(ch.id)
        weight = objective_fit.get(ch.platform, 1.0)
        for order, fmt in enumerate(formats):
            # later formats in the prior's list are second choices
            prior = math.log(suitability) + math.log(weight) - 0.15 * order
            reasons = [
                f"{PLATFORM_NAMES.get(ch.platform, ch.platform)} {FORMAT_NAMES.get(fmt, fmt)} "
                f"untuk {type_label}: kecocokan bawaan {_pct(suitability)}"
            ]
            if weight != 1.0:
                verb = "diutamakan" if weight > 1 else "kurang diutamakan"
                reasons.append(
                    f"{verb} untuk tujuan {OBJECTIVES[request.objective]} (bobot {_times(weight)})"
                )
            score = prior
            n_fmt = 0
            fmt_effect = 0.0
            pillar_lift = None
            if hist is not None:
                residuals = hist.format_residuals.get(fmt, [])
                n_fmt = len(residuals)
                fmt_effect = _shrunk(residuals, K_FORMAT)
                score += fmt_effect
                if n_fmt:
                    reasons.append(
                        f"di akun ini {FORMAT_NAMES.get(fmt, fmt)} mendapat engagement "
                        f"{_times(math.exp(fmt_effect))} post biasa ({n_fmt} post)"
                    )
                else:
                    reasons.append(f"akun ini belum punya post {FORMAT_NAMES.get(fmt, fmt)}")
                if request.pillar:
                    pres = hist.pillar_residuals.get(request.pillar.lower(), [])
                    if pres:
                        effect = _shrunk(pres, K_PILLAR)
                        pillar_lift = math.exp(effect)
                        score += effect
                        reasons.append(
                            f"pilar {request.pillar} di akun ini {_times(pillar_lift)} "
                            f"post biasa ({len(pres)} post)"
                        )
                if request.objective == "awareness" and hist.median_size and size_mid:
                    size = SIZE_WEIGHT * math.log(hist.median_size / size_mid)
                    score += size
                    reasons.append(
                        f"jangkauan per post {_times(hist.median_size / size_mid)} median akun"
                    )
            else:
                reasons.append("belum ada angka engagement akun ini: memakai pola bawaan saja")
            coverage = coverages.get(ch.id)
            if coverage is not None and cov_mean:
                fit = AUDIENCE_WEIGHT * math.log((coverage + 0.01) / (cov_mean + 0.01))
                score += fit
                reasons.append(
                    f"audiens sasaran {_pct(coverage)} dari pengikut "
                    f"(rata-rata akun {_pct(cov_mean)})"
                )
            options.append(
                Recommendation(
                    rank=0,
                    channel=ch.label,
                    channel_id=ch.id,
                    platform=ch.platform,
                    format=fmt,
                    score=score,
                    index=1.0,
                    own_posts=n_fmt,
                    format_lift=math.exp(fmt_effect),
                    pillar_lift=pillar_lift,
                    coverage=coverage,
                    reasons=reasons,
                )
            )
    if not options:
        return []
    mean = sum(o.score for o in options) / len(options)
    options.sort(key=lambda o: (-o.score, o.channel, o.format))
    # one line per account: its best format first, other formats of it only after every
    # account's best, so the list answers "which platforms" before "which second format"
    firsts: list[Recommendation] = []
    rest: list[Recommendation] = []
    seen: set[int | None] = set()
    for o in options:
        (rest if o.channel_id in seen else firsts).append(o)
        seen.add(o.channel_id)
    ranked = (firsts + rest)[:top]
    for i, o in enumerate(ranked, 1):
        o.rank = i
        o.index = math.exp(o.score - mean)
    return ranked


def recommend(
    engine: Engine,
    workspace: Workspace,
    request: ContentRequest,
    channels: Sequence[Channel] | None = None,
    top: int = 5,
) -> ChannelingResult:
    """Ranked platforms and formats for ``request`` from the workspace's own accounts.
    Without owned accounts, one virtual account per platform shows the priors alone."""
    request.check()
    notes: list[str] = []
    with engine.connect() as conn:
        chosen = list(channels) if channels is not None else store.find_channels(conn, workspace.id)
        if not chosen:
            notes.append("belum ada akun resmi yang diimpor: peringkat hanya dari pola bawaan")
            chosen = [
                Channel(-(i + 1), p, PLATFORM_NAMES[p], PLATFORM_NAMES[p])
                for i, p in enumerate(PLATFORM_NAMES)
            ]
        ids = [c.id for c in chosen if c.id > 0]
        facts = store.post_facts(conn, workspace.id, ids) if ids else []
        items = {i.id: i for i in store.plan_items_of(conn, workspace.id)}
        pillar_of = {
            link.post_id: items[link.plan_item_id].pillar or ""
            for link in store.plan_links(conn, workspace.id)
            if link.plan_item_id in items and items[link.plan_item_id].pillar
        }
        followers = store.latest_followers(conn, workspace.id)
        coverages: dict[int, float | None] = {ch.id: None for ch in chosen}
        if request.audience is not None:
            profiles = {ch.id: profile_of(conn, workspace.id, ch) for ch in chosen if ch.id > 0}
            fallback = region_fallback(request.audience, list(profiles.values()))
            for ch in chosen:
                if ch.id in profiles:
                    fit = channel_fit(
                        profiles[ch.id],
                        ch,
                        request.audience,
                        followers.get(ch.id, (None, None))[0],
                        fallback,
                    )
                    coverages[ch.id] = fit.coverage
    by_channel: dict[int, list[PostFacts]] = defaultdict(list)
    for p in facts:
        by_channel[p.channel_id].append(p)
    histories = {ch.id: history_of(by_channel.get(ch.id, []), pillar_of) for ch in chosen}
    found = rank(request, chosen, histories, coverages, top)
    if not found:
        notes.append("tidak ada akun di platform yang cocok untuk jenis konten ini")
    return ChannelingResult(request, found, notes)
