"""Whole numbers from forms, links and headers: ASCII digits only, bounded; a form given
anything else answers with its one-line error, never a server error."""

from __future__ import annotations

import pytest

from pantau.ingest.sources import get_source, list_sources
from pantau.web.values import whole_number


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("45", 45),
        (" 7 ", 7),
        ("0", 0),
        ("9" * 18, int("9" * 18)),
        ("9" * 19, None),  # beyond any count or size here
        ("9" * 5000, None),  # int() itself refuses more than 4,300 digits
        ("\u00b2", None),  # "²": isdigit() says yes, int() says no
        ("\u0663", None),  # an Arabic-Indic three
        ("-1", None),
        ("1.5", None),
        ("", None),
        (None, None),
    ],
)
def test_whole_number(value: str | None, expected: int | None) -> None:
    assert whole_number(value) == expected


def test_a_source_interval_that_is_not_a_number_is_refused_in_one_line(signed_in, world, h) -> None:  # type: ignore[no-untyped-def]
    admin = signed_in("admin@a.go.id")
    token = h.csrf_of(admin.get("/w/dinas-a/sumber").text)
    data = {"csrf_token": token, "name": "YT", "kind": "youtube", "query": "banjir"}
    assert admin.post("/w/dinas-a/sumber", data={**data, "secret": "k"}).status_code == 200
    (source,) = list_sources(world.engine, world.a)
    for bad in ("\u00b2", "9" * 5000, "lima"):
        edited = admin.post(
            f"/w/dinas-a/sumber/{source.id}",
            data={"csrf_token": token, "name": "YT", "interval": bad, "query": "banjir"},
        )
        assert edited.status_code == 400 and "interval harus bilangan menit" in edited.text
    assert get_source(world.engine, world.a, str(source.id)).interval_minutes == (
        source.interval_minutes
    )


def test_a_token_validity_that_is_not_a_number_makes_no_token(signed_in, world, h) -> None:  # type: ignore[no-untyped-def]
    user = signed_in("baca@a.go.id")
    token = h.csrf_of(user.get("/w/dinas-a/pengaturan").text)
    for bad in ("\u00b2", "9" * 5000, "selamanya"):
        made = user.post(
            "/w/dinas-a/pengaturan/token",
            data={"csrf_token": token, "name": "skrip", "days": bad},
        )
        assert made.status_code == 400 and "masa berlaku token" in made.text
        assert 'id="new-token"' not in made.text
    kept = user.post(
        "/w/dinas-a/pengaturan/token", data={"csrf_token": token, "name": "skrip", "days": " 30 "}
    )
    assert kept.status_code == 200 and 'id="new-token"' in kept.text
