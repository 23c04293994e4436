"""The claims database: import (Indonesian and English headers, CSV and JSON Lines), rejects,
idempotent re-import, malformed files, list and delete."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import orjson
import pytest
from sqlalchemy import Engine

from pantau.errors import NotFoundError, PantauError
from pantau.factcheck.claims import add_claim, delete_claim, import_claims, list_claims
from pantau.records import Workspace

CSV_ID = (
    "klaim;status;kategori;klarifikasi;sumber;tanggal\n"
    "Vaksin campak rubela mengandung babi dan haram;hoaks;kesehatan;"
    "Vaksin MR sudah dinyatakan boleh dipakai;https://www.cekfakta.example/vaksin-mr?utm_source=x;"
    "12/03/2025\n"
    "Pemerintah memblokir rekening yang tidak aktif tiga bulan;[DISINFORMASI];ekonomi;;"
    "https://cekfakta.example/rekening;2025-04-01\n"
    "Ada bansos tiga juta lewat tautan WhatsApp;PENIPUAN;penipuan;;;\n"
    "terlalu pendek;HOAKS;politik;;;\n"
    "Surat suara sudah dicoblos di gudang KPU;hoaks;olahraga;;;\n"
    "Gempa besar akan mengguncang Jakarta malam ini;hoaks;bencana;;bukan-url;\n"
    "Harga BBM naik jadi lima belas ribu besok;hoaks;ekonomi;;;31/02/2025\n"
)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _rejects(path: str | None) -> list[list[str]]:
    assert path is not None
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))[1:]


def test_import_indonesian_headers_rejects_and_reimport(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    path = _write(tmp_path / "klaim.csv", CSV_ID)
    s = import_claims(engine, workspace, path, rejects_dir=tmp_path / "rej")
    assert (s.format, s.rows_read, s.rows_new, s.rows_rejected) == ("csv", 7, 2, 5)
    reasons = {int(line): reason for line, reason, _ in _rejects(s.rejects_path)}
    assert reasons[4].startswith("status tidak dikenal")
    assert "terlalu pendek" in reasons[5]
    assert reasons[6].startswith("kategori tidak dikenal")
    assert reasons[7].startswith("sumber bukan URL")
    assert reasons[8].startswith("tanggal tidak sah")
    found = list_claims(engine, workspace)
    assert [c.verdict for c in found] == ["HOAKS", "DISINFORMASI"]
    assert found[0].published == date(2025, 3, 12)
    assert found[0].clarification == "Vaksin MR sudah dinyatakan boleh dipakai"
    again = import_claims(engine, workspace, path, rejects_dir=tmp_path / "rej")
    assert (again.rows_new, again.rows_updated, again.rows_unchanged) == (0, 0, 2)
    assert len(list_claims(engine, workspace)) == 2
    # Same source URL (other tracking parameters), new text: the claim is updated in place.
    edited = _write(
        tmp_path / "edit.csv",
        "claim,verdict,category,url\n"
        "Vaksin MR mengandung babi sehingga haram,HOAX,health,"
        "https://cekfakta.example/vaksin-mr/?fbclid=abc\n",
    )
    s3 = import_claims(engine, workspace, edited, rejects_dir=tmp_path / "rej")
    assert (s3.rows_new, s3.rows_updated) == (0, 1)
    assert list_claims(engine, workspace)[0].claim == "Vaksin MR mengandung babi sehingga haram"


def test_import_jsonl_english_keys_with_a_broken_line(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    lines = [
        orjson.dumps(
            {"claim": "Beras plastik buatan Tiongkok beredar di pasar", "verdict": "hoax",
             "category": "kesehatan", "source": "https://cekfakta.example/beras",
             "date": "2025-01-05T10:00:00"}
        ).decode(),
        "{rusak",
        orjson.dumps(["bukan", "objek"]).decode(),
        orjson.dumps({"klaim": "PLN membagikan token listrik gratis", "status": "fakta"}).decode(),
    ]  # fmt: skip
    path = _write(tmp_path / "klaim.jsonl", "\n".join(lines) + "\n")
    s = import_claims(engine, workspace, path, rejects_dir=tmp_path / "rej")
    assert (s.format, s.rows_new, s.rows_rejected) == ("jsonl", 2, 2)
    assert [r[0] for r in _rejects(s.rejects_path)] == ["2", "3"]
    cats = {c.claim: (c.verdict, c.category, c.published) for c in list_claims(engine, workspace)}
    assert cats["PLN membagikan token listrik gratis"] == ("FAKTA", "lainnya", None)
    assert cats["Beras plastik buatan Tiongkok beredar di pasar"][2] == date(2025, 1, 5)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("kosong.csv", "", "berkas kosong"),
        ("tanpa.csv", "nama,keterangan\nx,y\n", "kolom klaim tidak ditemukan"),
        ("rusak.jsonl", "{a\n{b\nbukan json\n", "bukan JSON Lines"),
        ("biner.csv", "\x00\x01\x02PK\x00\x00", "bukan teks"),
        ("array.json", '[{"claim": 1', "JSON rusak"),
    ],
)
def test_malformed_files_are_one_clear_error(
    engine: Engine, workspace: Workspace, tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = _write(tmp_path / name, content)
    with pytest.raises(PantauError, match=message) as exc:
        import_claims(engine, workspace, path, rejects_dir=tmp_path / "rej")
    assert "\n" not in str(exc.value)
    with pytest.raises(NotFoundError):
        import_claims(engine, workspace, tmp_path / "tidak-ada.csv", rejects_dir=tmp_path)


def test_add_and_delete(engine: Engine, workspace: Workspace) -> None:
    c = add_claim(engine, workspace, "Gaji ke-13 pegawai negeri dihapus tahun ini", "hoaks")
    assert c.verdict == "HOAKS" and c.category == "lainnya"
    with pytest.raises(PantauError, match="status"):
        add_claim(engine, workspace, "Sesuatu yang cukup panjang di sini", "mungkin")
    assert delete_claim(engine, workspace, c.id).id == c.id
    assert list_claims(engine, workspace) == []
    with pytest.raises(NotFoundError):
        delete_claim(engine, workspace, c.id)
