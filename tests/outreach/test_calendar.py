"""The content calendar: workflow and second-person approval, caption limits, holidays,
ICS (parsed back) and CSV export, linking published posts and plan vs actual."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime

import pytest
from sqlalchemy import Engine

from pantau.errors import PantauError
from pantau.outreach.calendar import (
    add_item,
    caption_length,
    check_captions,
    edit_item,
    holidays_between,
    link_published,
    list_items,
    month_grid,
    plan_vs_actual,
    set_status,
    similarity,
    to_csv,
    to_ics,
)
from pantau.records import Workspace
from pantau.store import outreach as store

from .plans import add_posts, channel, post

AUTHOR, EDITOR = "penulis@dinas.go.id", "kabag@dinas.go.id"


def test_caption_lengths_follow_each_platform() -> None:
    assert caption_length("instagram", "é" * 10) == 10
    # X: a link counts 23, an emoji 2
    assert (
        caption_length("x", "Baca https://contoh.go.id/berita/sangat/panjang/sekali 🙏")
        == 5 + 23 + 1 + 2
    )
    checks = {c.platform: c for c in check_captions({"x": "a" * 281, "facebook": "a" * 281})}
    assert not checks["x"].ok and "melebihi batas 280" in checks["x"].message
    assert checks["facebook"].ok


def _item(engine: Engine, ws: Workspace, **kw: object):  # type: ignore[no-untyped-def]
    defaults: dict = {
        "title": "Harga beras stabil",
        "content_type": "infographic",
        "scheduled_at": datetime(2026, 11, 17, 19, 0),
        "by": AUTHOR,
    }
    return add_item(engine, ws, **(defaults | kw))


def test_workflow_needs_a_second_person_to_approve(engine: Engine, workspace: Workspace) -> None:
    ig = channel(engine, workspace, "instagram", "dinas")
    item = _item(engine, workspace, channel_ids=[ig.id], captions={"instagram": "Harga beras"})
    assert item.status == "draft" and item.created_by == AUTHOR
    assert item.scheduled_at == datetime(2026, 11, 17, 12, 0)  # 19.00 WIB in UTC
    item = set_status(engine, workspace, item.id, "review", AUTHOR)
    with pytest.raises(PantauError, match="orang lain"):
        set_status(engine, workspace, item.id, "approved", AUTHOR.upper())
    with pytest.raises(PantauError, match="tidak dapat langsung"):
        set_status(engine, workspace, item.id, "published", EDITOR)
    item = set_status(engine, workspace, item.id, "approved", EDITOR)
    assert item.status == "approved" and item.approved_by == EDITOR and item.approved_at
    item = set_status(engine, workspace, item.id, "scheduled", AUTHOR)
    # changing what it says sends it back to review and clears the approval
    same = edit_item(engine, workspace, item.id, owner="Tim Medsos")
    assert same.status == "scheduled"
    changed = edit_item(engine, workspace, item.id, captions={"instagram": "Harga beras turun"})
    assert changed.status == "review" and changed.approved_by is None


def test_approval_checks_captions_and_accounts(engine: Engine, workspace: Workspace) -> None:
    x = channel(engine, workspace, "x", "dinas")
    no_account = _item(engine, workspace)
    with pytest.raises(PantauError, match="minimal satu akun"):
        set_status(engine, workspace, no_account.id, "approved", EDITOR)
    long = _item(engine, workspace, channel_ids=[x.id], captions={"x": "kata " * 80})
    with pytest.raises(PantauError, match="terlalu panjang"):
        set_status(engine, workspace, long.id, "approved", EDITOR)
    with pytest.raises(PantauError, match="jenis konten"):
        _item(engine, workspace, content_type="podcast")
    with pytest.raises(PantauError, match="platform caption"):
        _item(engine, workspace, captions={"friendster": "hai"})


def test_holidays_are_in_the_month_grid(engine: Engine, workspace: Workspace) -> None:
    found = holidays_between(date(2026, 8, 1), date(2026, 8, 31))
    assert any("Kemerdekaan" in n for n in found[date(2026, 8, 17)])
    _item(engine, workspace, scheduled_at=datetime(2026, 8, 17, 8, 0), title="HUT RI")
    weeks = month_grid(engine, workspace, 2026, 8)
    days = [d for w in weeks for d in w]
    assert all(len(w) == 7 for w in weeks) and days[0].day.weekday() == 0
    aug17 = next(d for d in days if d.day == date(2026, 8, 17))
    assert aug17.holidays and [i.title for i in aug17.items] == ["HUT RI"]
    assert not next(d for d in days if d.day == date(2026, 8, 18)).items


def _unfold(text: str) -> list[str]:
    assert "\n" not in text.replace("\r\n", "")  # every line ends with CRLF
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def _unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def test_ics_is_valid_icalendar(engine: Engine, workspace: Workspace) -> None:
    ig = channel(engine, workspace, "instagram", "dinas")
    caption = "Harga beras; stabil, kata Menteri.\nSimak 🇮🇩 " + "panjang " * 20
    item = _item(
        engine, workspace, channel_ids=[ig.id], captions={"instagram": caption},
        pillar="Pangan, gizi",
    )  # fmt: skip
    text = to_ics(
        [item], workspace, {ig.id: ig},
        holidays_from=date(2026, 11, 1), holidays_to=date(2026, 12, 31),
        now=datetime(2026, 11, 10, 1, 2, 3),
    )  # fmt: skip
    raw_lines = text.split("\r\n")
    assert all(len(line.encode()) <= 75 for line in raw_lines)
    assert any(line.startswith(" ") for line in raw_lines)  # the long description was folded
    lines = _unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    events: list[dict[str, str]] = []
    for line in lines:
        if line == "BEGIN:VEVENT":
            events.append({})
        elif events and line != "END:VEVENT" and ":" in line:
            name, _, value = line.partition(":")
            events[-1].setdefault(name, value)
    plan = events[0]
    assert plan["UID"] == f"rencana-{item.id}-uji@pantau"
    assert plan["DTSTAMP"] == "20261110T010203Z"
    assert plan["DTSTART"] == "20261117T120000Z" and plan["DTEND"] == "20261117T123000Z"
    assert _unescape(plan["SUMMARY"]) == "Harga beras stabil"
    assert plan["CATEGORIES"] == "Pangan\\, gizi"
    description = _unescape(plan["DESCRIPTION"])
    assert f"Caption instagram: {caption.strip()}" in description
    assert f"Akun: {ig.label}" in description
    christmas = [e for e in events if e.get("DTSTART;VALUE=DATE") == "20261225"]
    assert christmas and "Natal" in christmas[0]["SUMMARY"]
    assert len({e["UID"] for e in events}) == len(events)


def test_csv_export(engine: Engine, workspace: Workspace) -> None:
    x = channel(engine, workspace, "x", "dinas")
    item = _item(engine, workspace, channel_ids=[x.id], captions={"x": 'Cek, harga "beras"'})
    text = to_csv([item], workspace, {x.id: x}, {})
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert rows[0]["judul"] == "Harga beras stabil" and rows[0]["waktu"] == "2026-11-17 19:00"
    assert rows[0]["caption x"] == 'Cek, harga "beras"' and rows[0]["status"] == "draf"


def test_published_posts_are_linked_and_measured(engine: Engine, workspace: Workspace) -> None:
    ig = channel(engine, workspace, "instagram", "dinas")
    fb = channel(engine, workspace, "facebook", "dinas")
    beras = _item(
        engine, workspace, channel_ids=[ig.id, fb.id],
        captions={"instagram": "Harga beras di pasar tetap stabil minggu ini #PanganAman"},
    )  # fmt: skip
    gizi = _item(
        engine, workspace, title="Makan bergizi gratis untuk sekolah",
        scheduled_at=datetime(2026, 11, 17, 20, 0), channel_ids=[ig.id],
    )  # fmt: skip
    draft = _item(engine, workspace, title="Harga beras stabil (draf)", channel_ids=[ig.id])
    for it in (beras, gizi):
        set_status(engine, workspace, it.id, "approved", EDITOR)
    add_posts(
        engine, workspace, ig,
        [
            # 19.12 WIB
            post("ig1", datetime(2026, 11, 17, 12, 12), reach=2000, likes=90, comments=10,
                 caption="Harga beras di pasar tetap stabil minggu ini! #PanganAman"),
            post("ig2", datetime(2026, 11, 17, 13, 5), reach=1000, likes=20,
                 caption="Program makan bergizi gratis untuk anak sekolah"),
            post("ig3", datetime(2026, 11, 17, 12, 30), caption="Selamat hari guru", reach=500),
            # same words, three days later: outside the window
            post("ig4", datetime(2026, 11, 20, 12, 0), reach=700,
                 caption="Harga beras di pasar tetap stabil minggu ini"),
        ],
    )  # fmt: skip
    assert similarity("Harga beras stabil", "harga BERAS stabil!") == 1.0
    first = link_published(engine, workspace)
    assert first.new_links == 2 and sorted(first.published) == sorted([beras.id, gizi.id])
    with engine.connect() as conn:
        links = {(lk.plan_item_id, lk.post_id) for lk in store.plan_links(conn, workspace.id)}
    assert links == {(beras.id, "ig1"), (gizi.id, "ig2")}
    again = link_published(engine, workspace)
    assert again.new_links == 0 and again.published == []
    statuses = {i.id: i.status for i in list_items(engine, workspace)}
    assert statuses == {beras.id: "published", gizi.id: "published", draft.id: "draft"}
    actual = {a.item.id: a for a in plan_vs_actual(engine, workspace)}
    b = actual[beras.id]
    assert b.channels_posted == [ig.label] and b.channels_missing == [fb.label]
    assert b.delay_minutes == 12 and b.reach == 2000 and b.engagements == 100
    assert b.engagement_rate == pytest.approx(100 / 2000)
    assert actual[draft.id].posts == 0


def test_reach_no_export_reports_is_unknown_not_zero(engine: Engine, workspace: Workspace) -> None:
    tiktok = channel(engine, workspace, "tiktok", "dinas")
    item = _item(
        engine, workspace, channel_ids=[tiktok.id], captions={"tiktok": "Harga beras stabil"}
    )
    set_status(engine, workspace, item.id, "approved", EDITOR)
    caption = "Harga beras di pasar tetap stabil minggu ini"
    at = datetime(2026, 11, 17, 12, 10)
    add_posts(engine, workspace, tiktok, [post("tt1", at, reach=None, views=None, caption=caption)])
    assert link_published(engine, workspace).new_links == 1
    actual = plan_vs_actual(engine, workspace)[0]
    assert actual.posts == 1 and actual.reach is None and actual.views is None
    assert actual.engagements == 10
