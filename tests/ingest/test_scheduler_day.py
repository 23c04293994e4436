"""The service's minute tick through one day on a fake clock: each source collected on its
own interval, one source down for two hours (back-off, one outage, the daily report's
coverage caveat), another refusing its token (tried again only after hours), new posts
processed by the pipeline as ``pantau run`` would, nothing lost and nothing twice."""

from __future__ import annotations

from datetime import datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from sqlalchemy import Engine, func, select
from tests.ingest.connectors._service import Reply, Seen, service, stored_posts

from pantau.ingest.collect import Collector
from pantau.ingest.sources import add_source, get_source
from pantau.notify.setup import update_settings
from pantau.records import Workspace
from pantau.report.daily import build_daily_report
from pantau.scheduler import Scheduler
from pantau.store import sources as store
from pantau.store.schema import post_enrichment

START = datetime(2026, 11, 20, 0, 0)  # 07.00 WIB
DOWN = (START + timedelta(hours=6), START + timedelta(hours=8))  # the fragile feed fails


def _feed(now: datetime, outlet: str) -> bytes:
    """The outlet's feed at ``now``: one item every 30 minutes, the latest 20."""
    latest = int((now - START).total_seconds() // 1800)
    items = []
    for n in range(max(0, latest - 19), latest + 1):
        when = START + timedelta(minutes=30 * n)
        items.append(
            f"<item><title>{outlet} kabar ke-{n}</title>"
            f"<link>https://{outlet}.example/berita/{n}</link>"
            f"<pubDate>{format_datetime(when.replace(tzinfo=None), usegmt=False)} +0000</pubDate>"
            f"<description>Laporan {outlet} nomor {n} tentang pelayanan publik.</description>"
            "</item>"
        )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{outlet}</title>'
        f"<link>https://{outlet}.example/</link>{''.join(items)}</channel></rss>"
    ).encode()


def test_a_day_of_ticks_with_failures(engine: Engine, workspace: Workspace, tmp_path: Path) -> None:
    clock = {"now": START}

    def answer(seen: Seen) -> Reply:
        now = clock["now"]
        if seen.path == "/rapuh.xml" and DOWN[0] <= now < DOWN[1]:
            return Reply(503, b"sedang perbaikan")
        if seen.path == "/x/2/tweets/search/recent":
            return Reply.json('{"title": "Unauthorized", "status": 401}', status=401)
        return Reply.xml(_feed(now, seen.path.strip("/").removesuffix(".xml")))

    update_settings(engine, workspace, report_enabled=False)
    with service() as svc:
        svc.answer = answer
        add_source(engine, workspace, "Stabil", "rss", {"url": f"{svc.base}/stabil.xml"}, now=START)
        add_source(engine, workspace, "Rapuh", "rss", {"url": f"{svc.base}/rapuh.xml"}, now=START)
        add_source(
            engine, workspace, "X", "x", {"query": "q", "api_base": f"{svc.base}/x"},
            secret="AAAA-token-lama", now=START,
        )  # fmt: skip
        scheduler = Scheduler(engine, tmp_path, collector=Collector(politeness=0))
        try:
            minute = 0
            while minute < 24 * 60:
                clock["now"] = START + timedelta(minutes=minute)
                scheduler.tick(clock["now"])
                minute += 5
        finally:
            scheduler.stop()
        by_path: dict[str, list[float]] = {}
        for s in svc.seen:
            by_path.setdefault(s.path, []).append(s.at)

    stable, fragile = len(by_path["/stabil.xml"]), len(by_path["/rapuh.xml"])
    assert stable == 24 * 60 // 15  # every 15 minutes, all day
    # 24 tries before 06:00; down: 06:00, 06:15, 06:45, 07:45 (back-off 15, 30, 60 minutes);
    # the next, two hours later, finds it up again at 09:45, then every 15 minutes (57)
    assert fragile == 24 + 4 + (24 * 60 - (9 * 60 + 45)) // 15
    assert len(by_path["/x/2/tweets/search/recent"]) == 4  # 00:00, 06:00, 12:00, 18:00
    assert get_source(engine, workspace, "X").health == "auth"

    posts = stored_posts(engine, workspace)
    titles = [p.title for p in posts]
    assert len(titles) == len(set(titles))  # nothing twice
    last = int((START + timedelta(minutes=24 * 60 - 5) - START).total_seconds() // 1800)
    for outlet in ("stabil", "rapuh"):  # nothing lost, the outage included
        assert {f"{outlet} kabar ke-{n}" for n in range(last + 1)} <= set(titles)
    with engine.connect() as conn:
        analysed = conn.execute(select(func.count()).select_from(post_enrichment)).scalar_one()
        outages = store.outages_between(conn, workspace.id, START, START + timedelta(days=1))
    assert analysed == len(posts)  # the pipeline followed every collection

    fragile_outage = next(o for o in outages if o["name"] == "Rapuh")
    back = START + timedelta(hours=9, minutes=45)  # known to be up again from then on
    assert fragile_outage["started_at"] == DOWN[0] and fragile_outage["ended_at"] == back
    report = build_daily_report(engine, workspace, (START + timedelta(days=1)).date())
    down = [c for c in report.caveats if "Rapuh" in c]
    assert down == [
        "Sumber «Rapuh» tidak bisa diambil 20 Nov 2026 13.00 WIB – 20 Nov 2026 16.45 WIB "
        "(server sumber bermasalah); unggahannya pada jam itu mungkin belum masuk."
    ]
