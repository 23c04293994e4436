"""What the pages show: escaped post text, charts, topics with live tests, search, export,
language."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime

from openpyxl import load_workbook

from pantau.monitor.topics import add_topic
from pantau.store.schema import post_enrichment, posts


def _figures(html: str) -> dict[str, dict]:
    found = re.findall(r'<script type="application/json" id="fig-(\w+)">(.*?)</script>', html, re.S)
    return {name: json.loads(body) for name, body in found}


def test_post_text_is_escaped_and_direction_overrides_removed(signed_in, h) -> None:
    page = signed_in("baca@a.go.id").get("/w/dinas-a/cari?q=script").text
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "\u202e" not in page and "gnp.exe" in page


def test_only_http_links_are_rendered_as_links(signed_in, world) -> None:
    from dataclasses import replace

    from tests.web.conftest import make_posts, seed_posts

    start = make_posts(1, "x", world.a.created_at)[0]
    hostile = replace(start, external_id="js1", text="klik tautan jahat", url="javascript:alert(1)")
    fine = replace(start, external_id="ok1", text="klik tautan baik", url="https://a.go.id/x")
    seed_posts(world.engine, world.a, [hostile, fine])
    page = signed_in("baca@a.go.id").get("/w/dinas-a/cari?q=tautan").text
    assert "javascript:" not in page
    assert 'href="https://a.go.id/x"' in page


def test_overview_has_charts_from_the_local_plotly_and_topics(signed_in, world) -> None:
    add_topic(world.engine, world.a, "Harga Beras", "beras")
    c = signed_in("baca@a.go.id")
    page = c.get("/w/dinas-a").text
    assert '<script src="/vendor/plotly.min.js"' in page and "cdn" not in page.lower()
    figures = _figures(page)
    assert set(figures) == {"volume", "platform"}
    assert sum(figures["volume"]["data"][0]["y"]) == 31
    assert "Harga Beras" in page and "Belum ada data sentimen" in page
    js = c.get("/vendor/plotly.min.js")
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
    assert len(js.content) > 1_000_000


def test_sentiment_chart_appears_when_enrichment_exists(signed_in, world) -> None:
    with world.engine.begin() as conn:
        ids = [r.id for r in conn.execute(posts.select().where(posts.c.workspace_id == world.a.id))]
        conn.execute(
            post_enrichment.insert(),
            [
                {
                    "workspace_id": world.a.id,
                    "post_id": pid,
                    "normalized_text": "x",
                    "language": "id",
                    "sentiment": ("negative", "neutral", "positive")[i % 3],
                    "sentiment_score": 0.9,
                    "polarity": 0.0,
                    "emotion": "none",
                    "emotion_score": 0.0,
                    "model_version": "t",
                    "enriched_at": datetime(2026, 12, 1),
                }
                for i, pid in enumerate(ids)
            ],
        )
    figures = _figures(signed_in("baca@a.go.id").get("/w/dinas-a").text)
    sentiment = figures["sentiment"]["data"]
    assert [s["name"] for s in sentiment] == ["positif", "netral", "negatif"]
    assert sum(sum(s["y"]) for s in sentiment) == 31


def test_topic_syntax_error_shows_the_caret_and_live_test_counts(signed_in, h) -> None:
    c = signed_in("analis@a.go.id")
    token = h.csrf_of(c.get("/w/dinas-a/topik").text)
    form = {"csrf_token": token, "name": "Rusak", "query": "beras AND (harga", "action": "save"}
    r = c.post("/w/dinas-a/topik", data=form)
    assert r.status_code == 400 and "Kueri tidak sah" in r.text
    caret = re.search(r'<pre class="caret">(.*?)</pre>', r.text, re.S).group(1)
    query_line, marker = caret.split("\n")
    assert query_line == "beras AND (harga" and marker.strip() == "^"
    assert "Rusak" not in c.get("/w/dinas-a").text  # nothing saved
    live = c.post(
        "/w/dinas-a/topik/uji", data={"query": "harga beras"}, headers={"X-CSRF-Token": token}
    )
    body = live.json()
    assert body["count"] == 31 and len(body["samples"]) == 5 and body["error"] is None
    assert "\u202e" not in json.dumps(body, ensure_ascii=False)
    bad = c.post("/w/dinas-a/topik/uji", data={"query": "NOT"}, headers={"X-CSRF-Token": token})
    assert bad.json()["error"]


def test_search_filters_pages_and_exports(signed_in) -> None:
    c = signed_in("baca@a.go.id")
    first = c.get("/w/dinas-a/cari?q=harga&platform=x").text
    assert "<strong>11</strong>" in first  # 31 posts, every third on x (+ the evil one)
    page = c.get("/w/dinas-a/cari").text
    assert "Halaman 1 / 2" in page and 'rel="next"' in page
    second = c.get("/w/dinas-a/cari?page=2").text
    assert "Halaman 2 / 2" in second and 'rel="prev"' in second
    assert "tanggal tidak sah" in c.get("/w/dinas-a/cari?since=kemarin").text
    dated = c.get("/w/dinas-a/cari?since=2026-11-16&until=2026-11-16").text
    # 01:00 UTC + hours, local WIB day 16 Nov ends at 17:00 UTC: posts 0..15 and the evil one
    assert "<strong>17</strong>" in dated
    exported = c.get("/w/dinas-a/cari/ekspor?format=csv&platform=news")
    assert exported.status_code == 200 and "attachment" in exported.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert len(rows) == 10 and {r["platform"] for r in rows} == {"news"}
    semicolons = c.get("/w/dinas-a/cari/ekspor?format=csv_titikkoma&platform=news")
    assert semicolons.content.decode("utf-8-sig").splitlines()[0].startswith("platform;id post;")
    xlsx = c.get("/w/dinas-a/cari/ekspor?format=xlsx&q=harga")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 32  # header + 31


def test_language_switch_sticks_and_formats_numbers(signed_in, world) -> None:
    c = signed_in("baca@a.go.id")
    indonesian = c.get("/w/dinas-a").text
    assert 'lang="id"' in indonesian and "Ringkasan" in indonesian and "WIB" in indonesian
    english = c.get("/w/dinas-a?lang=en").text
    assert 'lang="en"' in english and "Overview" in english and "Ringkasan" not in english
    assert "Overview" in c.get("/w/dinas-a/topik").text  # the cookie keeps the choice
    assert "<h1>Pencarian</h1>" in c.get("/w/dinas-a/cari?lang=id").text
    assert "<h1>Pencarian</h1>" in c.get("/w/dinas-a/cari").text


def test_issue_page_replaces_the_placeholder(signed_in) -> None:
    page = signed_in("baca@a.go.id").get("/w/dinas-a/isu")
    assert page.status_code == 200 and "sedang dibangun" not in page.text
    assert "Belum ada isu" in page.text  # details: tests/web/test_issue_pages.py
