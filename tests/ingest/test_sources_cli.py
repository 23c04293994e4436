"""``pantau sources …`` end to end: every verb, ``--json`` everywhere, the news pack in one
command, and the secret never printed."""

from __future__ import annotations

import json
from pathlib import Path

from tests.ingest.connectors._service import Reply, fixture, service
from typer.testing import CliRunner

from pantau.cli import app
from pantau.errors import PantauError
from pantau.ingest.sources import packs

runner = CliRunner()
TOKEN = "AAAA-bearer-yang-rahasia"


def _pantau(data: Path, *args: str, stdin: str | None = None) -> tuple[int, str]:
    result = runner.invoke(app, ["--data-dir", str(data), *args], input=stdin)
    if isinstance(result.exception, PantauError):
        return 1, str(result.exception)
    return result.exit_code, result.output


def _json(data: Path, *args: str, stdin: str | None = None) -> object:
    code, output = _pantau(data, *args, "--json", stdin=stdin)
    assert code == 0, output
    return json.loads(output)


def test_every_verb_with_json_and_the_secret_never_shown(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert _pantau(data, "init", "uji")[0] == 0
    with service() as svc:
        svc.on("/feed", Reply.xml(fixture("rss_berita.xml")))
        svc.on("/2/tweets/search/recent", Reply.json(fixture("x_recent_2.json")))
        added = _json(data, "sources", "add", "Kabar", "--kind", "rss", "--url", f"{svc.base}/feed")
        assert isinstance(added, dict) and added["interval_minutes"] == 15
        x = _json(
            data, "sources", "add", "X banjir", "--kind", "x", "--query", "banjir",
            "--set", f"api_base={svc.base}", "--secret-stdin", stdin=TOKEN + "\n",
        )  # fmt: skip
        assert isinstance(x, dict) and x["secret"] == "***" and x["interval_minutes"] == 5
        code, missing = _pantau(data, "sources", "add", "X2", "--kind", "x", "--query", "a")
        assert code == 1 and "butuh rahasia" in missing
        tried = _json(data, "sources", "test", "Kabar")
        assert isinstance(tried, dict) and tried["ok"] and tried["items"] == 3
        collected = _json(data, "sources", "collect", "--run")
        assert isinstance(collected, dict) and collected["new_posts"] == 4
        assert {s["name"] for s in collected["stages"]} >= {"enrich", "issues", "search"}
        listed = _json(data, "sources", "list")
        shown = _json(data, "sources", "show", "X banjir")
        edited = _json(data, "sources", "edit", "Kabar", "--interval", "30", "--name", "Kabar 2")
        paused = _json(data, "sources", "pause", "Kabar 2")
        resumed = _json(data, "sources", "resume", "Kabar 2")
        code, text = _pantau(data, "sources", "list")
    assert isinstance(listed, list) and [h["posts_24h"] for h in listed] == [3, 1]
    assert isinstance(shown, dict) and shown["runs"][0]["rows_new"] == 1
    assert isinstance(edited, dict) and edited["interval_minutes"] == 30
    assert isinstance(paused, dict) and paused["status"] == "paused"
    assert isinstance(resumed, dict) and resumed["status"] == "active"
    assert code == 0 and "Kabar 2" in text and "sehat" in text
    removed = _json(data, "sources", "remove", "X banjir")
    assert removed == {"deleted": "source", "id": 2, "label": "X banjir"}
    everything = json.dumps([added, x, listed, shown, edited, collected, tried]) + text
    assert TOKEN not in everything


def test_the_news_pack_in_one_command(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _pantau(data, "init", "uji")
    listed = _json(data, "sources", "packs")
    feeds = packs()["berita-nasional"]
    assert isinstance(listed, dict) and len(listed["berita-nasional"]) == len(feeds) >= 20
    assert all(f["url"].startswith("https://") for f in listed["berita-nasional"])
    first = _json(data, "sources", "add", "--pack", "berita-nasional")
    again = _json(data, "sources", "add", "--pack", "berita-nasional")
    assert isinstance(first, dict) and len(first["added"]) == len(feeds)
    assert all(s["kind"] == "rss" and s["status"] == "active" for s in first["added"])
    assert isinstance(again, dict) and again["added"] == [] and len(again["skipped"]) == len(feeds)
    kinds = _json(data, "sources", "kinds")
    assert isinstance(kinds, list) and {k["kind"] for k in kinds} == {
        "rss", "google-news", "bluesky", "mastodon", "youtube", "x", "meta",
    }  # fmt: skip
