"""``pantau bimtek settings|links|session|export|certificates|finalise`` with ``--json``."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
from openpyxl import load_workbook
from tests.training.test_cli import make_workspace, run


def test_cli_settings_links_sessions_documents(tmp_path: Path) -> None:
    make_workspace(tmp_path)
    ev = json.loads(
        run(tmp_path, "bimtek", "event", "create", "Bimtek", "--start", "2026-11-20", "--json")
    )
    people = tmp_path / "p.csv"
    people.write_text("nama,instansi,email,mode\nAni,A,ani@a.id,luring\nBudi,B,budi@b.id,daring\n")
    run(tmp_path, "bimtek", "participants", "import", str(people), "-e", str(ev["id"]))
    bank = tmp_path / "q.json"
    bank.write_bytes(
        orjson.dumps([{"tes": "post", "pertanyaan": "Q", "opsi": ["a", "b"], "jawaban": "A"}])
    )
    run(tmp_path, "bimtek", "questions", "import", str(bank), "-e", str(ev["id"]))

    s = json.loads(
        run(
            tmp_path,
            "bimtek",
            "settings",
            str(ev["id"]),
            "--registration",
            "buka",
            "--post-minutes",
            "20",
            "--json",
        )
    )
    assert s["registration_open"] is True and s["post_minutes"] == 20 and len(s["code"]) == 6
    assert "secret" not in s
    links = json.loads(
        run(tmp_path, "bimtek", "links", str(ev["id"]), "--base-url", "https://x.go.id/", "--json")
    )
    assert [r["name"] for r in links] == ["Ani", "Budi"]
    assert all(
        r["url"].startswith(f"https://x.go.id/bimtek/{s['code']}/p/{r['code']}/") for r in links
    )
    session = json.loads(
        run(tmp_path, "bimtek", "session", "add", str(ev["id"]), "Hari 1", "--json")
    )
    assert session["checkin_open"] is True and len(session["checkin_code"]) == 5
    assert json.loads(run(tmp_path, "bimtek", "finalise", str(ev["id"]), "--json")) == {
        "submitted": 0
    }

    out = tmp_path / "out" / "bimtek.xlsx"
    x = json.loads(
        run(
            tmp_path,
            "bimtek",
            "export",
            str(ev["id"]),
            "-o",
            str(out),
            "--sheets",
            "peserta,hasil",
            "--json",
        )
    )
    assert x["participants"] == 2 and x["sheets"] == ["peserta", "hasil"]
    assert load_workbook(out).sheetnames == ["Peserta", "Hasil"]
    pdf = tmp_path / "out" / "sertifikat.pdf"
    c = json.loads(run(tmp_path, "bimtek", "certificates", str(ev["id"]), "-o", str(pdf), "--json"))
    assert c["pages"] == 2 and pdf.read_bytes().startswith(b"%PDF")
