"""The institution directory: each workspace's kind and region (Kemendagri codes), set one at
a time (``pantau init``, ``pantau workspaces edit``) or for hundreds of workspaces at once from
a CSV/XLSX file that also lists their official accounts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import Engine

from pantau.errors import NotFoundError, PantauError
from pantau.ingest.canonical import PLATFORM_ALIASES
from pantau.io.tabular import read_rows
from pantau.locale import zone_name
from pantau.national.regions import Region, find_region
from pantau.records import Workspace
from pantau.store.outreach import ensure_channel
from pantau.store.outreach_records import ChannelRef
from pantau.store.workspaces import create_workspace, get_workspace, update_workspace

REGIONAL_KINDS = {"pemprov": "provinsi", "pemkab": "kabupaten", "pemkot": "kota"}
_ACCOUNT = re.compile(r"^([a-z]+):@?([\w.\-]+)$")


def region_codes(
    kind: str, province: str | None, regency: str | None
) -> tuple[str | None, str | None]:
    """The (province, regency) codes for an institution of ``kind``: names or codes are
    accepted; a regency gives its province; a pemprov needs a province, a pemkab a kabupaten
    and a pemkot a kota."""
    prov: Region | None = find_region(province, province=True) if province else None
    reg: Region | None = find_region(regency, province=False) if regency else None
    if reg is not None:
        if prov is not None and reg.province_code != prov.code:
            raise PantauError(f"{reg.name} tidak berada di provinsi {prov.name}")
        prov = find_region(reg.province_code, province=True)
    wanted = REGIONAL_KINDS.get(kind)
    if wanted == "provinsi" and prov is None:
        raise PantauError("instansi pemprov perlu --province (kode atau nama provinsi)")
    if wanted in ("kabupaten", "kota") and (reg is None or reg.kind != wanted):
        raise PantauError(f"instansi {kind} perlu --regency: sebuah {wanted} (kode atau nama)")
    if wanted == "provinsi" and reg is not None:
        raise PantauError("instansi pemprov tidak memakai --regency")
    return (prov.code if prov else None), (reg.code if reg else None)


def init_workspace(
    engine: Engine,
    slug: str,
    name: str,
    kind: str,
    timezone: str,
    province: str | None = None,
    regency: str | None = None,
) -> Workspace:
    """``pantau init``: a new workspace with its region checked."""
    prov, reg = region_codes(kind, province, regency)
    return create_workspace(
        engine, slug, name, kind, timezone, province_code=prov, regency_code=reg
    )


@dataclass(frozen=True)
class DirectoryEdit:
    """What ``pantau workspaces edit`` changes (None: keep; "" for a region: clear)."""

    name: str | None = None
    kind: str | None = None
    timezone: str | None = None
    province: str | None = None
    regency: str | None = None


def edit_workspace(engine: Engine, slug: str, edit: DirectoryEdit) -> Workspace:
    with engine.begin() as conn:
        ws = get_workspace(conn, slug)
        kind = edit.kind or ws.kind
        province = ws.province_code if edit.province is None else edit.province
        regency = ws.regency_code if edit.regency is None else edit.regency
        if edit.province and edit.regency is None:
            regency = None  # a new province drops the old regency unless one is given
        if edit.regency and edit.province is None:
            province = None  # the regency gives its province
        prov, reg = region_codes(kind, province or None, regency or None)
        changed = replace(
            ws,
            name=edit.name or ws.name,
            kind=kind,
            timezone=zone_name(edit.timezone) if edit.timezone else ws.timezone,
            province_code=prov,
            regency_code=reg,
        )
        return update_workspace(conn, changed)


@dataclass
class DirectoryImport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    accounts: int = 0
    errors: list[str] = field(default_factory=list)  # "baris N: reason"


def parse_accounts(text: str) -> list[ChannelRef]:
    """``instagram:@humas x:humas_jateng`` (spaces, commas or semicolons between)."""
    found = []
    for item in re.split(r"[\s,;]+", text.strip()):
        if not item:
            continue
        m = _ACCOUNT.match(item.lower())
        platform = PLATFORM_ALIASES.get(m.group(1)) if m else None
        if m is None or platform is None:
            raise PantauError(f"akun tidak sah: {item!r} (tulis platform:akun, mis. x:@humas)")
        found.append(ChannelRef(platform, m.group(2)))
    return found


def _cell(row: dict, *names: str) -> str:
    for name in names:
        value = row.get(name)
        if value:
            return str(value).strip()
    return ""


def import_directory(engine: Engine, path: Path) -> DirectoryImport:
    """Create or update one workspace per row (``slug``, ``nama``, ``jenis``, ``provinsi``,
    ``kabupaten_kota``, ``zona``, ``akun``) and add its official accounts. A row in error is
    reported and skipped; the others are stored. Importing the same file again changes
    nothing."""
    result = DirectoryImport()
    for line, row, raw in read_rows(path):
        if not row:  # a damaged row: ``raw`` says what is wrong
            result.errors.append(f"baris {line}: {raw}")
            continue
        try:
            _import_row(engine, row, result)
        except PantauError as exc:
            result.errors.append(f"baris {line}: {exc}")
    return result


def _import_row(engine: Engine, row: dict, result: DirectoryImport) -> None:
    slug = _cell(row, "slug", "workspace")
    if not slug:
        raise PantauError("kolom slug kosong")
    kind = _cell(row, "jenis", "kind") or "lembaga"
    name = _cell(row, "nama", "name") or slug
    timezone = zone_name(_cell(row, "zona", "timezone") or "WIB")
    province = _cell(row, "provinsi", "province", "kode_provinsi") or None
    regency = _cell(row, "kabupaten_kota", "kabupaten", "kota", "regency", "kode_kabupaten")
    accounts = parse_accounts(_cell(row, "akun", "accounts", "akun_resmi"))
    try:
        get_workspace(engine, slug)
    except NotFoundError:
        ws = init_workspace(engine, slug, name, kind, timezone, province, regency or None)
        result.created.append(ws.slug)
    else:
        edit = DirectoryEdit(name, kind, timezone, province or "", regency)
        ws = edit_workspace(engine, slug, edit)
        result.updated.append(ws.slug)
    with engine.begin() as conn:
        for ref in accounts:
            ensure_channel(conn, ws.id, ref)
            result.accounts += 1
