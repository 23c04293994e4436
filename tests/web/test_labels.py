"""Analysts label a post's sentiment from the search page; labels become training data."""

from __future__ import annotations

from pantau.store.enrichment import labelled_texts
from pantau.store.posts import PostFilter, list_posts


def _post_id(world, ws, external_id: str) -> int:  # type: ignore[no-untyped-def]
    with world.engine.connect() as conn:
        rows = list_posts(conn, ws.id, PostFilter(), limit=100)
    return next(r["id"] for r in rows if r["external_id"] == external_id)


def test_analyst_labels_a_post(signed_in, world, h) -> None:  # type: ignore[no-untyped-def]
    c = signed_in("analis@a.go.id")
    page = c.get("/w/dinas-a/cari?q=harga").text
    assert "Label sentimen" in page
    post = _post_id(world, world.a, "a3")
    response = c.post(
        f"/w/dinas-a/post/{post}/label",
        data={
            "sentiment": "negative",
            "csrf_token": h.csrf_of(page),
            "back": "/w/dinas-a/cari?q=harga",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/w/dinas-a/cari?q=harga"
    texts, labels = labelled_texts(world.engine, world.a.id, "sentiment")
    assert labels == ["negative"] and texts[0].endswith("a 3")


def test_label_is_refused_for_viewers_other_workspaces_and_bad_input(signed_in, world, h) -> None:  # type: ignore[no-untyped-def]
    viewer = signed_in("baca@a.go.id")
    page = viewer.get("/w/dinas-a/cari").text
    assert "Label sentimen" not in page
    post = _post_id(world, world.a, "a1")
    token = h.csrf_of(page)
    refused = viewer.post(
        f"/w/dinas-a/post/{post}/label", data={"sentiment": "positive", "csrf_token": token}
    )
    assert refused.status_code == 403
    analyst = signed_in("analis@a.go.id")
    token = h.csrf_of(analyst.get("/w/dinas-a/cari").text)
    other = _post_id(world, world.b, "b1")  # a post of workspace B, id guessed
    assert (
        analyst.post(
            f"/w/dinas-a/post/{other}/label", data={"sentiment": "positive", "csrf_token": token}
        ).status_code
        == 404
    )
    assert (
        analyst.post(
            f"/w/dinas-a/post/{post}/label", data={"sentiment": "marah", "csrf_token": token}
        ).status_code
        == 400
    )
    assert (
        analyst.post(f"/w/dinas-a/post/{post}/label", data={"sentiment": "positive"}).status_code
        == 403
    )  # no CSRF token
    away = analyst.post(
        f"/w/dinas-a/post/{post}/label",
        data={"sentiment": "positive", "csrf_token": token, "back": "https://jahat.example/"},
        follow_redirects=False,
    )
    assert away.headers["location"] == "/w/dinas-a/cari"  # no open redirect
    assert labelled_texts(world.engine, world.b.id, "sentiment") == ([], [])
