"""The Aktor pages: the table, filters, the profile, and the walls between workspaces."""

from __future__ import annotations

import re
from datetime import datetime

from tests.web.conftest import seed_posts

from pantau.records import PostRecord

WHEN = datetime(2026, 11, 16, 3, 0)


def test_actor_table_lists_accounts_of_the_period_with_filters(signed_in, world) -> None:
    c = signed_in("baca@a.go.id")
    page = c.get("/w/dinas-a/aktor?days=0")
    assert page.status_code == 200
    accounts = re.findall(r'href="/w/dinas-a/aktor/([^/]+)/([^"?]+)\?days=0"', page.text)
    # an actor is a (platform, handle): make_posts cycles 3 platforms and 5 handles
    assert len(accounts) == len(set(accounts)) == 15
    assert {h for _, h in accounts} == {"akun0", "akun1", "akun2", "akun3", "akun4"}
    news_only = c.get("/w/dinas-a/aktor?days=0&platform=news").text
    # make_posts cycles x, facebook, news and akun0..4: news posts are i = 2, 5, 8 ...
    assert "/aktor/news/akun2" in news_only and "/aktor/x/" not in news_only
    # the default period counts back 7 days from the newest post (30 hourly posts: all in)
    assert "/aktor/x/akun0" in c.get("/w/dinas-a/aktor").text
    assert c.get("/w/dinas-a/aktor?days=0&sort=posts").status_code == 200


def test_actor_profile_shows_figures_signals_and_posts(signed_in, world) -> None:
    c = signed_in("analis@a.go.id")
    page = c.get("/w/dinas-a/aktor/x/akun0?days=0")
    assert page.status_code == 200
    assert 'id="actor-signals"' in page.text
    posts = re.findall(r'<bdi class="text">([^<]*)</bdi>', page.text)
    # akun0 on x: i % 5 == 0 and i % 3 == 0 → i = 0, 15; and the hostile post, escaped
    assert len(posts) == 3
    assert {"harga beras naik a 0", "harga beras naik a 15"} < set(posts)
    assert c.get("/w/dinas-a/aktor/x/tidak-ada").status_code == 404


def test_hostile_names_are_escaped(signed_in, world, h) -> None:
    c = signed_in("analis@a.go.id")
    seed_posts(
        world.engine,
        world.a,
        [
            PostRecord(
                platform="x",
                external_id="jahat1",
                key_kind="id",
                created_at=WHEN,
                collected_at=WHEN,
                text="teks biasa",
                raw="{}",
                raw_format="test",
                author="jahat",
                author_name=h.evil,
            )
        ],
    )
    for url in ("/w/dinas-a/aktor?days=0", "/w/dinas-a/aktor/x/jahat?days=0"):
        text = c.get(url).text
        assert "<script>alert" not in text and "&lt;script&gt;" in text, url


def test_a_user_of_b_cannot_see_a_actors(signed_in, world) -> None:
    c = signed_in("admin@b.go.id")
    for url in ("/w/dinas-a/aktor", "/w/dinas-a/aktor/x/akun0"):
        r = c.get(url)
        assert r.status_code == 404 and "harga beras naik" not in r.text, url
    own = c.get("/w/dinas-b/aktor?days=0").text
    assert "/aktor/x/akun0" in own  # B has its own akun0 …
    assert c.get("/w/dinas-b/aktor/x/akun0?days=0").text.count('<bdi class="text">rahasia') >= 1
