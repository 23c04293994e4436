"""The ``pantau`` command. Thin: parses options, calls a capability, prints the result."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import orjson
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from pantau import __version__
from pantau.config import Settings, load_settings, redact_url
from pantau.errors import PantauError
from pantau.locale import fmt_datetime, fmt_day, fmt_int, zone_label, zone_name
from pantau.records import PLATFORMS, Workspace

app = typer.Typer(
    help="Pantau — monitoring isu dan optimasi diseminasi informasi.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True)


class _State:
    settings: Settings
    _engine: Engine | None = None

    def engine(self) -> Engine:
        if self._engine is None:
            from pantau.store import open_database

            self._engine = open_database(self.settings.database_url)
        return self._engine

    def workspace(self, slug: str | None) -> Workspace:
        from pantau.store.workspaces import resolve_workspace

        return resolve_workspace(self.engine(), slug or self.settings.workspace)


state = _State()
JsonOpt = Annotated[bool, typer.Option("--json", help="Keluaran JSON (untuk skrip).")]
WorkspaceOpt = Annotated[
    str | None, typer.Option("--workspace", "-w", help="Slug workspace (env PANTAU_WORKSPACE).")
]


def _print_json(data: object) -> None:
    sys.stdout.write(
        orjson.dumps(
            data, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS, default=str
        ).decode()
        + "\n"
    )


def _progress(show: bool) -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=err,
        disable=not show,
        transient=True,
    )


@app.callback()
def _global(
    data_dir: Annotated[
        Path | None, typer.Option(help="Folder data (env PANTAU_DATA_DIR; bawaan ./pantau-data).")
    ] = None,
    database_url: Annotated[
        str | None,
        typer.Option(help="URL basis data (env PANTAU_DATABASE_URL), mis. postgresql+psycopg://…"),
    ] = None,
) -> None:
    state.settings = load_settings(data_dir=data_dir, database_url=database_url)
    state._engine = None


@app.command()
def version() -> None:
    """Versi Pantau."""
    out.print(f"pantau {__version__}")


@app.command()
def init(
    slug: Annotated[str, typer.Argument(help="Nama pendek workspace, mis. kominfo-jateng.")],
    name: Annotated[str | None, typer.Option(help="Nama lengkap instansi.")] = None,
    kind: Annotated[
        str, typer.Option(help="kementerian, lembaga, pemda atau lainnya.")
    ] = "lembaga",
    timezone: Annotated[str, typer.Option(help="WIB, WITA, WIT atau nama zona IANA.")] = "WIB",
    json: JsonOpt = False,
) -> None:
    """Buat workspace (satu instansi)."""
    from pantau.store.workspaces import create_workspace

    ws = create_workspace(state.engine(), slug, name or slug, kind, zone_name(timezone))
    if json:
        _print_json(ws.__dict__)
        return
    out.print(
        f"Workspace [bold]{ws.slug}[/] dibuat: {ws.name} ({ws.kind}, {zone_label(ws.timezone)})."
    )


@app.command()
def workspaces(json: JsonOpt = False) -> None:
    """Daftar workspace."""
    from pantau.store.workspaces import list_workspaces

    found = list_workspaces(state.engine())
    if json:
        _print_json([w.__dict__ for w in found])
        return
    table = Table("slug", "nama", "jenis", "zona")
    for w in found:
        table.add_row(w.slug, w.name, w.kind, zone_label(w.timezone))
    out.print(table)


@app.command("import")
def import_(
    files: Annotated[list[Path], typer.Argument(help="Berkas yang diimpor.")],
    fmt: Annotated[
        str | None, typer.Option("--format", "-f", help="Paksa format (bawaan: dikenali otomatis).")
    ] = None,
    enrich: Annotated[
        bool, typer.Option("--enrich/--no-enrich", help="Analisis teks post baru sesudah impor.")
    ] = True,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Impor post dari berkas (JSONL/CSV/XLSX/Parquet kanonik, X API v2, RSS/Atom)."""
    from pantau.ingest.importer import import_file
    from pantau.text.stage import enrich_posts, load_models

    ws = state.workspace(workspace)
    summaries = []
    failed = 0
    for path in files:
        with _progress(not json and err.is_terminal) as bar:
            task = bar.add_task(path.name, total=None)
            try:
                summary = import_file(
                    state.engine(),
                    ws,
                    path,
                    rejects_dir=state.settings.rejects_dir,
                    fmt=fmt,
                    progress=lambda done, total, t=task: bar.update(t, completed=done, total=total),
                )
            except PantauError as exc:
                if len(files) == 1:
                    raise
                err.print(f"[red]galat:[/] {escape(f'{path}: {exc}')}", highlight=False)
                failed += 1
                continue
        summaries.append(summary)
        if not json:
            _print_import_summary(summary)
    enriched = None
    if enrich and any(s.new or s.updated for s in summaries):
        with _progress(not json and err.is_terminal) as bar:
            task = bar.add_task("analisis teks", total=None)
            enriched = enrich_posts(
                state.engine(),
                ws,
                load_models(state.settings.data_dir, ws),
                progress=lambda done, _total: bar.update(task, completed=done),
            )
        if not json:
            out.print(f"{fmt_int(enriched.enriched)} post baru dianalisis teksnya")
    if any(s.new for s in summaries):
        from pantau.search import index_posts

        with _progress(not json and err.is_terminal) as bar:
            task = bar.add_task("indeks pencarian", total=None)
            index_posts(state.engine(), ws, progress=lambda n: bar.advance(task, n))
    if json:
        _print_json([s.as_dict() for s in summaries])
    if failed:
        raise typer.Exit(1)


def _print_import_summary(s) -> None:  # type: ignore[no-untyped-def]
    out.print(
        f"[bold]{Path(s.file).name}[/] ({s.format}"
        + (f", {s.encoding}" if s.encoding else "")
        + f"): dibaca {fmt_int(s.read)}, baru {fmt_int(s.new)}, diperbarui {fmt_int(s.updated)}, "
        f"duplikat {fmt_int(s.duplicate)}, ditolak {fmt_int(s.rejected)} "
        f"— {s.seconds:.1f} dtk"
    )
    if s.repaired_run_id:
        out.print(f"  melanjutkan impor #{s.repaired_run_id} yang terputus")
    if s.rejects_path:
        out.print(f"  baris yang ditolak dan alasannya: {s.rejects_path}")


def _parse_day(value: str | None, tz: str, end: bool = False) -> datetime | None:
    if not value:
        return None
    try:
        day = datetime.fromisoformat(value)
    except ValueError:
        raise PantauError(f"tanggal tidak sah: {value!r} (pakai YYYY-MM-DD)") from None
    if day.tzinfo is None:
        day = day.replace(tzinfo=ZoneInfo(tz))
    if end and len(value) <= 10:
        day += timedelta(days=1)  # --until is inclusive of the whole day
    return day.astimezone(UTC).replace(tzinfo=None)


@app.command()
def posts(
    search: Annotated[str | None, typer.Option("--search", "-q", help="Teks yang dicari.")] = None,
    platform: Annotated[str | None, typer.Option(help=f"{', '.join(PLATFORMS)}.")] = None,
    author: Annotated[str | None, typer.Option(help="Akun penulis.")] = None,
    since: Annotated[
        str | None, typer.Option(help="Sejak tanggal (YYYY-MM-DD, zona workspace).")
    ] = None,
    until: Annotated[str | None, typer.Option(help="Sampai tanggal (inklusif).")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000)] = 20,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Daftar dan cari post."""
    from pantau.store.posts import PostFilter, count_posts, list_posts

    ws = state.workspace(workspace)
    if platform and platform not in PLATFORMS:
        raise PantauError(f"platform tidak dikenal: {platform!r} (pilih {', '.join(PLATFORMS)})")
    f = PostFilter(
        platform=platform,
        author=author,
        contains=search,
        since=_parse_day(since, ws.timezone),
        until=_parse_day(until, ws.timezone, end=True),
    )
    with state.engine().connect() as conn:
        rows = list_posts(conn, ws.id, f, limit=limit, offset=offset)
        total = count_posts(conn, ws.id, f)
    if json:
        _print_json({"total": total, "posts": rows})
        return
    table = Table("waktu", "platform", "akun", "teks", "suka", expand=True)
    for r in rows:
        body = r["title"] or r["text"]
        table.add_row(
            fmt_datetime(r["created_at"], ws.timezone),
            r["platform"],
            r["author"] or "",
            (body[:140] + "…") if len(body) > 140 else body,
            fmt_int(r["likes"]) if r["likes"] is not None else "",
        )
    out.print(table)
    out.print(f"{fmt_int(len(rows))} dari {fmt_int(total)} post")


@app.command()
def export(
    path: Annotated[Path, typer.Argument(help="Berkas tujuan (.csv, .xlsx atau .jsonl).")],
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help="csv, xlsx atau jsonl (bawaan: dari akhiran)."),
    ] = None,
    search: Annotated[str | None, typer.Option("--search", "-q")] = None,
    platform: Annotated[str | None, typer.Option()] = None,
    since: Annotated[str | None, typer.Option()] = None,
    until: Annotated[str | None, typer.Option()] = None,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Ekspor post ke CSV (Excel), XLSX atau JSON Lines kanonik (bisa diimpor lagi)."""
    from pantau.export import export_posts
    from pantau.store.posts import PostFilter

    ws = state.workspace(workspace)
    chosen = fmt or path.suffix.lstrip(".").lower()
    f = PostFilter(
        platform=platform,
        contains=search,
        since=_parse_day(since, ws.timezone),
        until=_parse_day(until, ws.timezone, end=True),
    )
    n = export_posts(state.engine(), ws, path, chosen, f)
    if json:
        _print_json({"path": str(path), "format": chosen, "posts": n})
        return
    out.print(f"{fmt_int(n)} post ditulis ke {path}")


@app.command()
def stats(workspace: WorkspaceOpt = None, json: JsonOpt = False) -> None:
    """Ringkasan isi workspace: jumlah post per platform dan per hari."""
    from pantau.overview import workspace_stats

    ws = state.workspace(workspace)
    s = workspace_stats(state.engine(), ws)
    if json:
        _print_json(s.as_dict())
        return
    _print_stats(ws, s)


def _print_stats(ws: Workspace, s) -> None:  # type: ignore[no-untyped-def]
    out.print(f"[bold]{ws.name}[/] ({ws.slug}) — {fmt_int(s.posts)} post")
    platforms = Table("platform", "post", title="Per platform")
    for p, n in s.by_platform.items():
        platforms.add_row(p, fmt_int(n))
    days = Table("hari", "post", title=f"Per hari ({zone_label(ws.timezone)})")
    for d, n in s.by_day.items():
        days.add_row(fmt_day(date.fromisoformat(d)), fmt_int(n))
    out.print(platforms)
    out.print(days)
    sentiments = s.enrichment.get("sentiment", {})
    if sentiments:
        total = sum(sentiments.values())
        mood = Table("sentimen", "post", "%", title="Sentimen")
        for name, n in sentiments.items():
            mood.add_row(name, fmt_int(n), fmt_int(round(100 * n / total)))
        out.print(mood)


@app.command()
def imports(workspace: WorkspaceOpt = None, json: JsonOpt = False) -> None:
    """Riwayat impor (asal-usul data): berkas, checksum, jumlah, penolakan."""
    from pantau.store.imports import list_runs

    ws = state.workspace(workspace)
    runs = list_runs(state.engine(), ws.id)
    if json:
        _print_json([r.__dict__ for r in runs])
        return
    table = Table("#", "berkas", "format", "status", "baru", "diperbarui", "duplikat", "ditolak")
    for r in runs:
        table.add_row(
            str(r.id),
            r.file_name,
            r.format,
            r.status,
            fmt_int(r.rows_new),
            fmt_int(r.rows_updated),
            fmt_int(r.rows_duplicate),
            fmt_int(r.rows_rejected),
        )
    out.print(table)


@app.command()
def formats(json: JsonOpt = False) -> None:
    """Format berkas yang bisa diimpor."""
    from pantau.ingest.formats import all_formats

    found = [{"name": f.name, "description": f.description} for f in all_formats()]
    if json:
        _print_json(found)
        return
    table = Table("format", "keterangan")
    for f in found:
        table.add_row(f["name"], f["description"])
    out.print(table)


@app.command("enrich")
def enrich_command(
    everything: Annotated[
        bool, typer.Option("--all", help="Analisis ulang semua post (setelah model berganti).")
    ] = False,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Analisis teks post yang belum dianalisis: bahasa, sentimen, emosi, entitas."""
    from pantau.store.enrichment import enrichment_counts
    from pantau.text.stage import enrich_posts, load_models

    ws = state.workspace(workspace)
    models = load_models(state.settings.data_dir, ws)
    with _progress(not json and err.is_terminal) as bar:
        task = bar.add_task("analisis teks", total=None)
        summary = enrich_posts(
            state.engine(),
            ws,
            models,
            everything=everything,
            progress=lambda done, _total: bar.update(task, completed=done),
        )
    with state.engine().connect() as conn:
        counts = enrichment_counts(conn, ws.id)
    if json:
        _print_json({**summary.as_dict(), "counts": counts})
        return
    out.print(f"{fmt_int(summary.enriched)} post dianalisis (model {summary.model_version}).")
    sentiments = counts["sentiment"]
    total = sum(sentiments.values()) or 1
    out.print(
        "Sentimen: "
        + ", ".join(f"{name} {fmt_int(round(100 * n / total))}%" for name, n in sentiments.items())
    )


@app.command("eval")
def evaluate_command(
    shared_dir: Annotated[
        Path, typer.Option(help="Folder data evaluasi berlabel (SmSA, EmoT).")
    ] = Path("../shared/data"),
) -> None:
    """Ukur akurasi analitik pada data berlabel nyata; dilewati bila datanya tidak ada. JSON."""
    from pantau.factcheck.evaluate import run_claim_evaluation
    from pantau.monitor.evaluate import run_detection_evaluation
    from pantau.network.evaluate import run_coordination_evaluation
    from pantau.text.evaluate import run_evaluation

    _print_json(
        {
            "text": run_evaluation(shared_dir),
            "detection": run_detection_evaluation(shared_dir),
            "coordination": run_coordination_evaluation(shared_dir),
            "claims": run_claim_evaluation().as_dict(),
        }
    )


@app.command()
def demo(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder hasil.")] = Path("demo-output"),
    n_posts: Annotated[int, typer.Option("--posts", min=100, help="Jumlah post demo.")] = 50_000,
    seed: Annotated[int, typer.Option(help="Benih acak (hasil sama untuk benih sama).")] = 20261116,
    serve_after: Annotated[
        bool, typer.Option("--serve", help="Sesudahnya, buka dasbor di http://127.0.0.1:8000/.")
    ] = False,
    json: JsonOpt = False,
) -> None:
    """Jalankan seluruh alur pada workspace demo (luring, deterministik)."""
    from pantau.pipeline import run_demo

    show = not json
    with _progress(show and err.is_terminal) as bar:
        task = bar.add_task("demo", total=None)

        def step(message: str) -> None:
            bar.update(task, description=message, completed=0, total=None)
            if show:
                err.print(f"• {message}")

        result = run_demo(
            state.engine(),
            state.settings.data_dir,
            out_dir,
            seed=seed,
            n_posts=n_posts,
            step=step,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    if json:
        _print_json(
            {
                "workspace": result.workspace.slug,
                "import": result.imported.as_dict(),
                "enrich": result.enriched.as_dict(),
                "stats": result.stats.as_dict(),
                "outputs": [str(result.stats_file), *map(str, result.report_files)],
            }
        )
        return
    _print_import_summary(result.imported)
    out.print(f"{fmt_int(result.enriched.enriched)} post dianalisis teksnya")
    _print_stats(result.workspace, result.stats)
    from pantau.monitor.issues import IssueFilter, list_issues

    top = list_issues(state.engine(), result.workspace, IssueFilter())[:8]
    if top:
        issues = Table("#", "isu", "tahap", "prioritas", "post", title="Isu teratas")
        for row in top:
            metrics = row.get("metrics") or {}
            issues.add_row(
                str(row["id"]),
                escape(row["label"]),
                row["stage"],
                row["priority"],
                fmt_int(metrics.get("posts", 0)),
            )
        out.print(issues)
        out.print("Rincian: `pantau issues show <#>`; semua isu: `pantau issues list`.")
    out.print("Laporan harian: " + ", ".join(p.name for p in result.report_files[:-1]))
    out.print(f"Hasil: {out_dir}/ — basis data: {redact_url(state.settings.database_url)}")
    _ensure_demo_login(result.workspace)
    out.print(f"Login dasbor demo: {DEMO_EMAIL} / {DEMO_PASSWORD}")
    if serve_after:
        from pantau.commands.web import serve as serve_command

        serve_command()


DEMO_EMAIL = "demo@pantau.local"
DEMO_PASSWORD = "demo-pantau-2026"  # only for the invented demo workspace


def _ensure_demo_login(workspace: Workspace) -> None:
    from pantau.web.accounts import create_user, get_user

    try:
        get_user(state.engine(), DEMO_EMAIL)
    except PantauError:
        create_user(
            state.engine(),
            DEMO_EMAIL,
            "Analis Demo",
            DEMO_PASSWORD,
            "admin",
            workspace,
            actor="demo",
        )


from pantau.commands.agenda import app as agenda_app  # noqa: E402
from pantau.commands.alerts import app as alerts_app  # noqa: E402
from pantau.commands.claims import app as claims_app  # noqa: E402
from pantau.commands.issues import app as issues_app  # noqa: E402
from pantau.commands.issues import run_command  # noqa: E402
from pantau.commands.model import app as model_app  # noqa: E402
from pantau.commands.model import label_app  # noqa: E402
from pantau.commands.narrative import app as narrative_app  # noqa: E402
from pantau.commands.network import actors_command, coordination_command  # noqa: E402
from pantau.commands.network import app as network_app  # noqa: E402
from pantau.commands.outreach import app as outreach_app  # noqa: E402
from pantau.commands.report import app as report_app  # noqa: E402
from pantau.commands.topics import app as topics_app  # noqa: E402
from pantau.commands.training import app as training_app  # noqa: E402
from pantau.commands.web import serve, token_app, user_app  # noqa: E402

app.add_typer(topics_app, name="topics")
app.add_typer(outreach_app, name="outreach")
app.add_typer(model_app, name="model")
app.add_typer(label_app, name="label")
app.add_typer(report_app, name="report")
app.command("actors")(actors_command)
app.command("coordination")(coordination_command)
app.add_typer(network_app, name="network")
app.add_typer(claims_app, name="claims")
app.add_typer(training_app, name="bimtek")
app.add_typer(issues_app, name="issues")
app.add_typer(agenda_app, name="agenda")
app.add_typer(narrative_app, name="narrative")
app.add_typer(alerts_app, name="alerts")
app.command("run")(run_command)
app.command("serve")(serve)
app.add_typer(user_app, name="user")
app.add_typer(token_app, name="token")


def main() -> None:
    try:
        app()
    except PantauError as exc:
        err.print(f"[red]galat:[/] {escape(str(exc))}", highlight=False)
        sys.exit(1)
    except OperationalError as exc:
        first_line = str(exc.orig).strip().splitlines()[0]
        err.print(f"[red]galat basis data:[/] {escape(first_line)}", highlight=False)
        sys.exit(1)
    except KeyboardInterrupt:
        err.print("dihentikan; jalankan perintah yang sama lagi untuk melanjutkan")
        sys.exit(130)
