"""``pantau alerts …`` end to end; secrets never appear in any output."""

from __future__ import annotations

import json
from pathlib import Path

from tests.notify._servers import Recorder, Reply, free_port, http_server
from typer.testing import CliRunner

from pantau.cli import app

runner = CliRunner()
TOKEN = "987654:ZZtopSecretBotToken_0123456789"
HOOK = "services/T1/B2/hushHushWebhookKey"


def pantau(tmp_path: Path, *args: str, stdin: str | None = None) -> tuple[int, str]:
    """Exit code and output; a user error (raised for ``main`` to print) is appended."""
    result = runner.invoke(app, ["--data-dir", str(tmp_path / "data"), *args], input=stdin)
    error = result.exception
    error = "" if error is None or isinstance(error, SystemExit) else str(error)
    return result.exit_code, result.output + error


def test_channels_rules_run_log_schedule(tmp_path: Path) -> None:
    assert pantau(tmp_path, "init", "uji", "--timezone", "WITA")[0] == 0
    rec = Recorder([Reply(200, {"ok": True})])
    with http_server(rec) as base:
        code, text = pantau(
            tmp_path,
            "alerts", "channel", "add", "tg", "--kind", "telegram", "--chat-id", "-100",
            "--api-base", base, "--secret-stdin", "--json",
            stdin=TOKEN + "\n",
        )  # fmt: skip
        assert code == 0, text
        assert TOKEN not in text and json.loads(text)["config"]["token"] == "987654:***"
        code, text = pantau(
            tmp_path, "alerts", "channel", "add", "wh", "--kind", "webhook",
            "--secret", f"http://127.0.0.1:{free_port()}/{HOOK}",
        )  # fmt: skip
        assert code == 0, text
        code, text = pantau(tmp_path, "alerts", "channel", "list", "--json")
        assert code == 0 and TOKEN not in text and "hushHush" not in text
        assert [c["name"] for c in json.loads(text)] == ["tg", "wh"]
        code, text = pantau(tmp_path, "alerts", "channel", "list")
        assert code == 0 and TOKEN not in text and "hushHush" not in text

        code, text = pantau(tmp_path, "alerts", "channel", "test", "tg")
        assert code == 0 and "terkirim" in text
        assert rec.requests[0]["path"] == f"/bot{TOKEN}/sendMessage"
        code, text = pantau(tmp_path, "alerts", "channel", "test", "wh", "--json")
        assert code == 1 and json.loads(text)["ok"] is False and "hushHush" not in text

    code, text = pantau(
        tmp_path, "alerts", "rule", "add", "issue", "-c", "tg", "-c", "wh",
        "--min-priority", "segera", "--quiet", "22.00-06.00", "--throttle", "5", "--json",
    )  # fmt: skip
    assert code == 0, text
    rule = json.loads(text)
    assert rule["channels"] == ["tg", "wh"] and rule["quiet_start"] == "22:00"
    assert rule["params"]["min_priority"] == "segera"
    code, text = pantau(tmp_path, "alerts", "rule", "add", "issue", "-c", "tidak-ada")
    assert code == 1 and "tidak ditemukan" in text
    code, text = pantau(tmp_path, "alerts", "rule", "add", "gempa", "-c", "tg")
    assert code == 1 and "jenis aturan" in text
    code, text = pantau(tmp_path, "alerts", "rule", "list")
    assert code == 0 and "22:00–06:00" in text

    code, text = pantau(tmp_path, "alerts", "run", "--json")
    assert code == 0 and json.loads(text)["rules"] == 1
    code, text = pantau(tmp_path, "alerts", "log", "--json")
    assert code == 0 and json.loads(text) == []

    code, text = pantau(tmp_path, "alerts", "schedule")
    assert code == 0 and "07.00 WITA" in text
    code, text = pantau(
        tmp_path, "alerts", "schedule", "--time", "6:30", "--dashboard-url",
        "https://pantau.example.go.id/", "--json",
    )  # fmt: skip
    assert code == 0, text
    settings = json.loads(text)
    assert settings["report_time"] == "06:30"
    assert settings["dashboard_url"] == "https://pantau.example.go.id"
    code, text = pantau(tmp_path, "alerts", "schedule", "--time", "25:00")
    assert code == 1 and "tidak sah" in text

    code, text = pantau(tmp_path, "alerts", "rule", "delete", str(rule["id"]))
    assert code == 0
    code, text = pantau(tmp_path, "alerts", "channel", "delete", "wh")
    assert code == 0
    code, text = pantau(tmp_path, "alerts", "channel", "list", "--json")
    assert [c["name"] for c in json.loads(text)] == ["tg"]
