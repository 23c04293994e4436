"""``pantau version`` and ``pantau upgrade``: what is installed (software, database schema,
models) and what an upgrade applies to the configured database. Thin over ``pantau.release``."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.markup import escape

from pantau import __version__
from pantau.cli.context import JsonOpt, err, out, print_json, state
from pantau.config import redact_url
from pantau.locale import fmt_int
from pantau.release import (
    UPGRADE_GUIDE,
    Backup,
    UpgradeCheck,
    apply_upgrade,
    check_upgrade,
    schema_dict,
    version_report,
)
from pantau.store.engine import Migration

TASK_NAMES = {"sentiment": "sentimen", "emotion": "emosi"}


def version(json: JsonOpt = False) -> None:
    """Versi Pantau, revisi skema basis data dan versi model teks."""
    report = version_report(state.settings)
    if json:
        print_json(report)
        return
    out.print(f"pantau {report['version']} (Python {report['python']})")
    database = report["database"]
    if "error" in database:
        out.print(f"Basis data: tidak terbaca ({escape(database['error'])})", highlight=False)
    else:
        out.print(f"Skema basis data: {_schema_line(database)}", highlight=False)
    for task, model in report["models"].items():
        out.print(f"Model {TASK_NAMES[task]}: {_model_line(task, model)}", highlight=False)


def upgrade(
    check: Annotated[
        bool,
        typer.Option(
            "--check", help="Hanya laporkan migrasi yang akan dijalankan dan cadangan yang ada."
        ),
    ] = False,
    json: JsonOpt = False,
) -> None:
    """Jalankan migrasi skema yang belum diterapkan (membuka basis data juga menjalankannya).

    Dengan --check tidak ada yang diubah: hanya laporan migrasi yang akan dijalankan versi
    terpasang ini pada basis data yang dikonfigurasi, dan apakah ada cadangan."""
    report = check_upgrade(state.settings)
    if check:
        if json:
            print_json(report.as_dict())
        else:
            _print_check(report)
        return
    if not report.backups:
        err.print(f"peringatan: {_no_backup(report)}", highlight=False)
    applied = apply_upgrade(state.settings)
    if json:
        print_json(
            {
                "database": redact_url(state.settings.database_url),
                "applied": [{"revision": m.revision, "title": m.title} for m in applied],
                "head": report.schema.head,
            }
        )
        return
    if not applied:
        out.print(f"Skema basis data sudah terbaru (revisi {report.schema.head}).")
        return
    out.print(f"{len(applied)} migrasi dijalankan; skema kini di revisi {report.schema.head}:")
    _print_migrations(applied)


def _schema_line(database: dict[str, Any]) -> str:
    if database["newer_than_software"]:
        return (
            f"revisi {'+'.join(database['newer_than_software'])}, lebih baru dari perangkat "
            f"lunak ini (terbaru yang dikenal: {database['head']}); perbarui Pantau"
        )
    if database["current"] is None:
        return f"belum dibuat (akan dibuat di revisi {database['head']} saat pertama dibuka)"
    if database["up_to_date"]:
        return f"revisi {database['current']} (terbaru)"
    return (
        f"revisi {database['current']}, {len(database['pending'])} migrasi menunggu sampai "
        f"revisi {database['head']} (`pantau upgrade --check`)"
    )


def _model_line(task: str, model: dict[str, Any]) -> str:
    if model["kind"] == "lexicon":
        hint = " (model belum dibangun: `pantau model build`)" if task == "sentiment" else ""
        return f"daftar kata bawaan{hint}"
    line = f"model {model['fingerprint']}"
    if model.get("trained_at"):
        line += f", dilatih {model['trained_at']}"
    data = [f"{p['name']} {p['version']}" for p in model.get("sources", []) if "version" in p]
    if data:
        line += f", data {', '.join(data)}"
    return line


def _print_check(report: UpgradeCheck) -> None:
    schema = report.schema
    out.print(
        f"Pantau {__version__} terpasang (skema revisi {schema.head}); "
        f"basis data {escape(report.database_url)}",
        highlight=False,
    )
    out.print(f"Basis data: {_schema_line(schema_dict(schema))}", highlight=False)
    if schema.pending:
        out.print(f"Migrasi yang dijalankan saat basis data dibuka ({len(schema.pending)}):")
        _print_migrations(schema.pending)
    if report.backups:
        out.print(f"Cadangan: ada {len(report.backups)}; terbaru {_backup_line(report.backups[0])}")
    else:
        out.print(f"Cadangan: {_no_backup(report)}", highlight=False)


def _print_migrations(migrations: tuple[Migration, ...]) -> None:
    for migration in migrations:
        out.print(f"  {migration.revision}  {escape(migration.title)}", highlight=False)


def _backup_line(backup: Backup) -> str:
    when = backup.modified.strftime("%Y-%m-%d %H:%M UTC")
    return f"{escape(str(backup.path))} ({fmt_int(backup.size)} bita, {when})"


def _no_backup(report: UpgradeCheck) -> str:
    return (
        f"tidak ada cadangan ditemukan di {escape(str(report.backup_dir))}; "
        f"buat cadangan dulu (lihat {UPGRADE_GUIDE})"
    )
