"""The Kanal, Kalender and Tujuan pages: what viewers see, what analysts change, approval by a
second person, downloads, CSRF and the wall between workspaces."""

from __future__ import annotations

from datetime import datetime

import pytest

from pantau.outreach.calendar import add_item
from pantau.outreach.goals import save_goal
from pantau.store import outreach as store
from pantau.store.outreach_records import ChannelRef, PostItem
from pantau.web import outreach


@pytest.fixture
def app(world):  # type: ignore[no-untyped-def]
    from pantau.users.accounts import Policy
    from pantau.web import create_app

    application = create_app(world.settings, world.engine, Policy(max_failures=3))
    if not any(getattr(r, "path", "") == "/w/{slug}/kanal" for r in application.routes):
        application.include_router(outreach.router)
    return application


@pytest.fixture
def owned(world):  # type: ignore[no-untyped-def]
    """An Instagram account of workspace A with a week of posts, and one plan item."""
    with world.engine.begin() as conn:
        ig = store.ensure_channel(conn, world.a.id, ChannelRef("instagram", "dinas.a", "Dinas A"))
        store.write_posts(
            conn,
            world.a.id,
            ig.id,
            [
                PostItem(
                    0,
                    f"p{i}",
                    datetime(2026, 11, 16 + i % 7, 12 + i % 3),
                    True,
                    "",
                    caption=f"Harga beras stabil {i}",
                    post_type="carousel",
                    reach=1000,
                    likes=50 + i,
                    comments=3,
                    shares=2,
                )
                for i in range(14)
            ],
            import_id=None,
            collected_at=datetime(2026, 11, 25),
            raw_format="test",
        )
    return ig


def test_kanal_shows_accounts_metrics_and_heatmap(signed_in, world, owned) -> None:
    c = signed_in("baca@a.go.id")
    page = c.get("/w/dinas-a/kanal?days=28")
    assert page.status_code == 200
    assert 'id="metrics-table"' in page.text and "Instagram Dinas A" in page.text
    assert "instagram:" not in page.text  # the platform's name, not its code
    assert 'id="fig-besttime"' in page.text and '"type": "heatmap"' in page.text
    # a few posts: the heatmap is shown, but no hour is recommended, and the page says why
    assert 'id="best-slots"' not in page.text and 'id="best-slots-none"' in page.text
    assert "perlu minimal 50 post berwaktu" in page.text
    assert 'id="audience-form"' not in page.text  # viewers read only
    # another institution's page is not found, not forbidden
    assert c.get("/w/dinas-b/kanal").status_code == 404


def test_analyst_adds_a_target_audience(signed_in, world, owned, h) -> None:
    c = signed_in("analis@a.go.id")
    page = c.get("/w/dinas-a/kanal")
    form = {"name": "Pemuda", "ages": ["18-24", "25-34"], "regions": "Jakarta, Bandung"}
    assert c.post("/w/dinas-a/kanal/audiens", data=form).status_code == 403  # no CSRF
    done = c.post(
        "/w/dinas-a/kanal/audiens",
        data={**form, "csrf_token": h.csrf_of(page.text)},
        follow_redirects=False,
    )
    assert done.status_code == 303
    shown = c.get(done.headers["location"])
    assert 'id="audience-table"' in shown.text and "Pemuda" in shown.text
    assert "wilayah Jakarta" in shown.text  # no city data: the region is a gap
    viewer = signed_in("baca@a.go.id")
    token = h.csrf_of(viewer.get("/w/dinas-a/kanal").text)
    refused = viewer.post("/w/dinas-a/kanal/audiens", data={**form, "csrf_token": token})
    assert refused.status_code == 403


def test_tujuan_progress_and_editing(signed_in, world, owned, h) -> None:
    save_goal(
        world.engine, world.a, name="Jangkauan November", objective="awareness", target=100_000,
        starts_on=datetime(2026, 11, 1).date(), ends_on=datetime(2026, 11, 30).date(),
    )  # fmt: skip
    viewer = signed_in("baca@a.go.id")
    page = viewer.get("/w/dinas-a/tujuan")
    assert page.status_code == 200
    assert "Jangkauan November" in page.text and 'role="progressbar"' in page.text
    assert 'id="goal-form"' not in page.text
    c = signed_in("analis@a.go.id")
    token = h.csrf_of(c.get("/w/dinas-a/tujuan").text)
    bad = c.post(
        "/w/dinas-a/tujuan",
        data={"csrf_token": token, "name": "ER", "objective": "engagement", "target": "5",
              "starts_on": "2026-11-01", "ends_on": "2026-11-30"},
    )  # fmt: skip
    assert bad.status_code == 200 and "pecahan" in bad.text
    ok = c.post(
        "/w/dinas-a/tujuan",
        data={"csrf_token": token, "name": "ER", "objective": "engagement", "target": "0,05",
              "starts_on": "2026-11-01", "ends_on": "2026-11-30"},
    )  # fmt: skip
    assert ok.status_code == 200 and 'id="goal-2"' in ok.text
    assert c.post("/w/dinas-a/tujuan/2/hapus", data={"csrf_token": token}).status_code == 200
    assert 'id="goal-2"' not in c.get("/w/dinas-a/tujuan").text


def test_kalender_plan_approval_and_downloads(signed_in, world, owned, h) -> None:
    analyst = signed_in("analis@a.go.id")
    page = analyst.get("/w/dinas-a/kalender?month=2026-08")
    assert page.status_code == 200
    assert "Kemerdekaan" in page.text  # the 17 August holiday is on the grid
    token = h.csrf_of(page.text)
    made = analyst.post(
        "/w/dinas-a/kalender",
        data={"csrf_token": token, "title": "Harga beras stabil", "content_type": "infographic",
              "scheduled": "2026-11-17T19:00", "channels": [str(owned.id)], "pillar": "Pangan",
              "caption_instagram": "Harga beras stabil pekan ini", "caption_x": "a" * 300},
        follow_redirects=False,
    )  # fmt: skip
    assert made.status_code == 303
    item_url = made.headers["location"]
    item_page = analyst.get(item_url)
    assert "300 / 280" in item_page.text and 'data-limit="280"' in item_page.text
    assert 'id="to-approved"' not in item_page.text  # the author cannot approve
    item_id = int(item_url.rsplit("/", 1)[1])
    # the admin approves, but the X caption is too long
    admin = signed_in("admin@a.go.id")
    admin_token = h.csrf_of(admin.get(item_url).text)
    refused = admin.post(
        f"{item_url}/status", data={"csrf_token": admin_token, "status": "approved"}
    )
    assert refused.status_code == 400 and "terlalu panjang" in refused.text
    fixed = analyst.post(
        item_url,
        data={"csrf_token": token, "title": "Harga beras stabil", "content_type": "infographic",
              "scheduled": "2026-11-17T19:00", "channels": [str(owned.id)],
              "caption_instagram": "Harga beras stabil pekan ini", "caption_x": "Harga beras"},
    )  # fmt: skip
    assert fixed.status_code == 200 and "Rencana disimpan" in fixed.text
    approved = admin.post(
        f"{item_url}/status", data={"csrf_token": admin_token, "status": "approved"}
    )
    assert approved.status_code == 200 and "admin@a.go.id" in approved.text
    grid = analyst.get("/w/dinas-a/kalender?month=2026-11").text
    assert f"/kalender/{item_id}" in grid
    ics = analyst.get("/w/dinas-a/kalender.ics?month=2026-11")
    assert ics.headers["content-type"].startswith("text/calendar")
    assert f"UID:rencana-{item_id}-dinas-a@pantau\r\n" in ics.text
    csv_text = analyst.get("/w/dinas-a/kalender.csv?month=2026-11").text
    assert "Harga beras stabil" in csv_text and "disetujui" in csv_text
    script = analyst.get("/outreach/kalender.js")
    assert script.status_code == 200 and "data-limit" in script.text
    # workspace B sees none of it
    other = signed_in("admin@b.go.id")
    assert other.get(f"/w/dinas-b/kalender/{item_id}").status_code == 404
    assert other.get(f"/w/dinas-a/kalender/{item_id}").status_code == 404


def test_linking_from_the_calendar(signed_in, world, owned, h) -> None:
    item = add_item(
        world.engine, world.a, title="Harga beras stabil 3", content_type="photo_story",
        scheduled_at=datetime(2026, 11, 19, 19, 0), by="analis@a.go.id", channel_ids=[owned.id],
        captions={"instagram": "Harga beras stabil 3"},
    )  # fmt: skip
    admin = signed_in("admin@a.go.id")
    token = h.csrf_of(admin.get(f"/w/dinas-a/kalender/{item.id}").text)
    admin.post(
        f"/w/dinas-a/kalender/{item.id}/status", data={"csrf_token": token, "status": "approved"}
    )
    page = admin.post("/w/dinas-a/kalender/tautkan", data={"csrf_token": token, "month": "2026-11"})
    assert page.status_code == 200 and "ditautkan: 1" in page.text
    detail = admin.get(f"/w/dinas-a/kalender/{item.id}").text
    assert 'id="plan-actual"' in detail and "terbit" in detail
