"""``pantau narrative …`` end to end: create a kit, ask accounts, match, show; --json."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from pantau.cli import app

runner = CliRunner()
MESSAGE = (
    "Stok beras nasional aman hingga akhir tahun dan harga pangan pokok tetap stabil. "
    "Pemerintah menyalurkan cadangan beras ke seluruh provinsi."
)


def pantau(tmp_path: Path, *args: str) -> tuple[int, str]:
    """Exit code and output; a user error (raised to ``pantau.cli.main``) as its message."""
    result = runner.invoke(app, ["--data-dir", str(tmp_path / "data"), *args])
    error = str(result.exception) if result.exception else ""
    return result.exit_code, result.output + error


def test_narrative_commands(tmp_path: Path) -> None:
    assert pantau(tmp_path, "init", "kemen", "--name", "Kemen Uji", "--kind", "kementerian")[0] == 0
    posts = tmp_path / "p.jsonl"
    rows = [
        {"platform": "x", "id": "1", "created_at": "2026-11-18T10:20:00+07:00",
         "author": "BacaPantara", "author_followers": 5000, "text": MESSAGE + " #StokPanganAman",
         "views": 700},
        {"platform": "x", "id": "2", "created_at": "2026-11-18T09:00:00+07:00",
         "author": "dini", "text": MESSAGE},
        {"platform": "x", "id": "3", "created_at": "2026-11-18T12:00:00+07:00",
         "author": "warga", "text": "resep sayur asem untuk makan siang"},
    ]  # fmt: skip
    posts.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    assert pantau(tmp_path, "import", str(posts), "-w", "kemen")[0] == 0

    code, text = pantau(
        tmp_path, "narrative", "create", "-w", "kemen", "--pesan", MESSAGE,
        "--tagar", "#StokPanganAman", "--rilis", "2026-11-18 10:00", "--judul", "Stok aman",
        "--json",
    )  # fmt: skip
    assert code == 0, text
    kit = json.loads(text)
    assert kit["release_at"] == "2026-11-18T03:00:00" and kit["hashtags"] == ["StokPanganAman"]
    code, text = pantau(tmp_path, "narrative", "create", "-w", "kemen", "--pesan", "x",
                        "--rilis", "kemarin")  # fmt: skip
    assert code == 1 and "waktu rilis tidak dikenali" in text

    accounts = tmp_path / "akun.csv"
    accounts.write_text(
        "platform,akun,instansi\nx,@bacapantara,Badan Cadangan\ninstagram,lambat,Pemkab Lambat\n",
        encoding="utf-8",
    )
    code, text = pantau(tmp_path, "narrative", "accounts", "import", str(accounts), "--kit",
                        str(kit["id"]), "-w", "kemen")  # fmt: skip
    assert code == 0 and "2 baru" in text, text
    code, text = pantau(
        tmp_path, "narrative", "accounts", "add", "--kit", str(kit["id"]), "-p", "x",
        "--akun", "tidakada", "--instansi", "Dinas Lain", "-w", "kemen",
    )  # fmt: skip
    assert code == 0 and "1 akun baru" in text

    code, text = pantau(tmp_path, "narrative", "match", "-w", "kemen", "--json")
    assert code == 0, text
    [summary] = json.loads(text)
    assert summary["posts_checked"] == 2 and summary["matches"] == 1

    code, text = pantau(tmp_path, "narrative", "show", str(kit["id"]), "-w", "kemen", "--json")
    assert code == 0, text
    report = json.loads(text)
    assert (report["asked"], report["posted"]) == (3, 1)
    assert report["accounts"][0]["handle"] == "bacapantara"
    assert report["accounts"][0]["delay_minutes"] == 20.0
    assert {a["handle"] for a in report["not_posted"]} == {"lambat", "tidakada"}

    code, text = pantau(tmp_path, "narrative", "show", str(kit["id"]), "-w", "kemen")
    assert code == 0 and "1 dari 3 akun" in text and "Belum memposting" in text
    code, text = pantau(tmp_path, "narrative", "list", "-w", "kemen")
    assert code == 0 and "Stok aman" in text
    code, text = pantau(tmp_path, "narrative", "show", "99", "-w", "kemen")
    assert code == 1 and "tidak ada" in text
    code, text = pantau(tmp_path, "narrative", "delete", str(kit["id"]), "-w", "kemen")
    assert code == 0 and "dihapus" in text
