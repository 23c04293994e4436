"""Live sources of a workspace: add (one, or a shipped pack of news feeds), list, show, edit,
pause, resume, remove. A source is a connector with its settings, its secret and its
interval. Secrets are stored as given and never shown: every function here returns a
:class:`SourceInfo`, where the secret is only ``***``; error texts were redacted when stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from importlib.resources import files
from typing import Any

from sqlalchemy import Engine

from pantau.errors import NotFoundError, PantauError
from pantau.ingest.connectors import Connector, get_connector
from pantau.ingest.connectors.http import MASK
from pantau.records import Workspace
from pantau.store import sources as store

MIN_INTERVAL, MAX_INTERVAL = 1, 24 * 60  # minutes
HEALTH_LABELS = {
    "new": "belum pernah diambil",
    "ok": "sehat",
    "error": "gagal",
    "auth": "token tidak sah / kedaluwarsa",
    "limited": "dibatasi (kuota / 429)",
}


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """A source as it may be shown: the secret masked."""

    id: int
    name: str
    kind: str
    platform: str | None
    target: str
    config: dict[str, Any]
    secret: str | None  # "***" when one is stored
    status: str  # active, paused
    interval_minutes: int
    health: str
    health_label: str
    failures: int
    last_run_at: datetime | None
    last_success_at: datetime | None
    last_seen_at: datetime | None
    last_error_at: datetime | None
    last_error: str | None
    next_run_at: datetime | None
    quota: dict[str, Any] | None
    created_at: datetime

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _dt(value: datetime | str | None) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def interval_of(row: Mapping[str, Any]) -> int:
    return int(row["interval_minutes"] or get_connector(row["kind"]).default_interval)


def info(row: Mapping[str, Any]) -> SourceInfo:
    connector = get_connector(row["kind"])
    config = dict(row["config"] or {})
    return SourceInfo(
        id=row["id"],
        name=row["name"],
        kind=row["kind"],
        platform=row["platform"],
        target=connector.target(config),
        config=config,
        secret=MASK if (row["secrets"] or {}).get("secret") else None,
        status=row["status"],
        interval_minutes=interval_of(row),
        health=row["health"],
        health_label=HEALTH_LABELS.get(row["health"], row["health"]),
        failures=row["failures"],
        last_run_at=_dt(row["last_run_at"]),
        last_success_at=_dt(row["last_success_at"]),
        last_seen_at=_dt(row["last_seen_at"]),
        last_error_at=_dt(row["last_error_at"]),
        last_error=row["last_error"],
        next_run_at=_dt(row["next_run_at"]),
        quota=row["quota"],
        created_at=_dt(row["created_at"]) or _now(),
    )


def _check_name(name: str) -> str:
    name = " ".join(name.split())
    if not name or len(name) > 100:
        raise PantauError("nama sumber wajib diisi (paling panjang 100 huruf)")
    if name.isdigit():
        raise PantauError("nama sumber tidak boleh hanya angka (angka dipakai sebagai id)")
    return name


def _check_interval(minutes: int | None) -> int | None:
    if minutes is None:
        return None
    if not MIN_INTERVAL <= minutes <= MAX_INTERVAL:
        raise PantauError(f"interval harus {MIN_INTERVAL}–{MAX_INTERVAL} menit, bukan {minutes}")
    return minutes


def _check_secret(connector: Connector, config: Mapping[str, Any], secret: str | None) -> None:
    if secret and connector.secret is None:
        raise PantauError(f"sumber {connector.name} tidak memakai rahasia (token)")
    if not secret and connector.secret_required:
        raise PantauError(
            f"sumber {connector.name} butuh rahasia: {connector.secret} (--secret-stdin)"
        )
    if connector.name == "bluesky" and config.get("login") and not secret:
        raise PantauError("login Bluesky butuh app password sebagai rahasia (--secret-stdin)")


def add_source(
    engine: Engine,
    workspace: Workspace,
    name: str,
    kind: str,
    config: Mapping[str, Any],
    *,
    secret: str | None = None,
    interval: int | None = None,
    now: datetime | None = None,
) -> SourceInfo:
    """A new active source, due at once (``now``: its creation time, default the clock)."""
    connector = get_connector(kind.strip().lower())
    name = _check_name(name)
    checked = connector.check(config)
    secret = (secret or "").strip() or None
    _check_secret(connector, checked, secret)
    now = now or _now()
    with engine.begin() as conn:
        if store.sources_named(conn, workspace.id, [name]):
            raise PantauError(f"sumber {name!r} sudah ada")
        source_id = store.insert_source(
            conn,
            workspace.id,
            {
                "kind": connector.name,
                "name": name,
                "platform": connector.platform,
                "config": checked,
                "secrets": {"secret": secret} if secret else None,
                "interval_minutes": _check_interval(interval),
                "created_at": now,
                "updated_at": now,
            },
        )
    return get_source(engine, workspace, str(source_id))


def source_record(engine: Engine, workspace: Workspace, ref: str) -> dict[str, Any]:
    """The stored source, secret included: for collecting only, never for output."""
    with engine.connect() as conn:
        rows = store.source_rows(conn, workspace.id)
    ref = ref.strip()
    for row in rows:
        if row["name"] == ref or (ref.isdigit() and row["id"] == int(ref)):
            return row
    raise NotFoundError(f"sumber {ref!r} tidak ditemukan (lihat `pantau sources list`)")


def get_source(engine: Engine, workspace: Workspace, ref: str) -> SourceInfo:
    return info(source_record(engine, workspace, ref))


def list_sources(engine: Engine, workspace: Workspace) -> list[SourceInfo]:
    with engine.connect() as conn:
        return [info(r) for r in store.source_rows(conn, workspace.id)]


def edit_source(
    engine: Engine,
    workspace: Workspace,
    ref: str,
    *,
    name: str | None = None,
    config: Mapping[str, Any] | None = None,
    secret: str | None = None,
    interval: int | None = None,
    default_interval: bool = False,
) -> SourceInfo:
    """Change a source. New settings are merged into the old (an empty value removes one); a
    new setting or secret makes the source due at once with a clean health, so a fixed token
    is tried without waiting out the back-off."""
    row = source_record(engine, workspace, ref)
    connector = get_connector(row["kind"])
    values: dict[str, Any] = {"updated_at": _now()}
    if name is not None and name.strip() != row["name"]:
        values["name"] = _check_name(name)
        with engine.connect() as conn:
            if store.sources_named(conn, workspace.id, [values["name"]]):
                raise PantauError(f"sumber {values['name']!r} sudah ada")
    merged = dict(row["config"] or {})
    if config:
        merged.update(config)
        values["config"] = connector.check(merged)
    stored_secret = (row["secrets"] or {}).get("secret")
    if secret is not None:
        stored_secret = secret.strip() or None
        values["secrets"] = {"secret": stored_secret} if stored_secret else None
    _check_secret(connector, values.get("config", merged), stored_secret)
    if default_interval:
        values["interval_minutes"] = None
    elif interval is not None:
        values["interval_minutes"] = _check_interval(interval)
    if "config" in values or "secrets" in values:
        values.update(next_run_at=None, health="new", failures=0)
        if "config" in values:
            values["cursor"] = None  # another query or address starts afresh
    with engine.begin() as conn:
        store.update_source(conn, workspace.id, row["id"], values)
    return get_source(engine, workspace, str(row["id"]))


def set_paused(engine: Engine, workspace: Workspace, ref: str, paused: bool) -> SourceInfo:
    """Pause a source (not collected, not reported silent), or resume it (due at once)."""
    values: dict[str, Any] = {"status": "paused" if paused else "active"}
    if not paused:
        values["next_run_at"] = None
    return _change(engine, workspace, ref, values)


def collect_soon(engine: Engine, workspace: Workspace, ref: str) -> SourceInfo:
    """Make a source due now: the service's next minute tick collects it (and runs the
    pipeline over what it brings), whatever its back-off."""
    return _change(engine, workspace, ref, {"next_run_at": None})


def _change(engine: Engine, workspace: Workspace, ref: str, values: dict[str, Any]) -> SourceInfo:
    row = source_record(engine, workspace, ref)
    values["updated_at"] = _now()
    with engine.begin() as conn:
        store.update_source(conn, workspace.id, row["id"], values)
    return get_source(engine, workspace, str(row["id"]))


def remove_source(engine: Engine, workspace: Workspace, ref: str) -> SourceInfo:
    """Remove a source and its outage history; the posts and import runs it brought stay."""
    row = source_record(engine, workspace, ref)
    with engine.begin() as conn:
        store.delete_source(conn, workspace.id, row["id"])
    return info(row)


# --- source packs ---------------------------------------------------------------------------


def packs() -> dict[str, list[tuple[str, str]]]:
    """The shipped packs of news feeds: name -> [(source name, feed address)]."""
    found: dict[str, list[tuple[str, str]]] = {}
    folder = files("pantau.ingest").joinpath("packs")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".tsv"):
            continue
        feeds = []
        for line in entry.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                name, url = line.split("\t")
                feeds.append((name.strip(), url.strip()))
        found[entry.name.removesuffix(".tsv")] = feeds
    return found


def add_pack(
    engine: Engine, workspace: Workspace, pack: str, interval: int | None = None
) -> tuple[list[SourceInfo], list[str]]:
    """Add every feed of a shipped pack as an RSS source; feeds whose name is already a
    source are left as they are. Returns the sources added and the names skipped."""
    available = packs()
    if pack not in available:
        raise PantauError(f"paket sumber tidak dikenal: {pack!r} (pilih: {', '.join(available)})")
    feeds = available[pack]
    with engine.connect() as conn:
        present = store.sources_named(conn, workspace.id, [n for n, _ in feeds])
    added = [
        add_source(engine, workspace, name, "rss", {"url": url}, interval=interval)
        for name, url in feeds
        if name not in present
    ]
    return added, sorted(present)
