"""Signing in and out, sessions, CSRF, lock-out, password change."""

from __future__ import annotations

from fastapi.testclient import TestClient

from pantau.users.accounts import Policy
from pantau.web import create_app


def test_pages_redirect_to_login_and_api_refuses_without_credentials(client: TestClient) -> None:
    for url in ("/", "/w/dinas-a", "/w/dinas-a/topik", "/w/dinas-a/cari", "/w/dinas-a/pengaturan"):
        r = client.get(url, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login?next="), url
    for url in ("/api/v1/workspaces", "/api/v1/workspaces/dinas-a/posts"):
        r = client.get(url)
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    assert client.get("/w/dinas-a", headers={"Cookie": "pantau_session=forged.sig"}).url.path == (
        "/login"
    )


def test_login_sets_a_safe_cookie_and_logout_ends_the_session(client: TestClient, h) -> None:
    r = h.login(client, "ADMIN@a.go.id")
    assert r.status_code == 303 and r.headers["location"] == "/"
    cookie = next(
        v for k, v in r.headers.multi_items() if k == "set-cookie" and "pantau_session" in v
    )
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    page = client.get("/w/dinas-a")
    assert page.status_code == 200 and "Diskominfo A" in page.text
    stolen = client.cookies.get("pantau_session")
    client.post("/logout", data={"csrf_token": h.csrf_of(page.text)})
    with TestClient(client.app) as other:
        other.cookies.set("pantau_session", stolen)
        assert other.get("/w/dinas-a").url.path == "/login"  # the session is gone server-side


def test_wrong_password_and_unknown_email_look_the_same(client: TestClient, h) -> None:
    wrong = h.login(client, "admin@a.go.id", "salah-salah-salah")
    unknown = h.login(client, "siapa@a.go.id", "salah-salah-salah")
    assert wrong.status_code == unknown.status_code == 401
    assert (
        "Email atau kata sandi salah" in wrong.text
        and "Email atau kata sandi salah" in unknown.text
    )


def test_login_form_needs_its_csrf_cookie(client: TestClient, h) -> None:
    r = client.post(
        "/login",
        data={"email": "admin@a.go.id", "password": h.password, "csrf_token": "tebakan"},
    )
    assert r.status_code == 403


def test_lock_out_after_failures_survives_a_restart(world, client: TestClient, h) -> None:
    for _ in range(2):
        assert h.login(client, "analis@a.go.id", "salah-salah-salah").status_code == 401
    assert h.login(client, "analis@a.go.id", "salah-salah-salah").status_code == 429
    locked = h.login(client, "analis@a.go.id")  # the right password, but locked
    assert locked.status_code == 429 and "Terlalu banyak percobaan" in locked.text
    restarted = create_app(world.settings, world.engine, Policy(max_failures=3))
    with TestClient(restarted) as fresh:
        assert h.login(fresh, "analis@a.go.id").status_code == 429
        assert h.login(fresh, "admin@a.go.id").status_code == 303  # others unaffected


def test_open_redirect_is_refused(client: TestClient, h) -> None:
    page = client.get("/login?next=//evil.example/x")
    r = client.post(
        "/login",
        data={
            "email": "admin@a.go.id",
            "password": h.password,
            "csrf_token": h.csrf_of(page.text),
            "next": "//evil.example/x",
        },
        follow_redirects=False,
    )
    assert r.headers["location"] == "/"


def test_forms_without_a_valid_csrf_token_are_refused(signed_in, world) -> None:
    c = signed_in("analis@a.go.id")
    form = {"name": "Uji", "query": "beras", "category": "ekonomi", "action": "save"}
    assert c.post("/w/dinas-a/topik", data=form).status_code == 403
    assert c.post("/w/dinas-a/topik", data={**form, "csrf_token": "palsu"}).status_code == 403
    assert c.post("/logout").status_code == 403
    assert c.post("/w/dinas-a/topik/uji", data={"query": "beras"}).status_code == 403
    assert c.get("/w/dinas-a/topik").text.count("Uji") == 1  # nothing was saved ("Uji kueri")


def test_password_change_ends_other_sessions(signed_in, h, app) -> None:
    first = signed_in("baca@a.go.id")
    second = signed_in("baca@a.go.id")
    page = first.get("/akun/sandi")
    token = h.csrf_of(page.text)
    bad = first.post(
        "/akun/sandi",
        data={"csrf_token": token, "current": "salah", "new": "x" * 12, "repeat": "x" * 12},
    )
    assert bad.status_code == 400
    ok = first.post(
        "/akun/sandi",
        data={
            "csrf_token": token,
            "current": h.password,
            "new": "baru-sekali-99",
            "repeat": "baru-sekali-99",
        },
    )
    assert ok.status_code == 200 and "Kata sandi diganti" in ok.text
    assert first.get("/w/dinas-a").status_code == 200
    assert second.get("/w/dinas-a").url.path == "/login"
    with TestClient(app) as c:
        assert h.login(c, "baca@a.go.id", "baru-sekali-99").status_code == 303


def test_security_headers(signed_in) -> None:
    r = signed_in("baca@a.go.id").get("/w/dinas-a")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["cache-control"] == "no-store"
