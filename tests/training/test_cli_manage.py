"""``pantau bimtek event list|show|edit|delete``, ``participants list|edit|remove``,
``questions list|show|edit|remove`` and ``settings --review``, as JSON and as text."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
from tests.training.test_cli import invoke, make_workspace, run


def _fails(tmp_path: Path, *args: str) -> str:
    result = invoke(tmp_path, *args)
    assert result.exit_code != 0
    return str(result.exception)


def _event(tmp_path: Path) -> str:
    make_workspace(tmp_path)
    ev = json.loads(
        run(tmp_path, "bimtek", "event", "create", "Bimtek", "--start", "2026-11-20", "--json")
    )
    people = tmp_path / "p.csv"
    people.write_text(
        "nama,instansi,email,mode,kode\n"
        "Ani,Kementerian Niaga Nusantara,ani@a.id,luring,ANI001\n"
        "Budi,Pemkot Tirta Jaya,budi@b.id,daring,BUDI02\n"
    )
    run(tmp_path, "bimtek", "participants", "import", str(people), "-e", str(ev["id"]))
    bank = [
        {"tes": t, "pertanyaan": f"Soal {i}", "opsi": ["a", "b"], "jawaban": "A",
         "penjelasan": f"Karena {i}."}
        for t in ("pre", "post")
        for i in (1, 2)
    ]  # fmt: skip
    (tmp_path / "q.json").write_bytes(orjson.dumps(bank))
    run(tmp_path, "bimtek", "questions", "import", str(tmp_path / "q.json"), "-e", str(ev["id"]))
    return str(ev["id"])


def test_events_list_show_edit_delete(tmp_path: Path) -> None:
    ev = _event(tmp_path)
    listed = json.loads(run(tmp_path, "bimtek", "event", "list", "--json"))
    assert [e["title"] for e in listed] == ["Bimtek"]
    assert "Bimtek" in run(tmp_path, "bimtek", "event", "list")
    shown = json.loads(run(tmp_path, "bimtek", "event", "show", ev, "--json"))
    assert shown["participants"] == {"total": 2, "onsite": 1, "online": 1}
    assert shown["questions"] == {"pre": 2, "post": 2} and "secret" not in shown["settings"]
    assert "2 soal" in run(tmp_path, "bimtek", "event", "show", ev)
    edited = json.loads(
        run(
            tmp_path, "bimtek", "event", "edit", ev, "--title", "Bimtek Medsos", "--venue",
            "Aula", "--post-open", "2026-11-20 15:00", "--json",
        )
    )  # fmt: skip
    assert (edited["title"], edited["venue"]) == ("Bimtek Medsos", "Aula")
    assert edited["post_opens_at"].startswith("2026-11-20T08:00")  # 15.00 WIB
    assert edited["post_closes_at"] is None
    again = json.loads(
        run(tmp_path, "bimtek", "event", "edit", ev, "--post-close", "2026-11-20 16:00", "--json")
    )
    assert again["post_opens_at"] == edited["post_opens_at"]  # what is not given stays
    gone = json.loads(run(tmp_path, "bimtek", "event", "delete", ev, "--json"))
    assert gone == {"deleted": "training_event", "id": int(ev), "label": "Bimtek Medsos"}
    assert json.loads(run(tmp_path, "bimtek", "event", "list", "--json")) == []
    assert "Belum ada kegiatan" in run(tmp_path, "bimtek", "event", "list")


def test_participants_and_questions(tmp_path: Path) -> None:
    ev = _event(tmp_path)
    people = json.loads(run(tmp_path, "bimtek", "participants", "list", "-e", ev, "--json"))
    assert [(p["code"], p["institution_type"]) for p in people] == [
        ("ANI001", "kementerian"),
        ("BUDI02", "pemkab/pemkot"),
    ]
    online = run(tmp_path, "bimtek", "participants", "list", "-e", ev, "--mode", "daring")
    assert "BUDI02" in online and "ANI001" not in online
    edited = json.loads(
        run(
            tmp_path, "bimtek", "participants", "edit", "ani001", "-e", ev, "--name",
            "Ani Lestari", "--json",
        )
    )  # fmt: skip
    assert edited["name"] == "Ani Lestari" and edited["code"] == "ANI001"
    gone = json.loads(
        run(tmp_path, "bimtek", "participants", "remove", "BUDI02", "-e", ev, "--json")
    )
    assert gone == {"deleted": "participant", "id": "BUDI02", "label": "Budi"}
    assert "tidak terdaftar" in _fails(tmp_path, "bimtek", "participants", "remove", "X", "-e", ev)

    listed = json.loads(run(tmp_path, "bimtek", "questions", "list", "-e", ev, "--json"))
    assert [(q["test"], q["position"], q["key"]) for q in listed] == [
        ("post", 1, "A"),
        ("post", 2, "A"),
        ("pre", 1, "A"),
        ("pre", 2, "A"),
    ]
    shown = json.loads(
        run(tmp_path, "bimtek", "questions", "show", "2", "-e", ev, "--test", "post", "--json")
    )
    assert (shown["text"], shown["explanation"]) == ("Soal 2", "Karena 2.")
    assert "✓ A. a" in run(tmp_path, "bimtek", "questions", "show", "1", "-e", ev)
    fixed = json.loads(
        run(
            tmp_path, "bimtek", "questions", "edit", "1", "-e", ev, "--option", "ya", "--option",
            "tidak", "--key", "B", "--json",
        )
    )  # fmt: skip
    assert (fixed["options"], fixed["correct"], fixed["rescored"]) == (["ya", "tidak"], [1], 0)
    gone = json.loads(run(tmp_path, "bimtek", "questions", "remove", "1", "-e", ev, "--json"))
    assert gone == {"deleted": "question", "id": "pre/1", "label": "Soal 1"}
    pre = json.loads(run(tmp_path, "bimtek", "questions", "list", "-e", ev, "-t", "pre", "--json"))
    assert [(q["position"], q["text"]) for q in pre] == [(1, "Soal 2")]


def test_review_setting(tmp_path: Path) -> None:
    ev = _event(tmp_path)
    assert json.loads(run(tmp_path, "bimtek", "settings", ev, "--json"))["review_open"] is False
    s = json.loads(run(tmp_path, "bimtek", "settings", ev, "--review", "buka", "--json"))
    assert s["review_open"] is True
    assert "pembahasan setelah post-test: dibuka" in run(tmp_path, "bimtek", "settings", ev)
    assert "--review" in _fails(tmp_path, "bimtek", "settings", ev, "--review", "ya")
