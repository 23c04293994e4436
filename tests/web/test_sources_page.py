"""The Sumber page: admins only, forms with CSRF, secrets write-only, health shown, the news
pack in one click, names escaped, another workspace's sources out of reach."""

from __future__ import annotations

import re

from pantau.ingest.sources import add_source, get_source, list_sources

SECRET = "AIzaKunciSangatRahasia"


def test_admin_adds_edits_pauses_and_removes_sources(signed_in, world, h) -> None:
    admin = signed_in("admin@a.go.id")
    page = admin.get("/w/dinas-a/sumber")
    assert page.status_code == 200 and "Belum ada sumber" in page.text
    assert 'href="/w/dinas-a/sumber"' in page.text  # in the menu for admins
    token = h.csrf_of(page.text)
    added = admin.post(
        "/w/dinas-a/sumber",
        data={
            "csrf_token": token,
            "name": "YT <script>alert(1)</script>",
            "kind": "youtube",
            "query": "banjir",
            "comments": "1",
            "secret": SECRET,
        },
    )
    assert added.status_code == 200 and "Sumber ditambahkan" in added.text
    assert "<script>alert(1)</script>" not in added.text and "&lt;script&gt;" in added.text
    assert SECRET not in added.text
    (source,) = list_sources(world.engine, world.a)
    assert source.config == {"query": "banjir", "comments": True} and source.secret == "***"

    refused = admin.post(
        "/w/dinas-a/sumber",
        data={"csrf_token": token, "name": "X", "kind": "x", "query": "a", "secret": ""},
    )
    assert refused.status_code == 400 and "butuh rahasia" in refused.text

    detail = admin.get(f"/w/dinas-a/sumber/{source.id}")
    assert detail.status_code == 200 and SECRET not in detail.text and "***" in detail.text
    edited = admin.post(
        f"/w/dinas-a/sumber/{source.id}",
        data={"csrf_token": token, "name": "YT banjir", "interval": "45", "query": "banjir rob"},
    )
    assert edited.status_code == 200 and "Sumber disimpan" in edited.text
    source = get_source(world.engine, world.a, str(source.id))
    assert source.name == "YT banjir" and source.interval_minutes == 45
    assert source.config["query"] == "banjir rob" and source.secret == "***"

    paused = admin.post(f"/w/dinas-a/sumber/{source.id}/jeda", data={"csrf_token": token})
    assert paused.status_code == 200 and 'data-state="paused"' in paused.text  # redirected
    admin.post(f"/w/dinas-a/sumber/{source.id}/lanjut", data={"csrf_token": token})
    admin.post(f"/w/dinas-a/sumber/{source.id}/ambil", data={"csrf_token": token})
    assert get_source(world.engine, world.a, str(source.id)).next_run_at is None
    pack = admin.post(
        "/w/dinas-a/sumber/paket", data={"csrf_token": token, "pack": "berita-nasional"}
    )
    assert pack.status_code == 200 and len(re.findall(r'id="source-\d+"', pack.text)) > 20
    assert admin.post(f"/w/dinas-a/sumber/{source.id}/jeda").status_code == 403  # no CSRF
    admin.post(f"/w/dinas-a/sumber/{source.id}/hapus", data={"csrf_token": token})
    assert all(s.id != source.id for s in list_sources(world.engine, world.a))


def test_health_and_errors_are_shown(signed_in, world) -> None:
    from datetime import datetime

    from pantau.store import sources as store

    source = add_source(world.engine, world.a, "Feed", "rss", {"url": "https://contoh.id/rss"})
    with world.engine.begin() as conn:
        store.record_failure(
            conn, world.a.id, source.id, now=datetime(2026, 11, 20, 1, 0),
            next_run_at=datetime(2026, 11, 20, 7, 0), failures=1, health="auth", kind="auth",
            error="akses ditolak oleh contoh.id (HTTP 403)", quota=None,
        )  # fmt: skip
    text = signed_in("admin@a.go.id").get("/w/dinas-a/sumber").text
    assert 'data-state="auth"' in text and "akses ditolak oleh contoh.id (HTTP 403)" in text
    assert "token tidak sah / kedaluwarsa" in text
    english = signed_in("admin@a.go.id").get("/w/dinas-a/sumber?lang=en").text
    assert "Sources" in english and "token invalid / expired" in english


def test_only_admins_of_the_workspace(signed_in, world, h) -> None:
    add_source(world.engine, world.b, "Rahasia B", "rss", {"url": "https://b.example/rss"})
    (b_source,) = list_sources(world.engine, world.b)
    analyst = signed_in("analis@a.go.id")
    assert analyst.get("/w/dinas-a/sumber").status_code == 403
    assert 'href="/w/dinas-a/sumber"' not in analyst.get("/w/dinas-a").text
    assert signed_in("baca@a.go.id").get("/w/dinas-a/sumber").status_code == 403
    admin = signed_in("admin@a.go.id")
    assert admin.get("/w/dinas-b/sumber").status_code == 404
    assert admin.get(f"/w/dinas-a/sumber/{b_source.id}").status_code == 404
    token = h.csrf_of(admin.get("/w/dinas-a/sumber").text)
    removed = admin.post(f"/w/dinas-a/sumber/{b_source.id}/hapus", data={"csrf_token": token})
    assert removed.status_code == 404 and list_sources(world.engine, world.b)
