"""Actors: who posts about the institution, how much, how far it reaches, and signals of
automation (shown as values, never a verdict).

Account type: the workspace's account list first (:mod:`pantau.network.accounts`, which also
gives the institution), else a heuristic (first match wins):
``government`` — handle or name containing kemen, kementerian, dinas, pemkab, pemprov,
pemkot, humas, go.id, bpbd, setda, diskominfo; ``media`` — news platform, or a handle/name
with an outlet word (news, berita, media, tv, kabar, harian, pos, times, online, .com, .id …);
``influencer`` — at least ``INFLUENCER_FOLLOWERS`` followers; ``citizen`` otherwise.

Roles: ``active`` — posts at or above the 90th percentile of the period (and ≥ 5);
``influential`` — engagement received or followers at or above the 90th percentile (and
≥ 100 / ≥ 10,000).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

import numpy as np
from sqlalchemy import Engine

from pantau.network.accounts import listed_accounts
from pantau.network.coordination import simple_normalize
from pantau.records import Workspace
from pantau.store.network import (
    author_issues,
    author_profiles,
    author_sentiments,
    author_totals,
    iter_activity,
)
from pantau.text.account_type import account_type


def _epoch(value: datetime) -> float:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.timestamp()


def bot_signals(rows: Iterable[Mapping]) -> dict[tuple[str, str], dict]:
    """Per (platform, author): posts per day, burstiness (coefficient of variation of the gaps
    between posts; > 1 bursty, ≈ 1 random, < 1 regular), hour-of-day entropy in bits (0 = one
    hour only, 4.58 = every hour alike), duplicate ratio (share of posts repeating a text the
    account already posted). Values need at least 3 posts, else ``None``."""
    times: dict[tuple[str, str], list[float]] = {}
    texts: dict[tuple[str, str], list[str]] = {}
    for row in rows:
        handle = row.get("author")
        if not handle or row.get("created_at") is None:
            continue
        key = (row.get("platform") or "", handle)
        times.setdefault(key, []).append(_epoch(row["created_at"]))
        if not row.get("repost_of"):
            norm = row.get("normalized_text") or row.get("text") or ""
            texts.setdefault(key, []).append(simple_normalize(norm))
    out: dict[tuple[str, str], dict] = {}
    for key, ts in times.items():
        t = np.sort(np.asarray(ts))
        n = len(t)
        span_days = max((t[-1] - t[0]) / 86400.0, 1.0)
        signals: dict = {"posts_per_day": round(n / span_days, 3)}
        if n >= 3:
            gaps = np.diff(t)
            mean = gaps.mean()
            signals["burstiness"] = round(float(gaps.std() / mean), 3) if mean > 0 else None
            hours = np.bincount(((t // 3600) % 24).astype(np.int64), minlength=24) / n
            nz = hours[hours > 0]
            signals["hour_entropy"] = round(float(-(nz * np.log2(nz)).sum()), 3)
        else:
            signals["burstiness"] = None
            signals["hour_entropy"] = None
        own = texts.get(key, [])
        own = [x for x in own if x]
        signals["duplicate_ratio"] = (
            round(1 - len(set(own)) / len(own), 3) if len(own) >= 3 else None
        )
        out[key] = signals
    return out


def _p90(values: list[float]) -> float:
    return float(np.percentile(values, 90)) if values else math.inf


def list_actors(
    engine: Engine,
    workspace: Workspace,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int | None = 50,
    signals: bool = True,
    account: tuple[str, str] | None = None,
) -> list[dict]:
    """Actors of the period, most engagement first (only ``account``, a (platform, handle),
    when given; its roles are then judged against itself alone, so use ``actor_profile``)."""
    totals = author_totals(engine, workspace.id, since, until, account)
    if not totals:
        return []
    profiles = author_profiles(engine, workspace.id, account)
    listed = listed_accounts(engine, workspace)
    mix: dict[tuple[str, str], dict[str | None, int]] = {}
    for platform, author, sentiment, n in author_sentiments(
        engine, workspace.id, since, until, account
    ):
        mix.setdefault((platform, author), {})[sentiment] = n
    bots = (
        bot_signals(iter_activity(engine, workspace.id, since, until, account=account))
        if signals
        else {}
    )
    post_p90 = max(_p90([t["posts"] for t in totals]), 5)
    eng_p90 = max(_p90([int(t["engagement"] or 0) for t in totals]), 100)
    followers_known = [p["followers"] for p in profiles.values() if p.get("followers") is not None]
    fol_p90 = max(_p90(followers_known), 10_000)
    out = []
    for t in totals:
        key = (t["platform"], t["author"])
        prof = profiles.get(key, {})
        followers = prof.get("followers")
        engagement = int(t["engagement"] or 0)
        roles = []
        if t["posts"] >= post_p90:
            roles.append("active")
        if engagement >= eng_p90 or (followers is not None and followers >= fol_p90):
            roles.append("influential")
        known = listed.get((t["platform"], t["author"].lower()))
        row = {
            "platform": t["platform"],
            "handle": t["author"],
            "name": prof.get("name"),
            "type": known["type"]
            if known
            else account_type(t["platform"], t["author"], prof.get("name"), followers),
            "institution": known["institution"] if known else None,
            "listed": known is not None,
            "roles": roles,
            "posts": int(t["posts"]),
            "followers": followers,
            "verified": prof.get("verified"),
            "engagement": engagement,
            "sentiment": mix.get(key, {}),
            "first_seen": t["first_seen"],
            "last_seen": t["last_seen"],
        }
        if signals:
            row["signals"] = {**bots.get(key, {}), "followers": followers}
        out.append(row)
    out.sort(key=lambda r: (-r["engagement"], -r["posts"], r["handle"]))
    return out[:limit] if limit else out


def actor_profile(
    engine: Engine,
    workspace: Workspace,
    platform: str,
    handle: str,
    since: datetime | None = None,
    until: datetime | None = None,
) -> dict | None:
    """One account: the same figures as ``list_actors`` (roles judged against everyone's
    figures of the period) plus the issues its posts belong to; None when it has no posts."""
    found = list_actors(engine, workspace, since, until, None, signals=False)
    row = next((r for r in found if r["platform"] == platform and r["handle"] == handle), None)
    if row is None:
        return None
    own = list_actors(engine, workspace, since, until, None, account=(platform, handle))
    row["signals"] = own[0]["signals"] if own else {}
    row["issues"] = author_issues(engine, workspace.id, platform, handle)
    return row
