"""RSS/Atom and Google News sources against a local service: conditional GET, gzip,
redirects, tolerated bad XML, HTML instead of a feed, full article text, politeness, and
every collection stored through the importer as an import run of its source."""

from __future__ import annotations

from datetime import datetime
from itertools import pairwise
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import Engine
from tests.ingest.connectors._service import (
    NOW,
    Reply,
    collect_now,
    fixture,
    service,
    stored_posts,
)

from pantau.ingest.collect import Collector
from pantau.ingest.connectors.http import HostGate
from pantau.ingest.sources import add_source, get_source
from pantau.records import Workspace
from pantau.store.imports import list_runs


def test_feed_is_collected_once_and_then_asked_conditionally(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    with service() as svc:
        svc.on(
            "/rss/terkini.xml",
            Reply.xml(fixture("rss_berita.xml"), etag='"v1"', gzip=True),
            Reply.xml(fixture("rss_berita.xml"), etag='"v1"'),
            Reply.xml(fixture("rss_berita_next.xml"), etag='"v2"'),
        )
        add_source(engine, workspace, "Kabar", "rss", {"url": f"{svc.base}/rss/terkini.xml"})
        first = collect_now(engine, workspace, "Kabar", tmp_path)
        assert first.ok and (first.read, first.new, first.duplicate) == (3, 3, 0)
        assert svc.seen[0].headers.get("accept-encoding", "").find("gzip") >= 0
        second = collect_now(engine, workspace, "Kabar", tmp_path)
        assert second.ok and second.not_modified and second.run_id is None
        assert svc.seen[1].headers["if-none-match"] == '"v1"'
        third = collect_now(engine, workspace, "Kabar", tmp_path)
        assert (third.read, third.new, third.duplicate) == (3, 1, 2)
    posts = stored_posts(engine, workspace)
    assert len(posts) == 4
    first_post = next(p for p in posts if "posko" in p.title.lower())
    assert first_post.platform == "news" and first_post.author == "kabarnusantara.co.id"
    assert first_post.text.startswith("Pemerintah kota menyiapkan posko banjir")
    assert first_post.created_at == datetime(2026, 11, 20, 1, 15)
    runs = [r for r in list_runs(engine, workspace.id) if r.format == "rss"]
    assert len(runs) == 2 and all(r.status == "complete" for r in runs)
    assert runs[-1].file_name == "Kabar" and runs[-1].rows_new == 3
    info = get_source(engine, workspace, "Kabar")
    assert info.health == "ok" and info.last_seen_at == NOW


def test_atom_feed_and_permanent_redirect(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    with service() as svc:
        svc.on("/lama.xml", Reply(301, b"", {"location": "/baru.xml"}))
        svc.on("/baru.xml", Reply.xml(fixture("atom_siaran.xml"), etag='"a"'))
        add_source(engine, workspace, "Siaran", "rss", {"url": f"{svc.base}/lama.xml"})
        first = collect_now(engine, workspace, "Siaran", tmp_path)
        assert first.ok and first.new == 1 and any("pindah" in n for n in first.notes)
        collect_now(engine, workspace, "Siaran", tmp_path)
        assert [s.path for s in svc.seen] == ["/lama.xml", "/baru.xml", "/baru.xml"]
    (post,) = stored_posts(engine, workspace)
    assert post.title == "Layanan pengaduan daring kini buka 24 jam"
    assert post.author == "diskominfo.contoh.go.id"


def test_bad_xml_keeps_what_it_can_read_and_html_is_a_clear_error(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    with service() as svc:
        svc.on("/rusak.xml", Reply.xml(fixture("rss_rusak.xml")))
        svc.on("/halaman", Reply(200, fixture("halaman.html"), {"content-type": "text/html"}))
        add_source(engine, workspace, "Rusak", "rss", {"url": f"{svc.base}/rusak.xml"})
        add_source(engine, workspace, "Halaman", "rss", {"url": f"{svc.base}/halaman"})
        broken = collect_now(engine, workspace, "Rusak", tmp_path)
        html = collect_now(engine, workspace, "Halaman", tmp_path)
    assert broken.ok and broken.new >= 1 and any("XML feed tidak rapi" in n for n in broken.notes)
    assert not html.ok and html.error_kind == "format"
    assert "bukan feed RSS/Atom melainkan halaman HTML" in (html.error or "")
    shown = get_source(engine, workspace, "Halaman")
    assert shown.health == "error" and shown.last_error == html.error


def test_full_text_is_fetched_once_per_article(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    article = (
        b"<html><head><title>Posko</title></head><body><nav>Menu Beranda Kontak</nav>"
        b"<article><h1>Pemkot siapkan posko banjir</h1>"
        + b"<p>Pemerintah kota membuka posko banjir di lima kecamatan dengan petugas siaga "
        b"selama dua puluh empat jam untuk membantu warga yang terdampak genangan.</p>"
        * 4
        + b"</article><footer>Hak cipta</footer></body></html>"
    )
    with service() as svc:
        feed = fixture("rss_berita.xml").replace(
            b"https://www.kabarnusantara.co.id/berita/", f"{svc.base}/berita/".encode()
        )
        svc.on("/feed", Reply.xml(feed))
        for n in ("1001/pemkot-siapkan-posko-banjir", "1002/harga-beras-stabil"):
            svc.on(f"/berita/{n}", Reply(200, article, {"content-type": "text/html"}))
        add_source(
            engine, workspace, "Lengkap", "rss", {"url": f"{svc.base}/feed", "full_text": "ya"}
        )
        first = collect_now(engine, workspace, "Lengkap", tmp_path)
        second = collect_now(engine, workspace, "Lengkap", tmp_path)
        article_requests = [s for s in svc.seen if s.path.startswith("/berita/")]
    assert first.ok and second.ok and first.new == 3
    assert len(article_requests) == 3  # the three items once; none again on the second run
    posko = next(p for p in stored_posts(engine, workspace) if "posko" in p.title.lower())
    assert "dua puluh empat jam" in posko.text and "full_text" in posko.flags


def test_google_news_query_names_the_outlet(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    with service() as svc:
        svc.on("/rss/search", Reply.xml(fixture("google_news.xml")))
        add_source(
            engine,
            workspace,
            "GN banjir",
            "google-news",
            {"query": "banjir jakarta", "api_base": svc.base},
        )
        result = collect_now(engine, workspace, "GN banjir", tmp_path)
        asked = svc.seen[0].query
    assert result.ok and result.new == 2
    assert asked["q"] == ["banjir jakarta"] and asked["hl"] == ["id"] and asked["gl"] == ["ID"]
    assert asked["ceid"] == ["ID:id"]
    posts = {p.author: p for p in stored_posts(engine, workspace)}
    assert set(posts) == {"antaranews.com", "megapolitan.kompas.com"}
    assert posts["antaranews.com"].title == "Banjir rendam tiga RW di Jakarta Timur"


def test_search_url_is_built_from_the_query() -> None:
    from pantau.ingest.connectors.google_news import search_url

    url = search_url("harga beras naik")
    parts = urlsplit(url)
    assert parts.netloc == "news.google.com" and parts.path == "/rss/search"
    assert parse_qs(parts.query) == {
        "q": ["harga beras naik"],
        "hl": ["id"],
        "gl": ["ID"],
        "ceid": ["ID:id"],
    }


def test_politeness_spaces_requests_to_one_host() -> None:
    from pantau.ingest.connectors.http import SourceClient

    with service() as svc:
        svc.on("/a", Reply.xml(fixture("atom_siaran.xml")))
        collector = Collector()
        gate = HostGate()
        try:
            client = SourceClient(collector.http, gate, 0.3)
            for _ in range(3):
                client.get(f"{svc.base}/a")
        finally:
            collector.close()
        times = [s.at for s in svc.seen]
    gaps = [b - a for a, b in pairwise(times)]
    assert len(gaps) == 2 and all(g >= 0.25 for g in gaps), gaps


def test_host_gate_counts_per_host() -> None:
    moments: list[float] = []
    clock = [100.0]
    gate = HostGate(clock=lambda: clock[0], sleep=lambda s: moments.append(s))
    gate.wait("a:1", 2.0)
    gate.wait("b:1", 2.0)
    gate.wait("a:1", 2.0)
    assert moments == [2.0]  # only the second request to a:1 waits
