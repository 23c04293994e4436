"""Topics on both databases: add with backfill, edit, delete, idempotent matching, test_query."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, select

from pantau.errors import NotFoundError, PantauError
from pantau.ingest.importer import import_file
from pantau.monitor import topics
from pantau.monitor.query import MatchDoc, QuerySyntaxError
from pantau.records import Workspace
from pantau.search import query_matches
from pantau.store.schema import posts, topic_matches
from pantau.store.topics import PostText

POSTS = [
    {
        "platform": "x",
        "id": "1001",
        "created_at": "2026-11-17T07:10:00+07:00",
        "text": "Harga BBM gak naik kata menteri, tapi pertalite langka di SPBU #BBM",
        "author": "budi_tani",
        "mentions": ["kemenkeu"],
    },
    {
        "platform": "tiktok",
        "id": "1002",
        "created_at": "2026-11-17T08:30:00+07:00",
        "text": "subsidi pupuk nggak tepat sasaran, petani di Jember kesulitan #PupukLangka",
        "author": "sari.dewi",
    },
    {
        "platform": "x",
        "id": "1003",
        "created_at": "2026-11-17T09:45:00+07:00",
        "text": "Banjir lagi di Semarang, warga minta pompa air tambahan @pemkotsemarang",
        "author": "andi_smg",
    },
    {
        "platform": "news",
        "created_at": "2026-11-17T11:00:00+07:00",
        "title": "Pemerintah Pastikan Stok Solar Aman Jelang Nataru",
        "text": "Jakarta — Pemerintah memastikan stok solar dan pertalite aman.",
        "url": "https://warta.example.id/ekonomi/stok-solar",
        "author": "warta.example.id",
    },
    {
        "platform": "instagram",
        "id": "C1abc",
        "created_at": "2026-11-17T12:15:00+07:00",
        "text": "Hoaks! Bansos BLT cair lewat link ini, jangan diklik ya",
        "author": "cekfakta.id",
    },
]


def write_jsonl(path: Path, items: list[dict]) -> Path:
    path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in items), "utf-8")
    return path


def load(engine: Engine, ws: Workspace, tmp_path: Path, items: list[dict], name: str) -> None:
    import_file(engine, ws, write_jsonl(tmp_path / name, items), rejects_dir=tmp_path / "rej")


@pytest.fixture
def stored(engine: Engine, workspace: Workspace, tmp_path: Path) -> Workspace:
    load(engine, workspace, tmp_path, POSTS, "posts.jsonl")
    return workspace


def external_ids(engine: Engine, ws: Workspace, topic_id: int) -> set[str]:
    stmt = (
        select(posts.c.external_id)
        .join(topic_matches, topic_matches.c.post_id == posts.c.id)
        .where(topic_matches.c.workspace_id == ws.id, topic_matches.c.topic_id == topic_id)
    )
    with engine.connect() as conn:
        return set(conn.execute(stmt).scalars())


def all_matches(engine: Engine) -> list[tuple]:
    with engine.connect() as conn:
        return sorted(conn.execute(select(topic_matches)).all())


def test_add_backfills_and_rerunning_changes_nothing(engine: Engine, stored: Workspace) -> None:
    bbm = topics.add_topic(
        engine, stored, "Harga BBM", "(bbm OR pertalite OR solar) -hoaks", "ekonomi", "Humas"
    )
    assert (bbm.category, bbm.owner, bbm.active, bbm.matches) == ("ekonomi", "Humas", True, 2)
    news_id = next(p for p in external_ids(engine, stored, bbm.id) if p.startswith("http"))
    assert external_ids(engine, stored, bbm.id) == {"1001", news_id}
    pupuk = topics.add_topic(engine, stored, "Pupuk", "#pupuklangka OR (pupuk NEAR/3 subsid*)")
    assert external_ids(engine, stored, pupuk.id) == {"1002"}
    before = all_matches(engine)
    # the post's time is stored with the match, for time-range counts without a join
    assert {row.created_at.hour for row in before if row.topic_id == pupuk.id} == {1}
    again = topics.match_posts(engine, stored)
    assert (again.posts, again.topics, again.added, again.removed) == (5, 2, 0, 0)
    assert all_matches(engine) == before


def test_matching_new_and_changed_posts(engine: Engine, stored: Workspace, tmp_path: Path) -> None:
    topic = topics.add_topic(engine, stored, "Banjir", "banjir OR longsor", "bencana")
    first = topics.match_posts(engine, stored)
    assert first.last_post_id is not None and first.added == 0
    later = [
        {
            "platform": "x",
            "id": "2001",
            "created_at": "2026-11-18T06:00:00+07:00",
            "text": "Longsor tutup jalan di Banjarnegara",
        },
        {"platform": "x", "id": "2002", "created_at": "2026-11-18T07:00:00+07:00", "text": "aman"},
    ]
    load(engine, stored, tmp_path, later, "later.jsonl")
    fresh = topics.match_posts(engine, stored, since_id=first.last_post_id)
    assert (fresh.posts, fresh.added, fresh.removed) == (2, 1, 0)
    assert external_ids(engine, stored, topic.id) == {"1003", "2001"}
    # a newer copy of post 1003 whose text no longer mentions the flood
    changed = [{**POSTS[2], "text": "Pompa air sudah datang, terima kasih"}]
    load(engine, stored, tmp_path, changed, "changed.jsonl")
    with engine.connect() as conn:
        post_id = conn.execute(select(posts.c.id).where(posts.c.external_id == "1003")).scalar()
    redo = topics.match_posts(engine, stored, post_ids=[post_id])
    assert (redo.posts, redo.added, redo.removed) == (1, 0, 1)
    assert external_ids(engine, stored, topic.id) == {"2001"}
    with pytest.raises(ValueError):
        topics.match_posts(engine, stored, post_ids=[1], since_id=1)


def test_edit_recomputes_and_inactive_topics_are_not_matched(
    engine: Engine, stored: Workspace
) -> None:
    topic = topics.add_topic(engine, stored, "BBM", "pertalite", "ekonomi")
    assert topic.matches == 2
    edited = topics.edit_topic(engine, stored, "bbm", query='"tidak naik"', new_name="Harga BBM")
    assert (edited.name, edited.query, edited.matches) == ("Harga BBM", '"tidak naik"', 1)
    assert external_ids(engine, stored, topic.id) == {"1001"}
    assert edited.updated_at > edited.created_at
    off = topics.edit_topic(engine, stored, "harga bbm", active=False, query="solar")
    assert (off.active, off.matches) == (False, 0)  # a new query drops the old matches
    summary = topics.match_posts(engine, stored)
    assert (summary.topics, summary.added) == (0, 0)
    on = topics.edit_topic(engine, stored, "Harga BBM", active=True)
    assert on.matches == 1  # switched back on: recomputed with its current query
    renamed = topics.edit_topic(engine, stored, "Harga BBM", category="lainnya", owner="Tim B")
    assert (renamed.category, renamed.owner, renamed.matches) == ("lainnya", "Tim B", 1)


def test_delete_removes_topic_and_matches_but_not_posts(engine: Engine, stored: Workspace) -> None:
    topics.add_topic(engine, stored, "Bansos", "bansos OR blt", "sosial")
    kept = topics.add_topic(engine, stored, "Banjir", "banjir", "bencana")
    deleted = topics.delete_topic(engine, stored, "BANSOS")
    assert (deleted.name, deleted.matches) == ("Bansos", 1)
    assert [t.name for t in topics.list_topics(engine, stored)] == ["Banjir"]
    assert {row.topic_id for row in all_matches(engine)} == {kept.id}
    with engine.connect() as conn:
        assert len(conn.execute(select(posts.c.id)).all()) == 5
    with pytest.raises(NotFoundError, match="tidak ditemukan"):
        topics.delete_topic(engine, stored, "Bansos")


def test_bad_input_is_refused_and_nothing_is_saved(engine: Engine, stored: Workspace) -> None:
    topics.add_topic(engine, stored, "Banjir", "banjir")
    with pytest.raises(PantauError, match="sudah ada"):
        topics.add_topic(engine, stored, "  banjir ", "longsor")
    with pytest.raises(PantauError, match="kategori tidak dikenal"):
        topics.add_topic(engine, stored, "Pemilu", "pemilu", "olahraga")
    with pytest.raises(PantauError, match="nama topik kosong"):
        topics.add_topic(engine, stored, "   ", "pemilu")
    with pytest.raises(QuerySyntaxError, match="kurung tutup kurang"):
        topics.add_topic(engine, stored, "Pemilu", "(pemilu OR pilkada")
    with pytest.raises(QuerySyntaxError, match="lebih dari 500 istilah"):
        topics.add_topic(engine, stored, "Besar", " OR ".join(f"k{i}" for i in range(10_000)))
    with pytest.raises(QuerySyntaxError):
        topics.edit_topic(engine, stored, "Banjir", query="banjir AND")
    with pytest.raises(PantauError, match="tidak ada yang diubah"):
        topics.edit_topic(engine, stored, "Banjir")
    with pytest.raises(NotFoundError):
        topics.edit_topic(engine, stored, "Gempa", query="gempa")
    topics.add_topic(engine, stored, "Longsor", "longsor")
    with pytest.raises(PantauError, match="sudah ada"):
        topics.edit_topic(engine, stored, "Longsor", new_name="BANJIR")
    assert [(t.name, t.query) for t in topics.list_topics(engine, stored)] == [
        ("Banjir", "banjir"),
        ("Longsor", "longsor"),
    ]


def test_query_test_counts_and_shows_newest_samples(engine: Engine, stored: Workspace) -> None:
    count, samples = query_matches(engine, stored, "pertalite OR solar OR pupuk", sample=2)
    assert count == 3
    assert [s.platform for s in samples] == ["news", "tiktok"]  # newest first
    assert isinstance(samples[0], PostText)
    assert query_matches(engine, stored, "gempa") == (0, [])
    assert query_matches(engine, stored, "NOT zzzz", sample=0) == (5, [])
    assert query_matches(engine, stored, "platform:x")[0] == 2
    assert query_matches(engine, stored, "@kemenkeu")[0] == 1  # from the mentions column
    with pytest.raises(QuerySyntaxError):
        query_matches(engine, stored, "")


def test_pluggable_doc_builder_and_broken_stored_queries(engine: Engine, stored: Workspace) -> None:
    def with_sentiment(post: PostText) -> MatchDoc:
        d = topics.build_match_doc(post)
        d.fields["sentiment"] = "negative" if "hoaks" in d.vocab else "neutral"
        return d

    negative = topics.add_topic(
        engine, stored, "Negatif", "sentiment:negative", doc_builder=with_sentiment
    )
    assert external_ids(engine, stored, negative.id) == {"C1abc"}
    # a normaliser that cannot read the stored query: the topic is skipped and reported
    summary = topics.match_posts(engine, stored, normalize_terms=lambda text: [])
    assert summary.broken == {} and summary.topics == 1  # a field filter needs no words
    topics.add_topic(engine, stored, "Banjir", "banjir")
    summary = topics.match_posts(
        engine, stored, normalize_terms=lambda text: [], doc_builder=with_sentiment
    )
    assert list(summary.broken) == ["Banjir"] and summary.topics == 1
    assert "tidak berisi huruf atau angka" in summary.broken["Banjir"]


def test_list_topics_counts_matches(engine: Engine, stored: Workspace) -> None:
    assert topics.list_topics(engine, stored) == []
    a = topics.add_topic(engine, stored, "Pupuk", "pupuk", "ekonomi")
    b = topics.add_topic(engine, stored, "Gempa", "gempa", "bencana", active=False)
    listed = topics.list_topics(engine, stored)
    assert listed == [replace(b, matches=0), replace(a, matches=1)]


def test_topic_tables_have_workspace_leading_keys(engine: Engine) -> None:
    # (migrations against the declared schema: tests/store/test_schema.py)
    insp = inspect(engine)
    assert {"topics", "topic_matches"} <= set(insp.get_table_names())
    assert insp.get_pk_constraint("topic_matches")["constrained_columns"] == [
        "workspace_id",
        "topic_id",
        "post_id",
    ]
    for table in ("topics", "topic_matches"):
        for ix in insp.get_indexes(table) + insp.get_unique_constraints(table):
            assert ix["column_names"][0] == "workspace_id", (table, ix)
