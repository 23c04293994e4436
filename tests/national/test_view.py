"""The national view: tiles, trend, narrative adoption by institution and region, shared hoax
matches, and the XLSX for the coordinator's letter."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import orjson
from openpyxl import load_workbook
from sqlalchemy import Engine

from pantau.agenda.narrative import add_workspace_accounts, create_kit
from pantau.agenda.narrative_match import match_kit
from pantau.factcheck.claims import add_claim
from pantau.factcheck.matching import match_claims
from pantau.ingest.importer import import_file
from pantau.national.directory import init_workspace
from pantau.national.tiles import COLUMNS, ROWS, TILES
from pantau.national.view import narrative_xlsx, national_view, view_json
from pantau.records import Workspace
from pantau.store.outreach import ensure_channel
from pantau.store.outreach_records import ChannelRef

NOW = datetime(2026, 11, 5, 5, 0)
HOAX = "Pupuk subsidi dihapus mulai bulan depan, petani wajib beli pupuk nonsubsidi"


def test_tiles_place_each_province_once() -> None:
    assert len(TILES) == 38
    assert len(set(TILES.values())) == 38
    assert all(0 <= c < COLUMNS and 0 <= r < ROWS for c, r in TILES.values())


def _posts(engine: Engine, ws: Workspace, tmp_path: Path, rows: list[tuple[str, str]]) -> None:
    path = tmp_path / f"{ws.slug}.jsonl"
    items = [
        {"platform": "x", "id": f"{ws.slug}{i}", "created_at": "2026-11-05T13:00:00+07:00",
         "author": author, "text": text}
        for i, (author, text) in enumerate(rows)
    ]  # fmt: skip
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in items))
    import_file(engine, ws, path, rejects_dir=tmp_path / "rej")


def test_national_view(engine: Engine, tmp_path: Path, store_issue: Callable[..., int]) -> None:
    pusat = init_workspace(engine, "kominfo", "Kementerian Kominfo", "kementerian", "Asia/Jakarta")
    jateng = init_workspace(engine, "jateng", "Pemprov Jateng", "pemprov", "Asia/Jakarta", "33")
    kebumen = init_workspace(
        engine, "kebumen", "Pemkab Kebumen", "pemkab", "Asia/Jakarta", regency="33.05"
    )
    with engine.begin() as conn:
        ensure_channel(conn, jateng.id, ChannelRef("x", "humasjateng"))
        ensure_channel(conn, kebumen.id, ChannelRef("x", "kebumenkab"))
    terms = ["b:pupuk subsidi", "w:pupuk", "w:langka"]
    store_issue(engine, pusat, "Pupuk langka", terms, at=NOW, priority="segera", score=0.9)
    store_issue(engine, jateng, "Pupuk langka di Jateng", terms, at=NOW - timedelta(days=1))
    store_issue(engine, kebumen, "Pupuk langka Kebumen", terms, at=NOW, owner="Humas")
    kit = create_kit(engine, pusat, message="Stok pupuk subsidi aman", release_at=NOW,
                     hashtags=["#PupukAman"])  # fmt: skip
    add_workspace_accounts(engine, pusat, kit.id, "jateng")
    add_workspace_accounts(engine, pusat, kit.id, "kebumen")
    _posts(engine, pusat, tmp_path, [("humasjateng", "Stok pupuk subsidi aman #PupukAman")])
    match_kit(engine, pusat, kit.id)
    _posts(engine, jateng, tmp_path, [("warga1", "katanya " + HOAX)])
    _posts(engine, kebumen, tmp_path, [("warga2", HOAX + "!!"), ("warga3", HOAX)])
    add_claim(engine, pusat, HOAX, "HOAKS", shared=True)
    for ws in (jateng, kebumen):
        match_claims(engine, ws)

    view = national_view(engine, NOW + timedelta(hours=8))
    (national,) = view.issues
    assert national.institutions == 3
    tiles = {t.code: t for t in view.tiles}
    assert tiles["33"].issues == 1 and tiles["33"].waiting == 1 and tiles["11"].issues == 0
    assert view.central_issues == 1
    assert [m.workspace for _, m in view.waiting] == ["kominfo", "jateng"]
    assert sum(view.trend["33"]) == 24 and len(view.days) == 7
    (adoption,) = view.narratives
    carried = {a.institution: a.carried for a in adoption.institutions}
    assert carried == {"Pemprov Jateng": True, "Pemkab Kebumen": False}
    assert [a.workspace for a in adoption.did_not_carry] == ["kebumen"]
    (region,) = adoption.regions
    assert (region.region, region.institutions, region.carried) == ("33", 2, 1)
    (hoax,) = view.hoaxes
    assert [(m.workspace, m.spreading) for m in hoax.institutions] == [
        ("kebumen", 2),
        ("jateng", 1),
    ]
    # the adoption is kept between calls until a kit's matches change
    assert national_view(engine, NOW + timedelta(hours=8)).narratives[0] is adoption
    carrying = [(a, "Stok pupuk subsidi aman #PupukAman") for a in ("humasjateng", "kebumenkab")]
    _posts(engine, pusat, tmp_path, carrying)  # the first one is stored already
    match_kit(engine, pusat, kit.id)
    (again,) = national_view(engine, NOW + timedelta(hours=8)).narratives
    assert again.did_not_carry == []
    data = view_json(view)
    assert orjson.loads(orjson.dumps(data))["issues"][0]["institutions"] == 3
    book = load_workbook(io.BytesIO(narrative_xlsx(view.narratives)))
    assert book.sheetnames == ["Per instansi", "Per wilayah", "Belum memuat"]
    assert book["Belum memuat"]["B2"].value == "Pemkab Kebumen"
