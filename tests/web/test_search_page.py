"""Pencarian tells the truth: the topic query language, the model's sentiment and emotion on
each result, labelling only on request, sorting, and a summary above the results."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import update

from pantau.store import posts as post_store
from pantau.store.schema import post_enrichment, posts
from pantau.web import views


def _total(html: str) -> int:
    found = re.search(r'class="summary[^"]*">.*?<strong>([\d.]+)</strong>', html, re.DOTALL)
    return int(found.group(1).replace(".", "")) if found else 0


def _enrich(world) -> None:  # type: ignore[no-untyped-def]
    with world.engine.begin() as conn:
        ids = sorted(
            r.id for r in conn.execute(posts.select().where(posts.c.workspace_id == world.a.id))
        )
        conn.execute(
            post_enrichment.insert(),
            [
                {
                    "workspace_id": world.a.id,
                    "post_id": pid,
                    "normalized_text": "x",
                    "language": "id",
                    "sentiment": "negative" if i % 4 == 0 else "neutral",
                    "sentiment_score": 0.9,
                    "polarity": 0.0,
                    "emotion": "anger" if i % 4 == 0 else "none",
                    "emotion_score": 0.5,
                    "model_version": "t",
                    "enriched_at": datetime(2026, 12, 1),
                }
                for i, pid in enumerate(ids)
            ],
        )
        # the fifth post has the most interactions, the seventh the most views
        conn.execute(update(posts).where(posts.c.id == ids[5]).values(likes=900, reposts=50))
        conn.execute(update(posts).where(posts.c.id == ids[7]).values(views=10**7))


def test_boolean_whole_word_and_minus_are_honoured(signed_in) -> None:
    c = signed_in("baca@a.go.id")
    assert _total(c.get("/w/dinas-a/cari", params={"q": "harga AND beras"}).text) == 31
    assert _total(c.get("/w/dinas-a/cari", params={"q": "harga -beras"}).text) == 0
    assert _total(c.get("/w/dinas-a/cari", params={"q": "harga NOT naik"}).text) == 1  # evil
    assert _total(c.get("/w/dinas-a/cari", params={"q": "har"}).text) == 0  # whole words
    assert _total(c.get("/w/dinas-a/cari", params={"q": "har*"}).text) == 31
    broken = c.get("/w/dinas-a/cari", params={"q": "harga AND"}).text
    assert 'class="error"' in broken and "posisi" in broken  # where the query breaks


def test_results_show_the_model_and_label_only_on_request(signed_in, world) -> None:
    _enrich(world)
    html = signed_in("analis@a.go.id").get("/w/dinas-a/cari", params={"q": "harga"}).text
    assert 'class="tag negative"' in html and ">marah<" in html
    results = html[html.index('id="search-results"') :]
    assert 'type="radio"' in results and "checked" not in results and "selected" not in results
    summary = html[html.index('id="search-summary"') : html.index('id="search-results"')]
    assert "negatif 26% · netral 74%" in summary  # every fourth post: 8 of the 31 matches
    assert "@akun" in summary and 'class="daybars"' in summary


def test_sorting_by_interactions_and_reach(signed_in, world) -> None:
    _enrich(world)
    c = signed_in("baca@a.go.id")
    by_time = c.get("/w/dinas-a/cari", params={"q": "harga"}).text
    by_talk = c.get("/w/dinas-a/cari", params={"q": "harga", "sort": "interaksi"}).text
    by_reach = c.get("/w/dinas-a/cari", params={"q": "harga", "sort": "jangkauan"}).text
    first = re.compile(r'id="search-results">\s*<li class="post">.*?<bdi class="text">([^<]*)<',
                       re.DOTALL)  # fmt: skip
    assert first.search(by_talk).group(1).endswith(" 5")  # type: ignore[union-attr]
    assert first.search(by_reach).group(1).endswith(" 7")  # type: ignore[union-attr]
    assert first.search(by_time).group(1) != first.search(by_talk).group(1)  # type: ignore[union-attr]
    assert 'value="interaksi" selected' in by_talk
    assert "urutan tidak dikenal" in c.get("/w/dinas-a/cari?q=harga&sort=acak").text


def test_a_topic_has_a_results_page(signed_in, world, h) -> None:  # type: ignore[no-untyped-def]
    _enrich(world)
    analyst = signed_in("analis@a.go.id")
    token = h.csrf_of(analyst.get("/w/dinas-a/topik").text)
    saved = analyst.post(
        "/w/dinas-a/topik",
        data={"name": "Harga", "query": "harga -zzz", "category": "ekonomi", "active": "true",
              "action": "save", "csrf_token": token},
    )  # fmt: skip
    assert saved.status_code in (200, 303)
    listing = analyst.get("/w/dinas-a/topik").text
    link = re.search(r'href="(/w/dinas-a/topik/\d+/hasil)"', listing)
    assert link is not None
    page = signed_in("baca@a.go.id").get(link.group(1)).text
    assert "Topik ini menemukan 31 post." in page
    assert 'id="search-summary"' in page and 'id="topic-issues"' in page
    posts_part = page[page.index('id="topic-posts"') :]
    first = re.search(r'<bdi class="text">([^<]*)<', posts_part)
    assert first is not None and first.group(1).endswith(" 5")  # most interactions first


def test_the_summary_of_a_common_word_covers_its_newest_posts(
    signed_in, world, monkeypatch
) -> None:
    """Past ``COUNT_CAP`` matches the summary is of the newest ones, and says so."""
    _enrich(world)
    c = signed_in("analis@a.go.id")
    whole = c.get("/w/dinas-a/cari", params={"q": "harga"}).text
    assert 'id="summary-newest"' not in whole
    monkeypatch.setattr(views, "COUNT_CAP", 10)
    html = c.get("/w/dinas-a/cari", params={"q": "harga"}).text
    summary = html[html.index('id="search-summary"') : html.index('id="search-results"')]
    assert "Ringkasan dari 10 hasil terbaru." in summary
    shares = re.search(r"negatif (\d+)% · netral (\d+)%", summary)
    assert shares is not None and sum(map(int, shares.groups())) == 100
    with world.engine.connect() as conn:
        newest = post_store.summarize_posts(
            conn, world.a.id, views.SearchQuery(q="harga").to_filter("Asia/Jakarta"), newest=10
        )
    assert sum(n for _hour, n in newest.hours) == 10
    assert sum(newest.sentiments.values()) == 10


def test_the_newest_summary_of_every_match_equals_the_whole_summary(world) -> None:
    """Read in one query and counted in Python, the summary of the newest N matches (N at
    least all of them) is the one the database counts for every match."""
    _enrich(world)
    for q in ("harga", "beras", '"harga beras"', "tidakadadimanapun"):
        f = views.SearchQuery(q=q).to_filter("Asia/Jakarta")
        with world.engine.connect() as conn:
            whole = post_store.summarize_posts(conn, world.a.id, f)
            newest = post_store.summarize_posts(conn, world.a.id, f, newest=1_000_000)
        assert newest == whole, q
    assert sum(whole.sentiments.values()) == 0  # the last word matches nothing


def test_the_count_read_with_the_summary_is_the_counted_one(world, monkeypatch) -> None:
    """The first pages take their total from the summary's read (one row more than the cap
    means "more than"); it must be what counting says, below and above the cap."""
    _enrich(world)
    # (cap, per page): the summary's read (cap reached by the first pages), with "more"
    # (10 of more than 10), and counting (the pager asks past the cap)
    for cap, per_page in ((views.COUNT_CAP, 20), (10, 1), (3, 20)):
        monkeypatch.setattr(views, "COUNT_CAP", cap)
        limit = max(cap, per_page * 10)
        for q in ("harga", '"harga beras"', "tidakadadimanapun"):
            query = views.SearchQuery(q=q)
            found = views.search(world.engine, world.a, query, per_page=per_page)
            with world.engine.connect() as conn:
                f = query.to_filter("Asia/Jakarta")
                counted = post_store.count_posts(conn, world.a.id, f)
            assert found.total == min(counted, limit), (cap, q)
            assert found.exact == (counted <= limit), (cap, q)
    assert counted == 0 and found.total == 0
