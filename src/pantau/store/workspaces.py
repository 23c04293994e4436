"""Workspaces (one institution each): create, find, list."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Connection, Engine, Row, select, update

from pantau.errors import NotFoundError, PantauError
from pantau.records import Workspace
from pantau.store.schema import workspaces

# pemprov, pemkab and pemkot carry region codes; pemda and lainnya are kept for older workspaces
WORKSPACE_KINDS = ("kementerian", "lembaga", "pemprov", "pemkab", "pemkot", "pemda", "lainnya")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


def _row_to_workspace(row: Row) -> Workspace:
    return Workspace(
        id=row.id,
        slug=row.slug,
        name=row.name,
        kind=row.kind,
        timezone=row.timezone,
        created_at=row.created_at,
        province_code=row.province_code,
        regency_code=row.regency_code,
    )


def _check(kind: str, timezone: str) -> None:
    if kind not in WORKSPACE_KINDS:
        raise PantauError(
            f"jenis instansi tidak dikenal: {kind!r} (pilih {', '.join(WORKSPACE_KINDS)})"
        )
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise PantauError(f"zona waktu tidak dikenal: {timezone!r} (mis. Asia/Jakarta)") from None


def create_workspace(
    engine: Engine,
    slug: str,
    name: str,
    kind: str,
    timezone: str,
    *,
    province_code: str | None = None,
    regency_code: str | None = None,
) -> Workspace:
    """A new workspace; region codes are checked by the caller (``national.directory``)."""
    if not _SLUG.match(slug):
        raise PantauError(
            f"slug workspace tidak sah: {slug!r} (huruf kecil, angka dan '-', maks. 63 karakter)"
        )
    _check(kind, timezone)
    with engine.begin() as conn:
        if conn.execute(select(workspaces.c.id).where(workspaces.c.slug == slug)).first():
            raise PantauError(f"workspace {slug!r} sudah ada")
        now = datetime.now(UTC).replace(tzinfo=None)
        conn.execute(
            workspaces.insert().values(
                slug=slug,
                name=name,
                kind=kind,
                timezone=timezone,
                created_at=now,
                province_code=province_code,
                regency_code=regency_code,
            )
        )
        return get_workspace(conn, slug)


def update_workspace(conn: Connection, ws: Workspace) -> Workspace:
    """Store the name, kind, zone and region codes of ``ws`` (found by its id)."""
    _check(ws.kind, ws.timezone)
    conn.execute(
        update(workspaces)
        .where(workspaces.c.id == ws.id)
        .values(
            name=ws.name,
            kind=ws.kind,
            timezone=ws.timezone,
            province_code=ws.province_code,
            regency_code=ws.regency_code,
        )
    )
    return get_workspace(conn, ws.slug)


def get_workspace(conn: Connection | Engine, slug: str) -> Workspace:
    stmt = select(workspaces).where(workspaces.c.slug == slug)
    if isinstance(conn, Engine):
        with conn.connect() as c:
            row = c.execute(stmt).first()
    else:
        row = conn.execute(stmt).first()
    if row is None:
        raise NotFoundError(f"workspace {slug!r} tidak ditemukan (buat dengan `pantau init`)")
    return _row_to_workspace(row)


def list_workspaces(engine: Engine) -> list[Workspace]:
    with engine.connect() as conn:
        rows = conn.execute(select(workspaces).order_by(workspaces.c.slug)).all()
    return [_row_to_workspace(r) for r in rows]


def resolve_workspace(engine: Engine, slug: str | None) -> Workspace:
    """The named workspace, or the only one when no name is given."""
    if slug:
        return get_workspace(engine, slug)
    found = list_workspaces(engine)
    if len(found) == 1:
        return found[0]
    if not found:
        raise NotFoundError(
            "belum ada workspace; buat dulu dengan `pantau init` atau `pantau demo`"
        )
    names = ", ".join(w.slug for w in found)
    raise PantauError(f"ada beberapa workspace ({names}); pilih dengan --workspace")


def workspace_slug(engine: Engine, workspace_id: int) -> str:
    with engine.connect() as conn:
        return str(
            conn.execute(
                select(workspaces.c.slug).where(workspaces.c.id == workspace_id)
            ).scalar_one()
        )


def workspace_name(engine: Engine, workspace_id: int) -> str:
    with engine.connect() as conn:
        return str(
            conn.execute(
                select(workspaces.c.name).where(workspaces.c.id == workspace_id)
            ).scalar_one()
        )
