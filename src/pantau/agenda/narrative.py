"""Single narrative (*narasi tunggal*): kits, the accounts asked to carry them, and their report.

**Kit.** A coordinator (the workspace that owns the kit, e.g. a ministry's or Komdigi's humas
team) writes a key message with hashtags, a link, links to assets (infographics, videos) and a
release time, and lists the accounts asked to carry it: (platform, handle, institution) entries
added one by one, imported from CSV/XLSX (a list of official government accounts with their
institution), or taken from another workspace's own accounts (its outreach channels; the
institution is that workspace's name). Accounts are kept per kit; adding them again updates
name and institution and changes nothing else.

**Where carrying posts are found.** Only among the posts collected in the kit's workspace:
Pantau cannot see a post nobody collected, so the report counts what the coordinator's own
collection holds (say so when adoption looks low). Matching is
:mod:`pantau.agenda.narrative_match` (hashtag, canonical link, text similarity to the key message,
only posts at or after the release minus a small tolerance; idempotent and incremental).

**Report** (:mod:`pantau.agenda.narrative_report`, ``narrative_report``): adoption rate (asked
accounts with at least one carrying post / asked accounts), time to amplify (median delay of
each account's first carrying post after the release; a post inside the tolerance before the
release counts as delay 0), fidelity (the similarity of each post to the key message, 0–1, with
a plain-language band: tinggi ≥ 0.7, sedang ≥ 0.3 — enough to carry the message by itself —,
rendah below), amplified reach (followers
of the carrying asked accounts, from their newest collected profile, plus the views and
engagement — likes, reposts, replies — of their carrying posts where the platform reports
them), a table per account and per institution, the asked accounts that have not posted, and
volunteer amplifiers (carrying posts by accounts nobody asked).

CLI: ``pantau narrative …``; dashboard and report sections call the functions here and in the
two modules named above.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Engine

from pantau.errors import NotFoundError, PantauError
from pantau.io.rejects import Reject, RejectsWriter

# The CSV/XLSX reading of bimtek participant lists serves account lists as well.
from pantau.io.tabular import ImportSummary, pick, read_rows
from pantau.locale import zone_name
from pantau.records import PLATFORMS, Workspace
from pantau.store import narratives as store
from pantau.store.outreach import find_channels
from pantau.store.workspaces import get_workspace

MAX_TITLE = 300
MAX_MESSAGE = 5000
MAX_INSTITUTION = 300
_HASHTAG = re.compile(r"\w*[^\W\d_]\w*")
_HANDLE = re.compile(r"[\w.\-]{1,300}")
_PLATFORM_ALIASES = {
    "twitter": "x",
    "x": "x",
    "x.com": "x",
    "ig": "instagram",
    "instagram": "instagram",
    "fb": "facebook",
    "facebook": "facebook",
    "tiktok": "tiktok",
    "tik tok": "tiktok",
    "yt": "youtube",
    "youtube": "youtube",
    "bluesky": "bluesky",
    "mastodon": "mastodon",
    "telegram": "telegram",
    "threads": "other",
}
_PROFILE_HOSTS = {
    "x.com": "x",
    "twitter.com": "x",
    "instagram.com": "instagram",
    "facebook.com": "facebook",
    "tiktok.com": "tiktok",
    "youtube.com": "youtube",
}
# File columns (Indonesian first) and the English names also accepted.
_ACCOUNT_ALIASES = {
    "platform": ("platform", "platform_media_sosial", "media_sosial", "medsos", "kanal"),
    "handle": ("akun", "handle", "username", "nama_pengguna", "akun_resmi", "tautan", "url"),
    "institution": ("instansi", "institution", "lembaga", "k/l/d", "kld", "organisasi", "unit"),
    "name": ("nama", "nama_akun", "name", "display_name"),
}


@dataclass(frozen=True)
class NarrativeKit:
    id: int
    title: str
    message: str
    hashtags: list[str]
    link: str | None
    assets: list[str]
    release_at: datetime  # naive UTC
    created_at: datetime
    updated_at: datetime
    accounts: int  # asked
    matches: int  # carrying posts stored
    matched_through: int  # the last post id matching has examined


@dataclass(frozen=True)
class AskedAccount:
    platform: str
    handle: str  # lower case, without "@"
    institution: str
    name: str | None = None
    via_workspace: str | None = None


@dataclass(frozen=True)
class AccountChanges:
    new: int
    updated: int
    unchanged: int


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _kit(row: dict) -> NarrativeKit:
    return NarrativeKit(
        id=row["id"],
        title=row["title"],
        message=row["message"],
        hashtags=list(row["hashtags"] or []),
        link=row["link"],
        assets=list(row["assets"] or []),
        release_at=row["release_at"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        accounts=row["accounts"],
        matches=row["matches"],
        matched_through=int(row["matched_through"] or 0),
    )


# --- input checks ---------------------------------------------------------------------------


def parse_release(text: str, timezone: str) -> datetime:
    """A release time typed by a person (``2026-11-18 10:00``, ``2026-11-18T10:00+07:00`` or a
    date) in the workspace zone unless it names an offset; returns naive UTC."""
    value = text.strip().replace("/", "-")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise PantauError(
            f"waktu rilis tidak dikenali: {text!r} (contoh: 2026-11-18 10:00)"
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=ZoneInfo(zone_name(timezone)))
    return parsed.astimezone(UTC).replace(tzinfo=None)


def _release(value: datetime) -> datetime:
    if value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    return value.replace(microsecond=0)


def clean_hashtags(values: Iterable[str]) -> list[str]:
    """Hashtags without "#", as typed, without case-insensitive repeats."""
    found: list[str] = []
    seen: set[str] = set()
    for value in values:
        for part in re.split(r"[\s,;]+", value or ""):
            tag = part.strip().lstrip("#＃")
            if not tag:
                continue
            if not _HASHTAG.fullmatch(tag):
                raise PantauError(f"tagar tidak sah: {part!r} (huruf, angka dan _ saja)")
            if tag.lower() not in seen:
                seen.add(tag.lower())
                found.append(tag)
    return found


def _web_link(value: str, what: str) -> str:
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise PantauError(f"{what} harus berupa alamat web (http/https): {value!r}")
    return value


def _title(message: str, title: str | None) -> str:
    if title and title.strip():
        return " ".join(title.split())[:MAX_TITLE]
    words = message.split()
    short = " ".join(words[:8])
    return short if len(words) <= 8 else short.rstrip(".,;:") + " …"


def normalise_platform(value: str) -> str | None:
    key = " ".join(value.strip().lower().split())
    platform = _PLATFORM_ALIASES.get(key, key)
    return platform if platform in PLATFORMS else None


def normalise_handle(value: str, platform: str | None = None) -> tuple[str | None, str | None]:
    """(handle, platform from a profile URL) from ``@name``, ``name`` or a profile link."""
    value = value.strip()
    if "/" in value:
        parts = urlsplit(value if "://" in value else "https://" + value)
        host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
        segments = [s for s in parts.path.split("/") if s]
        if not segments:
            return None, None
        handle = segments[0].lstrip("@").lower()
        if handle == "profile.php":  # facebook.com/profile.php?id=<page id>
            handle = dict(parse_qsl(parts.query)).get("id", "")
        return (handle if _HANDLE.fullmatch(handle) else None), _PROFILE_HOSTS.get(host, platform)
    handle = value.lstrip("@").lower()
    return (handle if _HANDLE.fullmatch(handle) else None), platform


# --- kits -----------------------------------------------------------------------------------


def list_kits(engine: Engine, workspace: Workspace) -> list[NarrativeKit]:
    """The workspace's kits, newest release first."""
    with engine.connect() as conn:
        return [_kit(r) for r in store.kit_rows(conn, workspace.id)]


def get_kit(engine: Engine, workspace: Workspace, kit_id: int) -> NarrativeKit:
    with engine.connect() as conn:
        rows = store.kit_rows(conn, workspace.id, kit_id)
    if not rows:
        raise NotFoundError(f"kit narasi #{kit_id} tidak ada di workspace {workspace.slug}")
    return _kit(rows[0])


def find_kit(engine: Engine, workspace: Workspace, title: str) -> NarrativeKit | None:
    with engine.connect() as conn:
        kit_id = store.kit_id_by_title(conn, workspace.id, title)
    return None if kit_id is None else get_kit(engine, workspace, kit_id)


def _kit_values(
    message: str,
    release_at: datetime,
    hashtags: Sequence[str],
    link: str | None,
    assets: Sequence[str],
    title: str | None,
) -> dict[str, object]:
    message = (message or "").strip()
    if not message:
        raise PantauError("pesan kunci kosong: isi --pesan")
    if len(message) > MAX_MESSAGE:
        raise PantauError(f"pesan kunci terlalu panjang (maks. {MAX_MESSAGE} karakter)")
    return {
        "title": _title(message, title),
        "message": message,
        "hashtags": clean_hashtags(hashtags),
        "link": _web_link(link, "tautan") if link and link.strip() else None,
        "assets": [_web_link(a, "tautan aset") for a in assets if a and a.strip()],
        "release_at": _release(release_at),
    }


def _title_taken(conn: Connection, workspace: Workspace, title: str, kit_id: int | None) -> None:
    existing = store.kit_id_by_title(conn, workspace.id, title)
    if existing is not None and existing != kit_id:
        raise PantauError(
            f"kit narasi berjudul {title!r} sudah ada (#{existing}); "
            "pakai judul lain dengan --judul"
        )


def create_kit(
    engine: Engine,
    workspace: Workspace,
    *,
    message: str,
    release_at: datetime,
    hashtags: Sequence[str] = (),
    link: str | None = None,
    assets: Sequence[str] = (),
    title: str | None = None,
) -> NarrativeKit:
    """A new kit. ``release_at`` is naive UTC or aware; the title defaults to the message's
    first words and must be new in the workspace."""
    values = _kit_values(message, release_at, hashtags, link, assets, title)
    with engine.begin() as conn:
        _title_taken(conn, workspace, str(values["title"]), None)
        kit_id = store.insert_kit(conn, workspace.id, values, _now())
    return get_kit(engine, workspace, kit_id)


def edit_kit(
    engine: Engine,
    workspace: Workspace,
    kit_id: int,
    *,
    message: str,
    release_at: datetime,
    hashtags: Sequence[str] = (),
    link: str | None = None,
    assets: Sequence[str] = (),
    title: str | None = None,
) -> NarrativeKit:
    """Replace a kit's message, release, hashtags, link, assets and title; its asked accounts
    stay. A changed message, hashtag or link makes the next matching start again."""
    get_kit(engine, workspace, kit_id)
    values = _kit_values(message, release_at, hashtags, link, assets, title)
    with engine.begin() as conn:
        _title_taken(conn, workspace, str(values["title"]), kit_id)
        store.update_kit(conn, workspace.id, kit_id, values, _now())
    return get_kit(engine, workspace, kit_id)


def delete_kit(engine: Engine, workspace: Workspace, kit_id: int) -> NarrativeKit:
    """Delete a kit with its asked accounts and stored matches."""
    kit = get_kit(engine, workspace, kit_id)
    with engine.begin() as conn:
        store.delete_kit(conn, workspace.id, kit_id)
    return kit


# --- accounts asked -------------------------------------------------------------------------


def list_accounts(engine: Engine, workspace: Workspace, kit_id: int) -> list[AskedAccount]:
    get_kit(engine, workspace, kit_id)
    with engine.connect() as conn:
        rows = store.account_rows(conn, workspace.id, kit_id)
    return [
        AskedAccount(r["platform"], r["handle"], r["institution"], r["name"], r["via_workspace"])
        for r in rows
    ]


def add_accounts(
    engine: Engine, workspace: Workspace, kit_id: int, accounts: Sequence[AskedAccount]
) -> AccountChanges:
    """Store asked accounts built by code (handles lower case, without "@"); adding one again
    updates its name and institution."""
    rows = [
        {
            "platform": a.platform,
            "handle": a.handle,
            "institution": a.institution,
            "name": a.name,
            "via_workspace": a.via_workspace,
        }
        for a in accounts
    ]
    with engine.begin() as conn:
        new, updated, unchanged = store.upsert_accounts(conn, workspace.id, kit_id, rows, _now())
    return AccountChanges(new, updated, unchanged)


def _checked_account(
    platform: str, handle: str, institution: str, name: str | None
) -> AskedAccount | str:
    """The account, or why it cannot be one (Indonesian, for the user)."""
    found_handle, url_platform = normalise_handle(handle, None)
    platform_key = normalise_platform(platform) if platform.strip() else url_platform
    if not handle.strip():
        return "akun kosong"
    if found_handle is None:
        return f"akun tidak sah: {handle!r}"
    if not platform.strip() and url_platform is None:
        return "platform kosong"
    if platform_key is None:
        return f"platform tidak dikenal: {platform!r} (mis. x, instagram, facebook, tiktok)"
    institution = " ".join(institution.split())
    if not institution:
        return "instansi kosong"
    if len(institution) > MAX_INSTITUTION:
        return f"nama instansi terlalu panjang (maks. {MAX_INSTITUTION} karakter)"
    return AskedAccount(platform_key, found_handle, institution, (name or "").strip() or None)


def add_account(
    engine: Engine,
    workspace: Workspace,
    kit_id: int,
    *,
    platform: str,
    handle: str,
    institution: str,
    name: str | None = None,
) -> AccountChanges:
    """Ask one account to carry the kit (adding it again updates its name and institution)."""
    get_kit(engine, workspace, kit_id)
    account = _checked_account(platform, handle, institution, name)
    if isinstance(account, str):
        raise PantauError(account)
    return add_accounts(engine, workspace, kit_id, [account])


def add_workspace_accounts(
    engine: Engine, workspace: Workspace, kit_id: int, slug: str
) -> AccountChanges:
    """Ask every own account (outreach channel) of workspace ``slug`` to carry the kit; the
    institution is that workspace's name."""
    get_kit(engine, workspace, kit_id)
    with engine.connect() as conn:
        other = get_workspace(conn, slug)
        channels = find_channels(conn, other.id)
    if not channels:
        raise PantauError(
            f"workspace {slug} belum punya akun resmi; tambahkan lewat `pantau outreach` "
            "atau impor daftar akun dengan `pantau narrative accounts import`"
        )
    accounts = [
        AskedAccount(c.platform, c.handle.lstrip("@").lower(), other.name, c.name, other.slug)
        for c in channels
    ]
    return add_accounts(engine, workspace, kit_id, accounts)


def remove_account(
    engine: Engine, workspace: Workspace, kit_id: int, platform: str, handle: str
) -> None:
    get_kit(engine, workspace, kit_id)
    platform_key = normalise_platform(platform) or platform
    found, _ = normalise_handle(handle, platform_key)
    with engine.begin() as conn:
        removed = store.delete_account(conn, workspace.id, kit_id, platform_key, found or handle)
    if not removed:
        raise NotFoundError(f"akun {platform_key}/{handle} tidak ada dalam daftar kit #{kit_id}")


def import_accounts(
    engine: Engine, workspace: Workspace, kit_id: int, path: Path, *, rejects_dir: Path
) -> ImportSummary:
    """Asked accounts from CSV or XLSX (columns platform, akun, instansi, nama; a profile link
    in ``akun`` gives the platform too). Unusable rows go to a rejects CSV with the reason."""
    get_kit(engine, workspace, kit_id)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    rejects = RejectsWriter(rejects_dir / f"narasi-{kit_id}-akun-{stamp}-{path.name}.rejects.csv")
    accounts: list[AskedAccount] = []
    seen: dict[tuple[str, str], int] = {}
    read = 0
    try:
        for line, obj, raw in read_rows(path):
            read += 1
            cells = {f: pick(obj, aliases) for f, aliases in _ACCOUNT_ALIASES.items()}
            text = {f: "" if v is None else str(v).strip() for f, v in cells.items()}
            account = _checked_account(
                text["platform"], text["handle"], text["institution"], text["name"]
            )
            if isinstance(account, AskedAccount):
                key = (account.platform, account.handle)
                if key in seen:
                    account = f"akun ganda dalam berkas (sama dengan baris {seen[key]})"
                else:
                    seen[key] = line
            if isinstance(account, str):
                rejects.write(Reject(line, account, raw))
                continue
            accounts.append(account)
        changes = add_accounts(engine, workspace, kit_id, accounts)
    finally:
        rejects_path = rejects.close()
    return ImportSummary(
        str(path),
        read,
        changes.new,
        changes.updated,
        changes.unchanged,
        rejects.count,
        rejects_path,
    )
