"""``pantau worker`` (a task-queue worker on PostgreSQL), ``pantau worker status``,
``retry``, ``cancel`` and ``enqueue``. Thin: parses, calls ``pantau.tasks``, prints."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Annotated

import procrastinate
import typer
from rich.table import Table

from pantau.cli.context import (
    JsonOpt,
    WorkspaceOpt,
    default_command_group,
    out,
    print_json,
    state,
)
from pantau.errors import PantauError
from pantau.ingest.collect import Collector
from pantau.store.workspaces import list_workspaces
from pantau.tasks.queue import QUEUES, Runtime, build_app, open_queue, queue_pipeline, run_worker
from pantau.tasks.status import cancel_job, queue_status, retry_job


def _database_url() -> str:
    if state.settings.is_sqlite:
        raise PantauError(
            "pekerja (worker) butuh PostgreSQL (PANTAU_DATABASE_URL); dengan SQLite "
            "`pantau serve` menjalankan semua pekerjaan terjadwal sendiri"
        )
    return state.settings.database_url


def worker(
    concurrency: Annotated[
        int, typer.Option(min=1, help="Tugas yang dikerjakan bersamaan oleh proses ini.")
    ] = 1,
    queues: Annotated[
        str | None,
        typer.Option(help=f"Hanya antrean ini, dipisah koma ({', '.join(QUEUES)}); bawaan semua."),
    ] = None,
    name: Annotated[str | None, typer.Option(help="Nama pekerja di log dan status.")] = None,
) -> None:
    """Jalankan pekerja antrean tugas (PostgreSQL): pengumpulan sumber, pipeline tiap
    workspace, laporan harian dan peringatan. Jalankan sebanyak yang perlu, di mesin mana pun."""
    url = _database_url()
    chosen = [q.strip() for q in queues.split(",") if q.strip()] if queues else None
    unknown = [q for q in chosen or [] if q not in QUEUES]
    if unknown:
        raise PantauError(
            f"antrean tidak dikenal: {', '.join(unknown)} (pilih {', '.join(QUEUES)})"
        )
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    tick = state.settings.worker_tick
    runtime = Runtime(state.engine(), state.settings.data_dir, Collector())
    out.print(
        f"Pekerja Pantau: {concurrency} tugas bersamaan, antrean {', '.join(chosen or QUEUES)}"
    )
    try:
        run_worker(
            build_app(url, tick_seconds=tick),
            runtime,
            concurrency=concurrency,
            queues=chosen,
            tick_seconds=tick,
            name=name,
        )
    finally:
        runtime.collector.close()


def status(json: JsonOpt = False) -> None:
    """Antrean, tugas yang berjalan dan gagal (dengan galatnya), pipeline terakhir tiap
    workspace dengan lamanya (dengan SQLite: jalannya oleh `pantau serve` saja)."""
    if state.settings.is_sqlite:
        found = queue_status(None, state.engine())
    else:
        with open_queue(_database_url()) as app:
            found = queue_status(app, state.engine())
    if json:
        print_json(found.as_dict())
        return
    queues = Table("antrean", "menunggu", "berjalan", "selesai", "gagal", "batal", title="Antrean")
    for q in found.queues:
        queues.add_row(
            q["name"], *(str(q[k]) for k in ("todo", "doing", "succeeded", "failed", "cancelled"))
        )
    out.print(queues)
    for title, jobs in (("Berjalan", found.running), ("Gagal", found.failed)):
        table = Table("id", "tugas", "workspace", "percobaan", "galat", title=title)
        for job in jobs:
            table.add_row(
                str(job.id), job.task, job.workspace or "-", str(job.attempts), job.error or ""
            )
        out.print(table)
    runs = Table("workspace", "mulai (UTC)", "detik", "status", "oleh", title="Pipeline terakhir")
    for run in found.pipelines:
        runs.add_row(
            run.workspace,
            run.started_at or "-",
            f"{run.seconds:.1f}" if run.seconds is not None else "-",
            run.status or "belum pernah",
            run.via or "",
        )
    out.print(runs)


JobArg = Annotated[int, typer.Argument(help="Nomor tugas (pantau worker status).")]


def _on_job(act: Callable[[procrastinate.App, int], None], job_id: int, done: str) -> None:
    with open_queue(_database_url()) as app:
        act(app, job_id)
    out.print(f"Tugas {job_id} {done}.")


def retry(job_id: JobArg) -> None:
    """Jalankan lagi tugas yang gagal."""
    _on_job(retry_job, job_id, "masuk antrean lagi")


def cancel(job_id: JobArg) -> None:
    """Batalkan tugas yang masih menunggu di antrean."""
    _on_job(cancel_job, job_id, "dibatalkan")


def enqueue(
    workspace: WorkspaceOpt = None,
    all_: Annotated[bool, typer.Option("--all", help="Semua workspace.")] = False,
    json: JsonOpt = False,
) -> None:
    """Antrekan pipeline workspace sekarang (tanpa menunggu jadwal tiap jam)."""
    chosen = list_workspaces(state.engine()) if all_ else [state.workspace(workspace)]
    with open_queue(_database_url()) as app:
        queued = [ws.slug for ws in chosen if queue_pipeline(app, ws.slug)]
    if json:
        print_json({"queued": queued, "already_waiting": len(chosen) - len(queued)})
        return
    out.print(f"{len(queued)} pipeline masuk antrean; {len(chosen) - len(queued)} sudah menunggu.")


app = default_command_group(worker, help="Pekerja antrean tugas (PostgreSQL) dan statusnya.")
app.command()(status)
app.command()(retry)
app.command()(cancel)
app.command()(enqueue)
