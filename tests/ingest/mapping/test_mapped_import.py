"""Importing through a column mapping: every table format, identity and dedup, metric
updates, rejects with reasons and lines, missing dates, provenance, and bad input."""

from __future__ import annotations

import csv
import json
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from pantau.errors import NotFoundError, PantauError
from pantau.ingest.mapping.bind import DATE_MISSING_FLAG
from pantau.store.imports import list_runs
from pantau.store.posts import get_raw

from .conftest import COLLECTED, Importer

HEADER = ["Tanggal", "Username", "Tweet", "Suka", "Tautan"]
ROWS = [
    ["17/11/2026 08.15", "@budi_tani", "Harga pupuk naik lagi", "3", "https://x.com/budi_tani/status/101"],
    ["17/11/2026 09.30", "sari", "Stok kosong di kios", "1.234", "https://x.com/sari/status/102"],
]  # fmt: skip
MAP = "text=Tweet,created_at=Tanggal,author=Username,likes=Suka,url=Tautan,platform=x"


def write_csv(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=";").writerows([header, *rows])
    return path


def test_csv_with_map_then_again_then_newer_metrics(importer: Importer, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", ROWS)
    plan, first = importer.run(path, spec=MAP)
    assert (plan.how, first.format, first.new, first.rejected) == ("pemetaan", "csv", 2, 0)
    posts = importer.posts()
    assert set(posts) == {"101", "102"}  # X ids from the permalinks
    post = posts["102"]
    assert (post["platform"], post["author"], post["likes"]) == ("x", "sari", 1234)
    assert post["created_at"] == datetime(2026, 11, 17, 2, 30)  # WIB → UTC
    assert post["raw_format"] == "mapped"
    with importer.engine.connect() as conn:
        raw = json.loads(get_raw(conn, importer.workspace.id, "x", "102") or "")
    assert raw == dict(zip(HEADER, ROWS[1], strict=True))  # the row as the file wrote it
    _, again = importer.run(path, spec=MAP)
    assert (again.new, again.updated, again.duplicate) == (0, 0, 2)
    newer = write_csv(tmp_path / "b.csv", [[*ROWS[0][:3], "50", ROWS[0][4]]])
    _, updated = importer.run(newer, spec=MAP)
    assert (updated.new, updated.updated) == (0, 1)
    assert importer.posts()["101"]["likes"] == 50


def test_the_run_records_the_mapping_used(importer: Importer, tmp_path: Path) -> None:
    importer.run(write_csv(tmp_path / "a.csv", ROWS), spec=MAP)
    run = list_runs(importer.engine, importer.workspace.id)[0]
    assert run.profile is None and run.mapping is not None
    assert run.mapping["how"] == "pemetaan"
    assert run.mapping["fields"]["text"] == "Tweet"
    assert run.mapping["bound"]["created_at"] == "Tanggal"
    assert run.mapping["date_style"] == "dd/mm/yyyy"


def test_same_named_columns_fill_what_the_map_leaves_out(
    importer: Importer, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "c.csv", [["2026-11-17 08:15", "halo", "7"]], ["created_at", "text", "likes"]
    )
    plan, summary = importer.run(path, spec="platform=facebook")
    assert summary.new == 1 and set(plan.mapping.fields) >= {"created_at", "text", "likes"}  # type: ignore[union-attr]
    (post,) = importer.posts().values()
    assert (post["platform"], post["likes"]) == ("facebook", 7)


def test_xlsx_with_a_profile_and_a_map_override(importer: Importer, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Tanggal", "Akun", "Isi", "Tautan", "Platform", "Keterangan"])
    sheet.append([46343.34375, "budi", "Pupuk langka", "https://www.facebook.com/p/1", "", "cek"])
    path = tmp_path / "rekap.xlsx"
    book.save(path)
    plan, summary = importer.run(path, profile="spreadsheet-manual", spec="title=Keterangan")
    assert (plan.how, plan.profile, summary.new) == ("profil", "spreadsheet-manual", 1)
    (post,) = importer.posts().values()
    assert (post["platform"], post["title"]) == ("facebook", "cek")  # platform from the link
    assert post["created_at"] == datetime(2026, 11, 17, 1, 15)  # an Excel serial, WIB


def test_json_with_nested_paths(importer: Importer, tmp_path: Path) -> None:
    items = [
        {
            "id_str": "9",
            "full_text": "halo",
            "created_at": "Tue Nov 17 01:15:02 +0000 2026",
            "user": {"screen_name": "budi", "followers_count": 12},
            "entities": {"hashtags": [{"text": "Pupuk"}]},
        }
    ]
    path = tmp_path / "tweets.json"
    path.write_text(json.dumps(items), "utf-8")
    spec = (
        "id=id_str,text=full_text,created_at=created_at,author=user.screen_name,"
        "author_followers=user.followers_count,hashtags=entities.hashtags.*.text,platform=x"
    )
    _, summary = importer.run(path, spec=spec)
    assert summary.new == 1
    post = importer.posts()["9"]
    assert (post["author"], post["hashtags"]) == ("budi", ["Pupuk"])
    assert post["created_at"] == datetime(2026, 11, 17, 1, 15, 2)


def test_json_lines_with_import_time_for_missing_dates(importer: Importer, tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text(
        json.dumps({"isi": "tanpa tanggal"})
        + "\n"
        + json.dumps({"isi": "bertanggal", "tgl": "17 Nov 2026"})
        + "\n",
        "utf-8",
    )
    _, rejected = importer.run(path, spec="text=isi,created_at=tgl", platform="x")
    assert (rejected.new, rejected.rejected) == (1, 1)
    reasons = Path(rejected.rejects_path or "").read_text("utf-8-sig")
    assert "1,tanggal kosong (tgl); --date-missing=import-time" in reasons
    _, stored = importer.run(
        path, spec="text=isi,created_at=tgl", platform="x", date_missing="import-time"
    )
    assert (stored.new, stored.duplicate, stored.rejected) == (1, 1, 0)
    undated = next(p for p in importer.posts().values() if p["text"] == "tanpa tanggal")
    assert undated["created_at"] == COLLECTED.replace(tzinfo=None)
    assert DATE_MISSING_FLAG in undated["flags"]


def test_unreadable_rows_are_rejects_with_line_and_reason(
    importer: Importer, tmp_path: Path
) -> None:
    rows = [
        ROWS[0],
        ["kemarin sore", "sari", "Stok kosong", "1", ""],
        ["17/11/2026 10.00", "tono", "Tanpa platform dan tautan", "1", ""],
        ["17/11/1999 10.00", "lama", "Terlalu lama", "1", "https://x.com/lama/status/9"],
    ]
    path = write_csv(tmp_path / "d.csv", rows)
    spec = "text=Tweet,created_at=Tanggal,author=Username,likes=Suka,url=Tautan"
    _, summary = importer.run(path, spec=spec)
    assert (summary.new, summary.rejected) == (1, 3)
    with open(summary.rejects_path or "", encoding="utf-8-sig") as f:
        rejects = {int(r["baris"]): r["alasan"] for r in csv.DictReader(f)}
    assert rejects[3].startswith("Tanggal: bukan tanggal yang dikenali: 'kemarin sore'")
    assert rejects[4].startswith("platform tidak diketahui")
    assert "sebelum 2000" in rejects[5] and "--allow-dates" in rejects[5]
    _, allowed = importer.run(path, spec=spec, platform="x")
    assert allowed.new == 1  # the undated-platform row, now on X; 1999 still refused


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (
            {"spec": "text=Twit,created_at=Tanggal,platform=x"},
            "kolom 'Twit' untuk text tidak ada di a.csv",
        ),
        ({"spec": "isi=Tweet"}, "field kanonik tidak dikenal"),
        ({"spec": "created_at=Tanggal,platform=x"}, "tidak menyebut kolom teks"),
        ({"spec": "text=Tweet,platform=x"}, "tidak menyebut kolom tanggal"),
        ({"spec": "text=Tweet,created_at=Tanggal"}, "tidak menyebut platform"),
        (
            {"spec": "text=Tweet,created_at=Tanggal", "platform": "myspace"},
            "--platform tidak dikenal",
        ),
        ({"spec": MAP, "date_format": "hari"}, "--date-format tidak dikenal"),
        ({"spec": MAP, "date_missing": "kadang"}, "--date-missing harus"),
        ({"profile": "brandwatch"}, "berkas tidak cocok dengan profil brandwatch: kolom"),
    ],
)
def test_bad_mappings_are_one_clear_line_before_anything_is_stored(
    importer: Importer, tmp_path: Path, request_: dict[str, str], message: str
) -> None:
    path = write_csv(tmp_path / "a.csv", ROWS)
    with pytest.raises(PantauError, match=message) as caught:
        importer.run(path, **request_)
    assert "\n" not in str(caught.value)
    assert list_runs(importer.engine, importer.workspace.id) == []


def test_an_unknown_profile_names_the_known_ones(importer: Importer, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match=r"profil pemetaan tidak ada: 'brandwach'.*brandwatch"):
        importer.run(write_csv(tmp_path / "a.csv", ROWS), profile="brandwach")


def test_formats_that_cannot_be_mapped_say_so(importer: Importer, tmp_path: Path) -> None:
    feed = tmp_path / "berita.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
    )
    with pytest.raises(PantauError, match="tidak bisa dipetakan"):
        importer.plan(feed, spec=MAP)


def test_canonical_files_are_read_as_before(importer: Importer, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "k.csv",
        [["x", "2026-11-17T08:00:00+07:00", "halo"]],
        ["platform", "created_at", "text"],
    )
    plan, summary = importer.run(path)
    assert (plan.how, plan.mapping, summary.new, summary.mapping) == ("kanonik", None, 1, None)
    (post,) = importer.posts().values()
    assert post["raw_format"] == "canonical"
