"""REST API /api/v1: tokens, the same walls between workspaces, OpenAPI."""

from __future__ import annotations

import re
from datetime import datetime

from fastapi.testclient import TestClient
from sqlalchemy import select
from tests.web.conftest import make_posts, seed_posts

from pantau.monitor.topics import add_topic
from pantau.store.schema import api_tokens
from pantau.store.users import user_by_email
from pantau.users.accounts import create_token, revoke_token


def _token(world, email: str) -> dict[str, str]:
    with world.engine.connect() as conn:
        user = user_by_email(conn, email)
    _stored, secret = create_token(world.engine, user, "uji", actor="test")
    return {"Authorization": f"Bearer {secret}"}


def test_tokens_are_stored_hashed_and_can_be_revoked(client: TestClient, world) -> None:
    with world.engine.connect() as conn:
        user = user_by_email(conn, "baca@a.go.id")
    stored, secret = create_token(world.engine, user, "otomasi", actor="test")
    with world.engine.connect() as conn:
        row = conn.execute(select(api_tokens)).one()
    assert secret.split("_", 2)[2] not in str(tuple(row)) and row.id == stored.id
    auth = {"Authorization": f"Bearer {secret}"}
    assert [w["slug"] for w in client.get("/api/v1/workspaces", headers=auth).json()] == ["dinas-a"]
    assert (
        client.get("/api/v1/workspaces", headers={"Authorization": secret[:-2] + "xx"}).status_code
        == 401
    )
    tampered = {"Authorization": f"Bearer {secret[:-2]}xx"}
    assert client.get("/api/v1/workspaces", headers=tampered).status_code == 401
    revoke_token(world.engine, stored.id, actor="test")
    assert client.get("/api/v1/workspaces", headers=auth).status_code == 401


def test_api_respects_workspaces_and_roles(client: TestClient, world) -> None:
    topic = add_topic(world.engine, world.a, "Harga Beras", "beras")
    b_admin = _token(world, "admin@b.go.id")
    for method, url in (
        ("get", "/api/v1/workspaces/dinas-a/posts"),
        ("get", "/api/v1/workspaces/dinas-a/topics"),
        ("get", "/api/v1/workspaces/dinas-a/stats"),
        ("get", "/api/v1/workspaces/dinas-a/actors"),
        ("post", "/api/v1/workspaces/dinas-a/topics/test"),
        ("patch", f"/api/v1/workspaces/dinas-a/topics/{topic.id}"),
        ("patch", f"/api/v1/workspaces/dinas-b/topics/{topic.id}"),
    ):
        r = client.request(method, url, headers=b_admin, json={"query": "beras"})
        assert r.status_code == 404, (method, url)
    viewer = _token(world, "baca@a.go.id")
    body = {"name": "Banjir", "query": "banjir"}
    assert (
        client.post("/api/v1/workspaces/dinas-a/topics", headers=viewer, json=body).status_code
        == 403
    )
    patch = client.patch(f"/api/v1/workspaces/dinas-a/topics/{topic.id}", headers=viewer, json=body)
    assert patch.status_code == 403


def test_api_posts_topics_and_stats(client: TestClient, world) -> None:
    analyst = _token(world, "analis@a.go.id")
    page = client.get(
        "/api/v1/workspaces/dinas-a/posts?q=harga&per_page=10&page=4", headers=analyst
    )
    data = page.json()
    assert data["total"] == 31 and data["page"] == 4 and len(data["posts"]) == 1
    assert data["posts"][0]["created_at"].endswith("+07:00")
    created = client.post(
        "/api/v1/workspaces/dinas-a/topics",
        headers=analyst,
        json={"name": "Harga Beras", "query": "harga AND beras", "category": "ekonomi"},
    )
    assert created.status_code == 201 and created.json()["matches"] == 31
    topic_id = created.json()["id"]
    edited = client.patch(
        f"/api/v1/workspaces/dinas-a/topics/{topic_id}", headers=analyst, json={"query": "evil"}
    )
    assert edited.json()["matches"] == 1
    bad = client.post(
        "/api/v1/workspaces/dinas-a/topics", headers=analyst, json={"name": "x", "query": "a AND"}
    )
    assert bad.status_code == 400
    tried = client.post(
        "/api/v1/workspaces/dinas-a/topics/test", headers=analyst, json={"query": "(beras"}
    ).json()
    assert tried["error"] and tried["position"] and tried["caret"].endswith("^")
    stats = client.get("/api/v1/workspaces/dinas-a/stats", headers=analyst).json()
    assert stats["posts"] == 31 and stats["timezone"] == "Asia/Jakarta"
    actors = client.get("/api/v1/workspaces/dinas-a/actors?days=0", headers=analyst).json()
    assert len(actors) == 15 and sum(a["posts"] for a in actors) == 31
    assert all(a["first_seen"].endswith("+07:00") for a in actors)


def test_openapi_document_lists_the_api_only(client: TestClient) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    paths = set(doc["paths"])
    assert "/api/v1/workspaces/{slug}/posts" in paths and "/api/v1/workspaces/{slug}/stats" in paths
    assert not any(p.startswith("/w/") or p == "/login" for p in paths)


def test_token_page_shows_the_secret_once(signed_in, h) -> None:
    c = signed_in("baca@a.go.id")
    token = h.csrf_of(c.get("/w/dinas-a/pengaturan").text)
    made = c.post("/w/dinas-a/pengaturan/token", data={"csrf_token": token, "name": "skrip"})
    secret = re.search(r'<pre class="token" id="new-token">(pantau_\S+)</pre>', made.text).group(1)
    assert (
        c.get("/api/v1/workspaces", headers={"Authorization": f"Bearer {secret}"}).status_code
        == 200
    )
    assert secret not in c.get("/w/dinas-a/pengaturan").text
    token_id = secret.split("_")[1]
    revoked = c.post(f"/w/dinas-a/pengaturan/token/{token_id}/cabut", data={"csrf_token": token})
    assert revoked.status_code == 200
    assert (
        c.get("/api/v1/workspaces", headers={"Authorization": f"Bearer {secret}"}).status_code
        == 401
    )


def test_metrics_a_platform_does_not_report_are_null_with_the_reason(
    client: TestClient, world
) -> None:
    seen = make_posts(1, "tonton", datetime(2026, 11, 16, 2, 0))[0]
    seen.platform, seen.author, seen.views, seen.likes = "tiktok", "penonton", 1500, 7
    seed_posts(world.engine, world.a, [seen])
    auth = _token(world, "analis@a.go.id")
    actors = client.get("/api/v1/workspaces/dinas-a/actors?days=0", headers=auth).json()
    watched = next(a for a in actors if a["handle"] == "penonton")
    assert watched["views"] == 1500 and watched["engagement"] == 7
    assert watched["unavailable"] == {}
    for actor in (a for a in actors if a["handle"] != "penonton"):  # posts without views
        assert actor["views"] is None and actor["unavailable"]["views"].startswith(
            "tidak dilaporkan"
        )
        if actor["platform"] == "news":
            assert actor["engagement"] is None and "berita" in actor["unavailable"]["engagement"]
        else:
            assert actor["engagement"] == 0 and "engagement" not in actor["unavailable"]
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert "null" in schema["ActorOut"]["properties"]["unavailable"]["description"]
