"""The issue network page (camps, bridges, picture) and the overview's issues and alerts."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta

from tests.web.conftest import seed_posts
from tests.web.test_issue_pages import _issue

from pantau.network.camps import stored_issue_network, update_issue_networks
from pantau.network.rollups import pack
from pantau.records import PostRecord
from pantau.store import alerts as alert_store
from pantau.store import network as network_store
from pantau.web import charts

T = datetime(2026, 11, 16, 1, 0)


def _mentions(world) -> list[str]:  # type: ignore[no-untyped-def]
    """Posts of akun0..akun5 mentioning each other: two tight groups and one link."""
    pairs = [(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3), (2, 3)]
    records = [
        PostRecord(
            platform="x",
            external_id=f"m{i}",
            key_kind="id",
            created_at=T,
            collected_at=T,
            text=f"beras mahal @akun{b}",
            mentions=[f"akun{b}"],
            raw="{}",
            raw_format="test",
            author=f"akun{a}",
        )
        for i, (a, b) in enumerate(pairs * 2)
    ]
    seed_posts(world.engine, world.a, records)
    return [r.external_id for r in records]


def test_issue_network_page_draws_camps_and_bridges(signed_in, world) -> None:
    issue_id = _issue(
        world, world.a, "Beras mahal", _mentions(world), priority="segera", stage="berkembang"
    )
    c = signed_in("baca@a.go.id")
    assert f"/w/dinas-a/isu/{issue_id}/jaringan" in c.get(f"/w/dinas-a/isu/{issue_id}").text
    before = c.get(f"/w/dinas-a/isu/{issue_id}/jaringan")
    assert before.status_code == 200 and 'id="network-pending"' in before.text
    assert update_issue_networks(world.engine, world.a).computed == 1  # pantau run's stage
    page = c.get(f"/w/dinas-a/isu/{issue_id}/jaringan")
    assert page.status_code == 200 and 'id="network-computed"' in page.text
    figure = re.search(r'id="fig-network">(.*?)</script>', page.text, re.S)
    spec = json.loads(figure.group(1))
    assert len(spec["data"][1]["x"]) == 6  # six accounts drawn
    assert 'id="network-camps"' in page.text and "kubu" in page.text
    other = signed_in("admin@b.go.id")
    assert other.get(f"/w/dinas-a/isu/{issue_id}/jaringan").status_code == 404
    assert other.get(f"/w/dinas-b/isu/{issue_id}/jaringan").status_code == 404


def test_network_picture_is_drawn_once_per_stored_network(signed_in, world, monkeypatch) -> None:
    issue_id = _issue(
        world, world.a, "Beras mahal", _mentions(world), priority="segera", stage="berkembang"
    )
    update_issue_networks(world.engine, world.a)
    drawn: list[int] = []
    draw = charts.network

    def counted(nodes, edges, title):  # type: ignore[no-untyped-def]
        drawn.append(len(nodes))
        return draw(nodes, edges, title)

    monkeypatch.setattr(charts, "network", counted)
    c = signed_in("baca@a.go.id")

    def picture() -> dict:
        page = c.get(f"/w/dinas-a/isu/{issue_id}/jaringan")
        return json.loads(re.search(r'id="fig-network">(.*?)</script>', page.text, re.S).group(1))

    first = picture()
    assert picture() == first and drawn == [6]  # the second request reuses the drawing
    # the stage stores the network again (here: one account fewer): drawn anew
    stored = dict(stored_issue_network(world.engine, world.a, issue_id) or {})
    posts, at = stored.pop("posts"), stored.pop("computed_at")
    stored["nodes"] = stored["nodes"][1:]
    with world.engine.begin() as conn:
        network_store.save_network(
            conn, world.a.id, issue_id, posts, at.replace(microsecond=0) + timedelta(minutes=1),
            pack(stored),
        )  # fmt: skip
    again = picture()
    assert drawn[-1] == 5 and len(again["data"][1]["x"]) == 5


def test_overview_lists_open_issues_and_latest_alerts(signed_in, world) -> None:
    _issue(world, world.a, "Beras oplosan", [f"a{i}" for i in range(9)], priority="segera",
           stage="berkembang")  # fmt: skip
    with world.engine.begin() as conn:
        rule = alert_store.insert_rule(
            conn,
            world.a.id,
            {
                "kind": "issue",
                "params": {},
                "channels": [],
                "urgent_bypass": True,
                "throttle_per_hour": 10,
                "created_at": T,
            },
        )
        alert_store.add_events(
            conn,
            world.a.id,
            [
                {
                    "rule_id": rule,
                    "dedup_key": "issue:1:segera",
                    "kind": "issue",
                    "urgent": True,
                    "title": "<b>Isu baru</b> prioritas segera",
                    "body": "-",
                    "details": {},
                    "detected_at": T,
                }
            ],
        )
    page = signed_in("baca@a.go.id").get("/w/dinas-a").text
    issues = re.search(r'id="overview-issues">(.*?)</section>', page, re.S).group(1)
    assert "Beras oplosan" in issues
    alerts = re.search(r'id="overview-alerts">(.*?)</section>', page, re.S).group(1)
    assert "&lt;b&gt;Isu baru&lt;/b&gt;" in alerts
    assert "Isu baru" not in signed_in("admin@b.go.id").get("/w/dinas-b").text
