"""Importing exports into both databases: idempotent re-imports, older copies that do not
overwrite newer ones, accounts named by --channel or lent by a sibling file, provenance."""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from pantau.errors import PantauError
from pantau.outreach.importer import OutreachImportSummary
from pantau.records import Workspace
from pantau.store import outreach as store

Run = Callable[..., list[OutreachImportSummary]]


def counts(s: OutreachImportSummary) -> tuple[int, int, int, int, int, int]:
    return (s.read, s.new, s.updated, s.unchanged, s.skipped, s.rejected)


def stored_posts(engine: Engine, ws: Workspace) -> dict[str, store.PostFacts]:
    with engine.connect() as conn:
        return {p.post_id: p for p in store.post_facts(conn, ws.id)}


def test_facebook_reimport_and_older_or_newer_copies(
    engine: Engine, workspace: Workspace, run_import: Run, fx: Path, tmp_path: Path
) -> None:
    first = run_import(fx / "meta_facebook_posts.csv")[0]
    assert (first.format, first.channels) == (
        "meta_facebook_posts",
        ["facebook:Diskominfo Sukamaju"],
    )
    assert counts(first) == (6, 4, 0, 0, 0, 2)
    with open(first.rejects_path or "", encoding="utf-8-sig", newline="") as f:
        rejected = list(csv.DictReader(f))
    assert [r["baris"] for r in rejected] == ["8", "9"]
    assert '"Reach":"abc"' in rejected[0]["data_asli"]

    again = run_import(fx / "meta_facebook_posts.csv")[0]
    assert counts(again) == (6, 0, 0, 4, 0, 2)

    # An older download re-saved by Excel: adds its extra post, leaves newer numbers alone.
    older = run_import(fx / "meta_facebook_posts_id_excel.csv", downloaded=date(2026, 11, 18))[0]
    assert counts(older) == (2, 1, 0, 1, 0, 0)
    posts = stored_posts(engine, workspace)
    assert posts["1122334455667701"].views == 15234
    assert posts["1122334455667690"].views == 12450

    # A newer download with grown numbers updates the post.
    newer = tmp_path / "meta_facebook_posts.csv"
    newer.write_bytes((fx / "meta_facebook_posts.csv").read_bytes().replace(b",9876,", b",9990,"))
    update = run_import(newer, downloaded=date(2026, 11, 25))[0]
    assert counts(update) == (6, 0, 1, 3, 0, 2)
    assert stored_posts(engine, workspace)["1122334455667701"].reach == 9990

    runs = store.list_imports(engine, workspace.id)
    assert [r["status"] for r in runs] == ["complete"] * 4
    assert (
        runs[-1]["rows_new"] == 4 and runs[-1]["checksum"] and runs[-1]["encoding"] == "utf-8-sig"
    )
    assert runs[-1]["downloaded_on"] == date(2026, 11, 20)


def test_files_without_the_account_take_it_from_channel(
    engine: Engine, workspace: Workspace, run_import: Run, fx: Path
) -> None:
    with pytest.raises(PantauError, match="--channel"):
        run_import(fx / "meta_facebook_reach_daily.csv")
    run_import(fx / "meta_facebook_posts.csv")
    reach, audience = run_import(
        fx / "meta_facebook_reach_daily.csv",
        fx / "meta_audience.csv",
        channel="Diskominfo Sukamaju",
    )
    assert reach.channels == audience.channels == ["facebook:Diskominfo Sukamaju"]
    assert counts(reach)[:2] == (7, 7) and counts(audience)[:2] == (19, 19)
    ig = run_import(fx / "meta_instagram_followers_daily.csv", channel="ig:diskominfo.sukamaju")[0]
    assert ig.platform == "instagram" and ig.new == 7
    with pytest.raises(PantauError, match="berkas ini dari youtube"):
        run_import(fx / "youtube/Totals.csv", channel="facebook:Diskominfo Sukamaju")
    with engine.connect() as conn:
        summaries = {s.channel.platform: s for s in store.channel_summaries(conn, workspace.id)}
        page = store.find_channels(conn, workspace.id, "diskominfo sukamaju", "facebook")[0]
        cities = store.audience_values(conn, workspace.id, page.id, "city")
    assert summaries["facebook"].posts == 4 and summaries["facebook"].daily_metrics == 7
    assert (summaries["instagram"].followers, summaries["instagram"].followers_on) == (
        20287,
        date(2026, 11, 17),
    )
    assert ("Jakarta, Indonesia", date(2026, 11, 20), pytest.approx(0.087)) in cities


def test_tiktok_zip_lends_the_account_and_activity_gaps_are_reported(
    engine: Engine, workspace: Workspace, run_import: Run, fx: Path, zipped: Callable[[str], Path]
) -> None:
    archive = zipped("tiktok")
    summaries = run_import(archive, downloaded=date(2026, 11, 18))
    assert summaries[0].member == "Content.csv"  # read first: it names the account
    assert {c for s in summaries for c in s.channels} == {"tiktok:diskominfosukamaju"}
    assert sum(s.new for s in summaries) == 2 + 35 + 14 + 168 + 3 + 4
    assert all(any("tahun tidak tertulis" in n for n in s.notes) for s in summaries[:1])
    later = run_import(fx / "tiktok_later/FollowerActivity.csv", downloaded=date(2026, 12, 2))[0]
    assert any("2026-11-18 s.d. 2026-11-24 (7 hari)" in n for n in later.notes)
    assert any("satu-satunya akun tiktok" in n for n in later.notes)
    again = run_import(archive, downloaded=date(2026, 11, 18))
    assert sum(s.new + s.updated for s in again) == 0
    with engine.connect() as conn:
        account = store.find_channels(conn, workspace.id, "diskominfosukamaju")[0]
        days = store.audience_days(conn, workspace.id, account.id, "activity_hour")
        followers = store.daily_values(conn, workspace.id, [account.id], ["followers"])
    assert len(days) == 14 and days[0] == date(2026, 11, 11)
    assert followers[-1][2:] == (date(2026, 11, 17), 15150.0)


def test_youtube_zip_needs_a_channel_and_skips_totals(
    engine: Engine, workspace: Workspace, run_import: Run, zipped: Callable[[str], Path]
) -> None:
    archive = zipped("youtube")
    with pytest.raises(PantauError, match="--channel youtube:NAMA"):
        run_import(archive)
    with zipfile.ZipFile(archive, "a") as z:
        z.writestr("Catatan.csv", "apa,ini\n1,2\n")
    summaries = run_import(archive, channel="youtube:Sukamaju TV")
    assert "tidak dikenali dan dilewati: Catatan.csv" in summaries[0].notes[0]
    by_member = {s.member: s for s in summaries}
    assert counts(by_member["Table data.csv"]) == (4, 3, 0, 0, 1, 0)
    assert counts(by_member["Totals.csv"]) == (7, 7, 0, 0, 0, 0)
    assert counts(by_member["Chart data.csv"]) == (2, 0, 0, 0, 2, 0)
    with open(by_member["Table data.csv"].rejects_path or "", encoding="utf-8-sig") as f:
        assert "dilewati: baris Total" in f.read()
    posts = stored_posts(engine, workspace)
    assert posts["aB3dE5fG7hJ"].time_known is False and posts["aB3dE5fG7hJ"].views == 6540


def test_x_classic_and_new_exports_line_up(
    engine: Engine, workspace: Workspace, run_import: Run, fx: Path
) -> None:
    classic = run_import(fx / "x_tweets_classic_excel.csv")[0]
    assert counts(classic) == (4, 3, 0, 0, 0, 1)
    new, overview = run_import(fx / "x_posts.csv", fx / "x_account_overview.csv")
    assert (new.new, new.updated) == (1, 1)
    bridge = stored_posts(engine, workspace)["1858123456789012481"]
    # The newer file knows no time of day and no earlier metric is lost.
    assert (bridge.time_known, bridge.published_at) == (True, datetime(2026, 11, 17, 1, 15))
    assert (bridge.likes, bridge.saves, bridge.impressions) == (160, 8, 5600)
    assert overview.channels == ["x:humas_sukamaju"] and overview.new == 84
