"""``pantau outreach …`` end to end on SQLite: --json output and Indonesian messages."""

from __future__ import annotations

import json
from pathlib import Path

from pantau.errors import PantauError

from .plans import Cli


def test_import_list_metrics_best_time(cli: Cli, fx: Path) -> None:
    code, text, _ = cli(
        "import", str(fx / "instagram_posts.csv"), "--downloaded", "2026-11-20", "--json"
    )
    assert code == 0, text
    [summary] = json.loads(text)
    assert (summary["format"], summary["new"], summary["rejected"]) == (
        "meta_instagram_posts",
        3,
        2,
    )
    code, text, _ = cli(
        "import", str(fx / "meta_instagram_followers_daily.csv"), "-c", "ig:diskominfo.sukamaju"
    )
    assert code == 0, text
    assert "meta_daily" in text and "baru 7" in text

    code, text, _ = cli("channels", "--json")
    assert json.loads(text)[0]["followers"] == 20287
    code, text, _ = cli("channels")
    assert "20.287" in text  # Indonesian thousands

    code, text, _ = cli("metrics", "--json", "--by", "format")
    report = json.loads(text)
    rates = report["groups"][0]["rates"]
    assert all({"name", "denominator", "value", "posts"} <= set(r) for r in rates)
    code, text, _ = cli("metrics", "--since", "2026-11-01", "--until", "2026-11-30")
    assert code == 0 and "Metrik akun resmi (WIB)" in text and "%" in text

    code, text, _ = cli("best-time", "--channel", "diskominfo.sukamaju", "--json", "--top", "3")
    best = json.loads(text)
    assert len(best["cells"]) == 168 and len(best["top"]) == 3 and best["thin"] is True
    code, text, _ = cli("best-time", "-c", "instagram:diskominfo.sukamaju")
    assert code == 0 and "data tipis" in text and "Belum ada rekomendasi jam unggah" in text

    code, text, _ = cli("followers", "diskominfo.sukamaju", "20500", "--date", "2026-11-30")
    assert code == 0 and "20.500" in text
    code, text, _ = cli("imports", "--json")
    assert [r["format"] for r in json.loads(text)] == ["meta_daily", "meta_instagram_posts"]
    code, text, _ = cli("formats", "--json")
    assert "tiktok_follower_activity" in {f["name"] for f in json.loads(text)}


def test_errors_are_one_sentence_in_indonesian(cli: Cli, fx: Path) -> None:
    _, _, exc = cli("best-time", "--channel", "tidakada")
    assert isinstance(exc, PantauError) and "belum ada" in str(exc)
    _, _, exc = cli("import", str(fx / "youtube" / "Totals.csv"))
    assert isinstance(exc, PantauError) and "--channel youtube:NAMA" in str(exc)
    code, text, _ = cli("import", str(fx / "youtube" / "Totals.csv"), str(fx / "x_posts.csv"))
    assert code == 1 and "x_posts" in text  # the other files are still imported
    _, _, exc = cli("metrics", "--since", "kemarin")
    assert isinstance(exc, PantauError) and "YYYY-MM-DD" in str(exc)
    _, _, exc = cli("metrics", "--by", "tahun")
    assert isinstance(exc, PantauError) and "--by tidak dikenal" in str(exc)
