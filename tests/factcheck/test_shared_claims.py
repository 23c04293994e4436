"""Claims shared by the coordinator apply to every workspace's matching; a workspace keeps its
own claims to itself."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from sqlalchemy import Engine

from pantau.errors import PantauError
from pantau.factcheck.claims import add_claim, delete_claim, list_claims
from pantau.factcheck.matching import match_claims
from pantau.ingest.importer import import_file
from pantau.records import Workspace
from pantau.store import claims as store
from pantau.store.workspaces import create_workspace

HOAX = "Pupuk subsidi dihapus mulai bulan depan, petani wajib beli pupuk nonsubsidi"
LOCAL = "Jembatan Kali Lusi ambruk dan ditutup total selama setahun"


def _import(engine: Engine, ws: Workspace, tmp_path: Path, texts: list[str]) -> None:
    path = tmp_path / f"{ws.slug}.jsonl"
    rows = [
        {"platform": "x", "id": f"{ws.slug}{i}", "created_at": "2026-11-02T08:00:00+07:00",
         "author": f"warga{i}", "text": text}
        for i, text in enumerate(texts)
    ]  # fmt: skip
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    import_file(engine, ws, path, rejects_dir=tmp_path / "rej")


def test_shared_claims_match_everywhere(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    other = create_workspace(engine, "kebumen", "Diskominfo Kebumen", "pemkab", "Asia/Jakarta")
    texts = [
        "katanya pupuk subsidi dihapus mulai bulan depan, petani wajib beli pupuk nonsubsidi!!",
        "jembatan kali lusi ambruk, ditutup total selama setahun kata tetangga",
        "cuaca cerah hari ini di alun-alun",
    ]
    _import(engine, workspace, tmp_path, texts)
    _import(engine, other, tmp_path, texts)
    shared = add_claim(engine, workspace, HOAX, "HOAKS", shared=True)
    own = add_claim(engine, workspace, LOCAL, "HOAKS")
    assert shared.shared and not own.shared
    assert {c.id for c in list_claims(engine, other)} == {shared.id}
    assert match_claims(engine, workspace).matches == 2
    assert match_claims(engine, other).matches == 1
    with engine.connect() as conn:
        assert {k[0] for k in store.stored_matches(conn, other.id)} == {shared.id}
    with pytest.raises(PantauError, match="klaim bersama"):
        delete_claim(engine, other, shared.id)
    delete_claim(engine, workspace, shared.id)
    with engine.connect() as conn:
        assert store.stored_matches(conn, other.id) == {}
    assert list_claims(engine, other) == []
