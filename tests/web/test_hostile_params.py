"""Out-of-range dates and NUL bytes typed into filters, forms and the API are a clear 400 (or a
page that says so), never an internal error, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from tests.web.conftest import csrf_of

BAD_DAYS = ["9999-12-31", "0001-01-01", "2026-13-45", "kemarin", "2026-11-16\x00"]
PAGES = [
    ("/w/dinas-a/isu", "since"),
    ("/w/dinas-a/isu", "until"),
    ("/w/dinas-a/cari", "since"),
    ("/w/dinas-a/cari", "until"),
    ("/w/dinas-a/agenda", "since"),
    ("/w/dinas-a/agenda", "until"),
    ("/w/dinas-a/kalender", "month"),
    ("/w/dinas-a/aktor", "since"),
]


@pytest.mark.parametrize("day", BAD_DAYS)
def test_bad_days_in_page_filters(signed_in, world, day: str) -> None:  # type: ignore[no-untyped-def]
    client = signed_in("analis@a.go.id")
    for path, name in PAGES:
        response = client.get(path, params={name: day, "q": "harga"})
        assert response.status_code < 500, (path, name, day, response.status_code)


@pytest.mark.parametrize("day", BAD_DAYS)
def test_bad_days_in_the_api(client, world, day: str) -> None:  # type: ignore[no-untyped-def]
    from tests.web.test_issue_pages import _token

    headers = _token(world, "analis@a.go.id")
    for path in ("/api/v1/workspaces/dinas-a/posts", "/api/v1/workspaces/dinas-a/issues"):
        for name in ("since", "until"):
            response = client.get(path, params={name: day}, headers=headers)
            assert response.status_code in (400, 422), (path, name, day, response.status_code)


def test_nul_bytes_in_login_and_search(client, signed_in) -> None:  # type: ignore[no-untyped-def]
    form = client.get("/login")
    token = csrf_of(form.text)
    response = client.post(
        "/login", data={"csrf_token": token, "email": "a\x00@b.id", "password": "x\x00"}
    )
    assert response.status_code < 500
    analyst = signed_in("analis@a.go.id")
    assert analyst.get("/w/dinas-a/cari", params={"q": "har\x00ga"}).status_code < 500
    assert analyst.get("/w/dinas-a/cari", params={"author": "\x00"}).status_code < 500
