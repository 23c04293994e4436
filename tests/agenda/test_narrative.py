"""Narrative kits (narasi tunggal): kits, asked accounts, matching carrying posts, the report."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import orjson
import pytest
from sqlalchemy import Engine, func, select

from pantau.agenda.narrative import (
    add_account,
    add_workspace_accounts,
    create_kit,
    delete_kit,
    get_kit,
    import_accounts,
    list_accounts,
    list_kits,
    parse_release,
    remove_account,
)
from pantau.agenda.narrative_match import TEXT_THRESHOLD, match_kit, match_narratives
from pantau.agenda.narrative_report import fidelity_band, fmt_delay, narrative_report
from pantau.errors import NotFoundError, PantauError
from pantau.records import PostRecord, Workspace
from pantau.store.outreach import ensure_channel
from pantau.store.outreach_records import ChannelRef
from pantau.store.posts import write_posts
from pantau.store.schema import narrative_matches
from pantau.store.workspaces import create_workspace

RELEASE = datetime(2026, 11, 18, 3, 0)  # 10:00 WIB
MESSAGE = (
    "Stok beras nasional aman hingga akhir tahun dan harga pangan pokok tetap stabil. "
    "Pemerintah menyalurkan cadangan beras ke seluruh provinsi dan menggelar pasar murah "
    "menjelang Natal dan Tahun Baru. Masyarakat diimbau berbelanja secukupnya dan tidak panik."
)
PARAPHRASE = (
    "Menjelang Natal dan Tahun Baru, persediaan beras nasional dipastikan cukup dan harga bahan "
    "pokok terkendali. Cadangan beras pemerintah disalurkan ke semua provinsi dan pasar murah "
    "digelar. Warga diminta berbelanja secukupnya, tidak perlu panik."
)
LINK = "https://kemenpantara.go.id/siaran-pers/stok-pangan-aman"
BACKGROUND = (
    "harga cabai di pasar naik lagi, pusing belanja",
    "resep sayur asem enak buat makan siang keluarga",
    "petani di desa mulai tanam padi musim hujan ini",
    "antrian beli minyak goreng murah di kelurahan panjang banget",
    "jalan ke sawah rusak parah belum diperbaiki",
    "harga beras medium di warung dekat rumah masih mahal",
    "pasar tradisional ramai pembeli jelang akhir pekan",
    "panen jagung tahun ini lumayan bagus alhamdulillah",
)


def _post(
    n: int,
    text: str,
    *,
    minutes: float,
    author: str = "warga",
    platform: str = "x",
    url: str | None = None,
    hashtags: list[str] | None = None,
    followers: int | None = 1000,
    views: int | None = None,
) -> PostRecord:
    created = RELEASE + timedelta(minutes=minutes)
    return PostRecord(
        platform=platform,
        external_id=f"p{n}",
        key_kind="id",
        created_at=created,
        collected_at=created + timedelta(hours=1),
        text=text,
        raw="{}",
        raw_format="test",
        author=author,
        author_followers=followers,
        url=url,
        hashtags=hashtags,
        likes=10,
        reposts=2,
        replies=1,
        views=views,
    )


def _write(engine: Engine, workspace: Workspace, records: list[PostRecord]) -> None:
    with engine.begin() as conn:
        write_posts(conn, workspace.id, records)


def _background(start: int) -> list[PostRecord]:
    return [
        _post(
            start + i, BACKGROUND[i % len(BACKGROUND)] + f" ({i})", minutes=30 + i, author=f"u{i}"
        )
        for i in range(40)
    ]


def _kit(engine: Engine, workspace: Workspace, **changes: object):  # type: ignore[no-untyped-def]
    values: dict = {
        "message": MESSAGE,
        "release_at": RELEASE,
        "hashtags": ["#StokPanganAman"],
        "link": LINK,
        "title": "Stok pangan aman",
    }
    values.update(changes)
    return create_kit(engine, workspace, **values)


# --- kits and accounts ----------------------------------------------------------------------


def test_kit_is_created_checked_listed_and_deleted(engine: Engine, workspace: Workspace) -> None:
    kit = _kit(
        engine, workspace, hashtags=["#StokPanganAman", "stokpanganaman, Nataru"],
        assets=["https://kemenpantara.go.id/a.png"],
    )  # fmt: skip
    assert kit.hashtags == ["StokPanganAman", "Nataru"]
    assert kit.release_at == RELEASE and kit.accounts == 0 and kit.matches == 0
    assert [k.id for k in list_kits(engine, workspace)] == [kit.id]
    with pytest.raises(PantauError, match="sudah ada"):
        _kit(engine, workspace)
    with pytest.raises(PantauError, match="tagar"):
        _kit(engine, workspace, title="lain", hashtags=["#stok-pangan"])
    with pytest.raises(PantauError, match="tautan"):
        _kit(engine, workspace, title="lain", link="kemenpantara.go.id/x")
    with pytest.raises(PantauError, match="pesan"):
        _kit(engine, workspace, title="lain", message="  ")
    untitled = _kit(engine, workspace, title=None, release_at=RELEASE + timedelta(days=1))
    assert untitled.title.startswith("Stok beras nasional aman") and untitled.title.endswith("…")
    assert [k.id for k in list_kits(engine, workspace)] == [untitled.id, kit.id]
    assert delete_kit(engine, workspace, kit.id).id == kit.id
    with pytest.raises(NotFoundError):
        get_kit(engine, workspace, kit.id)


def test_release_is_read_in_the_workspace_zone() -> None:
    assert parse_release("2026-11-18 10:00", "Asia/Jakarta") == RELEASE
    assert parse_release("2026-11-18 11:00", "WITA") == RELEASE
    assert parse_release("2026-11-18T12:00+09:00", "Asia/Jakarta") == RELEASE
    with pytest.raises(PantauError, match="waktu rilis"):
        parse_release("besok pagi", "Asia/Jakarta")


def test_accounts_from_csv_xlsx_one_by_one_and_other_workspaces(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    kit = _kit(engine, workspace)
    csv_file = tmp_path / "akun.csv"
    csv_file.write_text(
        "platform;akun;instansi;nama\n"
        "twitter;@BacaPantara;Badan Cadangan Pangan;Bacapantara\n"
        ";https://www.instagram.com/pemprovnusa/;Pemprov Nusa Lestari;\n"
        "friendster;abc;Dinas X;\n"
        "x;danaubiru;;\n"
        "x;bacapantara;Badan Cadangan Pangan;\n",
        encoding="utf-8",
    )
    s = import_accounts(engine, workspace, kit.id, csv_file, rejects_dir=tmp_path / "rejects")
    assert (s.rows_read, s.rows_new, s.rows_rejected) == (5, 2, 3)
    reasons = Path(s.rejects_path or "").read_text("utf-8-sig")
    assert "platform tidak dikenal" in reasons and "instansi kosong" in reasons
    assert "akun ganda" in reasons
    again = import_accounts(engine, workspace, kit.id, csv_file, rejects_dir=tmp_path / "rejects")
    assert (again.rows_new, again.rows_updated, again.rows_unchanged) == (0, 0, 2)

    from openpyxl import Workbook

    wb = Workbook()
    sheet = wb.active
    sheet.append(["Platform", "Akun", "Instansi"])
    sheet.append(["x", "bacapantara", "Badan Cadangan Pangan Nusantara"])
    sheet.append(["facebook", "PemkotKarangAsri", "Pemkot Karang Asri"])
    wb.save(tmp_path / "akun.xlsx")
    s = import_accounts(
        engine, workspace, kit.id, tmp_path / "akun.xlsx", rejects_dir=tmp_path / "rejects"
    )
    assert (s.rows_new, s.rows_updated, s.rows_rejected) == (1, 1, 0)

    add_account(
        engine, workspace, kit.id, platform="ig", handle="@LembahHijau", institution="Pemkab"
    )
    with pytest.raises(PantauError, match="instansi"):
        add_account(engine, workspace, kit.id, platform="x", handle="a", institution=" ")
    other = create_workspace(engine, "tanjung", "Pemprov Tanjung Permai", "pemda", "Asia/Jakarta")
    with pytest.raises(PantauError, match="belum punya akun resmi"):
        add_workspace_accounts(engine, workspace, kit.id, "tanjung")
    with engine.begin() as conn:
        ensure_channel(conn, other.id, ChannelRef("x", "TanjungPermaiProv", "Pemprov TP"))
        ensure_channel(conn, other.id, ChannelRef("instagram", "prov.tanjungpermai"))
    changes = add_workspace_accounts(engine, workspace, kit.id, "tanjung")
    assert (changes.new, changes.unchanged) == (2, 0)
    assert add_workspace_accounts(engine, workspace, kit.id, "tanjung").unchanged == 2

    accounts = {(a.platform, a.handle): a for a in list_accounts(engine, workspace, kit.id)}
    assert set(accounts) == {
        ("x", "bacapantara"),
        ("instagram", "pemprovnusa"),
        ("facebook", "pemkotkarangasri"),
        ("instagram", "lembahhijau"),
        ("x", "tanjungpermaiprov"),
        ("instagram", "prov.tanjungpermai"),
    }
    assert accounts[("x", "bacapantara")].institution == "Badan Cadangan Pangan Nusantara"
    assert accounts[("x", "tanjungpermaiprov")].institution == "Pemprov Tanjung Permai"
    assert accounts[("x", "tanjungpermaiprov")].via_workspace == "tanjung"
    assert get_kit(engine, workspace, kit.id).accounts == 6
    remove_account(engine, workspace, kit.id, "instagram", "@LembahHijau")
    with pytest.raises(NotFoundError):
        remove_account(engine, workspace, kit.id, "instagram", "lembahhijau")
    assert get_kit(engine, workspace, kit.id).accounts == 5


# --- matching -------------------------------------------------------------------------------


def test_matching_finds_each_signal_only_after_release_and_is_incremental(
    engine: Engine, workspace: Workspace
) -> None:
    kit = _kit(engine, workspace)
    posts = [
        *_background(100),
        _post(1, MESSAGE + " #StokPanganAman", minutes=-120, author="early",
              hashtags=["StokPanganAman"]),
        _post(2, MESSAGE + " #StokPanganAman " + LINK, minutes=12, author="copier",
              hashtags=["StokPanganAman"]),
        _post(3, PARAPHRASE, minutes=95, author="paraphraser", platform="facebook"),
        _post(4, "Tetap tenang jelang libur akhir tahun ya #stokpanganaman", minutes=130,
              author="tagger", hashtags=["stokpanganaman"]),
        _post(5, "Penjelasan resmi: https://www.kemenpantara.go.id/siaran-pers/stok-pangan-aman/"
              "?utm_source=wa", minutes=300, author="linker"),
        _post(6, "Info lengkap di tautan", minutes=310, author="linker2",
              url="https://kemenpantara.go.id/siaran-pers/stok-pangan-aman#atas"),
        _post(7, "harga beras stabil katanya, tapi stok di pasar kosong, pemerintah gimana sih",
              minutes=200, author="skeptic"),
        _post(8, MESSAGE, minutes=-10, author="scheduled"),
    ]  # fmt: skip
    _write(engine, workspace, posts)
    summary = match_kit(engine, workspace, kit.id)
    assert summary.rematched and summary.posts_checked == len(posts) - 1  # before release
    with engine.connect() as conn:
        rows = conn.execute(
            select(narrative_matches.c.post_id, narrative_matches.c.signals,
                   narrative_matches.c.fidelity)
        ).all()  # fmt: skip
    report = narrative_report(engine, workspace, kit.id)
    by_author = {v.handle: v for v in report.volunteers}
    assert set(by_author) == {"copier", "paraphraser", "tagger", "linker", "linker2", "scheduled"}
    assert len(rows) == 6
    assert by_author["copier"].signals == ["hashtag", "link", "text"]
    assert by_author["paraphraser"].signals == ["text"]
    assert by_author["tagger"].signals == ["hashtag"]
    assert by_author["linker"].signals == ["link"] == by_author["linker2"].signals
    assert by_author["scheduled"].delay_minutes == 0  # inside the tolerance before release
    copier, paraphraser = by_author["copier"].best_fidelity, by_author["paraphraser"].best_fidelity
    tagger = by_author["tagger"].best_fidelity
    assert copier is not None and paraphraser is not None and tagger is not None
    assert copier > 0.9 > paraphraser >= TEXT_THRESHOLD > tagger
    assert by_author["copier"].band == "tinggi" and by_author["tagger"].band == "rendah"

    again = match_kit(engine, workspace, kit.id)
    assert (again.posts_checked, again.new_matches, again.rematched) == (0, 0, False)
    _write(engine, workspace, [
        _post(9, PARAPHRASE + " #StokPanganAman", minutes=1500, author="late", platform="instagram",
              hashtags=["StokPanganAman"]),
        _post(10, "resep nasi goreng kampung", minutes=1600, author="cook"),
    ])  # fmt: skip
    later = match_narratives(engine, workspace)[0]
    assert (later.posts_checked, later.new_matches, later.matches) == (2, 1, 7)
    full = match_kit(engine, workspace, kit.id, full=True)
    assert full.rematched and full.matches == 7
    with engine.connect() as conn:
        count = conn.execute(select(func.count()).select_from(narrative_matches)).scalar()
    assert count == 7


def test_fidelity_bands_and_delays_read_plainly() -> None:
    assert [fidelity_band(x) for x in (1.0, 0.7, 0.5, TEXT_THRESHOLD, 0.1)] == [
        "tinggi", "tinggi", "sedang", "sedang", "rendah",
    ]  # fmt: skip
    assert fmt_delay(None) == "–"
    assert fmt_delay(9.6) == "10 menit"
    assert fmt_delay(125) == "2 jam 5 menit"
    assert fmt_delay(60 * 27) == "1 hari 3 jam"


def test_report_adoption_delay_reach_institutions(engine: Engine, workspace: Workspace) -> None:
    kit = _kit(engine, workspace)
    for platform, handle, institution in (
        ("x", "fast", "Pemprov A"),
        ("instagram", "slow", "Pemprov A"),
        ("x", "never", "Pemkab B"),
        ("facebook", "tagonly", "Badan C"),
    ):
        add_account(
            engine, workspace, kit.id, platform=platform, handle=handle, institution=institution
        )
    _write(engine, workspace, [
        *_background(100),
        _post(1, MESSAGE + " " + LINK, minutes=10, author="Fast", followers=50_000, views=9_000),
        _post(2, PARAPHRASE + " #StokPanganAman", minutes=20, author="fast", followers=50_000,
              views=1_000, hashtags=["StokPanganAman"]),
        _post(3, PARAPHRASE, minutes=250, author="slow", platform="instagram", followers=20_000),
        _post(4, "Libur sebentar lagi #StokPanganAman", minutes=130, author="tagonly",
              platform="facebook", followers=None, hashtags=["StokPanganAman"]),
        _post(5, "setuju! #StokPanganAman", minutes=40, author="citizen", followers=300,
              hashtags=["StokPanganAman"]),
        _post(6, MESSAGE, minutes=60, author="never", platform="instagram"),  # not the asked x
    ])  # fmt: skip
    match_kit(engine, workspace, kit.id)
    r = narrative_report(engine, workspace, kit.id)
    assert (r.asked, r.posted, r.adoption_rate) == (4, 3, 0.75)
    assert [a.handle for a in r.accounts] == ["fast", "tagonly", "slow", "never"]
    assert [a.delay_minutes for a in r.accounts] == [10.0, 130.0, 250.0, None]
    assert r.median_delay_minutes == 130.0
    fast = r.accounts[0]
    assert fast.posts == 2 and fast.first_post_at == RELEASE + timedelta(minutes=10)
    assert fast.views == 10_000 and fast.engagement == 26 and fast.followers == 50_000
    assert [a.handle for a in r.not_posted] == ["never"]
    assert r.reach.accounts == 3 and r.reach.followers == 70_000 and r.reach.followers_known == 2
    assert r.reach.posts == 4 and r.reach.views == 10_000 and r.reach.views_known == 2
    assert sum(r.fidelity_bands.values()) == 4 and r.fidelity_bands["tinggi"] == 1
    assert [p.delay_minutes for p in r.posts] == [10.0, 20.0, 130.0, 250.0]
    assert {(v.platform, v.handle) for v in r.volunteers} == {
        ("x", "citizen"), ("instagram", "never"),
    }  # fmt: skip
    assert r.volunteer_reach.accounts == 2
    rows = {i.institution: i for i in r.institutions}
    assert (rows["Pemprov A"].asked, rows["Pemprov A"].posted) == (2, 2)
    assert rows["Pemprov A"].median_delay_minutes == 130.0
    assert rows["Pemkab B"].adoption_rate == 0 and rows["Pemkab B"].not_posted == ["x/never"]
    assert r.institutions[-1].institution == "Pemkab B"
    assert r.adoption_curve == [(0.17, 1), (2.17, 2), (4.17, 3)]
    assert any("3 dari 4 akun" in line for line in r.summary)
    assert not any("belum diperiksa" in n for n in r.notes)
    _write(engine, workspace, [_post(50, "post baru", minutes=999)])
    assert any("belum diperiksa" in n for n in narrative_report(engine, workspace, kit.id).notes)
    data = orjson.loads(orjson.dumps(r.as_dict()))
    assert data["kit"]["id"] == kit.id and data["accounts"][0]["first_post_at"].startswith("2026")


def test_report_of_a_kit_nobody_was_asked_to_carry(engine: Engine, workspace: Workspace) -> None:
    kit = _kit(engine, workspace)
    r = narrative_report(engine, workspace, kit.id)
    assert (r.asked, r.posted, r.adoption_rate, r.median_delay_minutes) == (0, 0, None, None)
    assert r.summary[0].startswith("Belum ada akun")
    with pytest.raises(NotFoundError):
        narrative_report(engine, workspace, kit.id + 1)


def test_kits_of_another_workspace_are_invisible(engine: Engine, workspace: Workspace) -> None:
    kit = _kit(engine, workspace)
    other = create_workspace(engine, "lain", "Instansi Lain", "pemda", "Asia/Jakarta")
    assert list_kits(engine, other) == []
    with pytest.raises(NotFoundError):
        get_kit(engine, other, kit.id)


def test_a_crash_mid_run_is_repaired_by_running_again(
    engine: Engine, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pantau.agenda import narrative_match
    from pantau.store import narratives as store

    kit = _kit(engine, workspace)
    carrying = [
        _post(500 + i, f"Dukung {i} #StokPanganAman", minutes=5 + i, author=f"a{i}",
              hashtags=["StokPanganAman"])
        for i in range(25)
    ]  # fmt: skip
    _write(engine, workspace, [*_background(100), *carrying])
    monkeypatch.setattr(narrative_match, "BATCH", 10)
    real = store.add_matches
    calls = []

    def failing(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("listrik padam")
        return real(*args, **kwargs)

    monkeypatch.setattr(store, "add_matches", failing)
    with pytest.raises(RuntimeError):
        match_kit(engine, workspace, kit.id)
    partial = get_kit(engine, workspace, kit.id)
    assert partial.matched_through > 0 and partial.matches < 25
    monkeypatch.setattr(store, "add_matches", real)
    summary = match_kit(engine, workspace, kit.id)
    assert not summary.rematched and summary.matches == 25
    assert summary.posts_checked == 65 - 20  # the two committed batches are not read again
