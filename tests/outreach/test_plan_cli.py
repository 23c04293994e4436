"""``pantau outreach goal|audience|channeling|plan …`` end to end on SQLite."""

from __future__ import annotations

import json
from pathlib import Path

from pantau.errors import PantauError

from .plans import Cli


def test_goals_audiences_channeling(cli: Cli, fx: Path) -> None:
    code, text, _ = cli("import", str(fx / "instagram_posts.csv"), "--downloaded", "2026-11-20")
    assert code == 0, text
    code, text, _ = cli(
        "goal", "add", "Jangkauan November", "--objective", "awareness", "--target", "30000",
        "--since", "2026-11-01", "--until", "2026-11-30", "--json",
    )  # fmt: skip
    assert code == 0, text
    assert json.loads(text)["metric"] == "reach"
    code, text, _ = cli("goal", "list", "--as-of", "2026-11-20", "--json")
    assert code == 0, text
    [progress] = json.loads(text)
    assert progress["actual"] > 0 and progress["status"] in ("on_track", "at_risk", "achieved")
    code, text, _ = cli("goal", "list", "--as-of", "2026-11-20")
    assert "#1: jangkauan" in text and "target 30.000" in text
    code, text, _ = cli(
        "audience", "add", "Pemuda", "--age", "18-24", "--age", "25-34", "--region", "Sukamaju"
    )
    assert code == 0, text
    code, text, _ = cli("audience", "check", "Pemuda", "--json")
    assert code == 0, text
    report = json.loads(text)
    assert report["channels"][0]["estimated"] is True  # no audience export imported
    code, text, _ = cli("channeling", "--type", "short_video", "--audience", "Pemuda", "--json")
    assert code == 0, text
    best = json.loads(text)["recommendations"][0]
    assert best["platform"] == "instagram" and best["explanation"]
    code, text, exc = cli("channeling", "--type", "podcast")
    assert code == 1 and isinstance(exc, PantauError) and "jenis konten" in str(exc)


def test_plan_workflow_and_exports(cli: Cli, fx: Path, tmp_path: Path) -> None:
    code, text, _ = cli("import", str(fx / "instagram_posts.csv"), "--downloaded", "2026-11-20")
    assert code == 0, text
    code, text, _ = cli(
        "plan", "add", "Hari Guru", "--type", "photo_story", "--at", "2026-11-17 07:30",
        "--by", "penulis@uji.go.id", "-c", "ig:diskominfo.sukamaju",
        "--caption", "instagram=Selamat Hari Guru Nasional, terima kasih para pahlawan", "--json",
    )  # fmt: skip
    assert code == 0, text
    item = json.loads(text)
    assert item["status"] == "draft"
    code, text, exc = cli("plan", "approve", str(item["id"]), "--by", "penulis@uji.go.id")
    assert code == 1 and "orang lain" in str(exc)
    code, text, _ = cli("plan", "approve", str(item["id"]), "--by", "kabag@uji.go.id")
    assert code == 0 and "disetujui" in text
    code, text, _ = cli("plan", "link", "--json")
    assert code == 0, text
    assert json.loads(text)["new_links"] == 1
    code, text, _ = cli("plan", "actual", "--json")
    [row] = json.loads(text)
    assert row["item"]["status"] == "published" and row["posts"] == 1
    assert row["delay_minutes"] == 0
    ics, csv_file = tmp_path / "kalender.ics", tmp_path / "kalender.csv"
    assert cli("plan", "export", str(ics))[0] == 0
    assert cli("plan", "export", str(csv_file))[0] == 0
    assert b"BEGIN:VEVENT\r\n" in ics.read_bytes() and "Hari Guru" in csv_file.read_text("utf-8")
    code, text, _ = cli("plan", "list", "--since", "2026-11-01", "--until", "2026-11-30")
    assert "Hari Guru" in text and "terbit" in text
    code, _, exc = cli("plan", "export", str(tmp_path / "x.pdf"))
    assert code == 1 and ".ics atau .csv" in str(exc)
