"""Pages name platforms as people know them (X (Twitter), Berita daring, Lainnya), never by
their stored codes (x, news, other)."""

from __future__ import annotations

import re

from pantau.records import PLATFORMS
from pantau.report.daily import platform_name


def test_every_platform_has_a_name_in_both_languages() -> None:
    assert platform_name("other") == "Lainnya" and platform_name("other", "en") == "Other"
    assert platform_name("news") == "Berita daring" and platform_name("x") == "X (Twitter)"
    for code in PLATFORMS:
        assert platform_name(code) != code and platform_name(code, "en") != code


def test_actor_lists_filters_and_pages_show_platform_names(signed_in) -> None:
    c = signed_in("baca@a.go.id")
    actors = c.get("/w/dinas-a/aktor?days=0").text
    hints = re.findall(r'</a> <small class="hint">([^<]*)</small>', actors)
    assert hints and set(hints) <= {"X (Twitter)", "Facebook", "Berita daring"}
    options = re.findall(r'<option value="(\w+)"\s*>([^<]*)</option>', actors)
    assert ("news", "Berita daring") in options and ("x", "X (Twitter)") in options
    actor = c.get("/w/dinas-a/aktor/news/akun2?days=0").text
    assert '<small class="hint">Berita daring</small>' in actor
    search = c.get("/w/dinas-a/cari?q=beras").text
    assert re.search(r'<option value="news"\s*>Berita daring</option>', search)
    assert ">news<" not in search + actors + actor


def test_overview_names_platforms_in_its_lead_and_freshness_table(signed_in) -> None:
    html = signed_in("baca@a.go.id").get("/w/dinas-a").text
    assert re.search(
        r"Sebagian besar percakapan ada di (X \(Twitter\)|Facebook|Berita daring) ", html
    )
    fresh = html.split('id="freshness-sources"')[1].split("</table>")[0]
    assert "Berita daring" in fresh and ">news<" not in fresh and ">x<" not in fresh
