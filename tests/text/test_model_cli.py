"""`pantau enrich`, `pantau model train/eval` and `pantau eval` through the command line."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from pantau.cli import app

runner = CliRunner()
POSITIVE = ["pelayanan cepat dan ramah", "mantap programnya membantu petani", "terima kasih bagus"]
NEGATIVE = ["pupuk langka parah sekali", "pelayanan lambat mengecewakan", "antre lama gak becus"]
NEUTRAL = ["jadwal penyaluran hari senin", "rapat koordinasi di kantor dinas", "data stok pupuk"]


def _labels(path: Path) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["text", "label"])
        for i in range(8):
            for label, texts in (
                ("positive", POSITIVE),
                ("negative", NEGATIVE),
                ("neutral", NEUTRAL),
            ):
                out.writerow([f"{texts[i % 3]} {i}", label])
    return path


def run(tmp_path: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--data-dir", str(tmp_path / "data"), *args])
    return result.exit_code, result.output


def test_train_eval_and_enrich(tmp_path: Path) -> None:
    assert run(tmp_path, "init", "dinas")[0] == 0
    posts = tmp_path / "p.jsonl"
    posts.write_text(
        "\n".join(
            json.dumps({"platform": "x", "id": str(i), "created_at": "2026-11-17", "text": t})
            for i, t in enumerate(POSITIVE + NEGATIVE)
        ),
        "utf-8",
    )
    assert run(tmp_path, "import", str(posts), "--no-enrich")[0] == 0
    code, text = run(tmp_path, "enrich", "--json")
    assert code == 0, text
    assert json.loads(text)["enriched"] == 6
    more = tmp_path / "more.jsonl"
    more.write_text(
        json.dumps({"platform": "x", "id": "99", "created_at": "2026-11-17", "text": "stok aman"}),
        "utf-8",
    )
    assert run(tmp_path, "import", str(more))[0] == 0  # new posts are enriched on import
    code, text = run(tmp_path, "enrich", "--json")
    assert json.loads(text)["enriched"] == 0
    labels = _labels(tmp_path / "label.csv")
    code, text = run(tmp_path, "model", "train", "--labels", str(labels), "--json")
    assert code == 0, text
    trained = json.loads(text)
    assert trained["rows"] == 24 and Path(trained["model_dir"]).joinpath("model.json").exists()
    code, text = run(tmp_path, "model", "eval", "--data", str(labels), "--json")
    report = json.loads(text)
    assert code == 0 and report["macro_f1"] > 0.9 and "ws-" in report["model_version"]
    assert len(report["confusion_matrix"]) == 3
    # the workspace model is a new model version: every post is pending again
    code, text = run(tmp_path, "enrich", "--json")
    assert json.loads(text)["enriched"] == 7


def test_too_few_labels_and_missing_data_are_explained(tmp_path: Path) -> None:
    run(tmp_path, "init", "dinas")
    code, _ = run(tmp_path, "model", "train")
    assert code != 0
    result = runner.invoke(app, ["--data-dir", str(tmp_path / "data"), "model", "train"])
    assert "minimal 20" in str(result.exception)
    code, text = run(tmp_path, "eval", "--shared-dir", str(tmp_path / "tidak-ada"))
    assert code == 0 and "skipped" in json.loads(text)["text"]
