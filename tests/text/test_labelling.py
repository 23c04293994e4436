"""The labelling queue (least sure first, strata take turns, copies collapsed), labels stored
in ``post_labels``, and retraining once enough new labels arrived — on both databases."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import Engine

from pantau.errors import NotFoundError, PantauError
from pantau.records import PostRecord, Workspace
from pantau.store.enrichment import labelled_texts, set_label
from pantau.store.posts import write_posts
from pantau.store.workspaces import create_workspace
from pantau.text import labelling
from pantau.text.labelling import give_label, labelling_queue, margins, queue_order
from pantau.text.workspace import label_status, retrain_if_due, train_from_labels

from .conftest import NEGATIVE, NEUTRAL, POSITIVE


def test_margin_is_the_gap_between_the_two_likeliest_classes() -> None:
    proba = np.array([[0.5, 0.3, 0.2], [0.1, 0.1, 0.8], [0.34, 0.33, 0.33]])
    assert margins(proba) == pytest.approx([0.2, 0.7, 0.01])


def test_least_sure_first_within_a_stratum() -> None:
    order = queue_order([0.9, 0.1, 0.5, 0.3], ["x"] * 4, [0, 1, 2, 3])
    assert order == [1, 3, 2, 0]


def test_strata_take_turns_starting_with_the_least_sure() -> None:
    margin = [0.10, 0.20, 0.30, 0.90, 0.05, 0.95]
    strata = ["x", "x", "x", "y", "z", "z"]
    order = queue_order(margin, strata, list(range(6)))
    # z holds the least sure item, then x, then y; then the second round
    assert order == [4, 0, 3, 5, 1, 2]
    assert queue_order(margin, strata, list(range(6)), limit=2) == [4, 0]


def test_copies_of_one_message_are_offered_once_and_not_after_a_label() -> None:
    margin = [0.4, 0.1, 0.3, 0.2]
    groups = [0, 0, 2, 3]  # items 0 and 1 are copies of one message
    assert queue_order(margin, ["x"] * 4, groups) == [1, 3, 2]  # the least sure copy stands
    assert queue_order(margin, ["x"] * 4, groups, blocked=frozenset({0})) == [3, 2]


def _post(i: int, text: str, platform: str = "x") -> PostRecord:
    start = datetime(2026, 11, 16, 1, 0)
    return PostRecord(
        platform=platform,
        external_id=f"p{i}",
        key_kind="id",
        created_at=start + timedelta(minutes=i),
        collected_at=start + timedelta(days=1),
        text=text,
        raw="{}",
        raw_format="test",
        author=f"akun{i}",
    )


def _seed(engine: Engine, ws: Workspace, texts: list[tuple[str, str]]) -> dict[str, int]:
    with engine.begin() as conn:
        write_posts(
            conn, ws.id, [_post(i, text, platform) for i, (text, platform) in enumerate(texts)]
        )
    from pantau.store.posts import PostFilter, list_posts

    with engine.connect() as conn:
        rows = list_posts(conn, ws.id, PostFilter(), limit=1000)
    return {r["text"]: r["id"] for r in rows}


def test_queue_from_the_database(engine: Engine, workspace: Workspace, tmp_path: Path) -> None:
    copy = "harga beras di pasar induk naik lagi minggu ini kata pedagang"
    ids = _seed(
        engine,
        workspace,
        [
            (copy, "x"),
            (copy + " !!", "x"),  # a near copy
            (copy + " ya", "facebook"),  # another copy, on another platform
            ("pelayanan bagus sekali, terima kasih", "x"),
            ("jadwal rapat hari senin", "news"),
            ("kecewa, antrean lama dan petugas cuek", "facebook"),
            ("jalan rusak parah belum diperbaiki juga", "x"),
        ],
    )
    items = labelling_queue(engine, tmp_path, workspace, limit=10)
    offered = [item.post_id for item in items]
    copies = {ids[copy], ids[copy + " !!"], ids[copy + " ya"]}
    assert len(copies & set(offered)) == 1  # one message, offered once
    assert len(offered) == 5
    item = next(i for i in items if i.post_id in copies)
    assert item.copies == 3
    assert all(
        0.0 <= i.margin <= 1.0 and i.guess in {"negative", "neutral", "positive"} for i in items
    )
    # the queue takes turns: the first three items come from three platforms
    assert len({i.platform for i in items[:3]}) == 3

    give_label(engine, workspace, ids[copy], "Negative", "analis@a.go.id")
    again = [item.post_id for item in labelling_queue(engine, tmp_path, workspace, limit=10)]
    assert not copies & set(again)  # a labelled message's copies are not offered again
    assert len(again) == 4
    texts, labels = labelled_texts(engine, workspace.id, "sentiment")
    assert labels == ["negative"] and texts == [copy]


def test_give_label_checks_label_and_workspace(engine: Engine, workspace: Workspace) -> None:
    ids = _seed(engine, workspace, [("pelayanan bagus", "x")])
    other = create_workspace(engine, "lain", "Dinas Lain", "pemda", "Asia/Jakarta")
    with pytest.raises(PantauError, match="tidak dikenal"):
        give_label(engine, workspace, ids["pelayanan bagus"], "marah", None)
    with pytest.raises(NotFoundError):
        give_label(engine, other, ids["pelayanan bagus"], "positive", None)


def test_retrain_once_enough_new_labels_arrived(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    examples = [(t, "positive") for t in POSITIVE] + [(t, "negative") for t in NEGATIVE]
    examples += [(t, "neutral") for t in NEUTRAL]
    ids = _seed(engine, workspace, [(text, "x") for text, _ in examples])
    every = 20
    for text, label in examples[:19]:
        give_label(engine, workspace, ids[text], label, "analis")
    status = label_status(engine, tmp_path, workspace, every)
    assert (status.labels, status.since_training, status.next_retrain_in) == (19, 19, 1)
    assert status.model == "default"
    assert retrain_if_due(engine, tmp_path, workspace, every) is None

    text, label = examples[19]
    give_label(engine, workspace, ids[text], label, "analis")
    trained = retrain_if_due(engine, tmp_path, workspace, every)
    assert trained is not None and trained.rows == 20
    assert (Path(trained.model_dir) / "model.json").is_file()
    status = label_status(engine, tmp_path, workspace, every)
    assert (status.model, status.trained_on_labels, status.since_training) == ("workspace", 20, 0)
    assert status.next_retrain_in == every
    assert retrain_if_due(engine, tmp_path, workspace, every) is None  # nothing new

    # labels given after the training count towards the next one (a changed label too)
    set_label(engine, workspace.id, ids[examples[0][0]], "sentiment", "neutral", "analis")
    assert label_status(engine, tmp_path, workspace, every).since_training == 1
    assert label_status(engine, tmp_path, workspace, 0).next_retrain_in is None
    assert retrain_if_due(engine, tmp_path, workspace, 0) is None


def test_training_needs_twenty_labels(engine: Engine, workspace: Workspace, tmp_path: Path) -> None:
    with pytest.raises(PantauError, match="minimal 20"):
        train_from_labels(engine, tmp_path, workspace, "sentiment")


TEXTS = [
    ("harga beras di pasar induk naik lagi minggu ini kata pedagang", "x"),
    ("harga beras di pasar induk naik lagi minggu ini kata pedagang ya", "facebook"),
    ("pelayanan bagus sekali, terima kasih", "x"),
    ("jadwal rapat hari senin", "news"),
    ("kecewa, antrean lama dan petugas cuek", "facebook"),
    ("jalan rusak parah belum diperbaiki juga", "x"),
    ("banjir lagi di perumahan kami", "instagram"),
]


def _fresh(engine: Engine, tmp_path: Path, ws: Workspace, pool: int) -> list:
    labelling._SCORED.clear()
    return labelling_queue(engine, tmp_path, ws, limit=10, pool=pool)


def test_kept_queue_equals_a_fresh_one_after_labels_and_new_posts(
    engine: Engine, workspace: Workspace, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    ids = _seed(engine, workspace, TEXTS)
    scored: list[int] = []
    score = labelling._score

    def counted(*args):  # type: ignore[no-untyped-def]
        scored.append(1)
        return score(*args)

    monkeypatch.setattr(labelling, "_score", counted)
    first = labelling_queue(engine, tmp_path, workspace, limit=10)
    assert labelling_queue(engine, tmp_path, workspace, limit=10) == first and len(scored) == 1
    # labelled from the queue: it leaves with its copy, the pool is not scored again
    give_label(engine, workspace, ids[TEXTS[1][0]], "negative", "analis@a.go.id")
    give_label(engine, workspace, first[-1].post_id, "neutral", "analis@a.go.id")
    kept = labelling_queue(engine, tmp_path, workspace, limit=10)
    assert len(scored) == 1 and len(kept) == len(first) - 2
    assert {ids[TEXTS[0][0]], first[-1].post_id}.isdisjoint(i.post_id for i in kept)
    assert kept == _fresh(engine, tmp_path, workspace, labelling.POOL)
    # new posts: scored again, as a fresh queue would be
    with engine.begin() as conn:
        write_posts(conn, workspace.id, [_post(50, "pupuk langka di kios kami", "x")])
    scored.clear()
    after = labelling_queue(engine, tmp_path, workspace, limit=10)
    assert len(scored) == 1 and len(after) == len(kept) + 1
    assert after == _fresh(engine, tmp_path, workspace, labelling.POOL)


def test_a_label_outside_the_pool_scores_it_again(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    ids = _seed(engine, workspace, TEXTS)  # newest last: the pool of 6 leaves out the first
    pooled = labelling_queue(engine, tmp_path, workspace, limit=10, pool=6)
    assert ids[TEXTS[1][0]] in {i.post_id for i in pooled}
    give_label(engine, workspace, ids[TEXTS[0][0]], "negative", "analis@a.go.id")  # on its page
    kept = labelling_queue(engine, tmp_path, workspace, limit=10, pool=6)
    assert ids[TEXTS[1][0]] not in {i.post_id for i in kept}  # its copy is not offered
    assert kept == _fresh(engine, tmp_path, workspace, 6)
