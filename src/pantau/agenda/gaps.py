"""The gap report: where the institution's agenda and the public's diverge.

Three lists, each entry with the numbers behind it, a plain-language *why* and an action:

- **dorong** (push content): an agenda item of priority *tinggi* or *sedang*, active in the
  period, whose share of the public conversation is below ``LOW_PUBLIC_SHARE``, or below
  ``LOW_ATTENTION_RATIO`` times its share of the institution's own posts (the institution
  talks about it, the public does not follow);
- **tanggapi** (consider responding): a detected issue with at least ``MIN_ISSUE_POSTS``
  public posts and at least ``HIGH_PUBLIC_SHARE`` of the public conversation, of whose posts
  fewer than ``AGENDA_OVERLAP`` match any agenda item (checked for the ``MAX_RESPOND``
  largest such issues, on an evenly spread sample of up to 1,000 posts each);
- **sentimen** (turning negative): an agenda item whose negative share among public posts
  with a known sentiment rose by at least ``NEGATIVE_RISE`` (percentage points, as a
  fraction) from the earlier days of the period to its last third, and is at least
  ``NEGATIVE_LEVEL`` there; both windows need ``MIN_SENTIMENT_POSTS`` such posts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine

from pantau.agenda.items import list_items
from pantau.agenda.salience import SalienceReport
from pantau.locale import fmt_int
from pantau.records import Workspace
from pantau.store import agenda as store

LOW_PUBLIC_SHARE = 0.01
LOW_ATTENTION_RATIO = 0.25
HIGH_PUBLIC_SHARE = 0.02
MIN_ISSUE_POSTS = 30
AGENDA_OVERLAP = 0.2
MAX_RESPOND = 10
NEGATIVE_RISE = 0.10
NEGATIVE_LEVEL = 0.30
MIN_SENTIMENT_POSTS = 20
_PRIORITY_ORDER = {"tinggi": 0, "sedang": 1, "rendah": 2}
_ISSUE_ORDER = {"segera": 0, "perlu perhatian": 1, "pantau": 2}


@dataclass(slots=True)
class Gap:
    kind: str  # dorong, tanggapi, sentimen
    key: str
    label: str
    priority: str
    why: str
    action: str
    numbers: dict[str, float | int | None] = field(default_factory=dict)


@dataclass(slots=True)
class GapReport:
    push: list[Gap] = field(default_factory=list)
    respond: list[Gap] = field(default_factory=list)
    negative: list[Gap] = field(default_factory=list)


def _pct(share: float | None) -> str:
    if share is None:
        return "-"
    value = round(100 * share, 1)
    return (f"{value:.1f}".replace(".", ",").removesuffix(",0")) + "%"


def find_gaps(engine: Engine, workspace: Workspace, salience: SalienceReport) -> GapReport:
    report = GapReport()
    items = [o for o in salience.objects if o.kind == "agenda"]
    for obj in items:
        if not obj.active or obj.priority not in ("tinggi", "sedang"):
            continue
        public, own = obj.arenas["public"], obj.arenas["own"]
        ratio = public.share / own.share if own.share else None
        if public.share >= LOW_PUBLIC_SHARE and (ratio is None or ratio >= LOW_ATTENTION_RATIO):
            continue
        why = (
            f"prioritas {obj.priority}, tetapi hanya {fmt_int(public.posts)} post publik "
            f"({_pct(public.share)} percakapan publik), sedangkan {fmt_int(own.posts)} post "
            f"instansi ({_pct(own.share)} unggahan instansi) membahasnya"
        )
        action = (
            "buat dan sebarkan konten tentang agenda ini (belum ada unggahan instansi)"
            if own.posts == 0
            else "dorong konten: ubah format atau kanal, libatkan akun mitra dan pemengaruh"
        )
        report.push.append(
            Gap(
                "dorong",
                obj.key,
                obj.label,
                obj.priority,
                why,
                action,
                {
                    "public_posts": public.posts,
                    "public_share": public.share,
                    "own_posts": own.posts,
                },
            )
        )
    report.push.sort(key=lambda g: (_PRIORITY_ORDER.get(g.priority, 9), g.numbers["public_share"]))
    topic_ids = [i.topic_id for i in list_items(engine, workspace) if i.topic_id is not None]
    candidates = [
        o
        for o in salience.objects
        if o.kind == "isu"
        and o.arenas["public"].posts >= MIN_ISSUE_POSTS
        and o.arenas["public"].share >= HIGH_PUBLIC_SHARE
    ]
    candidates.sort(key=lambda o: -o.arenas["public"].posts)
    with engine.connect() as conn:
        for obj in candidates[:MAX_RESPOND]:
            public = obj.arenas["public"]
            total, matched = store.issue_topic_overlap(conn, workspace.id, obj.id, topic_ids)
            overlap = matched / total if total else 0.0
            if overlap >= AGENDA_OVERLAP:
                continue
            negative = public.negative_share
            why = (
                f"{fmt_int(public.posts)} post publik ({_pct(public.share)} percakapan publik), "
                f"{_pct(negative)} negatif; hanya {_pct(overlap)} post isu ini menyentuh agenda"
            )
            action = (
                "pertimbangkan klarifikasi atau tanggapan resmi"
                if (negative or 0) >= 0.4
                else "pertimbangkan menanggapi atau mengaitkannya dengan agenda"
            )
            report.respond.append(
                Gap(
                    "tanggapi",
                    obj.key,
                    obj.label,
                    obj.priority,
                    why,
                    action,
                    {
                        "public_posts": public.posts,
                        "public_share": public.share,
                        "negative_share": negative,
                        "agenda_overlap": overlap,
                        "own_posts": obj.arenas["own"].posts,
                    },
                )
            )
    report.respond.sort(
        key=lambda g: (_ISSUE_ORDER.get(g.priority, 9), -(g.numbers["public_posts"] or 0))
    )
    for obj in items:
        gap = _turning_negative(obj.daily_negative["public"], obj.daily_known["public"])
        if gap is None:
            continue
        before, recent, known_recent = gap
        report.negative.append(
            Gap(
                "sentimen",
                obj.key,
                obj.label,
                obj.priority,
                f"sentimen negatif publik naik dari {_pct(before)} ke {_pct(recent)} "
                f"pada sepertiga akhir periode ({fmt_int(known_recent)} post bersentimen)",
                "periksa keluhan yang muncul dan siapkan penjelasan atau perbaikan layanan",
                {
                    "negative_before": before,
                    "negative_recent": recent,
                    "posts_recent": known_recent,
                },
            )
        )
    report.negative.sort(
        key=lambda g: -((g.numbers["negative_recent"] or 0) - (g.numbers["negative_before"] or 0))
    )
    return report


def _turning_negative(negative: list[int], known: list[int]) -> tuple[float, float, int] | None:
    """(negative share before, in the last third, posts in the last third) when rising."""
    n = len(known)
    if n < 2:
        return None
    cut = n - max(1, n // 3)
    known_before, known_recent = sum(known[:cut]), sum(known[cut:])
    if known_before < MIN_SENTIMENT_POSTS or known_recent < MIN_SENTIMENT_POSTS:
        return None
    before = sum(negative[:cut]) / known_before
    recent = sum(negative[cut:]) / known_recent
    if recent - before >= NEGATIVE_RISE and recent >= NEGATIVE_LEVEL:
        return before, recent, known_recent
    return None
