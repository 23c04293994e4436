"""Agenda items: the programmes, policies and messages an institution chose to push.

Each item owns one topic (named ``Agenda: <title>``, category ``agenda``) whose query is the
item's query, so the topic stage stores which posts mention the item and the hourly rollups
count them; salience is then read from rollups and never from raw posts. The institution's
own accounts (owned channels from ``pantau outreach`` plus the agenda's own list) are one
more agenda topic, ``Agenda: akun resmi instansi``, whose query names every account; its
matches mark the institution's own posts.

A new topic, or a changed query, recomputes the topic's matches over the whole history (as
``pantau topics`` does) and then the rollups of every hour the old and new matches fall in,
so salience is right at once. ``sync_agenda`` repairs anything out of step (a deleted or
edited agenda topic, accounts added since) and changes nothing when all is in step.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import yaml
from sqlalchemy import Engine

from pantau.errors import NotFoundError, PantauError
from pantau.faults import fault_point
from pantau.io.cells import safe_cell
from pantau.monitor.query import QuerySyntaxError, compile_query
from pantau.monitor.rollups import refresh_topic_rollups
from pantau.monitor.topics import delete_topic, edit_topic, match_posts
from pantau.records import PLATFORMS, Workspace
from pantau.store import agenda as store
from pantau.store import monitor as monitor_store
from pantau.store import topics as topic_store
from pantau.store.agenda import AgendaItem

KINDS = ("program", "kebijakan", "pesan")
PRIORITIES = ("tinggi", "sedang", "rendah")
TOPIC_CATEGORY = "agenda"
TOPIC_PREFIX = "Agenda: "
OWN_TOPIC = "Agenda: akun resmi instansi"
MAX_TITLE = 150  # the topic name adds the prefix and must stay within 200 characters
MAX_TEXT = 300

_LIST_SEPARATOR = "|"
# File columns (Indonesian first) and the English names also accepted.
FILE_FIELDS = (
    "judul",
    "jenis",
    "kueri",
    "kata_kunci",
    "pesan_kunci",
    "mulai",
    "selesai",
    "prioritas",
    "sasaran",
    "pemilik",
    "deskripsi",
)
_ALIASES = {
    "title": "judul",
    "kind": "jenis",
    "query": "kueri",
    "keywords": "kata_kunci",
    "hashtags": "kata_kunci",
    "tagar": "kata_kunci",
    "key_messages": "pesan_kunci",
    "starts_on": "mulai",
    "start": "mulai",
    "ends_on": "selesai",
    "end": "selesai",
    "priority": "prioritas",
    "audience": "sasaran",
    "target_audience": "sasaran",
    "owner": "pemilik",
    "description": "deskripsi",
}
_PLAIN_WORD = re.compile(r"#?\w+")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def topic_name(title: str) -> str:
    return TOPIC_PREFIX + title


# --- validation -----------------------------------------------------------------------------


def _clean(value: object, what: str, limit: int = MAX_TEXT) -> str | None:
    text = " ".join(str(value or "").split())
    if len(text) > limit:
        raise PantauError(f"{what} terlalu panjang ({len(text)} karakter, maks. {limit})")
    return text or None


def _title(value: object) -> str:
    title = _clean(value, "judul agenda", MAX_TITLE)
    if not title:
        raise PantauError("judul agenda kosong")
    return title


def _choice(value: object, allowed: Sequence[str], what: str) -> str:
    text = str(value or "").strip().lower()
    if text not in allowed:
        raise PantauError(f"{what} tidak dikenal: {value!r} (pilih {', '.join(allowed)})")
    return text


def parse_day(value: object, what: str = "tanggal") -> date:
    """A date from a date, a datetime or text (TTTT-BB-HH, HH/BB/TTTT, HH-BB-TTTT)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise PantauError(f"tanggal {what} tidak dikenali: {value!r} (tulis TTTT-BB-HH)")


def _text_list(value: object) -> list[str]:
    if value is None:
        return []
    items = value.split(_LIST_SEPARATOR) if isinstance(value, str) else list(value)  # type: ignore[call-overload]  # a YAML or JSON list when not text
    return [text for text in (" ".join(str(v).split()) for v in items) if text]


def query_from_keywords(keywords: Iterable[str]) -> str:
    """A topic query that matches any of the keywords: single words and hashtags as they are,
    several words as an exact phrase."""
    parts = []
    for keyword in keywords:
        word = " ".join(keyword.split()).replace('"', "")
        if not word:
            continue
        parts.append(word if _PLAIN_WORD.fullmatch(word) else f'"{word}"')
    return " OR ".join(dict.fromkeys(parts))


def _query(query: object, keywords: object) -> str:
    text = str(query or "").strip()
    if not text:
        text = query_from_keywords(_text_list(keywords))
    if not text:
        raise PantauError("agenda perlu kueri atau kata kunci (mis. --keyword '#KartuTaniDigital')")
    try:
        compile_query(text)
    except QuerySyntaxError as exc:
        raise PantauError(f"kueri agenda tidak valid: {exc.reason}") from exc
    return text


def _period(starts_on: object, ends_on: object) -> tuple[date, date]:
    start, end = parse_day(starts_on, "mulai"), parse_day(ends_on, "selesai")
    if end < start:
        raise PantauError(f"tanggal selesai ({end}) sebelum tanggal mulai ({start})")
    return start, end


# --- topics and rollups behind the items ----------------------------------------------------


def _ensure_topic(
    engine: Engine, workspace: Workspace, name: str, query: str, owner: str | None
) -> int:
    """The id of topic ``name`` with exactly ``query`` (created, or its query put back), with
    its matches and the rollups of the hours concerned up to date."""
    with engine.connect() as conn:
        found = next((t for t in topic_store.topics_of(conn, workspace.id) if t.name == name), None)
    if found is not None and found.query == query and found.active:
        return found.id
    if found is None:
        with engine.begin() as conn:
            now = _now()
            topic_id = topic_store.insert_topic(
                conn,
                workspace.id,
                name=name,
                category=TOPIC_CATEGORY,
                owner=owner,
                query=query,
                active=True,
                now=now,
            )
        match_posts(engine, workspace, topic_ids=[topic_id])
    else:
        topic_id = found.id
        edit_topic(engine, workspace, found.name, query=query, active=True)
    refresh_topic_rollups(engine, workspace, topic_id)
    with engine.begin() as conn:  # the topic's figures changed: what remembers them follows
        topic_store.update_topic(conn, workspace.id, topic_id, {"updated_at": _now()})
    return topic_id


def _drop_topic(engine: Engine, workspace: Workspace, topic_id: int | None) -> None:
    if topic_id is None:
        return
    with engine.connect() as conn:
        found = next(
            (t for t in topic_store.topics_of(conn, workspace.id) if t.id == topic_id), None
        )
    if found is None:
        return
    delete_topic(engine, workspace, found.name)
    with engine.begin() as conn:
        monitor_store.replace_topic_rollups(conn, workspace.id, topic_id, [])


# --- the institution's own accounts ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OwnAccount:
    platform: str
    handle: str
    source: str  # "kanal" (owned channel) or "agenda" (the agenda's own list)


def own_accounts(engine: Engine, workspace: Workspace) -> list[OwnAccount]:
    """The institution's accounts: owned channels, then the agenda's list (no duplicates)."""
    with engine.connect() as conn:
        channels = store.channel_accounts(conn, workspace.id)
        listed = store.listed_accounts(conn, workspace.id)
    seen: set[tuple[str, str]] = set()
    found = []
    for source, accounts in (("kanal", channels), ("agenda", listed)):
        for platform, handle in accounts:
            key = (platform, handle.lower().lstrip("@"))
            if key not in seen:
                seen.add(key)
                found.append(OwnAccount(platform, key[1], source))
    return found


def own_accounts_query(accounts: Sequence[OwnAccount]) -> str:
    """The topic query matching posts written by any of ``accounts``."""
    parts = []
    for a in sorted(accounts, key=lambda a: (a.platform, a.handle)):
        handle = a.handle.replace('"', "")
        parts.append(f'(platform:{a.platform} AND author:"{handle}")')
    return " OR ".join(parts)


def _clean_account(platform: str, handle: str) -> tuple[str, str]:
    platform = platform.strip().lower()
    if platform not in PLATFORMS:
        raise PantauError(f"platform tidak dikenal: {platform!r} (pilih {', '.join(PLATFORMS)})")
    cleaned = handle.strip().lstrip("@").lower()
    if (
        not cleaned
        or len(cleaned) > MAX_TEXT
        or '"' in cleaned
        or any(c.isspace() for c in cleaned)
    ):
        raise PantauError(f"nama akun tidak valid: {handle!r}")
    return platform, cleaned


def add_own_accounts(
    engine: Engine, workspace: Workspace, accounts: Iterable[tuple[str, str]]
) -> int:
    """Add (platform, handle) accounts to the institution's own list and bring the
    own-accounts topic up to date once; returns how many were new."""
    cleaned = [_clean_account(platform, handle) for platform, handle in accounts]
    with engine.begin() as conn:
        added = sum(store.add_account(conn, workspace.id, p, h, _now()) for p, h in cleaned)
    sync_own_topic(engine, workspace)
    return added


def add_own_account(engine: Engine, workspace: Workspace, platform: str, handle: str) -> bool:
    """Add an account to the institution's own list; False when it was already there."""
    return add_own_accounts(engine, workspace, [(platform, handle)]) == 1


def remove_own_account(engine: Engine, workspace: Workspace, platform: str, handle: str) -> None:
    platform, handle = _clean_account(platform, handle)
    with engine.begin() as conn:
        removed = store.remove_account(conn, workspace.id, platform, handle)
    if not removed:
        raise NotFoundError(f"akun {platform}/{handle} tidak ada di daftar akun resmi agenda")
    sync_own_topic(engine, workspace)


def own_topic_id(engine: Engine, workspace: Workspace) -> int | None:
    """The own-accounts topic when it matches today's list of accounts, else None."""
    expected = own_accounts_query(own_accounts(engine, workspace))
    with engine.connect() as conn:
        found = next(
            (t for t in topic_store.topics_of(conn, workspace.id) if t.name == OWN_TOPIC), None
        )
    if found is None or not expected or found.query != expected:
        return None
    return found.id


def sync_own_topic(engine: Engine, workspace: Workspace) -> int | None:
    """Create or update the own-accounts topic from today's accounts (removed when there are
    none). Returns its id."""
    accounts = own_accounts(engine, workspace)
    if not accounts:
        with engine.connect() as conn:
            found = next(
                (t for t in topic_store.topics_of(conn, workspace.id) if t.name == OWN_TOPIC), None
            )
        _drop_topic(engine, workspace, found.id if found else None)
        return None
    return _ensure_topic(engine, workspace, OWN_TOPIC, own_accounts_query(accounts), None)


# --- items ----------------------------------------------------------------------------------


def list_items(engine: Engine, workspace: Workspace) -> list[AgendaItem]:
    with engine.connect() as conn:
        return store.items_of(conn, workspace.id)


def get_item(engine: Engine, workspace: Workspace, ref: str | int) -> AgendaItem:
    """An item by id or by title (letter case and extra spaces ignored)."""
    text = str(ref).strip()
    wanted = " ".join(text.split()).casefold()
    for item in list_items(engine, workspace):
        if (text.isdigit() and item.id == int(text)) or item.title.casefold() == wanted:
            return item
    raise NotFoundError(f"agenda {ref!r} tidak ditemukan (lihat `pantau agenda list`)")


def add_item(
    engine: Engine,
    workspace: Workspace,
    title: str,
    *,
    starts_on: date | str,
    ends_on: date | str,
    query: str | None = None,
    keywords: Sequence[str] = (),
    kind: str = "program",
    priority: str = "sedang",
    key_messages: Sequence[str] = (),
    audience: str | None = None,
    owner: str | None = None,
    description: str | None = None,
    sync_topic: bool = True,
) -> AgendaItem:
    """Save an agenda item and its topic (matched against every stored post). Without
    ``sync_topic`` the topic is left to :func:`sync_agenda` (the agenda stage, or a caller
    that cannot wait for the matching)."""
    values = _validated(
        {
            "judul": title,
            "kueri": query,
            "kata_kunci": list(keywords),
            "jenis": kind,
            "prioritas": priority,
            "pesan_kunci": list(key_messages),
            "mulai": starts_on,
            "selesai": ends_on,
            "sasaran": audience,
            "pemilik": owner,
            "deskripsi": description,
        }
    )
    if any(i.title.casefold() == values["title"].casefold() for i in list_items(engine, workspace)):
        raise PantauError(
            f"agenda {values['title']!r} sudah ada (ubah dengan `pantau agenda edit`)"
        )
    _check_topic_free(engine, workspace, values["title"])
    now = _now()
    with engine.begin() as conn:
        item_id = store.insert_item(
            conn, workspace.id, {**values, "created_at": now, "updated_at": now}
        )
    if not sync_topic:
        return get_item(engine, workspace, item_id)
    topic_id = _ensure_topic(
        engine, workspace, topic_name(values["title"]), values["query"], values["owner"]
    )
    with engine.begin() as conn:
        store.update_item(conn, workspace.id, item_id, {"topic_id": topic_id})
    return get_item(engine, workspace, item_id)


def _check_topic_free(
    engine: Engine, workspace: Workspace, title: str, topic_id: int | None = None
) -> None:
    with engine.connect() as conn:
        clash = next(
            (
                t
                for t in topic_store.topics_of(conn, workspace.id)
                if t.name.casefold() == topic_name(title).casefold() and t.id != topic_id
            ),
            None,
        )
    if clash is not None and clash.category != TOPIC_CATEGORY:
        raise PantauError(f"sudah ada topik bernama {clash.name!r}; pilih judul agenda lain")


def _validated(fields: dict[str, object]) -> dict:
    """Item columns from file-style fields (Indonesian names); raises on the first problem."""
    start, end = _period(fields.get("mulai"), fields.get("selesai"))
    return {
        "title": _title(fields.get("judul")),
        "kind": _choice(fields.get("jenis") or "program", KINDS, "jenis agenda"),
        "query": _query(fields.get("kueri"), fields.get("kata_kunci")),
        "key_messages": _text_list(fields.get("pesan_kunci")),
        "starts_on": start,
        "ends_on": end,
        "priority": _choice(fields.get("prioritas") or "sedang", PRIORITIES, "prioritas"),
        "audience": _clean(fields.get("sasaran"), "sasaran"),
        "owner": _clean(fields.get("pemilik"), "pemilik"),
        "description": _clean(fields.get("deskripsi"), "deskripsi", 5000),
    }


_EDITABLE = (
    "title",
    "kind",
    "query",
    "key_messages",
    "starts_on",
    "ends_on",
    "priority",
    "audience",
    "owner",
    "description",
)


def edit_item(
    engine: Engine,
    workspace: Workspace,
    ref: str | int,
    *,
    title: str | None = None,
    query: str | None = None,
    keywords: Sequence[str] | None = None,
    kind: str | None = None,
    priority: str | None = None,
    key_messages: Sequence[str] | None = None,
    starts_on: date | str | None = None,
    ends_on: date | str | None = None,
    audience: str | None = None,
    owner: str | None = None,
    description: str | None = None,
    sync_topic: bool = True,
) -> AgendaItem:
    """Change an item; a new query recomputes its topic's matches and rollups (without
    ``sync_topic``: later, by :func:`sync_agenda`)."""
    item = get_item(engine, workspace, ref)
    given = {
        "judul": title,
        "kueri": query,
        "jenis": kind,
        "prioritas": priority,
        "pesan_kunci": None if key_messages is None else list(key_messages),
        "mulai": starts_on,
        "selesai": ends_on,
        "sasaran": audience,
        "pemilik": owner,
        "deskripsi": description,
    }
    if keywords is not None:
        given["kueri"] = query_from_keywords(keywords)
    if all(v is None for v in given.values()):
        raise PantauError(
            "tidak ada yang diubah; beri --title, --query, --keyword, --kind, --priority, "
            "--message, --from, --to, --audience, --owner atau --description"
        )
    changes: dict[str, object] = {k: v for k, v in given.items() if v is not None}
    return _apply(engine, workspace, item, changes, sync_topic)


def _file_fields(item: AgendaItem) -> dict[str, object]:
    return {
        "judul": item.title,
        "jenis": item.kind,
        "kueri": item.query,
        "pesan_kunci": item.key_messages,
        "mulai": item.starts_on,
        "selesai": item.ends_on,
        "prioritas": item.priority,
        "sasaran": item.audience,
        "pemilik": item.owner,
        "deskripsi": item.description,
    }


def _apply(
    engine: Engine,
    workspace: Workspace,
    item: AgendaItem,
    changes: dict[str, object],
    sync_topic: bool = True,
) -> AgendaItem:
    merged = {**_file_fields(item), **changes}
    if "kata_kunci" in changes and "kueri" not in changes:
        merged["kueri"] = None
    values = _validated(merged)
    changed = {k: values[k] for k in _EDITABLE if values[k] != getattr(item, k)}
    if not changed and item.topic_id is not None:
        return item
    if "title" in changed:
        if any(
            i.id != item.id and i.title.casefold() == values["title"].casefold()
            for i in list_items(engine, workspace)
        ):
            raise PantauError(f"agenda {values['title']!r} sudah ada")
        _check_topic_free(engine, workspace, values["title"], item.topic_id)
    with engine.begin() as conn:
        store.update_item(conn, workspace.id, item.id, {**changed, "updated_at": _now()})
    if sync_topic:
        _sync_item_topic(engine, workspace, get_item(engine, workspace, item.id))
    return get_item(engine, workspace, item.id)


def _sync_item_topic(engine: Engine, workspace: Workspace, item: AgendaItem) -> None:
    """Bring the item's topic in step with the item (renamed, query, owner)."""
    with engine.connect() as conn:
        topics = {t.id: t for t in topic_store.topics_of(conn, workspace.id)}
    current = topics.get(item.topic_id) if item.topic_id is not None else None
    name = topic_name(item.title)
    if current is not None and current.name != name:
        with engine.begin() as conn:
            topic_store.update_topic(
                conn, workspace.id, current.id, {"name": name, "updated_at": _now()}
            )
    if current is not None and current.owner != item.owner:
        with engine.begin() as conn:
            topic_store.update_topic(conn, workspace.id, current.id, {"owner": item.owner})
    topic_id = _ensure_topic(engine, workspace, name, item.query, item.owner)
    if topic_id != item.topic_id:
        with engine.begin() as conn:
            store.update_item(conn, workspace.id, item.id, {"topic_id": topic_id})


def delete_item(engine: Engine, workspace: Workspace, ref: str | int) -> AgendaItem:
    """Delete an item and its topic; returns what was deleted."""
    item = get_item(engine, workspace, ref)
    with engine.begin() as conn:
        store.delete_item(conn, workspace.id, item.id)
    _drop_topic(engine, workspace, item.topic_id)
    return item


@dataclass(slots=True)
class SyncSummary:
    topics_repaired: int = 0
    own_accounts: int = 0
    own_topic: bool = False


def sync_agenda(engine: Engine, workspace: Workspace) -> SyncSummary:
    """Idempotent repair: every item has its topic with its query, and the own-accounts
    topic names today's accounts. Changes nothing when everything is in step."""
    summary = SyncSummary()
    with engine.connect() as conn:
        topics = {t.id: t for t in topic_store.topics_of(conn, workspace.id)}
    for item in list_items(engine, workspace):
        topic = topics.get(item.topic_id) if item.topic_id is not None else None
        if (
            topic is None
            or topic.query != item.query
            or not topic.active
            or topic.name != topic_name(item.title)
        ):
            _sync_item_topic(engine, workspace, item)
            summary.topics_repaired += 1
    summary.own_accounts = len(own_accounts(engine, workspace))
    fault_point("agenda.items_synced")
    summary.own_topic = sync_own_topic(engine, workspace) is not None
    return summary


# --- files ----------------------------------------------------------------------------------


@dataclass(slots=True)
class ItemImportSummary:
    """What importing an agenda file did. ``rejected``: (row or entry number, reason)."""

    format: str
    rows_read: int = 0
    rows_new: int = 0
    rows_updated: int = 0
    rows_unchanged: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def _canonical_fields(raw: dict) -> dict[str, object]:
    fields: dict[str, object] = {}
    for key, value in raw.items():
        name = str(key or "").strip().lower().replace(" ", "_").lstrip("\ufeff")
        name = _ALIASES.get(name, name)
        if name in FILE_FIELDS and value not in (None, ""):
            fields[name] = value
    return fields


def _read_entries(path: Path, fmt: str | None) -> tuple[str, list[dict]]:
    if not path.is_file():
        raise NotFoundError(f"berkas {path} tidak ditemukan")
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    fmt = {"yml": "yaml"}.get(fmt, fmt)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    if fmt == "yaml":
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise PantauError(
                f"berkas YAML tidak dapat dibaca: {str(exc).splitlines()[0]}"
            ) from exc
        if isinstance(data, dict):
            data = data.get("agenda", data.get("items"))
        if not isinstance(data, list):
            raise PantauError("berkas YAML harus berisi daftar `agenda:` (lihat docs/agenda.md)")
        return fmt, [d if isinstance(d, dict) else {} for d in data]
    if fmt == "csv":
        first = text.splitlines()[0] if text else ""
        delimiter = ";" if first.count(";") > first.count(",") else ","
        return fmt, list(csv.DictReader(io.StringIO(text), delimiter=delimiter))
    raise PantauError(f"format berkas agenda tidak dikenal: {fmt!r} (pilih yaml atau csv)")


def import_items(
    engine: Engine, workspace: Workspace, path: Path, fmt: str | None = None
) -> ItemImportSummary:
    """Add or update agenda items from a YAML or CSV file, matched by title. Importing the
    same file again changes nothing; a bad entry is reported and skipped."""
    fmt, entries = _read_entries(path, fmt)
    summary = ItemImportSummary(format=fmt)
    existing = {i.title.casefold(): i for i in list_items(engine, workspace)}
    for number, raw in enumerate(entries, start=2 if fmt == "csv" else 1):
        summary.rows_read += 1
        fields = _canonical_fields(raw)
        try:
            title = _title(fields.get("judul"))
            item = existing.get(title.casefold())
            if item is None:
                added = add_item(
                    engine,
                    workspace,
                    title,
                    starts_on=fields.get("mulai"),  # type: ignore[arg-type]  # a file cell: add_item checks it, a bad entry is skipped
                    ends_on=fields.get("selesai"),  # type: ignore[arg-type]  # a file cell: add_item checks it, a bad entry is skipped
                    query=str(fields.get("kueri") or "") or None,
                    keywords=_text_list(fields.get("kata_kunci")),
                    kind=str(fields.get("jenis") or "program"),
                    priority=str(fields.get("prioritas") or "sedang"),
                    key_messages=_text_list(fields.get("pesan_kunci")),
                    audience=fields.get("sasaran"),  # type: ignore[arg-type]  # a file cell: add_item checks it, a bad entry is skipped
                    owner=fields.get("pemilik"),  # type: ignore[arg-type]  # a file cell: add_item checks it, a bad entry is skipped
                    description=fields.get("deskripsi"),  # type: ignore[arg-type]  # a file cell: add_item checks it, a bad entry is skipped
                )
                existing[title.casefold()] = added
                summary.rows_new += 1
                continue
            changes = {k: v for k, v in fields.items() if k != "judul"}
            updated = _apply(engine, workspace, item, changes)
            if updated == item:
                summary.rows_unchanged += 1
            else:
                summary.rows_updated += 1
                existing[title.casefold()] = updated
        except PantauError as exc:
            summary.rejected.append((number, str(exc)))
    return summary


def _export_row(item: AgendaItem) -> dict[str, object]:
    return {
        "judul": item.title,
        "jenis": item.kind,
        "kueri": item.query,
        "pesan_kunci": item.key_messages,
        "mulai": item.starts_on.isoformat(),
        "selesai": item.ends_on.isoformat(),
        "prioritas": item.priority,
        "sasaran": item.audience,
        "pemilik": item.owner,
        "deskripsi": item.description,
    }


def export_items(engine: Engine, workspace: Workspace, fmt: str = "yaml") -> str:
    """Every item as YAML (``agenda:`` list) or CSV (lists joined with ``|``); importing the
    result into another workspace recreates the items."""
    rows = [_export_row(i) for i in list_items(engine, workspace)]
    fmt = {"yml": "yaml"}.get(fmt.lower(), fmt.lower())
    if fmt == "yaml":
        cleaned = [{k: v for k, v in row.items() if v not in (None, [])} for row in rows]
        return yaml.safe_dump({"agenda": cleaned}, allow_unicode=True, sort_keys=False, width=100)
    if fmt == "csv":
        buffer = io.StringIO()
        columns = [c for c in FILE_FIELDS if c != "kata_kunci"]
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
        writer.writeheader()
        for row in rows:
            row["pesan_kunci"] = f" {_LIST_SEPARATOR} ".join(row["pesan_kunci"])  # type: ignore[arg-type]  # export rows hold key messages as a list
            writer.writerow({k: "" if v is None else safe_cell(v) for k, v in row.items()})
        return buffer.getvalue()
    raise PantauError(f"format ekspor tidak dikenal: {fmt!r} (pilih yaml atau csv)")
