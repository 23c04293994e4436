"""The institution directory: kinds, Kemendagri region codes, edits and the CSV import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from pantau.cli import app
from pantau.errors import PantauError
from pantau.national.directory import (
    DirectoryEdit,
    edit_workspace,
    import_directory,
    init_workspace,
    region_codes,
)
from pantau.national.regions import find_region, provinces
from pantau.store.outreach import find_channels
from pantau.store.workspaces import get_workspace

runner = CliRunner()


def test_the_shipped_list_has_38_provinces() -> None:
    assert len(provinces()) == 38
    assert find_region("Jawa Tengah", province=True).code == "33"
    assert find_region("33.05", province=False).name == "Kabupaten Kebumen"
    assert find_region("kebumen", province=False).code == "33.05"


def test_region_codes_follow_the_kind() -> None:
    assert region_codes("pemkab", None, "Kabupaten Kebumen") == ("33", "33.05")
    assert region_codes("pemprov", "jawa tengah", None) == ("33", None)
    assert region_codes("kementerian", None, None) == (None, None)
    with pytest.raises(PantauError, match="perlu --province"):
        region_codes("pemprov", None, None)
    with pytest.raises(PantauError, match="sebuah kota"):
        region_codes("pemkot", None, "Kabupaten Kebumen")
    with pytest.raises(PantauError, match="tidak berada"):
        region_codes("pemkab", "Aceh", "33.05")
    with pytest.raises(PantauError, match="tidak dikenal"):
        region_codes("pemprov", "Atlantis", None)


def test_init_and_edit_store_the_codes(engine: Engine) -> None:
    ws = init_workspace(engine, "kebumen", "Diskominfo Kebumen", "pemkab", "Asia/Jakarta",
                        regency="33.05")  # fmt: skip
    assert (ws.province_code, ws.regency_code) == ("33", "33.05")
    moved = edit_workspace(engine, "kebumen", DirectoryEdit(regency="Kota Semarang", kind="pemkot"))
    assert (moved.kind, moved.province_code, moved.regency_code) == ("pemkot", "33", "33.74")
    national = edit_workspace(engine, "kebumen", DirectoryEdit(kind="lembaga", regency=""))
    assert (national.province_code, national.regency_code) == ("33", None)
    assert get_workspace(engine, "kebumen").kind == "lembaga"


def test_csv_import_sets_up_workspaces_with_accounts(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "instansi.csv"
    path.write_text(
        "slug,nama,jenis,provinsi,kabupaten_kota,zona,akun\n"
        "jateng,Diskominfo Jawa Tengah,pemprov,Jawa Tengah,,WIB,"
        "x:@humasjateng instagram:humasjateng\n"
        "kebumen,Diskominfo Kebumen,pemkab,,33.05,WIB,x:@kebumenkab\n"
        "salah,Salah,pemkot,,Kabupaten Kebumen,WIB,\n",
        encoding="utf-8",
    )
    first = import_directory(engine, path)
    assert first.created == ["jateng", "kebumen"]
    assert first.accounts == 3
    assert len(first.errors) == 1 and first.errors[0].startswith("baris 4")
    jateng = get_workspace(engine, "jateng")
    assert (jateng.kind, jateng.province_code) == ("pemprov", "33")
    with engine.connect() as conn:
        assert {c.handle for c in find_channels(conn, jateng.id)} == {"humasjateng"}
    again = import_directory(engine, path)
    assert again.created == [] and again.updated == ["jateng", "kebumen"]
    with engine.connect() as conn:
        assert len(find_channels(conn, jateng.id)) == 2


def test_cli_init_edit_list_and_import(tmp_path: Path) -> None:
    def pantau(*args: str) -> tuple[int, str]:
        result = runner.invoke(app, ["--data-dir", str(tmp_path / "data"), *args])
        return result.exit_code, result.output

    code, text = pantau("init", "jateng", "--kind", "pemprov", "--province", "33", "--json")
    assert code == 0, text
    assert json.loads(text)["province_code"] == "33"
    code, text = pantau("workspaces", "edit", "jateng", "--name", "Diskominfo Jateng")
    assert code == 0 and "Jawa Tengah" in text, text
    failed = runner.invoke(app, ["--data-dir", str(tmp_path / "data"), "init", "x", "--kind",
                                 "pemkab", "--regency", "Aceh"])  # fmt: skip
    assert "kabupaten/kota tidak dikenal" in str(failed.exception)
    path = tmp_path / "d.csv"
    path.write_text("slug,jenis,kabupaten_kota,akun\nkebumen,pemkab,33.05,x:@kebumenkab\n")
    code, text = pantau("workspaces", "import", str(path), "--json")
    assert code == 0 and json.loads(text)["created"] == ["kebumen"], text
    code, text = pantau("workspaces", "--json")
    assert [w["regency_code"] for w in json.loads(text)] == [None, "33.05"]
