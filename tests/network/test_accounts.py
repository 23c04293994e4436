"""Workspace account lists override the heuristic account type of actors."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import orjson
import pytest
from sqlalchemy import Engine

from pantau.errors import NotFoundError, PantauError
from pantau.ingest.importer import import_file
from pantau.network.accounts import (
    add_account,
    import_accounts,
    list_accounts,
    remove_account,
    validate_account,
)
from pantau.network.actors import list_actors
from pantau.network.rollups import update_actor_rollups
from pantau.records import Workspace


def _posts(tmp_path: Path) -> Path:
    rows = []
    for i, author in enumerate(["PemkabMaju", "budi123", "kabarwarga", "sitiaja", "BudiDesa"]):
        rows.append(
            {
                "platform": "x",
                "id": f"p{i}",
                "created_at": datetime(2026, 11, 16, 8, i).isoformat() + "+00:00",
                "text": f"pupuk langka di desa kami {i}",
                "author": author,
            }
        )
    path = tmp_path / "posts.jsonl"
    path.write_bytes(b"\n".join(orjson.dumps(r) for r in rows) + b"\n")
    return path


def _actors(engine: Engine, workspace: Workspace) -> list[dict]:
    """Every actor after ``pantau run``'s actor rollups."""
    update_actor_rollups(engine, workspace)
    return list_actors(engine, workspace, 0, limit=10_000).actors


def test_listed_accounts_override_the_heuristic(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    import_file(engine, workspace, _posts(tmp_path), rejects_dir=tmp_path)
    before = {a["handle"]: a for a in _actors(engine, workspace)}
    assert before["budi123"]["type"] == "citizen" and before["budi123"]["institution"] is None
    assert before["kabarwarga"]["type"] == "media"  # "kabar" looks like an outlet

    csv_file = tmp_path / "akun.csv"
    csv_file.write_text(
        "platform;akun;jenis;instansi\n"
        "x;@Budi123;pemerintah;Dinas Pertanian Kabupaten Maju\n"
        "x;kabarwarga;warga;\n"
        "x;sitiaja;artis;\n"  # unknown type: rejected
        "mars;someone;media;\n"  # unknown platform: rejected
        "x;,;media;\n",  # bad handle
        encoding="utf-8",
    )
    summary = import_accounts(engine, workspace, csv_file, rejects_dir=tmp_path / "tolak")
    assert (summary.rows_read, summary.rows_new, summary.rows_rejected) == (5, 2, 3)
    assert summary.rejects_path and "jenis akun tidak dikenal" in Path(
        summary.rejects_path
    ).read_text("utf-8-sig")
    again = import_accounts(engine, workspace, csv_file, rejects_dir=tmp_path / "tolak")
    assert (again.rows_new, again.rows_updated, again.rows_unchanged) == (0, 0, 2)

    after = {a["handle"]: a for a in _actors(engine, workspace)}
    assert after["budi123"]["type"] == "government" and after["budi123"]["listed"]
    assert after["budi123"]["institution"] == "Dinas Pertanian Kabupaten Maju"
    assert after["kabarwarga"]["type"] == "citizen"
    assert after["BudiDesa"]["type"] == "citizen" and not after["BudiDesa"]["listed"]
    assert after["PemkabMaju"]["type"] == "government"  # heuristic still applies

    row = add_account(engine, workspace, "X", "@BudiDesa", "media", "Kabar Desa")
    assert (row["platform"], row["handle"], row["type"]) == ("x", "budidesa", "media")
    add_account(engine, workspace, "x", "budidesa", "influencer")  # change its type
    listed = {r["handle"]: r for r in list_accounts(engine, workspace)}
    assert listed["budidesa"]["type"] == "influencer" and listed["budidesa"]["institution"] is None
    assert listed["budi123"]["source"] == "akun.csv"
    assert len(listed) == 3

    remove_account(engine, workspace, "x", "@BUDI123")
    assert {r["handle"] for r in list_accounts(engine, workspace)} == {"kabarwarga", "budidesa"}
    with pytest.raises(NotFoundError):
        remove_account(engine, workspace, "x", "budi123")
    types = {a["handle"]: a["type"] for a in _actors(engine, workspace)}
    assert types["budi123"] == "citizen" and types["BudiDesa"] == "influencer"


def test_validation_and_bad_files(engine: Engine, workspace: Workspace, tmp_path: Path) -> None:
    assert validate_account(" X ", "@Humas_Kab", "Resmi", "  Pemkab   Maju ") == {
        "platform": "x",
        "handle": "humas_kab",
        "type": "government",
        "institution": "Pemkab Maju",
    }
    with pytest.raises(PantauError, match="jenis akun"):
        validate_account("x", "a", "buzzer")
    with pytest.raises(PantauError, match="platform"):
        validate_account("friendster", "a", "media")
    with pytest.raises(NotFoundError):
        import_accounts(engine, workspace, tmp_path / "tidak-ada.csv", rejects_dir=tmp_path)
    no_type = tmp_path / "salah.csv"
    no_type.write_text("platform,handle\nx,a\n", encoding="utf-8")
    with pytest.raises(PantauError, match="type"):
        import_accounts(engine, workspace, no_type, rejects_dir=tmp_path)
    assert list_accounts(engine, workspace) == []
