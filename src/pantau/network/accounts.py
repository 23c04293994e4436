"""Workspace account lists: accounts the institution knows (official government accounts,
media outlets, known influencers), which override the heuristic account type of
:mod:`pantau.network.actors` and give the actor its institution.

A listed account is (platform, handle, type, institution). Handles are matched without "@"
and without regard to case. Types: ``government``, ``media``, ``influencer``, ``citizen``;
Indonesian names are accepted too (pemerintah/resmi, media, pemengaruh, warga).

Import from CSV (UTF-8, Excel's cp1252 and UTF-16 are recognised; comma, semicolon or tab):
a header with ``platform``, ``handle`` (or ``akun``), ``type`` (or ``jenis``) and optionally
``institution`` (or ``instansi``). Rows with a problem go to a rejects file with the reason;
importing the same file again changes nothing.
"""

from __future__ import annotations

import csv
import re
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from pantau.errors import NotFoundError, PantauError
from pantau.io.rejects import Reject, RejectsWriter
from pantau.io.tabular import ImportSummary, csv_reader, read_text_file
from pantau.records import PLATFORMS, Workspace
from pantau.store import network as store

ACCOUNT_TYPES = ("government", "media", "influencer", "citizen")
TYPE_ALIASES = {
    "pemerintah": "government",
    "resmi": "government",
    "instansi": "government",
    "gov": "government",
    "pemengaruh": "influencer",
    "warga": "citizen",
    "masyarakat": "citizen",
}
HEADER_ALIASES = {
    "platform": "platform",
    "handle": "handle",
    "akun": "handle",
    "username": "handle",
    "type": "type",
    "jenis": "type",
    "tipe": "type",
    "institution": "institution",
    "instansi": "institution",
    "lembaga": "institution",
}
MAX_FILE_BYTES = 20 * 2**20
_HANDLE = re.compile(r"^[\w.\-]{1,200}$")


def clean_handle(handle: str) -> str:
    return handle.strip().lstrip("@").strip().lower()


def validate_account(
    platform: str, handle: str, account_type: str, institution: str | None = None
) -> dict[str, str | None]:
    """One listed account in stored form; raises ``PantauError`` with the reason."""
    p = platform.strip().lower()
    if p not in PLATFORMS:
        raise PantauError(f"platform tidak dikenal: {platform!r} (pilih {', '.join(PLATFORMS)})")
    h = clean_handle(handle)
    if not _HANDLE.match(h):
        raise PantauError(f"akun tidak sah: {handle!r}")
    t = account_type.strip().lower()
    t = TYPE_ALIASES.get(t, t)
    if t not in ACCOUNT_TYPES:
        raise PantauError(
            f"jenis akun tidak dikenal: {account_type!r} "
            "(pilih pemerintah/government, media, influencer, warga/citizen)"
        )
    inst = " ".join((institution or "").split())[:300] or None
    return {"platform": p, "handle": h, "type": t, "institution": inst}


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def add_account(
    engine: Engine,
    workspace: Workspace,
    platform: str,
    handle: str,
    account_type: str,
    institution: str | None = None,
) -> dict:
    """List one account (or change its type/institution); returns the stored row."""
    row = validate_account(platform, handle, account_type, institution)
    with engine.begin() as conn:
        store.upsert_account_list(conn, workspace.id, [{**row, "source": "manual"}], _now())
    return next(
        r
        for r in list_accounts(engine, workspace)
        if (r["platform"], r["handle"]) == (row["platform"], row["handle"])
    )


def list_accounts(engine: Engine, workspace: Workspace) -> list[dict]:
    with engine.connect() as conn:
        return store.account_list_rows(conn, workspace.id)


def remove_account(engine: Engine, workspace: Workspace, platform: str, handle: str) -> None:
    """Unlist one account; ``NotFoundError`` when it is not listed."""
    with engine.begin() as conn:
        if not store.delete_account_list(
            conn, workspace.id, platform.strip().lower(), clean_handle(handle)
        ):
            raise NotFoundError(f"akun {platform}:{clean_handle(handle)} tidak ada di daftar")


def listed_accounts(engine: Engine, workspace: Workspace) -> dict[tuple[str, str], dict]:
    """(platform, lower-case handle) → the listed row."""
    return {(r["platform"], r["handle"]): r for r in list_accounts(engine, workspace)}


def import_accounts(
    engine: Engine, workspace: Workspace, path: Path, *, rejects_dir: Path
) -> ImportSummary:
    """Import listed accounts from CSV (see the module docstring). Idempotent."""
    text = read_text_file(path, max_bytes=MAX_FILE_BYTES, what="daftar akun", expected="CSV")
    reader = csv_reader(text)
    header: list[str] = next(reader, [])
    fields = [HEADER_ALIASES.get(h.strip().lower()) for h in header]
    missing = [f for f in ("platform", "handle", "type") if f not in fields]
    if missing:
        shown = ", ".join(h.strip() for h in header[:8]) or "(kosong)"
        raise PantauError(
            f"kolom {', '.join(missing)} tidak ditemukan (judul kolom: {shown}); "
            "perlu kolom platform, handle/akun, type/jenis dan boleh institution/instansi"
        )
    started = datetime.now(UTC)
    rejects = RejectsWriter(
        rejects_dir / f"akun-{path.stem}-{started.strftime('%Y%m%d-%H%M%S')}.csv"
    )
    good: dict[tuple[str, str], dict] = {}
    read = 0
    try:
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            read += 1
            raw = reader.dialect.delimiter.join(values)
            line = reader.line_num
            if len(values) > len(header):
                rejects.write(Reject(line, "jumlah kolom melebihi judul", raw))
                continue
            row = {f: v for f, v in zip(fields, values, strict=False) if f}
            try:
                clean = validate_account(
                    row.get("platform", ""),
                    row.get("handle", ""),
                    row.get("type", ""),
                    row.get("institution"),
                )
            except PantauError as exc:
                rejects.write(Reject(line, str(exc), raw))
                continue
            good[(str(clean["platform"]), str(clean["handle"]))] = {**clean, "source": path.name}
    except csv.Error as exc:
        raise PantauError(f"CSV rusak di baris {reader.line_num}: {exc}") from None
    rejects_path = rejects.close()
    with engine.begin() as conn:
        new, updated, unchanged = store.upsert_account_list(
            conn, workspace.id, list(good.values()), started.replace(tzinfo=None)
        )
    return ImportSummary(
        file=str(path),
        rows_read=read,
        rows_new=new,
        rows_updated=updated,
        rows_unchanged=unchanged,
        rows_rejected=rejects.count,
        rejects_path=rejects_path,
    )
