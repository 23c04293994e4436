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

    from pantau.cli.commands.report import app as report_app
    from pantau.cli.context import state
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


# --- English -------------------------------------------------------------------------------


def test_translate_why_turns_the_fixed_phrases_into_english() -> None:
    from pantau.report.daily import translate_why

    why = (
        "volume naik 2,8× dalam 3 jam, 75% negatif, menyebut @humasuji, pupuk, "
        "diberitakan 1 artikel media, 12 salinan pesan yang sama (indikasi salin-tempel), "
        "jangkauan ±1.234.567 pengikut, 40 post membawa hoaks yang dikenal: «Pupuk 50% negatif»"
    )
    assert translate_why(why, "en") == (
        "volume up 2.8× in 3 hours, 75% negative, mentions @humasuji, pupuk, "
        "covered by 1 news article, 12 copies of the same message (sign of copy-paste), "
        "reach ±1,234,567 followers, 40 posts carry a known hoax: «Pupuk 50% negatif»"
    )
    assert translate_why(
        "volume turun ke 20% dari puncaknya, 1 post dalam 3 jam terakhir", "en"
    ) == ("volume down to 20% of its peak, 1 post in the last 3 hours")
    assert translate_why("1.500 post dalam 3 jam terakhir, frasa baru", "en") == (
        "1,500 posts in the last 3 hours, frasa baru"  # an unknown phrase stays as stored
    )
    assert translate_why(why, "id") == why and translate_why("", "en") == ""


def test_english_report_of_the_same_data(report_data, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from pantau.errors import PantauError

    engine, workspace = report_data
    monkeypatch.delenv("PANTAU_LANG", raising=False)
    indonesian = build_daily_report(engine, workspace, date(2026, 11, 18))
    english = build_daily_report(engine, workspace, date(2026, 11, 18), lang="en")
    assert indonesian.lang == "id" and indonesian.parameters["language"] == "id"
    assert english.lang == "en" and english.parameters["language"] == "en"
    assert english.input_hash != indonesian.input_hash  # the language is a parameter
    assert english.total_posts == indonesian.total_posts
    assert english.day_label == "Wednesday, 18 November 2026"
    assert english.period_label == "17 Nov 2026 07:00 WIB – 18 Nov 2026 07:00 WIB"
    assert english.hourly[0][0] == "07:00" and indonesian.hourly[0][0] == "07.00"
    assert [c for _, c in english.hourly] == [c for _, c in indonesian.hourly]
    assert english.summary[0].startswith(f"This period recorded {english.total_posts} posts")
    lead, lead_id = english.issues[0], indonesian.issues[0]
    assert lead.label == lead_id.label and lead.representative == {
        **lead_id.representative,
        "created_at": lead.representative["created_at"],
    }
    assert "The top issue is «" + lead.label + "»" in english.summary[1]
    assert "(priority urgent, stage growing)" in english.summary[1]
    reach = 100 * lead.unique_authors  # every author has 100 followers
    assert f"reach ±{reach:,} followers" in lead.why
    assert f"jangkauan ±{reach:,} pengikut".replace(",", ".") in lead_id.why
    assert f"reach ±{reach:,} followers" in english.summary[1]
    assert "negatif" not in lead.why and "negative" in lead.why
    assert (
        lead.suggested_response == "clarification" and lead_id.suggested_response == "klarifikasi"
    )
    assert lead.priority == lead_id.priority == "segera"  # codes stay codes
    assert any(c.startswith("Facebook sent no posts") for c in english.caveats)
    assert english.summary[-1].startswith("Note: the figures above may be incomplete")
    text = " ".join(english.summary + english.caveats)
    for word in ("unggahan", "Isu teratas", "sebelumnya", "negatif"):
        assert word not in text, word
    monkeypatch.setenv("PANTAU_LANG", "en")
    assert build_daily_report(engine, workspace, date(2026, 11, 18)).lang == "en"
    with pytest.raises(PantauError, match="bahasa tidak dikenal"):
        build_daily_report(engine, workspace, date(2026, 11, 18), lang="fr")


def _pdf_text(path: Path) -> str | None:
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        return None
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout


def test_every_format_in_english_and_indonesian_number_formats(report_data, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    from docx import Document
    from openpyxl import load_workbook
    from PIL import Image

    engine, workspace = report_data
    expected = {
        "en": ("daily-report", "Executive Summary", "Top Issues", "12,345 (yesterday 6,789)"),
        "id": ("laporan-harian", "Ringkasan Eksekutif", "Isu Teratas", "12.345 (kemarin 6.789)"),
    }
    for lang, (stem_word, summary_heading, issues_heading, total) in expected.items():
        built = build_daily_report(engine, workspace, date(2026, 11, 18), lang=lang)
        # bigger numbers than the fixture holds, to see the digit grouping in every format
        report = dataclasses.replace(built, total_posts=12345, previous_posts=6789)
        folder = tmp_path / lang
        paths = write_daily_report(report, folder)
        stem = f"{stem_word}-uji-2026-11-18"
        assert sorted(p.name for p in paths) == sorted(
            f"{stem}.{e}" for e in ("pdf", "docx", "xlsx", "html", "png", "manifest.json")
        )
        manifest = list_reports(folder)[0]
        assert manifest["language"] == lang and manifest["parameters"]["language"] == lang

        page = (folder / f"{stem}.html").read_text("utf-8")
        assert f'<html lang="{lang}">' in page
        assert f"<h2>{summary_heading}</h2>" in page and f"<h2>{issues_heading}</h2>" in page
        assert f"<td>{total}</td>" in page
        assert all(html_escape(s) in page for s in report.summary)

        doc = Document(str(folder / f"{stem}.docx"))
        paragraphs = [p.text for p in doc.paragraphs]
        assert summary_heading in paragraphs and issues_heading in paragraphs
        assert report.summary[0] in paragraphs
        cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
        assert total in cells

        wb = load_workbook(folder / f"{stem}.xlsx")
        first = wb.worksheets[0]
        assert total in [c.value for c in first["B"]]
        assert issues_heading in wb.sheetnames
        header = [c.value for c in wb[issues_heading][1]]

        pdf = folder / f"{stem}.pdf"
        assert pdf.read_bytes().startswith(b"%PDF")
        text = _pdf_text(pdf)
        if text is not None:
            flat = " ".join(text.split())
            assert summary_heading in flat and total in flat

        with Image.open(folder / f"{stem}.png") as img:
            assert img.size == (1080, 1350)

        if lang == "en":
            assert first.title == "Summary"
            assert header[:5] == ["ID", "Issue", "Priority", "Stage", "Why"]
            assert wb[issues_heading]["C2"].value == "urgent"
            assert "Volume per Hour WIB" in wb.sheetnames
            assert any(p.startswith("Priority: urgent, stage: growing.") for p in paragraphs)
            assert "Suggested response: clarification" in paragraphs
            assert any(c.startswith("Facebook sent no posts") for c in paragraphs)
            for word in ("Ringkasan", "Unggahan", "Keterangan", "Prioritas"):
                assert word not in page, word
            if text is not None:
                assert "input hash" in text and "Posts per hour (WIB)" in text
        else:
            assert first.title == "Ringkasan"
            assert header[:5] == ["ID", "Isu", "Prioritas", "Tahap", "Alasan"]
            assert "Executive Summary" not in page


def html_escape(text: str) -> str:
    import html

    return html.escape(text)


def test_cli_daily_in_english(report_data, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import json

    import typer
    from typer.testing import CliRunner

    from pantau.cli.commands.report import app as report_app
    from pantau.cli.context import state
    from pantau.config import load_settings
    from pantau.errors import PantauError

    engine, _ = report_data
    monkeypatch.setattr(state, "settings", load_settings(tmp_path, str(engine.url)), raising=False)
    monkeypatch.setattr(state, "_engine", engine)
    monkeypatch.delenv("PANTAU_LANG", raising=False)
    root = typer.Typer()
    root.add_typer(report_app, name="report")
    runner = CliRunner()
    args = ["report", "daily", "-w", "uji", "--format", "html", "--json"]
    done = runner.invoke(root, [*args, "--lang", "en"])
    assert done.exit_code == 0, done.output
    data = json.loads(done.output)
    assert data["lang"] == "en" and data["summary"][0].startswith("This period recorded")
    assert [Path(f).name for f in data["files"]] == [
        "daily-report-uji-2026-11-18.html",
        "daily-report-uji-2026-11-18.manifest.json",
    ]
    default = json.loads(runner.invoke(root, args).output)
    assert default["lang"] == "id" and default["files"][0].endswith(
        "laporan-harian-uji-2026-11-18.html"
    )
    monkeypatch.setenv("PANTAU_LANG", "en")
    from_env = json.loads(runner.invoke(root, args).output)
    assert from_env["lang"] == "en" and from_env["input_hash"] == data["input_hash"]
    wrong = runner.invoke(root, [*args, "--lang", "fr"])
    assert wrong.exit_code != 0 and isinstance(wrong.exception, PantauError)
    listed = json.loads(runner.invoke(root, ["report", "list", "--json"]).output)
    assert sorted(m["language"] for m in listed) == ["en", "id"]
