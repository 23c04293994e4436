"""Importing every format into both databases: dedup, updates, rejects, encodings, repair."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import Workbook
from sqlalchemy import Engine, select

from pantau.errors import PantauError
from pantau.ingest import importer
from pantau.ingest.importer import import_file
from pantau.records import Workspace
from pantau.store.imports import list_runs
from pantau.store.posts import PostFilter, count_posts, get_raw, list_posts
from pantau.store.schema import authors, posts

POSTS = [
    {
        "platform": "x",
        "id": "1860000000000000001",
        "created_at": "2026-11-17T08:15:02+07:00",
        "text": "Harga pupuk naik lagi, gak masuk akal 😡 #PupukLangka @kementan",
        "author": "budi_tani",
        "author_name": "Budi",
        "author_followers": 120,
        "likes": 3,
        "reposts": 1,
        "hashtags": ["PupukLangka"],
        "mentions": ["kementan"],
    },
    {
        "platform": "instagram",
        "id": "C1abc",
        "created_at": "2026-11-17T10:00:00+07:00",
        "text": "mantaaap programnya min 👍",
        "author": "sari.dewi",
        "likes": 25,
    },
    {
        "platform": "news",
        "created_at": "2026-11-17T11:30:00+07:00",
        "title": "Pemerintah Umumkan Kartu Tani Digital",
        "text": "Jakarta — Pemerintah mengumumkan program baru.",
        "url": "https://warta.example.id/ekonomi/kartu-tani?utm_source=wa",
        "author": "warta.example.id",
    },
]


def write_jsonl(path: Path, items: list[dict], encoding: str = "utf-8") -> Path:
    path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in items), encoding)
    return path


def run(engine: Engine, ws: Workspace, path: Path, tmp_path: Path, **kw):  # type: ignore[no-untyped-def]
    return import_file(engine, ws, path, rejects_dir=tmp_path / "rejects", **kw)


def stored(engine: Engine, ws: Workspace) -> list[dict]:
    with engine.connect() as conn:
        return list_posts(conn, ws.id, PostFilter(), limit=1000)


def test_jsonl_import_then_reimport_adds_nothing(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    path = write_jsonl(tmp_path / "posts.jsonl", POSTS)
    first = run(engine, workspace, path, tmp_path)
    assert (first.format, first.read, first.new, first.duplicate, first.rejected) == (
        "jsonl",
        3,
        3,
        0,
        0,
    )
    assert first.rejects_path is None
    again = run(engine, workspace, path, tmp_path)
    assert (again.new, again.updated, again.duplicate) == (0, 0, 3)
    rows = {r["platform"]: r for r in stored(engine, workspace)}
    assert len(rows) == 3
    assert rows["x"]["created_at"] == datetime(2026, 11, 17, 1, 15, 2)  # stored as UTC
    assert rows["x"]["hashtags"] == ["PupukLangka"]
    assert rows["news"]["external_id"] == "https://warta.example.id/ekonomi/kartu-tani"
    assert rows["news"]["key_kind"] == "url"
    with engine.connect() as conn:
        raw = get_raw(conn, workspace.id, "x", "1860000000000000001")
        author = conn.execute(
            select(authors.c.name, authors.c.followers).where(authors.c.handle == "budi_tani")
        ).one()
    assert raw == json.dumps(POSTS[0], ensure_ascii=False)  # raw payload kept unchanged
    assert tuple(author) == ("Budi", 120)
    runs = list_runs(engine, workspace.id)
    assert [r.status for r in runs] == ["complete", "complete"]
    assert runs[0].checksum == runs[1].checksum and len(runs[0].checksum) == 64
    assert runs[0].software_version


def test_newer_copy_updates_metrics_older_copy_does_not(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    run(engine, workspace, write_jsonl(tmp_path / "a.jsonl", POSTS), tmp_path)
    # collected after the first import, which is stamped with the clock's time
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    newer = [dict(POSTS[0], likes=50, collected_at=tomorrow)]
    summary = run(engine, workspace, write_jsonl(tmp_path / "b.jsonl", newer), tmp_path)
    assert (summary.new, summary.updated, summary.duplicate) == (0, 1, 0)
    older = [dict(POSTS[0], likes=7, collected_at="2026-11-18T00:00:00Z")]
    summary = run(engine, workspace, write_jsonl(tmp_path / "c.jsonl", older), tmp_path)
    assert (summary.new, summary.updated, summary.duplicate) == (0, 0, 1)
    x = next(r for r in stored(engine, workspace) if r["platform"] == "x")
    assert x["likes"] == 50


def test_same_post_twice_in_one_file_is_one_post(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    path = write_jsonl(tmp_path / "dup.jsonl", [POSTS[1], POSTS[1], dict(POSTS[1], likes=30)])
    summary = run(engine, workspace, path, tmp_path)
    assert (summary.read, summary.new, summary.duplicate) == (3, 1, 2)
    assert stored(engine, workspace)[0]["likes"] == 30


def test_every_reject_reason_is_reported_and_the_rest_imported(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    good = json.dumps(POSTS[0])
    lines = [
        good,
        "{bukan json",
        "[1, 2]",
        json.dumps({"id": "a", "created_at": "2026-11-17", "text": "tanpa platform"}),
        json.dumps({"platform": "friendster", "id": "a", "created_at": "2026-11-17", "text": "x"}),
        json.dumps({"platform": "x", "id": "b", "text": "tanpa waktu"}),
        json.dumps({"platform": "x", "id": "c", "created_at": "kemarin", "text": "x"}),
        json.dumps({"platform": "x", "id": "d", "created_at": "2026-11-17"}),
        json.dumps(
            {"platform": "x", "id": "e", "created_at": "2026-11-17", "text": "x", "likes": -4}
        ),
        json.dumps({"platform": "x", "id": "f", "created_at": "2026-11-17", "text": {"a": 1}}),
        "",
        json.dumps(POSTS[1]),
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    summary = run(engine, workspace, path, tmp_path)
    assert (summary.read, summary.new, summary.rejected) == (11, 2, 9)
    with open(summary.rejects_path, encoding="utf-8-sig", newline="") as f:
        rejects = list(csv.DictReader(f))
    reasons = {int(r["baris"]): r["alasan"] for r in rejects}
    assert sorted(reasons) == [2, 3, 4, 5, 6, 7, 8, 9, 10]
    assert "JSON tidak sah" in reasons[2]
    assert "objek JSON" in reasons[3]
    assert "platform" in reasons[4]
    assert "friendster" in reasons[5]
    assert "created_at" in reasons[6]
    assert "ISO 8601" in reasons[7]
    assert "text" in reasons[8]
    assert "negatif" in reasons[9]
    assert "teks" in reasons[10]
    assert next(r for r in rejects if r["baris"] == "2")["data_asli"] == "{bukan json"
    assert list_runs(engine, workspace.id)[0].rows_rejected == 9


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "cp1252"])
def test_encodings_are_read(
    engine: Engine, workspace: Workspace, tmp_path: Path, encoding: str
) -> None:
    text = "Pak Menteri, “harga” café naik – tolong dicek"
    item = {"platform": "facebook", "id": "fb1", "created_at": "2026-11-17", "text": text}
    path = write_jsonl(tmp_path / f"{encoding}.jsonl", [item, dict(item, id="fb2")], encoding)
    summary = run(engine, workspace, path, tmp_path)
    assert (summary.new, summary.rejected) == (2, 0)
    assert {r["text"] for r in stored(engine, workspace)} == {text}
    assert all(r["flags"] == "" for r in stored(engine, workspace))


def test_undecodable_bytes_are_replaced_and_flagged(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    lines = [
        json.dumps(
            {
                "platform": "x",
                "id": str(i),
                "created_at": "2026-11-17",
                "text": f"warga desa ke-{i} 😊",
            },
            ensure_ascii=False,
        )
        for i in range(20)
    ]
    data = "\n".join(lines).encode()
    bad = (
        json.dumps(
            {"platform": "x", "id": "bad", "created_at": "2026-11-17", "text": "rusak XX di sini"}
        )
        .encode()
        .replace(b"XX", b"\xff\xfe")
    )
    path = tmp_path / "damaged.jsonl"
    path.write_bytes(data + b"\n" + bad + b"\n")
    summary = run(engine, workspace, path, tmp_path)
    assert (summary.new, summary.rejected) == (21, 0)
    damaged = next(r for r in stored(engine, workspace) if r["external_id"] == "bad")
    assert "\ufffd" in damaged["text"] and damaged["flags"] == "encoding_replaced"


def test_json_array_file(engine: Engine, workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "posts.json"
    path.write_text(json.dumps(POSTS), "utf-8")
    summary = run(engine, workspace, path, tmp_path)
    assert (summary.format, summary.new) == ("jsonl", 3)


def test_csv_semicolon_excel_style(engine: Engine, workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "posts.csv"
    with open(path, "w", encoding="cp1252", newline="") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(["Platform", "id", "created_at", "text", "author", "likes", "hashtags"])
        w.writerow(["x", "11", "17/11/2026", "tanggal salah", "a", "1", ""])
        w.writerow(
            ["x", "12", "2026-11-17 08:00", "pupuk langka; “parah”", "b", "1.234", "PupukLangka"]
        )
        w.writerow(["tiktok", "13", "2026-11-17 09:00", "multi\nbaris", "c", "", "a b"])
        w.writerow(["x", "14", "2026-11-17 09:00"])
    summary = run(engine, workspace, path, tmp_path)
    assert (summary.format, summary.encoding) == ("csv", "cp1252")
    assert (summary.read, summary.new, summary.rejected) == (4, 2, 2)
    rows = {r["external_id"]: r for r in stored(engine, workspace)}
    assert rows["12"]["likes"] == 1234 and rows["12"]["text"] == "pupuk langka; “parah”"
    assert rows["13"]["text"] == "multi\nbaris" and rows["13"]["hashtags"] == ["a", "b"]


def test_xlsx(engine: Engine, workspace: Workspace, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["platform", "id", "created_at", "text", "likes", "views"])
    sheet.append(["youtube", "Ugx1", datetime(2026, 11, 17, 8, 0), "videonya bagus", 3.0, 1500])
    sheet.append(["x", 1.860000000000001e18, datetime(2026, 11, 17, 9, 0), "id rusak", 1, 1])
    sheet.append([None, None, None, None, None, None])
    sheet.append(["facebook", "fb9", "2026-11-17T10:00:00+07:00", "lanjutkan", None, None])
    path = tmp_path / "ekspor.xlsx"
    book.save(path)
    summary = run(engine, workspace, path, tmp_path)
    assert (summary.format, summary.new, summary.rejected) == ("xlsx", 2, 1)
    rows = {r["external_id"]: r for r in stored(engine, workspace)}
    assert rows["Ugx1"]["created_at"] == datetime(2026, 11, 17, 1, 0)  # naive read as WIB
    assert rows["Ugx1"]["likes"] == 3
    again = run(engine, workspace, path, tmp_path)
    assert (again.new, again.duplicate) == (0, 2)


def test_parquet(engine: Engine, workspace: Workspace, tmp_path: Path) -> None:
    table = pa.table(
        {
            "platform": ["x", "tiktok"],
            "id": ["p1", "p2"],
            "created_at": pa.array(
                [datetime(2026, 11, 17, 1, 0), datetime(2026, 11, 17, 2, 0)],
                pa.timestamp("us", tz="UTC"),
            ),
            "text": ["satu", "dua"],
            "likes": [1, None],
            "hashtags": [["a", "b"], None],
        }
    )
    path = tmp_path / "posts.parquet"
    pq.write_table(table, path)
    summary = run(engine, workspace, path, tmp_path)
    assert (summary.format, summary.new) == ("parquet", 2)
    rows = {r["external_id"]: r for r in stored(engine, workspace)}
    assert rows["p1"]["created_at"] == datetime(2026, 11, 17, 1, 0)
    assert rows["p1"]["hashtags"] == ["a", "b"]


X_V2 = {
    "data": [
        {
            "id": "1860000000000000010",
            "text": "RT @kementan: Kartu Tani Digital mulai berlaku",
            "author_id": "u1",
            "created_at": "2026-11-17T02:00:00.000Z",
            "lang": "in",
            "edit_history_tweet_ids": ["1860000000000000010"],
            "referenced_tweets": [{"type": "retweeted", "id": "1860000000000000009"}],
            "public_metrics": {
                "retweet_count": 5,
                "reply_count": 0,
                "like_count": 0,
                "quote_count": 0,
                "impression_count": 10,
            },
        },
        {
            "id": "1860000000000000011",
            "text": "@kementan kapan pupuk datang? #PupukLangka",
            "author_id": "u2",
            "created_at": "2026-11-17T03:00:00.000Z",
            "referenced_tweets": [{"type": "replied_to", "id": "1860000000000000009"}],
            "entities": {
                "hashtags": [{"start": 30, "end": 42, "tag": "PupukLangka"}],
                "mentions": [{"start": 0, "end": 9, "username": "kementan", "id": "u3"}],
            },
            "attachments": {"media_keys": ["3_1"]},
            "public_metrics": {
                "retweet_count": 0,
                "reply_count": 1,
                "like_count": 4,
                "quote_count": 0,
                "impression_count": 99,
            },
        },
        {"id": "1860000000000000012", "text": "tanpa waktu", "author_id": "u2"},
    ],
    "includes": {
        "users": [
            {
                "id": "u1",
                "username": "warga01",
                "name": "Warga",
                "verified": False,
                "public_metrics": {"followers_count": 10},
            },
            {
                "id": "u2",
                "username": "petani_jateng",
                "name": "Petani Jateng",
                "public_metrics": {"followers_count": 2500},
            },
            {
                "id": "u3",
                "username": "kementan",
                "name": "Kementerian",
                "verified": True,
                "public_metrics": {"followers_count": 900000},
            },
        ],
        "tweets": [
            {
                "id": "1860000000000000009",
                "text": "Kartu Tani Digital mulai berlaku",
                "author_id": "u3",
                "created_at": "2026-11-17T01:00:00.000Z",
            }
        ],
        "media": [{"media_key": "3_1", "type": "photo", "url": "https://pbs.example/1.jpg"}],
    },
    "meta": {"result_count": 3},
}


def test_x_api_v2(engine: Engine, workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "search.json"
    path.write_text(json.dumps(X_V2, indent=2), "utf-8")
    summary = run(engine, workspace, path, tmp_path)
    assert (summary.format, summary.new, summary.rejected) == ("x-v2", 3, 1)
    rows = {r["external_id"]: r for r in stored(engine, workspace)}
    rt, reply, original = (rows[f"18600000000000000{n}"] for n in ("10", "11", "09"))
    assert rt["repost_of"] == "1860000000000000009" and rt["reposts"] == 5 and rt["views"] == 10
    assert (
        rt["author"] == "warga01"
        and rt["url"] == "https://x.com/warga01/status/1860000000000000010"
    )
    assert reply["reply_to"] == "1860000000000000009"
    assert reply["hashtags"] == ["PupukLangka"] and reply["mentions"] == ["kementan"]
    assert reply["media"] == [{"type": "photo", "url": "https://pbs.example/1.jpg"}]
    assert original["flags"] == "referenced" and original["author"] == "kementan"
    with engine.connect() as conn:
        raw = json.loads(get_raw(conn, workspace.id, "x", "1860000000000000011"))
        followers = conn.execute(
            select(authors.c.followers).where(authors.c.handle == "petani_jateng")
        ).scalar_one()
    assert raw["tweet"] == X_V2["data"][1] and raw["user"]["username"] == "petani_jateng"
    assert followers == 2500
    # the same pages as JSON Lines (what a paginating collector writes)
    lines = tmp_path / "pages.jsonl"
    lines.write_text(json.dumps(X_V2) + "\n" + json.dumps({"errors": [{"detail": "x"}]}) + "\n")
    again = run(engine, workspace, lines, tmp_path)
    assert (again.format, again.new, again.duplicate, again.rejected) == ("x-v2", 0, 3, 2)


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Warta Nusantara</title><link>https://www.warta.example.id/</link>
<item><title>Pupuk &amp; Kartu Tani</title><link>https://www.warta.example.id/a?utm_source=rss</link>
<guid>warta-1</guid><pubDate>Tue, 17 Nov 2026 08:00:00 +0700</pubDate>
<description>&lt;p&gt;Petani &lt;b&gt;mengeluh&lt;/b&gt; pupuk langka.&lt;/p&gt;</description>
</item>
<item><title>Tanpa tanggal</title><link>https://www.warta.example.id/b</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Kabar Tani</title>
<link href="https://kabartani.example.id/"/><id>urn:kabar</id><updated>2026-11-17T05:00:00Z</updated>
<entry><title>Antrean pupuk di Grobogan</title><id>urn:kabar:1</id>
<link href="https://kabartani.example.id/antrean"/><updated>2026-11-17T04:00:00Z</updated>
<summary>Antrean panjang.</summary></entry></feed>"""


def test_rss_and_atom(engine: Engine, workspace: Workspace, tmp_path: Path) -> None:
    (tmp_path / "warta.xml").write_text(RSS, "utf-8")
    (tmp_path / "kabar.atom").write_text(ATOM, "utf-8")
    rss = run(engine, workspace, tmp_path / "warta.xml", tmp_path)
    atom = run(engine, workspace, tmp_path / "kabar.atom", tmp_path)
    assert (rss.format, rss.new, rss.rejected) == ("feed", 1, 1)
    assert (atom.format, atom.new) == ("feed", 1)
    rows = {r["external_id"]: r for r in stored(engine, workspace)}
    warta = rows["warta-1"]
    assert warta["platform"] == "news" and warta["title"] == "Pupuk & Kartu Tani"
    assert warta["text"] == "Petani mengeluh pupuk langka."
    assert warta["author"] == "warta.example.id"
    assert warta["created_at"] == datetime(2026, 11, 17, 1, 0)
    assert rows["urn:kabar:1"]["created_at"] == datetime(2026, 11, 17, 4, 0)


def test_format_override_and_unknown_format(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "catatan.txt"
    path.write_text("ini bukan data post\n", "utf-8")
    with pytest.raises(PantauError, match="tidak dikenali"):
        run(engine, workspace, path, tmp_path)
    with pytest.raises(PantauError, match="format tidak dikenal"):
        run(engine, workspace, path, tmp_path, fmt="docx")
    forced = run(engine, workspace, path, tmp_path, fmt="jsonl")
    assert (forced.read, forced.rejected) == (1, 1)
    with pytest.raises(PantauError, match="tidak ditemukan"):
        run(engine, workspace, tmp_path / "hilang.jsonl", tmp_path)


def test_interrupted_import_is_repaired_by_running_again(
    engine: Engine, workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = [
        {"platform": "x", "id": str(i), "created_at": "2026-11-17", "text": f"post {i}"}
        for i in range(50)
    ]
    path = write_jsonl(tmp_path / "big.jsonl", items)
    real_write = importer.write_posts
    calls = {"n": 0}

    def crash_on_third_batch(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real_write(*args, **kwargs)

    monkeypatch.setattr(importer, "write_posts", crash_on_third_batch)
    with pytest.raises(KeyboardInterrupt):
        run(engine, workspace, path, tmp_path, batch_size=10)
    with engine.connect() as conn:
        assert count_posts(conn, workspace.id) == 20  # two committed batches
    assert list_runs(engine, workspace.id)[0].status == "interrupted"
    monkeypatch.setattr(importer, "write_posts", real_write)
    repaired = run(engine, workspace, path, tmp_path, batch_size=10)
    assert (repaired.new, repaired.duplicate) == (30, 20)
    with engine.connect() as conn:
        assert count_posts(conn, workspace.id) == 50
        ids = conn.execute(select(posts.c.external_id)).scalars().all()
    assert sorted(ids, key=int) == [str(i) for i in range(50)]


def test_crash_leaves_running_run_that_next_run_repairs(
    engine: Engine, workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A killed process never reaches ``finish_run``: the next run marks it and says so."""
    path = write_jsonl(tmp_path / "p.jsonl", POSTS)
    monkeypatch.setattr(importer, "finish_run", lambda *a, **k: None)
    run(engine, workspace, path, tmp_path)
    monkeypatch.undo()
    second = run(engine, workspace, path, tmp_path)
    runs = list_runs(engine, workspace.id)
    assert second.repaired_run_id == runs[1].id
    assert [r.status for r in runs] == ["complete", "interrupted"]


def test_workspaces_are_isolated(engine: Engine, workspace: Workspace, tmp_path: Path) -> None:
    from pantau.store.workspaces import create_workspace

    other = create_workspace(engine, "lain", "Instansi Lain", "lembaga", "Asia/Makassar")
    path = write_jsonl(tmp_path / "p.jsonl", POSTS)
    run(engine, workspace, path, tmp_path)
    summary = run(engine, other, path, tmp_path)
    assert summary.new == 3  # same keys, different workspace: stored separately
    with engine.connect() as conn:
        assert count_posts(conn, workspace.id) == 3
        assert count_posts(conn, other.id) == 3
        assert {r["workspace_id"] for r in list_posts(conn, other.id, PostFilter())} == {other.id}


def test_unwritable_rejects_and_data_folders_are_one_clear_line(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    from pantau.store.engine import create_db_engine

    posts = tmp_path / "p.jsonl"
    posts.write_text('{"platform": "x", "id": "1", "created_at": "2026-11-16T08:00:00+07:00", '
                     '"text": "halo"}\n', "utf-8")  # fmt: skip
    blocker = tmp_path / "bukan-folder"
    blocker.write_text("sebuah berkas")
    with pytest.raises(PantauError, match="folder penolakan tidak bisa dibuat") as caught:
        import_file(engine, workspace, posts, rejects_dir=blocker / "rejects")
    assert "\n" not in str(caught.value)
    with engine.connect() as conn:
        assert count_posts(conn, workspace.id) == 0  # nothing half done
    with pytest.raises(PantauError, match="folder data tidak bisa dibuat"):
        create_db_engine(f"sqlite:///{blocker / 'data' / 'pantau.db'}")
