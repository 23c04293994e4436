"""The Laporan page: list this workspace's reports, write one now, download only its files."""

from __future__ import annotations

import re

from pantau.monitor.run import run_monitoring
from pantau.report.daily import build_daily_report
from pantau.report.render import write_daily_report


def test_reports_are_listed_written_and_downloaded_per_workspace(signed_in, world, h) -> None:
    run_monitoring(world.engine, world.b)
    folder = world.settings.data_dir / "reports"
    write_daily_report(build_daily_report(world.engine, world.b), folder, formats=("html",))
    analyst = signed_in("analis@a.go.id")
    page = analyst.get("/w/dinas-a/laporan")
    assert "Belum ada laporan" in page.text  # B's report is not A's
    made = analyst.post(
        "/w/dinas-a/laporan", data={"csrf_token": h.csrf_of(page.text)}, follow_redirects=False
    )
    assert made.status_code == 303
    listing = analyst.get("/w/dinas-a/laporan").text
    links = re.findall(r'href="/w/dinas-a/laporan/([^"]+)"', listing)
    assert {name.rsplit(".", 1)[-1] for name in links} >= {"pdf", "docx", "xlsx", "html", "png"}
    pdf = analyst.get(f"/w/dinas-a/laporan/{next(n for n in links if n.endswith('.pdf'))}")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    html = analyst.get(f"/w/dinas-a/laporan/{next(n for n in links if n.endswith('.html'))}")
    assert html.headers["content-disposition"].startswith("inline")  # opens in the browser
    assert html.headers["content-security-policy"].startswith("sandbox;")  # runs nothing
    b_files = [p.name for p in folder.iterdir() if "dinas-b" in p.name]
    assert b_files and all(
        analyst.get(f"/w/dinas-a/laporan/{n}").status_code == 404 for n in b_files
    )
    assert analyst.get("/w/dinas-a/laporan/..%2Fpantau.db").status_code == 404
    viewer = signed_in("baca@a.go.id")
    token = h.csrf_of(viewer.get("/w/dinas-a/laporan").text)
    assert viewer.post("/w/dinas-a/laporan", data={"csrf_token": token}).status_code == 403
