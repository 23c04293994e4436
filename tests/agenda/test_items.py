"""Agenda items, their topics, own accounts, files and the calendar, on both databases."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from pantau.agenda.calendar import (
    KIND_COMMEMORATION,
    KIND_HOLIDAY,
    KIND_LEAVE,
    KIND_WORKSPACE,
    add_date,
    calendar,
    delete_date,
    national_dates,
)
from pantau.agenda.items import (
    OWN_TOPIC,
    TOPIC_CATEGORY,
    add_item,
    add_own_account,
    delete_item,
    edit_item,
    export_items,
    get_item,
    import_items,
    list_items,
    own_accounts,
    own_accounts_query,
    own_topic_id,
    query_from_keywords,
    sync_agenda,
)
from pantau.errors import NotFoundError, PantauError
from pantau.monitor.topics import delete_topic, list_topics
from pantau.records import PostRecord, Workspace
from pantau.store.posts import write_posts
from pantau.store.schema import topic_matches
from pantau.store.workspaces import create_workspace

T0 = datetime(2026, 11, 16, 2, 0)  # naive UTC = 09.00 WIB
TEXTS = (
    ("x", "warga1", "Kartu Tani Digital bikin ribet #KartuTaniDigital"),
    ("x", "warga2", "pupuk langka lagi di kios"),
    ("x", "kemenpantara", "Yuk daftar kartu tani di penyuluh desa"),
    ("news", "media1", "Kementerian luncurkan kartu tani digital"),
    ("instagram", "kemenpantara", "Tanam cabai di pekarangan rumah"),
)


def _write(engine: Engine, workspace: Workspace) -> None:
    records = [
        PostRecord(
            platform=platform,
            external_id=str(i),
            key_kind="id",
            created_at=T0 + timedelta(hours=i),
            collected_at=T0,
            text=text,
            raw="{}",
            raw_format="test",
            author=author,
        )
        for i, (platform, author, text) in enumerate(TEXTS)
    ]
    with engine.begin() as conn:
        write_posts(conn, workspace.id, records)


def _matched(engine: Engine, topic_id: int) -> int:
    with engine.connect() as conn:
        rows = conn.execute(
            select(topic_matches.c.post_id).where(topic_matches.c.topic_id == topic_id)
        ).all()
    return len(rows)


def test_an_item_owns_a_topic_that_follows_its_query(engine: Engine, workspace: Workspace) -> None:
    _write(engine, workspace)
    item = add_item(
        engine,
        workspace,
        "Kartu Tani Digital",
        starts_on="2026-11-16",
        ends_on=date(2026, 12, 31),
        query='"kartu tani"',
        priority="tinggi",
        key_messages=["Daftar lewat penyuluh", "  Gratis  "],
    )
    assert item.key_messages == ["Daftar lewat penyuluh", "Gratis"]
    topic = next(t for t in list_topics(engine, workspace) if t.id == item.topic_id)
    assert topic.name == "Agenda: Kartu Tani Digital" and topic.category == TOPIC_CATEGORY
    assert _matched(engine, topic.id) == 3
    edited = edit_item(engine, workspace, "kartu tani digital", keywords=["pupuk"], title="KTD")
    assert edited.query == "pupuk" and edited.topic_id == item.topic_id
    assert _matched(engine, topic.id) == 1
    assert {t.name for t in list_topics(engine, workspace)} == {"Agenda: KTD"}
    assert get_item(engine, workspace, str(item.id)).title == "KTD"
    deleted = delete_item(engine, workspace, "KTD")
    assert deleted.id == item.id
    assert list_items(engine, workspace) == [] and list_topics(engine, workspace) == []


def test_bad_items_are_refused_with_a_clear_message(engine: Engine, workspace: Workspace) -> None:
    ok = {"starts_on": "2026-11-16", "ends_on": "2026-11-30"}
    add_item(engine, workspace, "Pupuk", query="pupuk", **ok)
    with pytest.raises(PantauError, match="sudah ada"):
        add_item(engine, workspace, "pupuk", query="pupuk", **ok)
    with pytest.raises(PantauError, match="kueri agenda tidak valid"):
        add_item(engine, workspace, "Rusak", query="(pupuk", **ok)
    with pytest.raises(PantauError, match="sebelum tanggal mulai"):
        add_item(
            engine, workspace, "Mundur", query="x", starts_on="2026-11-30", ends_on="2026-11-01"
        )
    with pytest.raises(PantauError, match="prioritas tidak dikenal"):
        add_item(engine, workspace, "Penting", query="x", priority="urgent", **ok)
    with pytest.raises(PantauError, match="kueri atau kata kunci"):
        add_item(engine, workspace, "Kosong", **ok)
    with pytest.raises(PantauError, match="tidak ada yang diubah"):
        edit_item(engine, workspace, "Pupuk")
    with pytest.raises(NotFoundError):
        get_item(engine, workspace, "Tidak Ada")
    assert [i.title for i in list_items(engine, workspace)] == ["Pupuk"]


def test_keywords_become_a_query() -> None:
    assert query_from_keywords(["#KartuTani", "kartu tani", "pupuk", "pupuk"]) == (
        '#KartuTani OR "kartu tani" OR pupuk'
    )


def test_own_accounts_topic_marks_the_institutions_posts(
    engine: Engine, workspace: Workspace
) -> None:
    _write(engine, workspace)
    assert own_topic_id(engine, workspace) is None
    assert add_own_account(engine, workspace, "x", "@KemenPantara") is True
    assert add_own_account(engine, workspace, "x", "kemenpantara") is False
    add_own_account(engine, workspace, "instagram", "kemenpantara")
    accounts = own_accounts(engine, workspace)
    assert [(a.platform, a.handle) for a in accounts] == [
        ("instagram", "kemenpantara"),
        ("x", "kemenpantara"),
    ]
    topic_id = own_topic_id(engine, workspace)
    assert topic_id is not None and _matched(engine, topic_id) == 2
    assert own_accounts_query(accounts) == (
        '(platform:instagram AND author:"kemenpantara") OR (platform:x AND author:"kemenpantara")'
    )
    with pytest.raises(PantauError, match="platform tidak dikenal"):
        add_own_account(engine, workspace, "friendster", "abc")
    names = {t.name for t in list_topics(engine, workspace)}
    assert OWN_TOPIC in names


def test_sync_repairs_a_deleted_topic_and_then_changes_nothing(
    engine: Engine, workspace: Workspace
) -> None:
    _write(engine, workspace)
    item = add_item(
        engine, workspace, "Pupuk", query="pupuk", starts_on="2026-11-16", ends_on="2026-11-30"
    )
    delete_topic(engine, workspace, "Agenda: Pupuk")
    summary = sync_agenda(engine, workspace)
    assert summary.topics_repaired == 1
    repaired = get_item(engine, workspace, item.id)
    assert repaired.topic_id is not None and _matched(engine, repaired.topic_id) == 1
    assert sync_agenda(engine, workspace).topics_repaired == 0


YAML = """agenda:
  - judul: Kartu Tani Digital
    jenis: program
    kueri: '"kartu tani" OR #kartutanidigital'
    pesan_kunci: [Daftar lewat penyuluh, Data petani aman]
    mulai: 2026-11-16
    selesai: 2026-12-31
    prioritas: tinggi
    sasaran: petani
    pemilik: Biro Humas
  - title: Tanam Cabai
    keywords: [pekarangan, tanam cabai]
    starts_on: 16/11/2026
    ends_on: 2026-12-31
  - judul: Rusak
    kueri: '(pupuk'
    mulai: 2026-11-16
    selesai: 2026-11-20
"""


def test_yaml_import_is_idempotent_and_exports_round_trip(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "agenda.yaml"
    path.write_text(YAML, "utf-8")
    first = import_items(engine, workspace, path)
    assert (first.rows_read, first.rows_new, first.rows_updated) == (3, 2, 0)
    assert [n for n, _ in first.rejected] == [3] and "tidak valid" in first.rejected[0][1]
    again = import_items(engine, workspace, path)
    assert (again.rows_new, again.rows_updated, again.rows_unchanged) == (0, 0, 2)
    cabai = get_item(engine, workspace, "Tanam Cabai")
    assert cabai.query == 'pekarangan OR "tanam cabai"' and cabai.priority == "sedang"
    path.write_text(YAML.replace("prioritas: tinggi", "prioritas: rendah"), "utf-8")
    changed = import_items(engine, workspace, path)
    assert (changed.rows_updated, changed.rows_unchanged) == (1, 1)
    assert get_item(engine, workspace, "Kartu Tani Digital").priority == "rendah"

    other = create_workspace(engine, "lain", "Instansi Lain", "pemda", "Asia/Makassar")
    for fmt in ("yaml", "csv"):
        exported = tmp_path / f"ekspor.{fmt}"
        exported.write_text(export_items(engine, workspace, fmt), "utf-8")
        result = import_items(engine, other, exported)
        assert result.rejected == []
        fields = ("title", "kind", "query", "key_messages", "starts_on", "ends_on", "priority")
        mine = [tuple(getattr(i, f) for f in fields) for i in list_items(engine, workspace)]
        theirs = [tuple(getattr(i, f) for f in fields) for i in list_items(engine, other)]
        assert theirs == mine
    assert "pesan_kunci" in export_items(engine, workspace, "csv").splitlines()[0]


def test_csv_import_with_semicolons_and_a_bad_date(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "agenda.csv"
    path.write_text(
        "\ufeffjudul;kata_kunci;mulai;selesai;prioritas;pesan_kunci\n"
        "Pupuk;pupuk | #PupukSubsidi;2026-11-16;2026-11-30;tinggi;Stok cukup | Beli di kios resmi\n"
        "Salah;beras;kemarin;2026-11-30;sedang;\n",
        "utf-8",
    )
    result = import_items(engine, workspace, path)
    assert result.rows_new == 1 and [n for n, _ in result.rejected] == [3]
    item = get_item(engine, workspace, "Pupuk")
    assert item.query == "pupuk OR #PupukSubsidi"
    assert item.key_messages == ["Stok cukup", "Beli di kios resmi"]
    with pytest.raises(PantauError, match="format berkas agenda"):
        import_items(engine, workspace, path, fmt="xlsx")


def test_calendar_has_holidays_leave_commemorations_and_workspace_dates(
    engine: Engine, workspace: Workspace
) -> None:
    national = national_dates(date(2026, 8, 1), date(2026, 12, 31))
    found = {(d.date, d.kind) for d in national}
    assert (date(2026, 8, 17), KIND_HOLIDAY) in found  # Hari Kemerdekaan
    assert (date(2026, 12, 25), KIND_HOLIDAY) in found
    assert (date(2026, 12, 24), KIND_LEAVE) in found  # cuti bersama Natal
    assert (date(2026, 11, 10), KIND_COMMEMORATION) in found  # Hari Pahlawan
    assert all(date(2026, 8, 1) <= d.date <= date(2026, 12, 31) for d in national)
    assert add_date(engine, workspace, date(2026, 11, 20), "HUT  Dinas", "upacara") is True
    assert add_date(engine, workspace, date(2026, 11, 20), "HUT Dinas") is False
    days = calendar(engine, workspace, date(2026, 11, 1), date(2026, 11, 30))
    own = [d for d in days if d.kind == KIND_WORKSPACE]
    assert [(d.date, d.name, d.notes) for d in own] == [
        (date(2026, 11, 20), "HUT Dinas", "upacara")
    ]
    assert days == sorted(days, key=lambda d: (d.date, d.kind, d.name))
    delete_date(engine, workspace, own[0].id or 0)
    with pytest.raises(NotFoundError):
        delete_date(engine, workspace, own[0].id or 0)
