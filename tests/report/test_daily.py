"""The daily report: summary from the data, every format valid, caveats, stable input hash."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert, select

from pantau.monitor.run import run_monitoring
from pantau.records import PostRecord, Workspace
from pantau.report.daily import build_daily_report
from pantau.report.render import list_reports, write_daily_report
from pantau.store.posts import write_posts
from pantau.store.schema import post_enrichment, posts

T0 = datetime(2026, 11, 16, 0, 0)  # 07:00 WIB
CHATTER = [
    "harga cabai di pasar naik sedikit",
    "cuaca cerah cocok menjemur gabah",
    "resep sayur lodeh enak untuk makan siang",
    "panen jagung tahun ini lumayan bagus",
    "pasar induk ramai pembeli pagi ini",
    "beras medium stabil di warung dekat rumah",
]
SCRIPT = "<script>alert(1)</script>"


def _store(engine: Engine, workspace: Workspace, rows: list[tuple]) -> None:
    """rows: (platform, external id, created_at, author, text, sentiment)."""
    records = [
        PostRecord(
            platform=platform,
            external_id=eid,
            key_kind="id",
            created_at=when,
            collected_at=when,
            text=text,
            raw="{}",
            raw_format="test",
            author=author,
            author_followers=100,
            likes=1,
            reposts=2,
            replies=3,
        )
        for platform, eid, when, author, text, _ in rows
    ]
    with engine.begin() as conn:
        write_posts(conn, workspace.id, records)
        ids = {
            (p, e): i
            for p, e, i in conn.execute(select(posts.c.platform, posts.c.external_id, posts.c.id))
        }
        conn.execute(
            insert(post_enrichment),
            [
                {
                    "workspace_id": workspace.id,
                    "post_id": ids[(platform, eid)],
                    "normalized_text": text.lower(),
                    "language": "id",
                    "sentiment": sentiment,
                    "sentiment_score": 0.9,
                    "polarity": -0.8 if sentiment == "negative" else 0.0,
                    "emotion": "none",
                    "emotion_score": 1.0,
                    "entities": [],
                    "model_version": "test",
                    "enriched_at": when,
                }
                for platform, eid, when, _, text, sentiment in rows
            ],
        )


def _two_days_with_a_burst(engine: Engine, workspace: Workspace) -> None:
    rows = []
    n = 0
    for h in range(40):
        for i in range(20):
            n += 1
            text = CHATTER[(h + i) % len(CHATTER)] + f" {n % 7}"
            rows.append(
                (
                    "x",
                    f"c{n}",
                    T0 + timedelta(hours=h, minutes=i * 3),
                    f"u{n % 50}",
                    text,
                    "neutral",
                )
            )
    for h in range(24):  # Facebook speaks on the first day only, then goes silent.
        for i in range(3):
            n += 1
            text = CHATTER[(h + i) % len(CHATTER)]
            rows.append(
                (
                    "facebook",
                    f"f{n}",
                    T0 + timedelta(hours=h, minutes=i * 10),
                    f"fb{n % 9}",
                    text,
                    "positive",
                )
            )
    for h in range(36, 40):
        for i in range(10 + 4 * (h - 36)):
            n += 1
            text = f"pupuk langka di kios desa {n} petani antre #PupukLangka {SCRIPT}"
            rows.append(
                (
                    "x",
                    f"b{n}",
                    T0 + timedelta(hours=h, minutes=i * 2),
                    f"warga{n}",
                    text,
                    "negative",
                )
            )
    _store(engine, workspace, rows)
    run_monitoring(engine, workspace)


@pytest.fixture
def report_data(engine: Engine, workspace: Workspace):  # type: ignore[no-untyped-def]
    _two_days_with_a_burst(engine, workspace)
    return engine, workspace


def test_summary_names_the_leading_issue_with_real_numbers(report_data) -> None:  # type: ignore[no-untyped-def]
    engine, workspace = report_data
    report = build_daily_report(engine, workspace)
    assert report.day == "2026-11-18"  # default: the period holding the latest post
    assert report.period_label.startswith("17 Nov 2026 07.00 WIB")
    assert report.issues, "the burst must be an issue"
    lead = report.issues[0]
    assert "pupuk" in lead.label.lower()
    assert 3 <= len(report.summary) <= 5
    text = " ".join(report.summary)
    assert lead.label in report.summary[1]
    assert f"{report.total_posts:,}".replace(",", ".") in report.summary[0]
    assert "Isu teratas" in text and "negatif" in text
    assert report.total_posts == 16 * 20 + sum(10 + 4 * k for k in range(4))
    assert {s.platform: s.posts for s in report.sources} == {"x": report.total_posts, "facebook": 0}


def test_silent_platform_is_a_caveat_and_hash_is_stable(report_data) -> None:  # type: ignore[no-untyped-def]
    engine, workspace = report_data
    report = build_daily_report(engine, workspace, date(2026, 11, 18))
    assert any("Facebook" in c and "tidak mengirim" in c for c in report.caveats)
    again = build_daily_report(engine, workspace, date(2026, 11, 18))
    assert again.input_hash == report.input_hash and len(report.input_hash) == 64
    other = build_daily_report(engine, workspace, date(2026, 11, 17))
    assert other.input_hash != report.input_hash
    assert not any("Facebook" in c for c in other.caveats)


def test_every_format_is_written_and_valid(report_data, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from docx import Document
    from openpyxl import load_workbook
    from PIL import Image

    engine, workspace = report_data
    report = build_daily_report(engine, workspace)
    paths = write_daily_report(report, tmp_path)
    names = sorted(p.name for p in paths)
    stem = "laporan-harian-uji-2026-11-18"
    assert names == sorted(
        f"{stem}.{e}" for e in ("pdf", "docx", "xlsx", "html", "png", "manifest.json")
    )
    pdf = (tmp_path / f"{stem}.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 2000
    with Image.open(tmp_path / f"{stem}.png") as img:
        assert img.size == (1080, 1350)
    wb = load_workbook(tmp_path / f"{stem}.xlsx")
    assert wb.sheetnames[0] == "Ringkasan" and "Isu Teratas" in wb.sheetnames
    assert wb["Isu Teratas"].max_row == len(report.issues) + 1
    doc = Document(str(tmp_path / f"{stem}.docx"))
    assert any(p.text == "Ringkasan Eksekutif" for p in doc.paragraphs)
    assert len(doc.tables) >= 2
    page = (tmp_path / f"{stem}.html").read_text("utf-8")
    assert SCRIPT not in page and "&lt;script&gt;" in page
    assert report.summary[0] in page
    listed = list_reports(tmp_path)
    assert len(listed) == 1 and listed[0]["input_hash"] == report.input_hash
    assert listed[0]["missing"] == []


def test_cli_daily_and_list(report_data, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import json

    import typer
    from typer.testing import CliRunner

    from pantau.cli import state
    from pantau.commands.report import app as report_app
    from pantau.config import load_settings

    engine, _ = report_data
    monkeypatch.setattr(state, "settings", load_settings(tmp_path, str(engine.url)), raising=False)
    monkeypatch.setattr(state, "_engine", engine)
    root = typer.Typer()
    root.add_typer(report_app, name="report")
    runner = CliRunner()
    done = runner.invoke(root, ["report", "daily", "-w", "uji", "--format", "html,png", "--json"])
    assert done.exit_code == 0, done.output
    data = json.loads(done.output)
    assert data["day"] == "2026-11-18" and len(data["files"]) == 3
    listed = runner.invoke(root, ["report", "list", "--json"])
    assert listed.exit_code == 0, listed.output
    assert json.loads(listed.output)[0]["input_hash"] == data["input_hash"]


def test_issues_name_key_actors_and_the_known_hoax_with_its_clarification(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    from pantau.factcheck.claims import import_claims
    from pantau.factcheck.matching import match_claims

    claims = tmp_path / "klaim.csv"
    claims.write_text(
        "klaim,status,kategori,klarifikasi,sumber,tanggal\n"
        '"Pupuk langka di kios desa, petani antre",HOAKS,pemerintahan,'
        '"Stok pupuk subsidi aman di semua kios",https://contoh.go.id/klarifikasi-pupuk,2026-11-15\n',
        encoding="utf-8",
    )
    import_claims(engine, workspace, claims, rejects_dir=tmp_path / "rejects")
    rows = [
        ("x", f"h{i}", T0 + timedelta(hours=36, minutes=i), f"akun{i % 12}", text, "negative")
        for i, text in enumerate(
            [f"pupuk langka di kios desa {i} petani antre #PupukLangka" for i in range(40)]
        )
    ]
    rows += [
        ("x", f"c{h}-{i}", T0 + timedelta(hours=h, minutes=i), f"u{i}", CHATTER[i % 6], "neutral")
        for h in range(40)
        for i in range(10)
    ]
    _store(engine, workspace, rows)
    match_claims(engine, workspace)
    summary = run_monitoring(engine, workspace)
    report = build_daily_report(engine, workspace)
    assert report.issues, summary
    lead = report.issues[0]
    assert "pupuk" in lead.label.lower()
    # 40 posts by 12 accounts: akun0 … akun3 have 4 each, the rest 3
    assert [a["handle"] for a in lead.actors] == ["akun0", "akun1", "akun2"]
    assert lead.hoax is not None and lead.hoax["verdict"] == "HOAKS"
    assert lead.hoax["source_url"] == "https://contoh.go.id/klarifikasi-pupuk"
    html = (write_daily_report(report, tmp_path / "out", formats=("html",))[0]).read_text()
    assert "Aktor kunci" in html and "Stok pupuk subsidi aman" in html


def test_report_carries_narrative_adoption_and_agenda_gaps(report_data, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from pantau.agenda.items import add_item
    from pantau.agenda.narrative import add_account, create_kit
    from pantau.agenda.narrative_match import match_narratives

    engine, workspace = report_data
    kit = create_kit(
        engine,
        workspace,
        title="Stok pupuk aman",
        message="Stok pupuk subsidi aman, petani tebus di kios resmi",
        hashtags=["PupukAman"],
        release_at=T0 + timedelta(hours=30),
    )
    for handle, institution in (
        ("humasjateng", "Pemprov Jateng"),
        ("dinastani", "Dinas Pertanian"),
    ):
        add_account(engine, workspace, kit.id, platform="x", handle=handle, institution=institution)
    _store(
        engine,
        workspace,
        [
            ("x", "n1", T0 + timedelta(hours=31), "humasjateng",
             "Stok pupuk subsidi aman, petani tebus di kios resmi #PupukAman", "positive"),
        ],
    )  # fmt: skip
    match_narratives(engine, workspace)
    add_item(
        engine,
        workspace,
        "Kartu tani digital",
        starts_on="2026-11-01",
        ends_on="2026-11-30",
        query='"kartu tani"',
        priority="tinggi",
    )
    report = build_daily_report(engine, workspace)
    (narrative,) = report.narratives
    assert narrative["title"] == "Stok pupuk aman" and narrative["adoption"] == "1/2"
    assert narrative["not_posted"] == "Dinas Pertanian"
    assert report.agenda_summary  # sentences from the agenda analysis
    # nobody talks about the item: it is a gap to push
    assert any(g["kind"] == "dorong" and "Kartu tani" in g["label"] for g in report.agenda_gaps)
    files = write_daily_report(report, tmp_path / "out", formats=("html", "pdf", "xlsx", "docx"))
    html = next(f for f in files if f.suffix == ".html").read_text()
    assert "Narasi Tunggal" in html and "Celah Agenda" in html and "Dinas Pertanian" in html
