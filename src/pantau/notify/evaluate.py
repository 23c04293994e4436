"""Evaluating alert rules and delivering what they find.

``evaluate_alerts`` runs after every pipeline run (and, for clock-driven rules, from the
scheduler): each rule detects; new things become events (a dedup key stored once per
workspace), each event becomes one delivery per channel of its rule; then every due delivery
is sent, held for a digest, or retried.

- Quiet hours (workspace zone): a non-urgent event is held; held events go out as one digest
  when quiet hours end. ``urgent_bypass`` lets priority-segera events through.
- Throttling: at most ``throttle_per_hour`` messages per channel per hour; the excess is held
  and goes out as one digest once the hour allows another message.
- Retries: a failed send is retried on later runs after 1, 2, 4, 8, 16 minutes (or later when
  the receiver asks, HTTP 429); permanent errors and the sixth failure give up (``failed``).
- A channel that fails is not tried again in the same run, so one dead server costs at most
  one timeout; nothing here raises into the pipeline because of a channel.
- Sending claims the delivery first with a conditional update, so concurrent runners never send
  the same delivery twice; a runner that dies mid-send leaves a lease that expires, after which
  the delivery is tried again.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine

from pantau.faults import fault_point
from pantau.locale import to_local
from pantau.notify.channels import DeliveryError, redact, secrets_of, send
from pantau.notify.messages import AlertItem, Message, probe_message
from pantau.notify.rules import CLOCK_KINDS, Context, Detected, detect
from pantau.notify.setup import as_time, channel_row, get_settings
from pantau.records import Workspace
from pantau.store import alerts as store

log = logging.getLogger("pantau.notify")

MAX_ATTEMPTS = 6
BACKOFF = timedelta(minutes=1)
MAX_BACKOFF = timedelta(hours=1)
LEASE = timedelta(minutes=5)


@dataclass(slots=True)
class AlertSummary:
    rules: int = 0
    events_new: int = 0
    sent: int = 0  # messages sent (a digest counts once)
    held: int = 0  # deliveries put aside for a digest in this run
    digests: int = 0
    retrying: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)

    def line(self) -> str:
        """One Indonesian sentence for the CLI."""
        parts = [
            f"{self.events_new} peringatan baru",
            f"{self.sent} pesan terkirim",
        ]
        if self.held:
            parts.append(f"{self.held} ditahan untuk ringkasan")
        if self.retrying:
            parts.append(f"{self.retrying} dicoba lagi nanti")
        if self.failed:
            parts.append(f"{self.failed} gagal")
        return "Peringatan: " + ", ".join(parts) + "."


def _utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def evaluate_alerts(
    engine: Engine,
    workspace: Workspace,
    now: datetime | None = None,
    *,
    kinds: Sequence[str] | None = None,
) -> AlertSummary:
    """Detect with every rule of the workspace (or only rules of ``kinds``), store new events,
    deliver what is due. ``now``: naive UTC wall-clock time (default: the real one)."""
    now = now or _utcnow()
    summary = AlertSummary()
    settings = get_settings(engine, workspace)
    with engine.connect() as conn:
        rules = [
            r for r in store.rule_rows(conn, workspace.id) if kinds is None or r["kind"] in kinds
        ]
        latest = store.latest_rollup_hour(conn, workspace.id) if rules else None
        active_channels = {c["id"] for c in store.channel_rows(conn, workspace.id)}
    data_end = None if latest is None else min(now, latest + timedelta(hours=1))
    ctx = Context(engine, workspace, now, data_end, settings.dashboard_url)
    cache: dict = {}
    summary.rules = len(rules)
    for rule in rules:
        try:
            found = detect(ctx, rule, cache)
        except Exception as exc:  # one broken rule must not stop the others
            log.exception("alert rule %s (%s) failed", rule["id"], rule["kind"])
            summary.errors.append(f"aturan #{rule['id']}: {type(exc).__name__}")
            continue
        channels = [c for c in rule["channels"] if c in active_channels]
        summary.events_new += _store_events(engine, workspace, rule["id"], found, channels, now)
    deliver_due(engine, workspace, now, summary)
    return summary


def _store_events(
    engine: Engine,
    workspace: Workspace,
    rule_id: int,
    found: list[Detected],
    channels: list[int],
    now: datetime,
) -> int:
    if not found:
        return 0
    with engine.connect() as conn:
        known = store.existing_keys(conn, workspace.id, [d.dedup_key for d in found])
    fresh = [d for d in found if d.dedup_key not in known]
    if not fresh:
        return 0
    rows = []
    for d in fresh:
        title, body = d.texts()
        rows.append(
            {
                "rule_id": rule_id,
                "dedup_key": d.dedup_key[:300],
                "kind": d.kind,
                "urgent": d.urgent,
                "title": title[:500],
                "body": body,
                "link": d.link,
                "details": d.details,
                "detected_at": now,
            }
        )
    with engine.begin() as conn:
        stored = store.add_events(conn, workspace.id, rows)
        pairs = [(e, c) for e in sorted(stored.values()) for c in channels]
        store.add_deliveries(conn, workspace.id, pairs, now)
        fault_point("alerts.storing_events")
    fault_point("alerts.events_stored")
    return len(stored)


# --- delivery -------------------------------------------------------------------------------


def _in_quiet(rule: dict | None, now: datetime, timezone: str) -> bool:
    if not rule or not rule["quiet_start"] or not rule["quiet_end"]:
        return False
    local = to_local(now, timezone).time().replace(tzinfo=None)
    start, end = as_time(rule["quiet_start"]), as_time(rule["quiet_end"])
    if start < end:
        return start <= local < end
    return local >= start or local < end  # spans midnight


def _held_by_quiet(row: dict, rule: dict | None, now: datetime, timezone: str) -> bool:
    if not _in_quiet(rule, now, timezone):
        return False
    return not (row["urgent"] and rule and rule["urgent_bypass"])


def _item(row: dict) -> AlertItem:
    return AlertItem(
        kind=row["kind"],
        title=row["title"],
        body=row["body"],
        link=row["link"],
        urgent=bool(row["urgent"]),
        detected_at=row["detected_at"],
        details=row["details"] or {},
    )


def _backoff(attempts: int, retry_after: float | None) -> timedelta:
    wait = min(BACKOFF * 2 ** max(0, attempts - 1), MAX_BACKOFF)
    if retry_after:
        wait = max(wait, timedelta(seconds=min(retry_after, 24 * 3600)))
    return wait


class _Run:
    """One delivery pass over a workspace."""

    def __init__(self, engine: Engine, workspace: Workspace, now: datetime, summary: AlertSummary):
        self.engine, self.workspace, self.now, self.summary = engine, workspace, now, summary
        with engine.connect() as conn:
            self.channels = {c["id"]: c for c in store.channel_rows(conn, workspace.id)}
            self.rules = {r["id"]: r for r in store.rule_rows(conn, workspace.id, True)}
        self.sent_this_hour: dict[int, int] = {}
        self.broken: set[int] = set()  # channels that failed in this run

    def messages_this_hour(self, channel_id: int) -> int:
        if channel_id not in self.sent_this_hour:
            with self.engine.connect() as conn:
                self.sent_this_hour[channel_id] = store.messages_sent_since(
                    conn, self.workspace.id, channel_id, self.now - timedelta(hours=1)
                )
        return self.sent_this_hour[channel_id]

    def throttled(self, channel_id: int, rule: dict | None) -> bool:
        limit = rule["throttle_per_hour"] if rule else 10
        return self.messages_this_hour(channel_id) >= limit

    def update(self, ids: list[int], **values: object) -> None:
        with self.engine.begin() as conn:
            store.set_deliveries(conn, self.workspace.id, ids, {**values, "updated_at": self.now})

    def claim(self, row: dict) -> bool:
        with self.engine.begin() as conn:
            return store.claim_delivery(
                conn,
                self.workspace.id,
                row["id"],
                row["status"],
                row["attempts"],
                self.now + LEASE,
                self.now,
            )

    def transmit(self, rows: list[dict], channel: dict, message: Message, key: str) -> None:
        """Send one message carrying ``rows`` (already claimed) and record the outcome."""
        ids = [r["id"] for r in rows]
        attempts = max(r["attempts"] for r in rows) + 1
        try:
            send(channel["kind"], channel["config"], message)
        except DeliveryError as exc:
            self.broken.add(channel["id"])
            error = redact(str(exc), secrets_of(channel["kind"], channel["config"]))
            log.warning(
                "alert delivery to channel %s (%s) failed, attempt %d: %s",
                channel["name"],
                channel["kind"],
                attempts,
                error,
            )
            if exc.permanent or attempts >= MAX_ATTEMPTS:
                self.update(ids, status="failed", attempts=attempts, last_error=error)
                self.summary.failed += len(ids)
            else:
                status = "digest" if message.digest else "retrying"
                self.update(
                    ids,
                    status=status,
                    attempts=attempts,
                    last_error=error,
                    next_attempt_at=self.now + _backoff(attempts, exc.retry_after),
                )
                self.summary.retrying += len(ids)
            self.summary.errors.append(f"{channel['name']}: {error}")
            return
        self.update(
            ids,
            status="sent",
            attempts=attempts,
            sent_at=self.now,
            message_key=key,
            last_error=None,
        )
        self.sent_this_hour[channel["id"]] = self.messages_this_hour(channel["id"]) + 1
        self.summary.sent += 1
        if message.digest:
            self.summary.digests += 1
        log.info(
            "alert sent to channel %s (%s): %d event(s)", channel["name"], channel["kind"], len(ids)
        )

    def singles(self) -> None:
        with self.engine.connect() as conn:
            due = store.due_deliveries(conn, self.workspace.id, self.now, store.OPEN_STATUSES)
        tz = self.workspace.timezone
        held: list[int] = []
        cancelled: list[int] = []
        for row in due:
            channel = self.channels.get(row["channel_id"])
            if channel is None:
                cancelled.append(row["id"])
                continue
            if channel["id"] in self.broken:
                continue
            rule = self.rules.get(row["rule_id"])
            if _held_by_quiet(row, rule, self.now, tz) or self.throttled(channel["id"], rule):
                held.append(row["id"])
                continue
            if not self.claim(row):
                continue  # another runner has it
            message = Message(self.workspace.name, tz, (_item(row),))
            self.transmit([row], channel, message, f"m{row['id']}")
        if cancelled:
            self.update(cancelled, status="cancelled")
        if held:
            # only rows nobody else took meanwhile: the same status condition as a claim
            with self.engine.begin() as conn:
                store.hold_for_digest(conn, self.workspace.id, held, self.now)
            self.summary.held += len(held)

    def digests(self) -> None:
        with self.engine.connect() as conn:
            held = store.due_deliveries(conn, self.workspace.id, self.now, ("digest",))
        tz = self.workspace.timezone
        by_channel: dict[int, list[dict]] = defaultdict(list)
        for row in held:
            by_channel[row["channel_id"]].append(row)
        for channel_id, rows in by_channel.items():
            channel = self.channels.get(channel_id)
            if channel is None:
                self.update([r["id"] for r in rows], status="cancelled")
                continue
            if channel_id in self.broken:
                continue
            ready = [
                r for r in rows if not _held_by_quiet(r, self.rules.get(r["rule_id"]), self.now, tz)
            ]
            if not ready:
                continue
            strictest = min(
                (self.rules[r["rule_id"]] for r in ready if r["rule_id"] in self.rules),
                key=lambda rule: rule["throttle_per_hour"],
                default=None,
            )
            if self.throttled(channel_id, strictest):
                continue
            claimed = [r for r in ready if self.claim(r)]
            if not claimed:
                continue
            items = tuple(_item(r) for r in claimed)
            message = Message(self.workspace.name, tz, items, digest=len(items) > 1)
            self.transmit(claimed, channel, message, f"g{claimed[0]['id']}")


def deliver_due(
    engine: Engine, workspace: Workspace, now: datetime, summary: AlertSummary | None = None
) -> AlertSummary:
    """Send, hold or retry every delivery whose time has come; then flush digests."""
    summary = summary or AlertSummary()
    run = _Run(engine, workspace, now, summary)
    run.singles()
    run.digests()
    return summary


def tick_due(engine: Engine, workspace: Workspace, now: datetime) -> bool:
    """Whether the scheduler's minute pass (``evaluate_alerts`` with the clock kinds) has
    anything to do for the workspace at ``now`` (naive UTC): rules the clock alone triggers,
    or deliveries, retries and digests that fell due. Rules on the data are evaluated by the
    pipeline when new data arrives, so a workspace without either needs no minute pass."""
    with engine.connect() as conn:
        return store.tick_due(conn, workspace.id, now, CLOCK_KINDS)


def send_probe(engine: Engine, workspace: Workspace, channel_ref: str) -> str | None:
    """Send a test message through a channel now; the redacted error, or None when sent."""
    channel = channel_row(engine, workspace, channel_ref)
    try:
        send(
            channel["kind"],
            channel["config"],
            probe_message(workspace.name, workspace.timezone, _utcnow()),
        )
    except DeliveryError as exc:
        error = redact(str(exc), secrets_of(channel["kind"], channel["config"]))
        log.warning("test message to channel %s failed: %s", channel["name"], error)
        return error
    return None
