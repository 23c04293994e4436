"""``pantau import`` with mappings, proposals and profiles, and ``pantau import profiles``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pantau.cli import app
from pantau.cli.commands import posts as posts_command
from pantau.errors import PantauError

from .conftest import FILES

runner = CliRunner()


@pytest.fixture
def pantau(tmp_path: Path):  # type: ignore[no-untyped-def]
    def run(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
        return runner.invoke(app, ["--data-dir", str(tmp_path / "data"), *args], input=input)

    assert run("init", "uji").exit_code == 0
    return run


@pytest.fixture
def tweets(tmp_path: Path) -> Path:
    """The kind of file researchers share: tweets and labels, no platform, no date."""
    path = tmp_path / "real.csv"
    path.write_text(
        "Tweet,HS,Abusive,HS_Individual\n"
        '"USER pemerintah lambat banget urus pupuk",1,0,1\n'
        '"RT USER: harga beras naik lagi, rakyat kecil makin susah",0,0,0\n',
        "utf-8",
    )
    return path


def test_a_proposal_is_shown_and_nothing_imported_without_yes(pantau, tweets: Path) -> None:  # type: ignore[no-untyped-def]
    result = pantau("import", str(tweets), "--no-enrich")
    assert result.exit_code == 1
    assert "Usulan pemetaan kolom untuk real.csv" in result.output and "Tweet" in result.output
    assert isinstance(result.exception, PantauError)
    assert "belum lengkap" in str(result.exception) and "--date-missing" in str(result.exception)
    result = pantau("import", str(tweets), "--platform", "x", "--date-missing=import-time")
    assert "belum disetujui" in str(result.exception) and "--yes" in str(result.exception)
    assert json.loads(pantau("imports", "--json").output) == []


def test_yes_imports_the_proposal_and_the_run_keeps_it(pantau, tweets: Path) -> None:  # type: ignore[no-untyped-def]
    result = pantau(
        "import", str(tweets), "--platform", "x", "--date-missing=import-time", "--yes",
        "--no-enrich", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    (summary,) = json.loads(result.output)
    assert (summary["new"], summary["mapping"], summary["profile"]) == (2, "text=Tweet", None)
    posts = json.loads(pantau("posts", "--json").output)["posts"]
    assert {p["platform"] for p in posts} == {"x"}
    assert all("date_missing" in p["flags"] for p in posts)
    (run,) = json.loads(pantau("imports", "--json").output)
    assert run["mapping"]["how"] == "tebakan" and run["mapping"]["platform"] == "x"


def test_json_without_yes_prints_the_proposal(pantau, tweets: Path) -> None:  # type: ignore[no-untyped-def]
    result = pantau(
        "import", str(tweets), "--platform", "x", "--date-missing=import-time", "--json"
    )
    assert result.exit_code == 1
    proposal = json.loads(result.stdout)["proposal"]
    assert proposal["how"] == "tebakan" and proposal["spec"] == "text=Tweet"
    assert proposal["proposal"]["unused"] == ["HS", "Abusive", "HS_Individual"]


@pytest.mark.parametrize(("answer", "code", "stored"), [("y\n", 0, 2), ("n\n", 1, 0)])
def test_the_person_can_accept_at_the_prompt(
    pantau, tweets: Path, monkeypatch: pytest.MonkeyPatch, answer: str, code: int, stored: int
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(posts_command, "_interactive", lambda json: True)
    args = ("import", str(tweets), "--platform", "x", "--date-missing=import-time", "--no-enrich")
    result = pantau(*args, input=answer)
    assert result.exit_code == code
    assert "Impor dengan pemetaan ini?" in result.output
    assert json.loads(pantau("stats", "--json").output)["posts"] == stored


def test_a_listening_export_is_imported_in_one_command(pantau) -> None:  # type: ignore[no-untyped-def]
    result = pantau("import", str(FILES / "brandwatch.csv"), "--no-enrich")
    assert result.exit_code == 0, result.output
    assert "profil dikenali dari judul kolom: brandwatch" in result.output
    assert "baru 4" in result.output


def test_profiles_add_list_show_remove(pantau, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = pantau(
        "import", "profiles", "add", "rekap-kami", "--map",
        'created_at="Waktu Unggah",text="Isi Cuitan",author=Akun', "--platform", "x",
        "--files", "table", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {
        "name": "rekap-kami",
        "new": True,
        "spec": 'created_at="Waktu Unggah",text="Isi Cuitan",author=Akun',
    }
    listed = json.loads(pantau("import", "profiles", "list", "--json").output)
    names = {p["name"]: p["shipped"] for p in listed}
    assert names["rekap-kami"] is False and names["brandwatch"] is True and len(names) == 11
    shown = json.loads(pantau("import", "profiles", "show", "rekap-kami", "--json").output)
    assert shown["mapping"]["platform"] == "x" and shown["files"] == "table"
    assert "Full Text" in pantau("import", "profiles", "show", "brandwatch").output
    # a file with the saved profile's columns is recognised without being told
    sheet = tmp_path / "kami.csv"
    sheet.write_text("Waktu Unggah,Akun,Isi Cuitan\n17/11/2026 08.15,budi,harga naik\n", "utf-8")
    result = pantau("import", str(sheet), "--no-enrich", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)[0]["profile"] == "rekap-kami"
    removed = json.loads(pantau("import", "profiles", "remove", "rekap-kami", "--json").output)
    assert removed == {"deleted": "import_profile", "id": "rekap-kami", "label": "rekap-kami"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "Rekap Kami", "--map", "text=Isi"], "nama profil tidak sah"),
        (["add", "brandwatch", "--map", "text=Isi"], "dipakai profil bawaan"),
        (["add", "kami", "--map", "teks=Isi"], "maksud Anda 'text'"),
        (["add", "kami", "--map", "text=Isi", "--files", "pdf"], "--files harus"),
        (["remove", "brandwatch"], "tidak bisa dihapus"),
        (["remove", "tidak-ada"], "tidak ada"),
        (["show", "tidak-ada"], "tidak ada"),
    ],
)
def test_profile_mistakes_are_explained(pantau, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    result = pantau("import", "profiles", *args)
    assert result.exit_code != 0
    assert isinstance(result.exception, PantauError) and message in str(result.exception)


def test_save_profile_then_the_next_file_is_recognised(pantau, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = tmp_path / "minggu1.csv"
    first.write_text(
        "Kapan,Siapa,Apa,Dimana\n17/11/2026 08.15,@budi,harga pupuk naik lagi minggu ini,X\n",
        "utf-8",
    )
    result = pantau("import", str(first), "--yes", "--save-profile", "mingguan", "--no-enrich")
    assert result.exit_code == 0, result.output
    assert "profil pemetaan mingguan disimpan" in result.output
    second = tmp_path / "minggu2.csv"
    second.write_text(
        "Kapan,Siapa,Apa,Dimana\n24/11/2026 09.00,@sari,stok kosong,Instagram\n", "utf-8"
    )
    result = pantau("import", str(second), "--no-enrich")
    assert result.exit_code == 0, result.output
    assert "profil dikenali dari judul kolom: mingguan" in result.output


def test_import_help_and_group_help(pantau) -> None:  # type: ignore[no-untyped-def]
    result = pantau("import", "--help")
    assert result.exit_code == 0 and " import [OPTIONS] " in result.output
    assert "--profile" in result.output and "profiles" in result.output
    assert "add" in pantau("import", "profiles", "--help").output
