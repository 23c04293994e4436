"""The report of one narrative kit: adoption, time to amplify, fidelity, reach, per account and
per institution, who has not posted, and volunteer amplifiers (see :mod:`pantau.agenda.narrative`
for the definitions). Plain dataclasses; ``NarrativeReport.as_dict()`` is JSON-ready."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Engine

from pantau.agenda.narrative import NarrativeKit, get_kit
from pantau.agenda.narrative_match import TEXT_THRESHOLD
from pantau.locale import fmt_int
from pantau.records import Workspace
from pantau.store import narratives as store

# (band, lowest fidelity in it), highest first.
# "sedang" starts at the text threshold of matching: such a post carries the message by itself.
FIDELITY_BANDS: tuple[tuple[str, float], ...] = (
    ("tinggi", 0.7),
    ("sedang", TEXT_THRESHOLD),
    ("rendah", 0.0),
)
VOLUNTEER_LIMIT = 100
MAX_POST_TEXT = 280


def fidelity_band(score: float) -> str:
    """tinggi (close to the key message), sedang (carries it in other words), rendah."""
    return next(band for band, low in FIDELITY_BANDS if score >= low)


def fmt_delay(minutes: float | None) -> str:
    """``45 menit``, ``2 jam 5 menit``, ``1 hari 3 jam``; ``–`` when unknown."""
    if minutes is None:
        return "–"
    total = round(minutes)
    if total < 60:
        return f"{total} menit"
    hours, mins = divmod(total, 60)
    if hours < 24:
        return f"{hours} jam" + (f" {mins} menit" if mins else "")
    days, hours = divmod(hours, 24)
    return f"{days} hari" + (f" {hours} jam" if hours else "")


@dataclass(frozen=True)
class CarryingPost:
    post_id: int
    platform: str
    external_id: str
    author: str | None
    posted_at: datetime  # naive UTC
    delay_minutes: float  # after the release; 0 for a post inside the tolerance before it
    fidelity: float
    band: str
    signals: list[str]
    url: str | None
    text: str
    views: int | None
    engagement: int | None  # likes + reposts + replies, where known
    asked: bool


@dataclass(frozen=True)
class AccountRow:
    platform: str
    handle: str
    name: str | None
    institution: str | None  # None for a volunteer
    asked: bool
    posts: int
    first_post_at: datetime | None
    delay_minutes: float | None  # of the first carrying post
    best_fidelity: float | None
    mean_fidelity: float | None
    band: str | None  # of the mean fidelity
    signals: list[str]
    followers: int | None  # newest collected profile
    views: int | None
    engagement: int | None
    first_post_url: str | None


@dataclass(frozen=True)
class InstitutionRow:
    institution: str
    asked: int
    posted: int
    adoption_rate: float
    median_delay_minutes: float | None
    mean_fidelity: float | None
    followers: int
    posts: int
    not_posted: list[str]  # "platform/handle"


@dataclass(frozen=True)
class Reach:
    """Followers of the carrying accounts (``followers_known`` of ``accounts`` have a profile
    with a count) and views and engagement of their carrying posts (``views_known`` of ``posts``
    report views)."""

    accounts: int
    followers: int
    followers_known: int
    posts: int
    views: int
    views_known: int
    engagement: int


@dataclass(frozen=True)
class NarrativeReport:
    kit: NarrativeKit
    timezone: str
    asked: int
    posted: int
    adoption_rate: float | None  # None when no account was asked
    median_delay_minutes: float | None
    fidelity_median: float | None  # over the asked accounts' carrying posts
    fidelity_bands: dict[str, int]
    reach: Reach  # asked accounts
    volunteer_reach: Reach
    accounts: list[AccountRow]  # asked: posted (earliest first), then not posted
    institutions: list[InstitutionRow]
    not_posted: list[AccountRow]
    volunteers: list[AccountRow]  # most followers first, at most VOLUNTEER_LIMIT
    volunteers_total: int
    posts: list[CarryingPost]  # of asked accounts, in time order
    adoption_curve: list[tuple[float, int]]  # (hours after release, asked accounts posted)
    summary: list[str]
    notes: list[str]
    generated_at: datetime = field(default_factory=lambda: datetime.now(UTC).replace(tzinfo=None))

    def as_dict(self) -> dict:
        data = _jsonable(asdict(self))
        assert isinstance(data, dict)  # asdict gives a dict, and _jsonable keeps dicts
        return data


def _jsonable(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def _sum_known(values: list[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def _engagement(row: dict) -> int | None:
    return _sum_known([row["likes"], row["reposts"], row["replies"]])


def _median(values: list[float], digits: int = 1) -> float | None:
    return round(statistics.median(values), digits) if values else None


def _mean(values: list[float]) -> float | None:
    return round(statistics.fmean(values), 4) if values else None


def _account_row(
    platform: str,
    handle: str,
    rows: list[dict],
    release: datetime,
    *,
    asked: bool,
    name: str | None = None,
    institution: str | None = None,
) -> AccountRow:
    if not rows:
        return AccountRow(
            platform, handle, name, institution, asked, 0, None, None, None, None, None, [],
            None, None, None, None,
        )  # fmt: skip
    first = min(rows, key=lambda r: (r["posted_at"], r["post_id"]))
    fidelities = [r["fidelity"] for r in rows]
    mean = _mean(fidelities)
    signals = sorted({s for r in rows for s in r["signals"].split(",") if s})
    followers = next((r["followers"] for r in rows if r["followers"] is not None), None)
    return AccountRow(
        platform=platform,
        handle=handle,
        name=name or first["author_name"],
        institution=institution,
        asked=asked,
        posts=len(rows),
        first_post_at=first["posted_at"],
        delay_minutes=max(0.0, round((first["posted_at"] - release).total_seconds() / 60, 1)),
        best_fidelity=max(fidelities),
        mean_fidelity=mean,
        band=fidelity_band(mean) if mean is not None else None,
        signals=signals,
        followers=followers,
        views=_sum_known([r["views"] for r in rows]),
        engagement=_sum_known([_engagement(r) for r in rows]),
        first_post_url=first["url"],
    )


def _reach(accounts: list[AccountRow], posts: list[dict]) -> Reach:
    posted = [a for a in accounts if a.posts]
    known = [a.followers for a in posted if a.followers is not None]
    views = [r["views"] for r in posts if r["views"] is not None]
    return Reach(
        accounts=len(posted),
        followers=sum(known),
        followers_known=len(known),
        posts=len(posts),
        views=sum(views),
        views_known=len(views),
        engagement=sum(e for r in posts if (e := _engagement(r)) is not None),
    )


def _institutions(accounts: list[AccountRow]) -> list[InstitutionRow]:
    grouped: dict[str, list[AccountRow]] = defaultdict(list)
    for a in accounts:
        grouped[a.institution or ""].append(a)
    found = []
    for institution, members in grouped.items():
        posted = [a for a in members if a.posts]
        found.append(
            InstitutionRow(
                institution=institution,
                asked=len(members),
                posted=len(posted),
                adoption_rate=round(len(posted) / len(members), 4),
                median_delay_minutes=_median(
                    [a.delay_minutes for a in posted if a.delay_minutes is not None]
                ),
                mean_fidelity=_mean(
                    [a.mean_fidelity for a in posted if a.mean_fidelity is not None]
                ),
                followers=sum(a.followers or 0 for a in posted),
                posts=sum(a.posts for a in posted),
                not_posted=[f"{a.platform}/{a.handle}" for a in members if not a.posts],
            )
        )
    found.sort(key=lambda r: (-r.adoption_rate, r.median_delay_minutes or 0.0, r.institution))
    return found


def _percent(rate: float) -> str:
    return f"{fmt_int(round(rate * 100))}%"


def _summary(report_parts: dict) -> list[str]:
    asked, posted = report_parts["asked"], report_parts["posted"]
    lines = []
    if not asked:
        lines.append("Belum ada akun yang diminta membawa narasi ini.")
    else:
        lines.append(
            f"{fmt_int(posted)} dari {fmt_int(asked)} akun yang diminta "
            f"({_percent(posted / asked)}) sudah membawa narasi."
        )
    if report_parts["median_delay"] is not None:
        lines.append(
            f"Median waktu amplifikasi: {fmt_delay(report_parts['median_delay'])} setelah rilis."
        )
    bands = report_parts["bands"]
    if sum(bands.values()):
        lines.append(
            "Kesetiaan pada pesan kunci: "
            + ", ".join(f"{fmt_int(bands[b])} post {b}" for b, _ in FIDELITY_BANDS)
            + "."
        )
    reach: Reach = report_parts["reach"]
    if reach.accounts:
        text = f"Jangkauan: {fmt_int(reach.followers)} pengikut akun pembawa"
        if reach.views_known:
            text += f", {fmt_int(reach.views)} tayangan"
        lines.append(text + f", {fmt_int(reach.engagement)} interaksi.")
    missing = report_parts["not_posted"]
    if missing:
        lines.append(f"{fmt_int(len(missing))} akun belum memposting.")
    if report_parts["volunteers"]:
        lines.append(
            f"{fmt_int(report_parts['volunteers'])} akun lain ikut membawa narasi tanpa diminta."
        )
    return lines


def narrative_report(engine: Engine, workspace: Workspace, kit_id: int) -> NarrativeReport:
    """Everything the coordinator needs about one kit, from the stored matches (run
    ``match_kit`` first for fresh numbers; ``notes`` says when posts wait to be matched)."""
    kit = get_kit(engine, workspace, kit_id)
    with engine.connect() as conn:
        asked_rows = store.account_rows(conn, workspace.id, kit_id)
        carrying = store.carrying_posts(conn, workspace.id, kit_id)
        newest_post = store.max_post_id(conn, workspace.id)
    release = kit.release_at
    by_account: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in carrying:
        by_account[(row["platform"], (row["author"] or "").lstrip("@").lower())].append(row)
    asked_keys = {(a["platform"], a["handle"]) for a in asked_rows}

    accounts = [
        _account_row(
            a["platform"],
            a["handle"],
            by_account.get((a["platform"], a["handle"]), []),
            release,
            asked=True,
            name=a["name"],
            institution=a["institution"],
        )
        for a in asked_rows
    ]
    accounts.sort(
        key=lambda a: (a.first_post_at is None, a.first_post_at or release, a.platform, a.handle)
    )
    posted = [a for a in accounts if a.posts]
    not_posted = [a for a in accounts if not a.posts]
    asked_posts = [r for key, rows in by_account.items() if key in asked_keys for r in rows]
    asked_posts.sort(key=lambda r: (r["posted_at"], r["post_id"]))
    volunteer_posts = [r for key, rows in by_account.items() if key not in asked_keys for r in rows]
    volunteers = [
        _account_row(platform, rows[0]["author"] or handle, rows, release, asked=False)
        for (platform, handle), rows in by_account.items()
        if (platform, handle) not in asked_keys
    ]
    volunteers.sort(key=lambda a: (-(a.followers or 0), a.first_post_at, a.platform, a.handle))

    bands = Counter(fidelity_band(r["fidelity"]) for r in asked_posts)
    median_delay = _median([a.delay_minutes for a in posted if a.delay_minutes is not None])
    reach = _reach(accounts, asked_posts)
    curve = [
        (round((a.delay_minutes or 0.0) / 60, 2), i)
        for i, a in enumerate(sorted(posted, key=lambda a: a.delay_minutes or 0.0), start=1)
    ]
    notes = [
        "Dihitung dari post yang dikumpulkan workspace ini; post yang tidak ikut terkumpul "
        "tidak terlihat, jadi akun yang sebenarnya sudah memposting bisa tercatat belum."
    ]
    if kit.matched_through < newest_post:
        notes.append(
            "Ada post yang belum diperiksa untuk kit ini; jalankan `pantau narrative match`."
        )
    fidelity_bands = {b: bands.get(b, 0) for b, _ in FIDELITY_BANDS}
    parts = {
        "asked": len(accounts),
        "posted": len(posted),
        "median_delay": median_delay,
        "bands": fidelity_bands,
        "reach": reach,
        "not_posted": not_posted,
        "volunteers": len(volunteers),
    }
    return NarrativeReport(
        kit=kit,
        timezone=workspace.timezone,
        asked=len(accounts),
        posted=len(posted),
        adoption_rate=round(len(posted) / len(accounts), 4) if accounts else None,
        median_delay_minutes=median_delay,
        fidelity_median=_median([r["fidelity"] for r in asked_posts], 4),
        fidelity_bands=fidelity_bands,
        reach=reach,
        volunteer_reach=_reach(volunteers, volunteer_posts),
        accounts=accounts,
        institutions=_institutions(accounts),
        not_posted=not_posted,
        volunteers=volunteers[:VOLUNTEER_LIMIT],
        volunteers_total=len(volunteers),
        posts=[
            CarryingPost(
                post_id=r["post_id"],
                platform=r["platform"],
                external_id=r["external_id"],
                author=r["author"],
                posted_at=r["posted_at"],
                delay_minutes=max(0.0, round((r["posted_at"] - release).total_seconds() / 60, 1)),
                fidelity=r["fidelity"],
                band=fidelity_band(r["fidelity"]),
                signals=r["signals"].split(","),
                url=r["url"],
                text=r["text"][:MAX_POST_TEXT],
                views=r["views"],
                engagement=_engagement(r),
                asked=True,
            )
            for r in asked_posts
        ],
        adoption_curve=curve,
        summary=_summary(parts),
        notes=notes,
    )
