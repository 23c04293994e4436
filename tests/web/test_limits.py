"""Request bodies are bounded, and an anonymous request to a workspace page or the API is
answered before its body is read."""

from __future__ import annotations

from collections.abc import Iterator

from pantau.web.limits import BODY_LIMIT, UPLOAD_LIMIT


def _chunks(total: int, consumed: list[int]) -> Iterator[bytes]:
    step = 64 * 1024
    for start in range(0, total, step):
        consumed.append(start)
        yield b"x" * min(step, total - start)


def test_anonymous_bodies_are_not_read(client) -> None:  # type: ignore[no-untyped-def]
    consumed: list[int] = []
    upload = client.post(
        "/w/dinas-a/bimtek/1/peserta",
        content=_chunks(UPLOAD_LIMIT * 2, consumed),
        headers={"Content-Type": "multipart/form-data; boundary=x"},
        follow_redirects=False,
    )
    assert upload.status_code == 303 and upload.headers["location"] == "/login"
    assert len(consumed) < 40, len(consumed)  # not the 1,600 chunks of the body
    api = client.post(
        "/api/v1/workspaces/dinas-a/topics",
        content=b"{" + b" " * (BODY_LIMIT * 3) + b"}",
        headers={"Content-Type": "application/json"},
    )
    assert api.status_code == 401


def test_bodies_over_their_limit_are_refused(signed_in, world) -> None:  # type: ignore[no-untyped-def]
    analyst = signed_in("analis@a.go.id")
    form = analyst.post(
        "/w/dinas-a/isu/1",
        content=b"status=baru&notes=" + b"x" * (BODY_LIMIT + 10),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert form.status_code == 413 and "terlalu besar" in form.text
    declared = analyst.post(
        "/w/dinas-a/bimtek/1/peserta",
        content=b"x",
        headers={
            "Content-Type": "multipart/form-data; boundary=x",
            "Content-Length": str(UPLOAD_LIMIT + 1),
        },
    )
    assert declared.status_code == 413
