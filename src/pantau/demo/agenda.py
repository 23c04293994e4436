"""The demo institution's agenda: what Kementerian Pangan Nusantara chose to push in the demo
week, so the agenda pages and commands have something real to show.

- *Kartu Tani Digital* (priority tinggi): launched in the week; the public discusses it
  heavily (and negatively once the fertiliser issue grows).
- *Gerakan Tanam Cabai Pekarangan* (tinggi): the ministry posts about home gardens, the
  public hardly mentions them: the "push content" example.
- *Stok beras aman jelang Nataru* (sedang) and *Isi Piringku: pangan lokal* (rendah).

Plus the ministry's own accounts (``agenda_accounts``) and two workspace calendar dates.
``seed_demo_agenda`` adds only what is missing, so running it again changes nothing.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from pantau.agenda.calendar import add_date
from pantau.agenda.items import add_item, add_own_accounts, list_items, own_accounts
from pantau.demo.generator import DEFAULT_START, INSTITUTION
from pantau.records import Workspace

_WEEK_START = DEFAULT_START.date()

DEMO_ITEMS: tuple[dict, ...] = (
    {
        "title": "Kartu Tani Digital",
        "kind": "program",
        "query": '"kartu tani" OR #kartutanidigital',
        "priority": "tinggi",
        "key_messages": (
            "Penebusan pupuk bersubsidi kini memakai Kartu Tani Digital",
            "Daftar melalui penyuluh pertanian di desa, tanpa biaya",
            "Data petani disimpan aman di pusat data nasional",
        ),
        "audience": "petani dan kelompok tani",
        "owner": "Biro Humas",
        "starts_on": _WEEK_START,
        "ends_on": date(2026, 12, 31),
    },
    {
        "title": "Gerakan Tanam Cabai Pekarangan",
        "kind": "program",
        "query": 'pekarangan OR "tanam cabai" OR "menanam cabai"',
        "priority": "tinggi",
        "key_messages": ("Tanam cabai dan sayuran di pekarangan untuk menghemat belanja dapur",),
        "audience": "ibu rumah tangga dan warga perkotaan",
        "owner": "Direktorat Diversifikasi Pangan",
        "starts_on": _WEEK_START,
        "ends_on": date(2026, 12, 31),
    },
    {
        "title": "Stok beras aman jelang Nataru",
        "kind": "pesan",
        "query": "(stok OR cadangan OR gudang) AND beras",
        "priority": "sedang",
        "key_messages": (
            "Stok beras nasional aman menjelang Natal dan Tahun Baru",
            "Masyarakat tidak perlu membeli berlebihan",
        ),
        "audience": "masyarakat umum",
        "owner": "Biro Humas",
        "starts_on": _WEEK_START,
        "ends_on": date(2027, 1, 5),
    },
    {
        "title": "Isi Piringku: pangan lokal",
        "kind": "pesan",
        "query": '"isi piringku" OR "pangan lokal" OR "gizi seimbang"',
        "priority": "rendah",
        "key_messages": ("Makan beragam, bergizi seimbang, dan aman dengan pangan lokal",),
        "audience": "keluarga dan sekolah",
        "owner": "Direktorat Diversifikasi Pangan",
        "starts_on": _WEEK_START,
        "ends_on": date(2026, 12, 31),
    },
)

DEMO_DATES: tuple[tuple[date, str, str], ...] = (
    (date(2026, 11, 18), "Peluncuran Kartu Tani Digital", "siaran pers dan konferensi pers"),
    (date(2026, 12, 3), "Rapat Kerja dengan Komisi IV DPR", "bahan paparan capaian program"),
)


def seed_demo_agenda(engine: Engine, workspace: Workspace) -> None:
    """Add the demo agenda, the ministry's own accounts and its dates (only what is missing)."""
    known = {(a.platform, a.handle) for a in own_accounts(engine, workspace)}
    missing = [
        (platform, handle)
        for platform, handle in INSTITUTION.official_handles.items()
        if (platform, handle.lower()) not in known
    ]
    if missing:
        add_own_accounts(engine, workspace, missing)
    titles = {i.title for i in list_items(engine, workspace)}
    for item in DEMO_ITEMS:
        if item["title"] not in titles:
            add_item(engine, workspace, **item)
    for day, name, notes in DEMO_DATES:
        add_date(engine, workspace, day, name, notes)
