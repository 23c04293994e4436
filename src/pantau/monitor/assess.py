"""What an issue looks like now: its numbers, life-cycle stage, priority, the plain-language
*why*, and the suggested response.

**Stage** at hour ``H`` from the issue's hourly volume: ``recent`` = posts in the last 3 hours,
``previous`` = the 3 hours before, ``peak`` = its busiest 3-hour window so far,
``velocity`` = (recent + 1) / (previous + 1):

* *mereda* (fading): recent < 35 % of peak, or recent < 60 % of peak and not rising;
* *potensial* (potential): still small — fewer than ``SMALL_POSTS`` posts or fewer than
  ``SMALL_SOURCES`` distinct authors — and no news outlet has picked it up;
* *berkembang* (growing): velocity ≥ 1.3, or news pickup within the last 3 hours while rising;
* *memuncak* (peaking): otherwise (near its peak, no longer accelerating).

**Priority** = impact × urgency, and puts what needs action first. Impact (0–1): reach (log
scale, 10 million = 1) 25 %, negative share 30 %, relevance 15 % (the share of posts naming
the institution, its own accounts or an official, matching a saved topic — the programmes of
the agenda are topics too — or carrying a known claim, full at ``RELEVANT_SHARE``), news
pickup 10 %, plus the threats: spreading a known false claim (``HOAX_THREAT``; posts of the
institution's own accounts never count) and a copy-paste campaign among original posts
(``CAMPAIGN_THREAT``). Urgency: the stage (berkembang 1.0, memuncak 0.8, potensial 0.55,
mereda 0.3) raised by velocity; a threat keeps at least 0.8 while it had posts in the last
24 hours and 0.6 up to 72 hours, since a hoax or a campaign needs an answer until it has gone
quiet. ≥ ``SEGERA`` → *segera*, ≥ ``PERLU`` → *perlu perhatian*, else *pantau*. An issue
that is about none of the institution's concerns (relevance below ``RELEVANT_SHARE`` and no
threat) is *lainnya*: its score is halved, its priority is *pantau*, and lists show it after
the others.

**Title and summary**: see :mod:`pantau.monitor.summary`.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pantau.locale import fmt_int
from pantau.monitor.facts import UNKNOWN, PostFacts, hour_of, key_label
from pantau.monitor.summary import issue_summary, issue_title, summary_facts
from pantau.text.dedup import collapse

STAGES = ("potensial", "berkembang", "memuncak", "mereda")
PRIORITIES = ("segera", "perlu perhatian", "pantau")
STATUSES = ("baru", "dipantau", "ditangani", "selesai", "diabaikan")
RESPONSES = ("klarifikasi", "kontra-narasi", "koordinasi dengan instansi lain", "pantau saja")
SMALL_POSTS = 25
SMALL_SOURCES = 8
SEGERA = 0.42
PERLU = 0.22
COPY_CAMPAIGN_SHARE = 0.3  # share of posts that are copies of another post
HOAX_MIN_POSTS, HOAX_MIN_SHARE = 3, 0.1  # ...when at least this many / this share of its posts
HOAX_THREAT = 0.35  # impact of spreading a known false claim
CAMPAIGN_THREAT = 0.25  # impact of a copy-paste campaign
# a copy-paste campaign: a message of CAMPAIGN_MIN_WORDS content words or more copied by
# CAMPAIGN_MIN_COPIES original posts, and its CAMPAIGN_MESSAGES most copied messages make
# CAMPAIGN_SHARE of the original posts
CAMPAIGN_MIN_WORDS, CAMPAIGN_MIN_COPIES, CAMPAIGN_MESSAGES, CAMPAIGN_SHARE = 6, 5, 3, 0.5
THREAT_RECENT = timedelta(hours=24)  # a threat active this recently keeps urgency 0.8
THREAT_QUIET = timedelta(hours=72)  # ...and 0.6 until it has been quiet this long
RELEVANT_SHARE = 0.15  # share of posts naming the institution, an official or a topic
OTHER_FACTOR = 0.5  # the score of an issue that is about none of them ("lainnya")
_STAGE_URGENCY = {"potensial": 0.55, "berkembang": 1.0, "memuncak": 0.8, "mereda": 0.3}
_HOUR = timedelta(hours=1)
_WINDOW = timedelta(hours=3)


@dataclass(frozen=True, slots=True)
class Assessment:
    stage: str
    priority: str
    priority_score: float
    why: str
    suggested_response: str
    metrics: dict


def stage_of(
    times: Sequence[datetime], at: datetime, posts: int, sources: int, news_recent: int
) -> tuple[str, float, int, int]:
    """(stage, velocity, recent, peak) at time ``at`` from the posts' times (see the module
    docstring); windows are 3 hours ending at ``at`` and, for the peak, at every hour
    boundary before it."""
    ordered = sorted(t for t in times if t <= at)

    def window(end: datetime) -> int:
        return bisect_right(ordered, end) - bisect_right(ordered, end - _WINDOW)

    recent = window(at)
    previous = window(at - _WINDOW)
    ends = {hour_of(t) + _HOUR for t in ordered if hour_of(t) + _HOUR < at}
    peak = max([recent, *(window(end) for end in ends)])
    velocity = (recent + 1) / (previous + 1)
    if peak and (recent < 0.35 * peak or (recent < 0.6 * peak and velocity < 1.0)):
        return "mereda", velocity, recent, peak
    if (posts < SMALL_POSTS or sources < SMALL_SOURCES) and not news_recent:
        return "potensial", velocity, recent, peak
    if velocity >= 1.3 or (news_recent and velocity > 1.0):
        return "berkembang", velocity, recent, peak
    return "memuncak", velocity, recent, peak


_LABEL_ORDER = {"#": 0, "b": 1, "e": 1, "w": 2}


def _label(keys: Sequence[str], limit: int = 4) -> str:
    """Hashtags, then phrases and names, then words, among the most significant keys; a
    word already inside a chosen phrase is skipped."""
    top = sorted(keys[:8], key=lambda k: _LABEL_ORDER.get(k[0], 3))
    chosen: list[str] = []
    covered: set[str] = set()
    for key in top:
        label = key_label(key)
        words = set(label.lower().lstrip("#@").split())
        if key.startswith("w:") and words <= covered:
            continue
        if key[0] == "#" and label[1:] in {c.replace(" ", "") for c in chosen}:
            continue
        chosen.append(label)
        covered |= words | {label.lower().lstrip("#")}
        if len(chosen) == limit:
            break
    return ", ".join(chosen) or "isu tanpa label"


def assess(
    keys: Sequence[str],
    posts: Sequence[PostFacts],
    at: datetime,
    own_names: Iterable[str] = (),
    hoaxes: Mapping[int, str] | None = None,
    *,
    topical: Collection[int] | None = None,
    debunks: Collection[int] = (),
    timezone: str = "Asia/Jakarta",
) -> Assessment:
    """Numbers, stage, priority, why, response, title and summary of an issue from its posts,
    at time ``at`` (see the module docstring).

    ``hoaxes`` maps post ids to the known false claim they spread (posts of the institution's
    own accounts never count: they answer a claim, they do not spread it); ``topical``: the
    posts matching a saved topic (None when the workspace watches no topic yet: then whether
    an issue concerns the institution is not judged); ``debunks``: posts debunking a known
    claim."""
    visible = [p for p in posts if p.created_at <= at]
    own = {n.lower().lstrip("@") for n in own_names if n}
    hoaxes = hoaxes or {}
    carried = Counter(
        hoaxes[p.id] for p in visible if p.id in hoaxes and (p.author or "").lower() not in own
    )
    if carried and carried.most_common(1)[0][1] < max(
        HOAX_MIN_POSTS, HOAX_MIN_SHARE * len(visible)
    ):
        carried = Counter()  # a stray match does not make the issue a hoax issue
    series: Counter[datetime] = Counter(p.hour for p in visible)
    authors = {(p.platform, p.author or f"#{p.id}") for p in visible}
    followers: dict[tuple[str, str], int] = {}
    for p in visible:
        if p.author and p.followers:
            followers[(p.platform, p.author)] = p.followers
    reach = sum(followers.values())
    sentiment = Counter(p.sentiment for p in visible)
    known = sum(n for s, n in sentiment.items() if s != UNKNOWN)
    negative = sentiment.get("negative", 0) / known if known else 0.0
    news = [p for p in visible if p.platform == "news"]
    news_recent = sum(1 for p in news if p.created_at > at - _WINDOW)
    messages = collapse([p.text for p in visible]) if visible else None
    copies = len(visible) - (messages.unique if messages else 0)
    copy_share = copies / len(visible) if visible else 0.0
    originals = [p.text for p in visible if not p.is_repost]
    # short replies ("info lengkapnya di mana?") repeat each other without anyone copying
    long_originals = [
        p.text
        for p in visible
        if not p.is_repost and sum(1 for k in p.keys if k[:2] == "w:") >= CAMPAIGN_MIN_WORDS
    ]
    original_messages = collapse(long_originals) if long_originals else None
    campaign = False
    if original_messages and original_messages.largest >= CAMPAIGN_MIN_COPIES:
        top = sorted(original_messages.copies.values(), reverse=True)[:CAMPAIGN_MESSAGES]
        campaign = sum(top) >= CAMPAIGN_SHARE * len(originals)
    named: Counter[str] = Counter()
    relevant_posts = 0
    topical_ids = set(topical or ())
    for p in visible:
        mentions = 0
        for name in p.named:
            named[name] += 1
            mentions += 1
        for key in p.keys:
            if key[0] == "@" and key[1:] in own:
                named["@" + key[1:]] += 1
                mentions += 1
            elif key.startswith("w:") and key[2:] in own:
                named[key[2:]] += 1
                mentions += 1
        if mentions or p.id in topical_ids or p.id in hoaxes:
            relevant_posts += 1
    relevance = relevant_posts / len(visible) if visible else 0.0
    stage, velocity, recent, peak = stage_of(
        [p.created_at for p in visible], at, len(visible), len(authors), news_recent
    )
    last_post = max((p.created_at for p in visible), default=at)
    threat = (HOAX_THREAT if carried else 0.0) + (CAMPAIGN_THREAT if campaign else 0.0)
    relevant = topical is None or relevance >= RELEVANT_SHARE or threat > 0
    reach_score = min(1.0, math.log10(1 + reach) / 7)
    impact = min(
        1.0,
        0.25 * reach_score
        + 0.3 * negative
        + 0.15 * (1.0 if relevant else relevance / RELEVANT_SHARE)
        + 0.1 * (1.0 if news else 0.0)
        + threat,
    )
    urgency = min(1.0, _STAGE_URGENCY[stage] * (1 + 0.25 * max(0.0, math.log2(velocity))))
    if threat:  # a hoax or a campaign needs an answer until it has been quiet for a while
        quiet = at - last_post
        floor = 0.8 if quiet <= THREAT_RECENT else 0.6 if quiet <= THREAT_QUIET else 0.0
        urgency = max(urgency, floor)
    score = round(impact * urgency * (1.0 if relevant else OTHER_FACTOR), 3)
    priority = "segera" if score >= SEGERA else "perlu perhatian" if score >= PERLU else "pantau"
    if not relevant:
        priority = "pantau"
    top_named = [n for n, _ in named.most_common(3)]
    why = _why(stage, velocity, recent, peak, negative, known, top_named, len(news), copies, reach)
    response = _response(priority, stage, negative, copy_share, top_named, own)
    hoax = None
    if carried:
        claim, count = carried.most_common(1)[0]
        hoax = {"claim": claim, "posts": count}
        why += f", {fmt_int(count)} post membawa hoaks yang dikenal: «{claim}»"
        if priority != "pantau":
            response = "klarifikasi"
    elif campaign and priority != "pantau" and negative >= 0.4:
        response = "kontra-narasi"
    if not relevant:
        why += ", tidak menyebut instansi, programnya, pejabatnya atau topik yang dipantau"
    ordered = sorted(visible, key=lambda p: (-p.engagement, p.id))
    label = _label(keys)
    metrics: dict[str, Any] = {
        "posts": len(visible),
        "unique_messages": messages.unique if messages else 0,
        "largest_copies": messages.largest if messages else 0,
        "copy_share": round(copy_share, 3),
        "campaign": campaign,
        "unique_authors": len(authors),
        "platforms": dict(Counter(p.platform for p in visible).most_common()),
        "sentiment": dict(sentiment.most_common()),
        "negative_share": round(negative, 3),
        "news_posts": len(news),
        "reach": reach,
        "engagement": sum(p.engagement for p in visible),
        "named": dict(named.most_common(5)),
        "relevance": round(relevance, 3),
        "relevant": relevant,
        "velocity": round(velocity, 2),
        "recent_3h": recent,
        "peak_3h": peak,
        "stage": stage,
        "first_post": min(p.created_at for p in visible).isoformat() if visible else None,
        "last_post": last_post.isoformat() if visible else None,
        "peak_hour": max(series.items(), key=lambda kv: (kv[1], kv[0]))[0].isoformat()
        if series
        else None,
        "series": {h.isoformat(): n for h, n in sorted(series.items())},
        "top_posts": [
            {
                "id": p.id,
                "platform": p.platform,
                "author": p.author,
                "engagement": p.engagement,
                "text": p.raw_text[:280],
            }
            for p in ordered[:5]
        ],
        "label": label,
        "key_terms": [key_label(k) for k in keys[:6]],
        "title": issue_title(visible, own, fallback=label),
        "hoax": hoax,
        "debunked": len({p.id for p in visible}.intersection(debunks)),
        "assessed_at": at.isoformat(),
        **summary_facts(visible, own),
    }
    metrics["summary"] = {lang: issue_summary(metrics, timezone, lang) for lang in ("id", "en")}
    return Assessment(stage, priority, score, why, response, metrics)


def _why(
    stage: str,
    velocity: float,
    recent: int,
    peak: int,
    negative: float,
    known: int,
    named: list[str],
    news: int,
    copies: int,
    reach: int,
) -> str:
    parts = []
    if velocity >= 1.5:
        parts.append(f"volume naik {velocity:.1f}× dalam 3 jam".replace(".", ","))
    elif stage == "mereda" and peak:
        parts.append(f"volume turun ke {round(100 * recent / peak)}% dari puncaknya")
    else:
        parts.append(f"{fmt_int(recent)} post dalam 3 jam terakhir")
    if known:
        parts.append(f"{round(100 * negative)}% negatif")
    if named:
        parts.append("menyebut " + ", ".join(named))
    if news:
        parts.append(f"diberitakan {fmt_int(news)} artikel media")
    if copies >= 5:
        parts.append(f"{fmt_int(copies)} salinan pesan yang sama (indikasi salin-tempel)")
    if reach:
        parts.append(f"jangkauan ±{fmt_int(reach)} pengikut")
    return ", ".join(parts)


def _response(
    priority: str,
    stage: str,
    negative: float,
    copy_share: float,
    named: list[str],
    own: set[str],
) -> str:
    if priority == "pantau" or (stage == "mereda" and priority != "segera"):
        return "pantau saja"
    if negative >= 0.4 and copy_share >= COPY_CAMPAIGN_SHARE:
        return "kontra-narasi"
    others = [n for n in named if n.lower().lstrip("@") not in own]
    if negative >= 0.4 and (not others or len(others) < len(named)):
        return "klarifikasi"
    if others:
        return "koordinasi dengan instansi lain"
    return "klarifikasi" if negative >= 0.4 else "pantau saja"
