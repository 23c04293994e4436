"""Workspaces are walled off from each other; roles limit what people may change."""

from __future__ import annotations

from pantau.monitor.topics import add_topic


def test_a_user_of_b_cannot_reach_a_through_pages(signed_in, world, h) -> None:
    topic = add_topic(world.engine, world.a, "Harga Beras", "beras")
    c = signed_in("admin@b.go.id")
    for url in (
        "/w/dinas-a",
        "/w/dinas-a/topik",
        f"/w/dinas-a/topik/{topic.id}",
        "/w/dinas-a/cari?q=beras",
        "/w/dinas-a/cari/ekspor?format=csv",
        "/w/dinas-a/pengaturan",
        f"/w/dinas-b/topik/{topic.id}",  # A's topic id under B's own workspace
        "/w/tidak-ada",
    ):
        r = c.get(url)
        assert r.status_code == 404, url
        assert "harga beras naik" not in r.text and "Harga Beras" not in r.text, url
    own = c.get("/w/dinas-b")
    token = h.csrf_of(own.text)
    edit = {
        "csrf_token": token,
        "name": "x",
        "query": "hack",
        "category": "lainnya",
        "action": "save",
    }
    assert c.post(f"/w/dinas-a/topik/{topic.id}", data=edit).status_code == 404
    assert c.post(f"/w/dinas-b/topik/{topic.id}", data=edit).status_code == 404
    assert (
        c.post("/w/dinas-a/topik/uji", data={"csrf_token": token, "query": "beras"}).status_code
        == 404
    )
    assert (
        c.post(
            "/w/dinas-a/pengaturan/anggota",
            data={"csrf_token": token, "email": "admin@b.go.id", "role": "admin"},
        ).status_code
        == 404
    )
    # B's own search never shows A's posts
    own_search = c.get("/w/dinas-b/cari").text
    assert "rahasia dinas b" in own_search and "harga beras naik" not in own_search


def test_home_lists_only_visible_workspaces(signed_in) -> None:
    only_a = signed_in("baca@a.go.id").get("/", follow_redirects=False)
    assert only_a.headers["location"] == "/w/dinas-a"
    coordinator = signed_in("pusat@komdigi.go.id").get("/")
    assert "Diskominfo A" in coordinator.text and "Diskominfo B" in coordinator.text
    assert signed_in("pusat@komdigi.go.id").get("/w/dinas-b").status_code == 200


def test_viewer_cannot_edit(signed_in, world, h) -> None:
    topic = add_topic(world.engine, world.a, "Harga Beras", "beras")
    c = signed_in("baca@a.go.id")
    page = c.get("/w/dinas-a/topik")
    assert 'id="topic-form"' not in page.text  # no form to edit with
    token = h.csrf_of(page.text)
    form = {"csrf_token": token, "name": "Baru", "query": "beras", "category": "lainnya"}
    assert c.post("/w/dinas-a/topik", data=form).status_code == 403
    assert c.post(f"/w/dinas-a/topik/{topic.id}", data=form).status_code == 403
    member = {"csrf_token": token, "email": "baca@a.go.id", "role": "admin"}
    assert c.post("/w/dinas-a/pengaturan/anggota", data=member).status_code == 403
    assert "Pengguna dan peran" not in c.get("/w/dinas-a/pengaturan").text


def test_analyst_creates_and_edits_topics_and_the_audit_log_says_who(signed_in, h) -> None:
    c = signed_in("analis@a.go.id")
    token = h.csrf_of(c.get("/w/dinas-a/topik").text)
    form = {
        "csrf_token": token,
        "name": "Harga Beras",
        "query": "harga AND beras",
        "category": "ekonomi",
        "active": "true",
        "action": "save",
    }
    r = c.post("/w/dinas-a/topik", data=form, follow_redirects=False)
    assert r.status_code == 303
    listing = c.get(r.headers["location"]).text
    assert "Harga Beras" in listing and "Topik disimpan" in listing
    topic_id = r.headers["location"].rsplit("=", 1)[1]
    edit = {**form, "query": "beras", "name": "Beras"}
    assert (
        c.post(f"/w/dinas-a/topik/{topic_id}", data=edit, follow_redirects=False).status_code == 303
    )
    admin = signed_in("admin@a.go.id").get("/w/dinas-a/pengaturan").text
    assert "membuat topik" in admin and "mengubah topik" in admin and "analis@a.go.id" in admin
    assert "topic.create" not in admin  # actions are named in words, not codes


def test_admin_invites_and_changes_members(signed_in, h, app) -> None:
    c = signed_in("admin@a.go.id")
    token = h.csrf_of(c.get("/w/dinas-a/pengaturan").text)
    answers = []
    for email in ("baru@a.go.id", "admin@b.go.id"):  # a new email, and B's admin
        r = c.post(
            "/w/dinas-a/pengaturan/anggota",
            data={"csrf_token": token, "email": email, "role": "analyst"},
        )
        assert r.status_code == 200 and email in r.text and "/undangan/" in r.text
        answers.append(r.text.replace(email, "EMAIL").split('id="invite-link">')[0])
    assert answers[0] == answers[1]  # the page does not tell whether an account exists
    members = c.get("/w/dinas-a/pengaturan").text.split('id="invitations"')[0]
    assert "admin@b.go.id" not in members  # nobody joins before accepting
    # B's admin may be given a role in A only by A's admin; an id outside A is not found
    assert (
        c.post(
            "/w/dinas-a/pengaturan/anggota/99999", data={"csrf_token": token, "role": "viewer"}
        ).status_code
        == 404
    )
    assert "mengundang anggota" in c.get("/w/dinas-a/pengaturan").text


def test_an_invited_person_creates_an_account_and_joins(signed_in, client, h) -> None:  # type: ignore[no-untyped-def]
    admin = signed_in("admin@a.go.id")
    page = admin.post(
        "/w/dinas-a/pengaturan/anggota",
        data={
            "csrf_token": h.csrf_of(admin.get("/w/dinas-a/pengaturan").text),
            "email": "tamu@a.go.id",
            "role": "viewer",
        },
    ).text
    path = "/undangan/" + page.split("/undangan/", 1)[1].split("<", 1)[0].strip()
    form = client.get(path)
    assert form.status_code == 200 and "tamu@a.go.id" in form.text
    weak = client.post(path, data={"csrf_token": h.csrf_of(form.text), "name": "Tamu",
                                   "password": "1234567890", "repeat": "1234567890"})  # fmt: skip
    assert weak.status_code == 400 and "mudah ditebak" in weak.text
    done = client.post(
        path,
        data={
            "csrf_token": h.csrf_of(weak.text),
            "name": "Tamu",
            "password": "kalimat-tamu-baru-42",
            "repeat": "kalimat-tamu-baru-42",
        },
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"].startswith("/login")
    assert client.get(path).status_code == 404  # once only
    assert h.login(client, "tamu@a.go.id", "kalimat-tamu-baru-42").status_code == 303
    assert client.get("/w/dinas-a").status_code == 200
