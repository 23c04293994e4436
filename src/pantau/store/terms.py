"""The term rollups: posts per workspace × hour × trend key, one row per workspace × hour
(``rollup_term_hours``) holding the hour's counts as a zlib-compressed JSON object (term →
posts; keys carried by at least two posts of the hour). A day of a busy workspace has
millions of such counts, which detection only ever reads and writes an hour at a time: one
row per hour writes a million-post day's 2 million counts in half a second instead of ten,
and takes a fifth of the space."""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence
from datetime import datetime

import orjson
from sqlalchemy import Connection, delete, insert, select, update

from pantau.store.schema import detector_state, rollup_term_hours

_IN_CHUNK = 500
_LEVEL = 1  # zlib: 3.5× smaller at 15 ms for an hour of 80,000 keys


def encode_terms(counts: Mapping[str, int]) -> bytes:
    return zlib.compress(orjson.dumps(counts), _LEVEL)


def decode_terms(payload: bytes) -> dict[str, int]:
    return orjson.loads(zlib.decompress(payload))


def replace_terms(
    conn: Connection,
    workspace_id: int,
    hours: Sequence[datetime],
    by_hour: Mapping[datetime, Mapping[str, int]],
) -> int:
    """Replace the term counts of ``hours`` with ``by_hour`` (hour → term → posts; an hour
    missing from it has none); returns how many counts were written."""
    t = rollup_term_hours.c
    for start in range(0, len(hours), _IN_CHUNK):
        chunk = list(hours[start : start + _IN_CHUNK])
        conn.execute(
            delete(rollup_term_hours).where(t.workspace_id == workspace_id, t.hour.in_(chunk))
        )
    filled = [(hour, counts) for hour, counts in sorted(by_hour.items()) if counts]
    values = [
        {"workspace_id": workspace_id, "hour": hour, "terms": len(counts),
         "payload": encode_terms(counts)}
        for hour, counts in filled
    ]  # fmt: skip
    if values:
        conn.execute(insert(rollup_term_hours), values)
    return sum(len(counts) for _, counts in filled)


def term_counts(
    conn: Connection, workspace_id: int, start: datetime, end: datetime
) -> dict[datetime, dict[str, int]]:
    """hour → term → posts, for hours in [start, end)."""
    t = rollup_term_hours.c
    stmt = select(t.hour, t.payload).where(
        t.workspace_id == workspace_id, t.hour >= start, t.hour < end
    )
    return {hour: decode_terms(payload) for hour, payload in conn.execute(stmt)}


def detector_snapshot(conn: Connection, workspace_id: int) -> tuple[datetime, str, bytes] | None:
    """The stored detector snapshot: (hour, config, payload), or None."""
    row = conn.execute(
        select(detector_state.c.hour, detector_state.c.config, detector_state.c.payload).where(
            detector_state.c.workspace_id == workspace_id
        )
    ).first()
    if row is None:
        return None
    hour, config, payload = row
    return hour, config, bytes(payload)


def save_detector_snapshot(
    conn: Connection, workspace_id: int, hour: datetime, config: str, payload: bytes, now: datetime
) -> None:
    values = {"hour": hour, "config": config, "payload": payload, "updated_at": now}
    done = conn.execute(
        update(detector_state).where(detector_state.c.workspace_id == workspace_id).values(values)
    ).rowcount
    if not done:
        conn.execute(insert(detector_state).values(workspace_id=workspace_id, **values))
