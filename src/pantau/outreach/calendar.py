"""The content calendar: plan items with caption variants per platform, a review and approval
workflow, national holidays overlaid, ICS and CSV export, and published posts linked back to
the items they carry out, so performance is measured against the plan.

Workflow: ``draft → review → approved → scheduled → published``. Only a person other than the
author approves an item. Changing what an approved or scheduled item says (title, captions,
accounts, time, content type) sends it back to ``review`` and clears the approval. An item
becomes ``published`` when a post is linked to it (``link_published``) or by hand.

Caption lengths are checked against each platform's limit (``CAPTION_LIMITS``). X counts a
link as 23 characters and a character outside the basic ranges (emoji, CJK) as 2, as X's own
counter does; other platforms count characters.

Linking (``link_published``): for each item with accounts, the owned posts of those accounts
within ``WINDOW_HOURS`` of the planned time are scored by ``SIMILARITY_WEIGHT ×`` caption
similarity (Dice coefficient of the word sets of the caption variant — or the title — and the
post's caption) plus the rest × time closeness. Pairs with a similarity of at least
``MIN_SIMILARITY`` are linked greedily, best first: a post carries at most one item, and an
item at most one post per account. Running it again changes nothing.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays
from sqlalchemy import Engine

from pantau.agenda.items import list_items as agenda_items
from pantau.errors import NotFoundError, PantauError
from pantau.io.cells import safe_row
from pantau.outreach.metrics import engagements
from pantau.outreach.priors import CONTENT_TYPES
from pantau.records import Workspace
from pantau.store import outreach as store
from pantau.store.outreach_records import Channel, OwnedPost, PlanItem, PlanLink, PostFacts

STATUSES = {
    "draft": "draf",
    "review": "ditinjau",
    "approved": "disetujui",
    "scheduled": "terjadwal",
    "published": "terbit",
}
TRANSITIONS: dict[str, frozenset[str]] = {
    "draft": frozenset({"review", "approved"}),
    "review": frozenset({"draft", "approved"}),
    "approved": frozenset({"draft", "review", "scheduled", "published"}),
    "scheduled": frozenset({"draft", "review", "approved", "published"}),
    "published": frozenset({"scheduled"}),
}
CAPTION_LIMITS = {
    "x": 280,
    "instagram": 2_200,
    "tiktok": 2_200,
    "youtube": 5_000,
    "facebook": 63_206,
}
WINDOW_HOURS = 24
MIN_SIMILARITY = 0.3
SIMILARITY_WEIGHT = 0.8
EVENT_MINUTES = 30
_CONTENT_FIELDS = ("title", "content_type", "channels", "scheduled_at", "captions")
_URL = re.compile(r"https?://\S+")
_WORD = re.compile(r"\w{3,}")


# --- captions -------------------------------------------------------------------------------


def _x_weight(ch: str) -> int:
    cp = ord(ch)
    if cp <= 0x10FF or 0x2000 <= cp <= 0x200D or 0x2010 <= cp <= 0x201F or 0x2032 <= cp <= 0x2037:
        return 1
    return 2


def caption_length(platform: str, text: str) -> int:
    """Length as the platform counts it (see the module notes)."""
    text = unicodedata.normalize("NFC", text)
    if platform != "x":
        return len(text)
    links = _URL.findall(text)
    rest = _URL.sub("", text)
    return 23 * len(links) + sum(_x_weight(c) for c in rest)


@dataclass(frozen=True)
class CaptionCheck:
    platform: str
    length: int
    limit: int | None
    ok: bool

    @property
    def message(self) -> str:
        if self.limit is None:
            return f"{self.platform}: {self.length} karakter"
        if self.ok:
            return f"{self.platform}: {self.length}/{self.limit} karakter"
        return (
            f"{self.platform}: {self.length} karakter, melebihi batas {self.limit} "
            f"({self.length - self.limit} terlalu banyak)"
        )


def check_captions(captions: Mapping[str, str]) -> list[CaptionCheck]:
    out = []
    for platform, text in sorted(captions.items()):
        limit = CAPTION_LIMITS.get(platform)
        length = caption_length(platform, text)
        out.append(CaptionCheck(platform, length, limit, limit is None or length <= limit))
    return out


# --- items ----------------------------------------------------------------------------------


def to_utc(local: datetime, timezone: str) -> datetime:
    """A naive local time (or an aware time) as naive UTC."""
    if local.tzinfo is None:
        local = local.replace(tzinfo=ZoneInfo(timezone))
    return local.astimezone(UTC).replace(tzinfo=None)


def to_local(utc_naive: datetime, timezone: str) -> datetime:
    return utc_naive.replace(tzinfo=UTC).astimezone(ZoneInfo(timezone)).replace(tzinfo=None)


def _channels_by_id(engine: Engine, workspace: Workspace) -> dict[int, Channel]:
    with engine.connect() as conn:
        return {c.id: c for c in store.find_channels(conn, workspace.id)}


def _clean_captions(captions: Mapping[str, str] | None) -> dict[str, str]:
    out = {}
    for platform, text in (captions or {}).items():
        key = platform.strip().lower()
        if key not in CAPTION_LIMITS:
            raise PantauError(
                f"platform caption tidak dikenal: {platform!r} (pilih {', '.join(CAPTION_LIMITS)})"
            )
        if text and text.strip():
            out[key] = text.strip()
    return out


def _validate(values: dict, known: dict[int, Channel]) -> dict:
    if "title" in values:
        title = (values["title"] or "").strip()
        if not title:
            raise PantauError("judul rencana konten kosong")
        values["title"] = title[:300]
    if "content_type" in values and values["content_type"] not in CONTENT_TYPES:
        raise PantauError(
            f"jenis konten tidak dikenal: {values['content_type']!r} "
            f"(pilih {', '.join(CONTENT_TYPES)})"
        )
    if "channels" in values:
        ids = sorted(set(values["channels"] or ()))
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise NotFoundError(f"akun #{unknown[0]} tidak ada di workspace ini")
        values["channels"] = ids
    if values.get("pillar") is not None:
        values["pillar"] = values["pillar"].strip()[:100] or None
    return values


def list_items(
    engine: Engine,
    workspace: Workspace,
    start: date | None = None,
    end: date | None = None,
) -> list[PlanItem]:
    """Items planned on local days ``start``..``end`` (inclusive), in time order."""
    since = (
        to_utc(datetime.combine(start, datetime.min.time()), workspace.timezone) if start else None
    )
    until = (
        to_utc(datetime.combine(end + timedelta(days=1), datetime.min.time()), workspace.timezone)
        if end
        else None
    )
    with engine.connect() as conn:
        return store.plan_items_of(conn, workspace.id, since, until)


def get_item(engine: Engine, workspace: Workspace, item_id: int) -> PlanItem:
    with engine.connect() as conn:
        found = store.plan_items_of(conn, workspace.id, item_ids=[item_id])
    if not found:
        raise NotFoundError(f"rencana konten #{item_id} tidak ditemukan")
    return found[0]


def add_item(
    engine: Engine,
    workspace: Workspace,
    *,
    title: str,
    content_type: str,
    scheduled_at: datetime,
    by: str,
    channel_ids: Sequence[int] = (),
    pillar: str | None = None,
    captions: Mapping[str, str] | None = None,
    agenda_item_id: int | None = None,
    goal_id: int | None = None,
    audience_id: int | None = None,
    owner: str | None = None,
    notes: str | None = None,
) -> PlanItem:
    """A new draft item; ``scheduled_at`` is local time unless it carries a zone."""
    if not by or not by.strip():
        raise PantauError("penulis rencana (--by EMAIL) wajib diisi")
    values = _validate(
        {
            "title": title,
            "content_type": content_type,
            "channels": list(channel_ids),
            "pillar": pillar,
        },
        _channels_by_id(engine, workspace),
    )
    clean = _clean_captions(captions)
    with engine.begin() as conn:
        item_id = store.insert_plan_item(
            conn,
            workspace.id,
            {
                **values,
                "scheduled_at": to_utc(scheduled_at, workspace.timezone),
                "agenda_item_id": agenda_item_id,
                "goal_id": goal_id,
                "audience_id": audience_id,
                "owner": owner,
                "notes": notes,
                "status": "draft",
                "created_by": by.strip().lower(),
            },
        )
        store.set_captions(conn, workspace.id, item_id, clean)
    return get_item(engine, workspace, item_id)


def edit_item(engine: Engine, workspace: Workspace, item_id: int, **changes: object) -> PlanItem:
    """Change fields of an item (``scheduled_at`` in local time, ``channels`` as ids,
    ``captions`` as platform -> text, replacing all variants)."""
    item = get_item(engine, workspace, item_id)
    if item.status == "published":
        raise PantauError("rencana yang sudah terbit tidak dapat diubah")
    values = {k: v for k, v in changes.items() if k != "captions"}
    allowed = {
        "title", "content_type", "channels", "scheduled_at", "pillar", "agenda_item_id",
        "goal_id", "audience_id", "owner", "notes",
    }  # fmt: skip
    unknown = set(values) - allowed
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    values = _validate(values, _channels_by_id(engine, workspace))
    if "scheduled_at" in values:
        values["scheduled_at"] = to_utc(values["scheduled_at"], workspace.timezone)  # type: ignore[arg-type]  # _validate returned a datetime for it
    captions = _clean_captions(changes["captions"]) if "captions" in changes else None  # type: ignore[arg-type]  # _clean_captions checks the mapping
    changed_content = (captions is not None and captions != item.captions) or any(
        k in values and _current(item, k) != values[k] for k in _CONTENT_FIELDS
    )
    if changed_content and item.status in ("approved", "scheduled"):
        values.update(status="review", approved_by=None, approved_at=None)
    with engine.begin() as conn:
        if values:
            store.update_plan_item(conn, workspace.id, item_id, values)
        if captions is not None:
            store.set_captions(conn, workspace.id, item_id, captions)
    return get_item(engine, workspace, item_id)


def _current(item: PlanItem, key: str) -> object:
    if key == "channels":
        return sorted(item.channel_ids)
    return getattr(item, key)


def set_status(
    engine: Engine, workspace: Workspace, item_id: int, status: str, by: str
) -> PlanItem:
    """Move an item along the workflow. Approval needs a person other than the author, at
    least one account, and every caption within its platform's limit."""
    if status not in STATUSES:
        raise PantauError(f"status tidak dikenal: {status!r} (pilih {', '.join(STATUSES)})")
    if not by or not by.strip():
        raise PantauError("siapa yang mengubah status (--by EMAIL) wajib diisi")
    by = by.strip().lower()
    item = get_item(engine, workspace, item_id)
    if status == item.status:
        return item
    if status not in TRANSITIONS[item.status]:
        raise PantauError(
            f"status {STATUSES[item.status]} tidak dapat langsung menjadi {STATUSES[status]}"
        )
    values: dict[str, object] = {"status": status}
    if status == "approved" and item.status in ("draft", "review"):
        if by == item.created_by:
            raise PantauError(
                f"rencana ini ditulis oleh {item.created_by}; persetujuan harus oleh orang lain"
            )
        if not item.channel_ids:
            raise PantauError("pilih minimal satu akun sebelum menyetujui")
        too_long = [c.message for c in check_captions(item.captions) if not c.ok]
        if too_long:
            raise PantauError("caption terlalu panjang: " + "; ".join(too_long))
        values.update(approved_by=by, approved_at=datetime.now(UTC).replace(tzinfo=None))
    if status in ("draft", "review"):
        values.update(approved_by=None, approved_at=None)
    with engine.begin() as conn:
        store.update_plan_item(conn, workspace.id, item_id, values)
    return get_item(engine, workspace, item_id)


def delete_item(engine: Engine, workspace: Workspace, item_id: int) -> PlanItem:
    item = get_item(engine, workspace, item_id)
    with engine.begin() as conn:
        store.delete_plan_item(conn, workspace.id, item_id)
    return item


def agenda_titles(engine: Engine, workspace: Workspace) -> dict[int, str]:
    """Agenda item titles by id."""
    return {a.id: a.title for a in agenda_items(engine, workspace)}


# --- holidays and the month grid ------------------------------------------------------------


def holidays_between(start: date, end: date) -> dict[date, list[str]]:
    """Indonesian national holidays and collective leave days (names in Indonesian)."""
    years = list(range(start.year, end.year + 1))
    found: dict[date, list[str]] = {}
    try:
        table = holidays.Indonesia(years=years, language="id", categories=("public", "government"))
    except (TypeError, ValueError, NotImplementedError):
        table = holidays.Indonesia(years=years)
    for day, names in sorted(table.items()):
        if start <= day <= end:
            found.setdefault(day, []).extend(n for n in names.split("; ") if n)
    return found


@dataclass
class CalendarDay:
    day: date
    in_month: bool
    holidays: list[str]
    items: list[PlanItem] = field(default_factory=list)


def month_grid(
    engine: Engine, workspace: Workspace, year: int, month: int
) -> list[list[CalendarDay]]:
    """Weeks (Monday first) covering the month, each day with its holidays and items."""
    first = date(year, month, 1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    start = first - timedelta(days=first.weekday())
    end = last + timedelta(days=6 - last.weekday())
    holiday_names = holidays_between(start, end)
    by_day: dict[date, list[PlanItem]] = {}
    for item in list_items(engine, workspace, start, end):
        by_day.setdefault(to_local(item.scheduled_at, workspace.timezone).date(), []).append(item)
    weeks = []
    day = start
    while day <= end:
        week = []
        for _ in range(7):
            week.append(
                CalendarDay(
                    day, day.month == month, holiday_names.get(day, []), by_day.get(day, [])
                )
            )
            day += timedelta(days=1)
        weeks.append(week)
    return weeks


# --- export ---------------------------------------------------------------------------------


def _ics_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _fold(line: str) -> str:
    """RFC 5545 §3.1: lines longer than 75 octets continue on lines starting with a space,
    never splitting a UTF-8 character."""
    data = line.encode()
    if len(data) <= 75:
        return line
    parts = []
    limit = 75
    while data:
        cut = min(limit, len(data))
        while cut < len(data) and (data[cut] & 0xC0) == 0x80:
            cut -= 1
        parts.append(data[:cut].decode())
        data = data[cut:]
        limit = 74  # the leading space of a continuation line counts
    return "\r\n ".join(parts)


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ")


def to_ics(
    items: Iterable[PlanItem],
    workspace: Workspace,
    channels: Mapping[int, Channel],
    *,
    holidays_from: date | None = None,
    holidays_to: date | None = None,
    now: datetime | None = None,
) -> str:
    """An iCalendar file (RFC 5545) of the items, plus all-day holiday events when a range is
    given."""
    now = now or datetime.now(UTC).replace(tzinfo=None)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Pantau//Kalender Konten//ID",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_ics_text('Kalender konten ' + workspace.name)}",
        f"X-WR-TIMEZONE:{workspace.timezone}",
    ]
    for item in items:
        accounts = ", ".join(channels[c].label for c in item.channel_ids if c in channels)
        description = [
            f"Jenis konten: {CONTENT_TYPES.get(item.content_type, item.content_type)}",
            f"Pilar: {item.pillar or '–'}",
            f"Akun: {accounts or '–'}",
            f"Status: {STATUSES.get(item.status, item.status)}",
            f"Penanggung jawab: {item.owner or '–'}",
        ]
        for platform, text in sorted(item.captions.items()):
            description.append(f"Caption {platform}: {text}")
        end = item.scheduled_at + timedelta(minutes=EVENT_MINUTES)
        lines += [
            "BEGIN:VEVENT",
            f"UID:rencana-{item.id}-{workspace.slug}@pantau",
            f"DTSTAMP:{_stamp(now)}",
            f"DTSTART:{_stamp(item.scheduled_at)}",
            f"DTEND:{_stamp(end)}",
            f"SUMMARY:{_ics_text(item.title)}",
            f"DESCRIPTION:{_ics_text(chr(10).join(description))}",
            f"STATUS:{'TENTATIVE' if item.status in ('draft', 'review') else 'CONFIRMED'}",
        ]
        if item.pillar:
            lines.append(f"CATEGORIES:{_ics_text(item.pillar)}")
        lines.append("END:VEVENT")
    if holidays_from and holidays_to:
        for day, names in holidays_between(holidays_from, holidays_to).items():
            for i, name in enumerate(names):
                lines += [
                    "BEGIN:VEVENT",
                    f"UID:libur-{day.strftime('%Y%m%d')}-{i}@pantau",
                    f"DTSTAMP:{_stamp(now)}",
                    f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
                    f"DTEND;VALUE=DATE:{(day + timedelta(days=1)).strftime('%Y%m%d')}",
                    f"SUMMARY:{_ics_text(name)}",
                    "TRANSP:TRANSPARENT",
                    "END:VEVENT",
                ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


CSV_HEADER = [
    "id", "judul", "pilar", "jenis konten", "akun", "waktu", "zona", "agenda", "tujuan",
    "penanggung jawab", "status", "ditulis oleh", "disetujui oleh",
    *[f"caption {p}" for p in CAPTION_LIMITS],
]  # fmt: skip


def to_csv(
    items: Iterable[PlanItem],
    workspace: Workspace,
    channels: Mapping[int, Channel],
    agenda: Mapping[int, str] | None = None,
) -> str:
    """The items as CSV for Excel (UTF-8 with BOM, local times)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for item in items:
        local = to_local(item.scheduled_at, workspace.timezone)
        agenda_title = ""
        if item.agenda_item_id is not None:
            agenda_title = (agenda or {}).get(item.agenda_item_id, f"#{item.agenda_item_id}")
        writer.writerow(
            safe_row(
                [
                    item.id,
                    item.title,
                    item.pillar or "",
                    CONTENT_TYPES.get(item.content_type, item.content_type),
                    "; ".join(channels[c].label for c in item.channel_ids if c in channels),
                    local.strftime("%Y-%m-%d %H:%M"),
                    workspace.timezone,
                    agenda_title,
                    item.goal_id or "",
                    item.owner or "",
                    STATUSES.get(item.status, item.status),
                    item.created_by,
                    item.approved_by or "",
                    *[item.captions.get(p, "") for p in CAPTION_LIMITS],
                ]
            )
        )
    return "\ufeff" + buffer.getvalue()


# --- linking published posts ----------------------------------------------------------------


def _words(text: str | None) -> set[str]:
    return set(_WORD.findall(_URL.sub(" ", (text or "").lower())))


def similarity(a: str | None, b: str | None) -> float:
    """Dice coefficient of the word sets (words of 3+ letters, links removed)."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return 0.0
    return 2 * len(wa & wb) / (len(wa) + len(wb))


@dataclass
class LinkSummary:
    examined_items: int
    new_links: int
    published: list[int]  # items that became published

    def as_dict(self) -> dict:
        return asdict(self)


def candidate_links(
    items: Sequence[PlanItem],
    posts: Sequence[OwnedPost],
    channels: Mapping[int, Channel],
    taken: set[tuple[int, str]],
    linked_pairs: set[tuple[int, int]],
) -> list[PlanLink]:
    """The greedy one-to-one matching of items and posts (see the module notes)."""
    window = timedelta(hours=WINDOW_HOURS)
    scored = []
    for item in items:
        for post in posts:
            if post.channel_id not in item.channel_ids:
                continue
            gap = abs(post.published_at - item.scheduled_at)
            if gap > window:
                continue
            platform = channels[post.channel_id].platform
            text = item.captions.get(platform) or " ".join(item.captions.values())
            sim = max(similarity(text, post.caption), similarity(item.title, post.caption))
            if sim < MIN_SIMILARITY:
                continue
            closeness = 1 - gap / window
            score = SIMILARITY_WEIGHT * sim + (1 - SIMILARITY_WEIGHT) * closeness
            scored.append((score, item.id, post))
    scored.sort(key=lambda s: (-s[0], s[1], s[2].channel_id, s[2].post_id))
    chosen = []
    used_posts = set(taken)
    used_pairs = set(linked_pairs)
    for score, item_id, post in scored:
        key = (post.channel_id, post.post_id)
        pair = (item_id, post.channel_id)
        if key in used_posts or pair in used_pairs:
            continue
        used_posts.add(key)
        used_pairs.add(pair)
        chosen.append(PlanLink(item_id, post.channel_id, post.post_id, round(score, 4), "auto"))
    return chosen


def link_published(
    engine: Engine,
    workspace: Workspace,
    start: date | None = None,
    end: date | None = None,
) -> LinkSummary:
    """Link owned posts to the plan items they carry out, and mark linked approved or
    scheduled items published. Idempotent."""
    items = [
        i
        for i in list_items(engine, workspace, start, end)
        if i.channel_ids and i.status in ("approved", "scheduled", "published")
    ]
    if not items:
        return LinkSummary(0, 0, [])
    window = timedelta(hours=WINDOW_HOURS)
    with engine.begin() as conn:
        channels = {c.id: c for c in store.find_channels(conn, workspace.id)}
        ids = sorted({c for i in items for c in i.channel_ids})
        posts = store.owned_posts(
            conn,
            workspace.id,
            ids,
            min(i.scheduled_at for i in items) - window,
            max(i.scheduled_at for i in items) + window,
        )
        existing = store.plan_links(conn, workspace.id)
        taken = {(link.channel_id, link.post_id) for link in existing}
        pairs = {(link.plan_item_id, link.channel_id) for link in existing}
        links = candidate_links(items, posts, channels, taken, pairs)
        new = store.link_posts(conn, workspace.id, links)
        linked_items = {link.plan_item_id for link in links} | {p[0] for p in pairs}
        published = []
        for item in items:
            if item.id in linked_items and item.status in ("approved", "scheduled"):
                store.update_plan_item(conn, workspace.id, item.id, {"status": "published"})
                published.append(item.id)
    return LinkSummary(len(items), new, published)


def link_post(
    engine: Engine, workspace: Workspace, item_id: int, channel: Channel, post_id: str
) -> PlanLink:
    """Link one post to an item by hand (replacing an automatic link of that post)."""
    get_item(engine, workspace, item_id)
    with engine.begin() as conn:
        store.unlink_post(conn, workspace.id, channel.id, post_id)
        link = PlanLink(item_id, channel.id, post_id, 1.0, "manual")
        store.link_posts(conn, workspace.id, [link])
    return link


@dataclass
class PlanActual:
    item: PlanItem
    planned_at: datetime  # local
    channels_planned: list[str]
    channels_posted: list[str]
    channels_missing: list[str]
    first_posted_at: datetime | None  # local
    delay_minutes: int | None
    posts: int
    reach: int | None  # None: no post carrying it reports it (e.g. TikTok exports), not 0
    views: int | None
    engagements: int
    engagement_rate: float | None  # by reach

    def as_dict(self) -> dict:
        data = asdict(self)
        data["item"] = asdict(self.item)
        return data


def _reported(values: Iterable[int | None]) -> int | None:
    """The sum of the values reported, or None when none was."""
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def plan_vs_actual(
    engine: Engine, workspace: Workspace, start: date | None = None, end: date | None = None
) -> list[PlanActual]:
    """Each planned item of the period beside the posts that carried it out."""
    items = list_items(engine, workspace, start, end)
    with engine.connect() as conn:
        channels = {c.id: c for c in store.find_channels(conn, workspace.id)}
        linked = store.linked_post_facts(conn, workspace.id, [i.id for i in items])
    by_item: dict[int, list[PostFacts]] = {}
    for item_id, linked_facts in linked:
        by_item.setdefault(item_id, []).append(linked_facts)
    out = []
    tz = workspace.timezone
    for item in items:
        facts = by_item.get(item.id, [])
        posted_ids = sorted({f.channel_id for f in facts})
        first = min((f.published_at for f in facts), default=None)
        pairs = [(e, f.reach) for f in facts if (e := engagements(f)) is not None and f.reach]
        reach_for_rate = sum(r for _, r in pairs)
        out.append(
            PlanActual(
                item=item,
                planned_at=to_local(item.scheduled_at, tz),
                channels_planned=[channels[c].label for c in item.channel_ids if c in channels],
                channels_posted=[channels[c].label for c in posted_ids if c in channels],
                channels_missing=[
                    channels[c].label
                    for c in item.channel_ids
                    if c in channels and c not in posted_ids
                ],
                first_posted_at=to_local(first, tz) if first else None,
                delay_minutes=round((first - item.scheduled_at).total_seconds() / 60)
                if first
                else None,
                posts=len(facts),
                reach=_reported(f.reach for f in facts),
                views=_reported(f.views for f in facts),
                engagements=sum(engagements(f) or 0 for f in facts),
                engagement_rate=sum(e for e, _ in pairs) / reach_for_rate
                if reach_for_rate
                else None,
            )
        )
    return out
