"""The Agenda and Narasi pages: figures from the agenda capability, escaped, walled off."""

from __future__ import annotations

import re
from datetime import datetime

from tests.web.conftest import seed_posts

from pantau.agenda.items import add_item
from pantau.agenda.narrative import add_account, create_kit
from pantau.agenda.narrative_match import match_narratives
from pantau.records import PostRecord

EVIL_TITLE = "<script>alert('agenda')</script> Pupuk"


def _kit(world):  # type: ignore[no-untyped-def]
    kit = create_kit(
        world.engine,
        world.a,
        title=EVIL_TITLE,
        message="Harga beras naik sementara, stok aman",
        hashtags=["StokAman"],
        release_at=datetime(2026, 11, 16, 0, 0),
    )
    for handle, inst in (("humasa", "Pemprov A"), ("dinasb", "Dinas B")):
        add_account(world.engine, world.a, kit.id, platform="x", handle=handle, institution=inst)
    seed_posts(
        world.engine,
        world.a,
        [
            PostRecord(
                platform="x",
                external_id="kit1",
                key_kind="id",
                created_at=datetime(2026, 11, 16, 2, 0),
                collected_at=datetime(2026, 11, 17),
                text="Harga beras naik sementara, stok aman #StokAman",
                raw="{}",
                raw_format="test",
                author="humasa",
                hashtags=["StokAman"],
            )
        ],
    )
    match_narratives(world.engine, world.a)
    return kit


def test_agenda_page_shows_items_ranks_and_gaps(signed_in, world) -> None:
    add_item(
        world.engine,
        world.a,
        EVIL_TITLE,
        starts_on="2026-11-01",
        ends_on="2026-11-30",
        query="pupuk",
        priority="tinggi",
    )
    c = signed_in("baca@a.go.id")
    page = c.get("/w/dinas-a/agenda?since=2026-11-16&until=2026-11-18")
    assert page.status_code == 200
    assert 'id="salience-table"' in page.text and 'id="agenda-gaps"' in page.text
    assert "&lt;script&gt;alert" in page.text and "<script>alert" not in page.text
    assert re.search(r'<script type="application/json" id="fig-agenda">', page.text)
    bad = c.get("/w/dinas-a/agenda?since=2026-11-18&until=2026-11-01")
    assert "tanggal akhir sebelum tanggal awal" in bad.text


def test_narrative_pages_show_adoption_and_who_has_not_posted(signed_in, world) -> None:
    kit = _kit(world)
    c = signed_in("analis@a.go.id")
    listing = c.get("/w/dinas-a/narasi").text
    assert f'href="/w/dinas-a/narasi/{kit.id}"' in listing and "1/2" in listing
    page = c.get(f"/w/dinas-a/narasi/{kit.id}").text
    silent = re.findall(r'<tr class="silent">\s*<td[^>]*><bdi>@(\w+)</bdi>', page)
    assert silent == ["dinasb"]
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_other_workspaces_cannot_see_agenda_or_narratives(signed_in, world) -> None:
    kit = _kit(world)
    c = signed_in("admin@b.go.id")
    for url in ("/w/dinas-a/agenda", "/w/dinas-a/narasi", f"/w/dinas-a/narasi/{kit.id}"):
        assert c.get(url).status_code == 404, url
    assert c.get(f"/w/dinas-b/narasi/{kit.id}").status_code == 404  # A's kit under B
    assert "Belum ada kit narasi" in c.get("/w/dinas-b/narasi").text
