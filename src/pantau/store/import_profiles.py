"""Column-mapping profiles a workspace saved by name (``pantau import profiles``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, delete, insert, select, update

from pantau.store.schema import import_profiles


@dataclass(frozen=True)
class SavedProfile:
    name: str
    description: str | None
    mapping: dict
    created_at: datetime
    updated_at: datetime


def save_profile(
    engine: Engine, workspace_id: int, name: str, mapping: dict, description: str | None
) -> bool:
    """Store a profile, replacing one of the same name; True when it is new."""
    now = datetime.now(UTC).replace(tzinfo=None)
    c = import_profiles.c
    with engine.begin() as conn:
        changed = conn.execute(
            update(import_profiles)
            .where(c.workspace_id == workspace_id, c.name == name)
            .values(mapping=mapping, description=description, updated_at=now)
        ).rowcount
        if changed:
            return False
        conn.execute(
            insert(import_profiles).values(
                workspace_id=workspace_id,
                name=name,
                description=description,
                mapping=mapping,
                created_at=now,
                updated_at=now,
            )
        )
        return True


def list_profiles(engine: Engine, workspace_id: int) -> list[SavedProfile]:
    c = import_profiles.c
    stmt = (
        select(c.name, c.description, c.mapping, c.created_at, c.updated_at)
        .where(c.workspace_id == workspace_id)
        .order_by(c.name)
    )
    with engine.connect() as conn:
        return [SavedProfile(**r._mapping) for r in conn.execute(stmt)]


def delete_profile(engine: Engine, workspace_id: int, name: str) -> bool:
    c = import_profiles.c
    with engine.begin() as conn:
        stmt = delete(import_profiles).where(c.workspace_id == workspace_id, c.name == name)
        return bool(conn.execute(stmt).rowcount)
