"""``pantau backup`` and ``pantau restore``: a consistent copy of the database while Pantau runs,
and putting one back. Thin: calls ``pantau.store.backup``, prints."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pantau.cli.context import JsonOpt, out, print_json, state
from pantau.config import redact_url
from pantau.errors import PantauError
from pantau.locale import fmt_int
from pantau.store import open_database
from pantau.store.backup import BACKUP_FOLDER, backup_database, backup_name, restore_database


def backup(
    target: Annotated[
        Path | None,
        typer.Option("--out", help="Berkas cadangan (bawaan: <folder data>/backups/…)."),
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Cadangkan basis data sekarang (aman saat Pantau berjalan)."""
    settings = state.settings
    backend = "sqlite" if settings.is_sqlite else "postgresql"
    path = target or settings.data_dir / BACKUP_FOLDER / backup_name(backend)
    written = backup_database(settings.database_url, path)
    size = written.stat().st_size
    if json:
        print_json({"backup": str(written), "bytes": size, "database": backend})
        return
    out.print(f"Cadangan ditulis: {written} ({fmt_int(size)} bita)")


def restore(
    source: Annotated[Path, typer.Argument(help="Berkas cadangan dari `pantau backup`.")],
    yes: Annotated[
        bool, typer.Option("--yes", help="Ya, ganti isi basis data dengan cadangan ini.")
    ] = False,
    json: JsonOpt = False,
) -> None:
    """Pulihkan basis data dari cadangan (menggantikan isinya; hentikan `pantau serve` dulu)."""
    settings = state.settings
    if not yes:
        raise PantauError(
            f"pemulihan mengganti seluruh isi {redact_url(settings.database_url)}; "
            "ulangi dengan --yes bila yakin"
        )
    restore_database(settings.database_url, source)
    open_database(settings.database_url).dispose()  # newer software: the schema is upgraded
    if json:
        print_json({"restored": str(source), "database": redact_url(settings.database_url)})
        return
    out.print(f"Basis data dipulihkan dari {source}.")
