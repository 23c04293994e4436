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


def test_model_eval_binary_view(tmp_path: Path) -> None:
    run(tmp_path, "init", "dinas")
    labels = _labels(tmp_path / "label.csv")
    assert run(tmp_path, "model", "train", "--labels", str(labels))[0] == 0
    binary_data = tmp_path / "biner.csv"
    binary_data.write_text(
        "text,label\n" + "".join(f"{t},positive\n" for t in POSITIVE)
        + "".join(f"{t},negative\n" for t in NEGATIVE),
        "utf-8",
    )  # fmt: skip
    code, text = run(
        tmp_path, "model", "eval", "--data", str(binary_data), "--labels", "positive,negative",
        "--json",
    )  # fmt: skip
    assert code == 0, text
    report = json.loads(text)
    assert report["n"] == 6 and "confusion_matrix" in report  # the three-class view as before
    assert report["binary"]["classes"] == ["negative", "positive"]
    assert report["binary"]["left_out"] == 0 and report["binary"]["macro_f1"] == 1.0
    code, text = run(tmp_path, "model", "eval", "--data", str(binary_data), "--labels", "positive")
    assert code != 0
    code, text = run(
        tmp_path, "model", "eval", "--data", str(binary_data), "--labels", "positive,negative"
    )
    assert code == 0 and "Biner (negative vs positive)" in text


def test_label_queue_set_and_status(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PANTAU_RETRAIN_EVERY", "20")
    run(tmp_path, "init", "dinas")
    posts = tmp_path / "p.jsonl"
    texts = [f"{t} {i}" for i in range(4) for t in POSITIVE + NEGATIVE + NEUTRAL]
    posts.write_text(
        "\n".join(
            json.dumps({"platform": ("x", "facebook")[i % 2], "id": str(i),
                        "created_at": "2026-11-17", "text": t})
            for i, t in enumerate(texts)
        ),
        "utf-8",
    )  # fmt: skip
    assert run(tmp_path, "import", str(posts))[0] == 0
    code, text = run(tmp_path, "label", "queue", "--limit", "5", "--json")
    assert code == 0, text
    queue = json.loads(text)
    assert len(queue) == 5
    assert {"post_id", "platform", "text", "guess", "confidence", "margin"} <= set(queue[0])
    assert queue[0]["platform"] != queue[1]["platform"]  # platforms take turns
    code, text = run(tmp_path, "label", "queue")
    assert code == 0 and "pantau label set" in text
    code, text = run(tmp_path, "label", "status", "--json")
    assert json.loads(text) == {
        "labels": 0,
        "since_training": 0,
        "retrain_every": 20,
        "next_retrain_in": 20,
        "model": "default",
        "trained_at": None,
        "trained_on_labels": None,
    }
    code, text = run(tmp_path, "posts", "--limit", "100", "--json")
    by_text = {p["text"]: p["id"] for p in json.loads(text)["posts"]}
    gold = {**dict.fromkeys(POSITIVE, "positive"), **dict.fromkeys(NEGATIVE, "negative")}
    gold.update(dict.fromkeys(NEUTRAL, "neutral"))
    given = [(by_text[t], gold[t.rsplit(" ", 1)[0]]) for t in texts[:20]]
    for post_id, label in given[:19]:
        code, text = run(tmp_path, "label", "set", str(post_id), label, "--json")
        assert code == 0, text
        assert json.loads(text)["retrained"] is None
    code, text = run(tmp_path, "label", "set", str(given[19][0]), given[19][1], "--json")
    result = json.loads(text)
    assert result["retrained"]["rows"] == 20 and result["status"]["since_training"] == 0
    code, text = run(tmp_path, "label", "status")
    assert code == 0 and "20 label sentimen" in text and "model workspace" in text
    assert run(tmp_path, "label", "set", "999999", "positive")[0] != 0
    assert run(tmp_path, "label", "set", str(given[0][0]), "marah")[0] != 0
