"""Configuring alerts per workspace: channels, rules, and the notification settings (daily
report time, dashboard address). Every function that returns a channel returns it masked."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, time

from sqlalchemy import Connection, Engine

from pantau.errors import NotFoundError, PantauError
from pantau.notify.channels import masked_config, validate_config
from pantau.notify.rules import check_params
from pantau.records import Workspace
from pantau.report.render import parse_formats
from pantau.store import alerts as store

DEFAULT_REPORT_TIME = "07:00"
DEFAULT_REPORT_FORMATS = "pdf,docx,xlsx,html,png"
DEFAULT_THROTTLE = 10  # messages per channel per hour
_HHMM = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def parse_hhmm(value: str, what: str = "jam") -> str:
    """``7.00``, ``07:00`` → ``07:00``."""
    m = _HHMM.match(value.strip())
    if not m:
        raise PantauError(f"{what} tidak sah: {value!r} (pakai JJ:MM, mis. 07:00)")
    return f"{int(m.group(1)):02d}:{m.group(2)}"


def as_time(hhmm: str) -> time:
    hours, minutes = hhmm.split(":")
    return time(int(hours), int(minutes))


# --- channels -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ChannelInfo:
    id: int
    name: str
    kind: str
    config: dict  # masked
    created_at: datetime

    def as_dict(self) -> dict:
        return asdict(self)


def _info(row: Mapping) -> ChannelInfo:
    return ChannelInfo(
        row["id"],
        row["name"],
        row["kind"],
        masked_config(row["kind"], row["config"]),
        row["created_at"],
    )


def _channel_name(name: str, rows: Sequence[dict], own_id: int | None = None) -> str:
    name = name.strip()
    if not name or len(name) > 100:
        raise PantauError("nama kanal wajib diisi (paling panjang 100 huruf)")
    if name.isdigit():
        raise PantauError("nama kanal tidak boleh hanya angka (angka dipakai sebagai id)")
    if any(r["name"] == name and r["id"] != own_id for r in rows):
        raise PantauError(f"kanal {name!r} sudah ada")
    return name


def add_channel(
    engine: Engine, workspace: Workspace, name: str, kind: str, config: Mapping[str, object]
) -> ChannelInfo:
    checked = validate_config(kind, config)
    with engine.begin() as conn:
        name = _channel_name(name, store.channel_rows(conn, workspace.id))
        channel_id = store.insert_channel(conn, workspace.id, name, kind, checked, _now())
    return get_channel(engine, workspace, str(channel_id))


def edit_channel(
    engine: Engine,
    workspace: Workspace,
    ref: str,
    *,
    name: str | None = None,
    config: Mapping[str, object] | None = None,
) -> ChannelInfo:
    """Rename a channel or change its configuration. A value left empty keeps the stored one,
    so a secret never has to be shown to be kept."""
    with engine.begin() as conn:
        rows = store.channel_rows(conn, workspace.id)
        row = _find_channel(rows, ref)
        values: dict[str, object] = {}
        if name is not None:
            values["name"] = _channel_name(name, rows, row["id"])
        if config is not None:
            given = {k: v for k, v in config.items() if v not in (None, "", [], {})}
            values["config"] = validate_config(row["kind"], {**row["config"], **given})
        if values:
            store.update_channel(conn, workspace.id, row["id"], values)
    return get_channel(engine, workspace, str(row["id"]))


def _find_channel(rows: Sequence[dict], ref: str) -> dict:
    for row in rows:
        if row["name"] == ref or (ref.isdigit() and row["id"] == int(ref)):
            return row
    raise NotFoundError(f"kanal {ref!r} tidak ditemukan (lihat `pantau alerts channel list`)")


def channel_row(engine: Engine, workspace: Workspace, ref: str) -> dict:
    """The stored channel, secrets included: for sending only, never for output."""
    with engine.connect() as conn:
        return _find_channel(store.channel_rows(conn, workspace.id), ref)


def get_channel(engine: Engine, workspace: Workspace, ref: str) -> ChannelInfo:
    return _info(channel_row(engine, workspace, ref))


def list_channels(engine: Engine, workspace: Workspace) -> list[ChannelInfo]:
    with engine.connect() as conn:
        return [_info(r) for r in store.channel_rows(conn, workspace.id)]


def delete_channel(engine: Engine, workspace: Workspace, ref: str) -> ChannelInfo:
    """Remove a channel from use; its pending deliveries are cancelled, its log is kept."""
    with engine.begin() as conn:
        row = _find_channel(store.channel_rows(conn, workspace.id), ref)
        store.mark_channel_deleted(conn, workspace.id, row["id"], _now())
    return _info(row)


# --- rules ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RuleInfo:
    id: int
    kind: str
    params: dict
    channels: list[str]  # channel names
    quiet_start: str | None
    quiet_end: str | None
    urgent_bypass: bool
    throttle_per_hour: int
    created_at: datetime

    def as_dict(self) -> dict:
        return asdict(self)


def add_rule(
    engine: Engine,
    workspace: Workspace,
    kind: str,
    channels: Sequence[str],
    params: Mapping[str, object] | None = None,
    *,
    quiet: str | None = None,
    urgent_bypass: bool = True,
    throttle_per_hour: int = DEFAULT_THROTTLE,
) -> RuleInfo:
    """A rule of ``kind`` sending to ``channels`` (names or ids). ``quiet``: ``22:00-06:00``
    in the workspace zone; ``urgent_bypass``: events of priority segera ignore quiet hours."""
    with engine.begin() as conn:
        values = _rule_values(
            conn, workspace, kind, channels, params, quiet, urgent_bypass, throttle_per_hour
        )
        rule_id = store.insert_rule(conn, workspace.id, {**values, "created_at": _now()})
    return next(r for r in list_rules(engine, workspace) if r.id == rule_id)


def edit_rule(
    engine: Engine,
    workspace: Workspace,
    rule_id: int,
    channels: Sequence[str],
    params: Mapping[str, object] | None = None,
    *,
    quiet: str | None = None,
    urgent_bypass: bool = True,
    throttle_per_hour: int = DEFAULT_THROTTLE,
) -> RuleInfo:
    """Set a rule's channels, parameters, quiet hours and throttle (its kind stays); events
    already detected keep their deliveries."""
    found = [r for r in list_rules(engine, workspace) if r.id == rule_id]
    if not found:
        raise NotFoundError(f"aturan #{rule_id} tidak ditemukan (lihat `pantau alerts rule list`)")
    with engine.begin() as conn:
        values = _rule_values(
            conn,
            workspace,
            found[0].kind,
            channels,
            params,
            quiet,
            urgent_bypass,
            throttle_per_hour,
        )
        store.update_rule(conn, workspace.id, rule_id, values)
    return next(r for r in list_rules(engine, workspace) if r.id == rule_id)


def _quiet_hours(quiet: str | None) -> tuple[str | None, str | None]:
    if not quiet:
        return None, None
    parts = quiet.replace("–", "-").split("-")
    if len(parts) != 2:
        raise PantauError(f"jam tenang tidak sah: {quiet!r} (pakai 22:00-06:00)")
    start, end = parse_hhmm(parts[0], "jam tenang"), parse_hhmm(parts[1], "jam tenang")
    if start == end:
        raise PantauError("jam tenang: awal dan akhir tidak boleh sama")
    return start, end


def _rule_values(
    conn: Connection,
    workspace: Workspace,
    kind: str,
    channels: Sequence[str],
    params: Mapping[str, object] | None,
    quiet: str | None,
    urgent_bypass: bool,
    throttle_per_hour: int,
) -> dict[str, object]:
    """A rule's stored columns, checked (see ``add_rule``)."""
    checked = check_params(kind, params or {})
    if not channels:
        raise PantauError("aturan butuh sedikitnya satu kanal (--channel)")
    if throttle_per_hour < 1:
        raise PantauError("batas kiriman per jam harus sedikitnya 1")
    quiet_start, quiet_end = _quiet_hours(quiet)
    rows = store.channel_rows(conn, workspace.id)
    if kind == "volume_spike" or kind == "negative_surge":
        topic = checked.get("topic_id")
        if topic is not None and topic != 0 and topic not in store.topic_names(conn, workspace.id):
            raise NotFoundError(f"topik #{topic} tidak ditemukan")
    return {
        "kind": kind,
        "params": checked,
        "channels": sorted({_find_channel(rows, str(c))["id"] for c in channels}),
        "quiet_start": quiet_start,
        "quiet_end": quiet_end,
        "urgent_bypass": urgent_bypass,
        "throttle_per_hour": throttle_per_hour,
    }


def list_rules(engine: Engine, workspace: Workspace) -> list[RuleInfo]:
    with engine.connect() as conn:
        names = {r["id"]: r["name"] for r in store.channel_rows(conn, workspace.id, True)}
        rows = store.rule_rows(conn, workspace.id)
    return [
        RuleInfo(
            r["id"],
            r["kind"],
            r["params"],
            [names.get(c, f"#{c}") for c in r["channels"]],
            r["quiet_start"],
            r["quiet_end"],
            bool(r["urgent_bypass"]),
            r["throttle_per_hour"],
            r["created_at"],
        )
        for r in rows
    ]


def delete_rule(engine: Engine, workspace: Workspace, rule_id: int) -> RuleInfo:
    found = [r for r in list_rules(engine, workspace) if r.id == rule_id]
    if not found:
        raise NotFoundError(f"aturan #{rule_id} tidak ditemukan (lihat `pantau alerts rule list`)")
    with engine.begin() as conn:
        store.mark_rule_deleted(conn, workspace.id, rule_id, _now())
    return found[0]


# --- settings -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NotifySettings:
    report_time: str = DEFAULT_REPORT_TIME
    report_enabled: bool = True
    report_formats: str = DEFAULT_REPORT_FORMATS
    dashboard_url: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def get_settings(engine: Engine, workspace: Workspace) -> NotifySettings:
    with engine.connect() as conn:
        row = store.settings_row(conn, workspace.id)
    if row is None:
        return NotifySettings()
    return NotifySettings(
        row["report_time"], bool(row["report_enabled"]), row["report_formats"], row["dashboard_url"]
    )


def update_settings(
    engine: Engine,
    workspace: Workspace,
    *,
    report_time: str | None = None,
    report_enabled: bool | None = None,
    report_formats: str | None = None,
    dashboard_url: str | None = None,
) -> NotifySettings:
    """Change the given settings (``dashboard_url=""`` clears the address)."""
    current = get_settings(engine, workspace)
    values = current.as_dict()
    if report_time is not None:
        values["report_time"] = parse_hhmm(report_time, "jam laporan")
    if report_enabled is not None:
        values["report_enabled"] = report_enabled
    if report_formats is not None:
        values["report_formats"] = ",".join(parse_formats(report_formats))
    if dashboard_url is not None:
        url = dashboard_url.strip().rstrip("/")
        if url and not re.match(r"^https?://[^/\s]+", url):
            raise PantauError("alamat dasbor harus diawali http:// atau https://")
        values["dashboard_url"] = url or None
    with engine.begin() as conn:
        store.save_settings(conn, workspace.id, {**values, "updated_at": _now()})
    return get_settings(engine, workspace)


# --- the delivery log -----------------------------------------------------------------------

_LOG_FIELDS = (
    "id",
    "event_id",
    "dedup_key",
    "kind",
    "urgent",
    "title",
    "link",
    "detected_at",
    "channel",
    "channel_kind",
    "status",
    "attempts",
    "next_attempt_at",
    "sent_at",
    "last_error",
)
_DELIVERY_STATUSES = ("pending", "sending", "sent", "retrying", "digest", "failed", "cancelled")


def delivery_log(
    engine: Engine, workspace: Workspace, limit: int = 50, status: str | None = None
) -> list[dict]:
    """Newest deliveries first (no channel configuration: errors are stored redacted)."""
    if status is not None and status not in _DELIVERY_STATUSES:
        raise PantauError(
            f"status tidak dikenal: {status!r} (pilih {', '.join(_DELIVERY_STATUSES)})"
        )
    with engine.connect() as conn:
        rows = store.delivery_log(conn, workspace.id, max(1, limit), status)
    return [{k: r[k] for k in _LOG_FIELDS} for r in rows]
