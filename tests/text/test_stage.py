"""The enrichment stage on both databases: every post enriched once, re-run is a no-op,
a changed model or a changed post makes posts pending again."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import Engine

from pantau.ingest.importer import import_file
from pantau.records import Workspace
from pantau.store.enrichment import enrichment_counts, get_enrichment, labelled_texts, set_label
from pantau.store.posts import PostFilter, list_posts
from pantau.text.stage import ModelSet, enrich_posts, load_models

POSTS = [
    ("1", "Mantaaap, programnya keren bgt, makasih min 🙏"),
    ("2", "pupuk gak ada di gudang, parah banget pelayanannya 😡 #PupukLangka"),
    ("3", "Jadwal penyaluran pupuk bersubsidi dimulai Senin di Kabupaten Grobogan."),
    ("4", "😂😂"),
]


def _import(engine: Engine, ws: Workspace, tmp_path: Path, posts=POSTS, name="p.jsonl"):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_text(
        "\n".join(
            json.dumps(
                {
                    "platform": "x",
                    "id": i,
                    "created_at": "2026-11-17T08:00:00+07:00",
                    "text": t,
                    "likes": 1,
                }
            )
            for i, t in posts
        ),
        "utf-8",
    )
    return import_file(engine, ws, path, rejects_dir=tmp_path / "rejects")


def _by_external(engine: Engine, ws: Workspace) -> dict[str, dict]:
    with engine.connect() as conn:
        rows = list_posts(conn, ws.id, PostFilter(), limit=100)
        return {r["external_id"]: get_enrichment(conn, ws.id, r["id"]) for r in rows}


def test_every_post_is_enriched_once(engine: Engine, workspace: Workspace, tmp_path: Path) -> None:
    _import(engine, workspace, tmp_path)
    models = load_models(tmp_path, workspace)
    assert enrich_posts(engine, workspace, models).enriched == 4
    assert enrich_posts(engine, workspace, models).enriched == 0  # nothing pending
    found = _by_external(engine, workspace)
    assert found["2"]["sentiment"] == "negative"
    assert found["1"]["sentiment"] == "positive"
    assert found["2"]["language"] == "id"
    assert "emoji_only" in found["4"]["flags"]
    assert "tidak" in found["2"]["normalized_text"]  # gak -> tidak
    assert any(e[0] == "place" for e in found["3"]["entities"])
    with engine.connect() as conn:
        counts = enrichment_counts(conn, workspace.id)
    assert sum(counts["sentiment"].values()) == 4
    # --all re-enriches everything; a new model version makes everything pending
    assert enrich_posts(engine, workspace, models, everything=True).enriched == 4
    changed = ModelSet(models.sentiment, models.emotion, models.version + "-baru")
    assert enrich_posts(engine, workspace, changed, batch_size=3).enriched == 4


def test_updated_post_is_enriched_again(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    _import(engine, workspace, tmp_path)
    models = load_models(tmp_path, workspace)
    enrich_posts(engine, workspace, models)
    newer = [("2", "pupuk sudah datang, terima kasih, pelayanan bagus 👍")]
    summary = _import(engine, workspace, tmp_path, newer, "newer.jsonl")
    assert summary.updated == 1
    assert enrich_posts(engine, workspace, models).enriched == 1
    assert _by_external(engine, workspace)["2"]["sentiment"] == "positive"


def test_labels_become_training_data(engine: Engine, workspace: Workspace, tmp_path: Path) -> None:
    _import(engine, workspace, tmp_path)
    with engine.connect() as conn:
        ids = {r["external_id"]: r["id"] for r in list_posts(conn, workspace.id, PostFilter())}
    set_label(engine, workspace.id, ids["3"], "sentiment", "neutral", "analis@contoh.go.id")
    set_label(engine, workspace.id, ids["3"], "sentiment", "positive", "kepala@contoh.go.id")
    set_label(engine, workspace.id, ids["2"], "sentiment", "negative", None)
    texts, labels = labelled_texts(engine, workspace.id, "sentiment")
    assert labels == ["negative", "positive"] and texts[1].startswith("Jadwal penyaluran")
