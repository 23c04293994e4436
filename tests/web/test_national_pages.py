"""The *Nasional* page and API: the coordinator sees issues across institutions; nobody else
reaches any national route, through pages or the API."""

from __future__ import annotations

from datetime import datetime, timedelta

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from pantau.ingest.sources import add_source
from pantau.store.sources import record_failure
from pantau.store.users import user_by_email
from pantau.users.accounts import create_token
from pantau.web import national

AT = datetime(2026, 11, 16, 8, 0)
TERMS = ["b:banjir rob", "w:banjir", "w:rob", "w:pesisir"]


def _national_paths() -> list[str]:
    """Every route the national module serves (pages, then the API under /api/v1)."""
    paths = [
        r.path.replace("{fmt}", "png") for r in national.router.routes if isinstance(r, APIRoute)
    ]
    paths += ["/api/v1" + r.path for r in national.api_router.routes if isinstance(r, APIRoute)]
    assert len(paths) >= 3  # the page, its XLSX and the API
    return paths


def _token(world, email: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with world.engine.connect() as conn:
        user = user_by_email(conn, email)
    _stored, secret = create_token(world.engine, user, "uji", actor="test")
    return {"Authorization": f"Bearer {secret}"}


def _seed(world, store_issue) -> None:  # type: ignore[no-untyped-def]
    feed = add_source(world.engine, world.b, "Kabar <B>", "rss", {"url": "http://127.0.0.1:9/"})
    failed = AT - timedelta(hours=2)
    with world.engine.begin() as conn:
        record_failure(conn, world.b.id, feed.id, now=failed, next_run_at=AT, failures=1,
                       health="error", kind="network", error="-", quota=None)  # fmt: skip
    store_issue(world.engine, world.a, "Banjir rob di pesisir A", TERMS, at=AT,
                priority="segera", score=0.9, owner="Humas A")  # fmt: skip
    store_issue(world.engine, world.b, "Banjir rob <b>pesisir</b> B", TERMS, at=AT)


def test_only_the_coordinator_reaches_national_routes(app, signed_in, world, store_issue) -> None:  # type: ignore[no-untyped-def]
    _seed(world, store_issue)
    paths = _national_paths()
    anonymous = TestClient(app)
    for email in ("admin@a.go.id", "analis@a.go.id", "admin@b.go.id"):
        c = signed_in(email)
        headers = _token(world, email)
        for path in paths:
            r = anonymous.get(path, headers=headers) if path.startswith("/api/") else c.get(path)
            assert r.status_code == 403, (email, path)
            assert "Banjir rob" not in r.text
    for path in paths:
        r = anonymous.get(path, follow_redirects=False)
        if path.startswith("/api/"):
            assert r.status_code == 401, path
        else:
            assert r.status_code == 303 and r.headers["location"].startswith("/login"), path
    coordinator = signed_in("pusat@komdigi.go.id")
    for path in paths:
        if path.startswith("/api/"):
            r = anonymous.get(path, headers=_token(world, "pusat@komdigi.go.id"))
        else:
            r = coordinator.get(path)
        assert r.status_code == 200, path
    anonymous.close()


def test_the_coordinator_sees_the_national_issue(signed_in, world, store_issue) -> None:  # type: ignore[no-untyped-def]
    _seed(world, store_issue)
    c = signed_in("pusat@komdigi.go.id")
    assert 'href="/nasional"' in c.get("/").text
    page = c.get("/nasional")
    assert page.status_code == 200
    assert 'id="national-map"' in page.text and page.text.count('class="tile"') == 38
    assert "Banjir rob di pesisir A" in page.text and "Diskominfo B" in page.text
    assert "<b>pesisir</b>" not in page.text  # issue titles are escaped
    assert "belum ditanggapi" in page.text  # B has not responded
    # coverage notes of the 24 hours before the data's time: neither detection has run
    assert 'id="national-coverage"' in page.text
    assert "Diskominfo A: analisis isu belum pernah berjalan" in page.text
    assert "sumber «Kabar &lt;B&gt;» tidak bisa diambil" in page.text
    assert "server tidak terjangkau" in page.text
    english = c.get("/nasional?lang=en")
    assert "National issues" in english.text
    api = TestClient(c.app).get("/api/v1/nasional", headers=_token(world, "pusat@komdigi.go.id"))
    (issue,) = api.json()["issues"]
    assert {n["workspace"] for n in api.json()["coverage"]["not_run"]} == {"dinas-a", "dinas-b"}
    assert {m["workspace"]: m["responded"] for m in issue["members"]} == {
        "dinas-a": True,
        "dinas-b": False,
    }
    assert c.get(f"/nasional?isu={issue['key'] + 999}").status_code == 404
    xlsx = c.get("/nasional/narasi.xlsx")
    assert xlsx.content[:2] == b"PK"
    assert c.get("/nasional/laporan.pdf").content[:4] == b"%PDF"
    assert c.get("/nasional/laporan.exe").status_code == 404


def test_long_lists_are_cut_on_the_page(signed_in, world, store_issue, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The page lists the first few of long lists and says how many there are in all."""
    _seed(world, store_issue)
    monkeypatch.setattr(national, "MISSING_SHOWN", 1)
    monkeypatch.setattr(national, "WAITING_SHOWN", 0)
    page = signed_in("pusat@komdigi.go.id").get("/nasional").text
    assert "2 dari 3; semuanya di laporan harian nasional" in page  # two never ran, one outage
    assert page.count("analisis isu belum pernah berjalan") == 1
    assert "0 dari 1; pilih isu nasional di atas" in page
