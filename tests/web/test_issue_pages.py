"""Isu pages and API: list with filters, issue page, workflow rights, CSRF, walls between
workspaces, escaping, pagination; the overview from rollups means the same as from posts."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from tests.monitor._monitor_data import store_posts
from tests.network._ring import add_hoax

from pantau.monitor.issues import refresh_issue
from pantau.monitor.run import run_monitoring
from pantau.monitor.topics import add_topic
from pantau.network.camps import update_issue_networks
from pantau.overview import workspace_stats
from pantau.store import monitor as monitor_store
from pantau.store.schema import audit_log, post_enrichment, posts
from pantau.store.users import user_by_email
from pantau.users.accounts import create_token
from pantau.web.views import overview

AT = datetime(2026, 11, 18, 0, 0)


def _post_ids(world, ws) -> dict[str, int]:
    with world.engine.connect() as conn:
        rows = conn.execute(
            select(posts.c.external_id, posts.c.id).where(posts.c.workspace_id == ws.id)
        )
        return dict(rows.all())


def _issue(world, ws, label, external_ids, *, priority, stage, representative=None) -> int:
    ids = _post_ids(world, ws)
    t0 = datetime(2026, 11, 16, 1, 0)
    with world.engine.begin() as conn:
        issue_id = monitor_store.insert_issue(
            conn,
            ws.id,
            {
                "label": label,
                "terms": [["w:beras", 5.0], ["w:harga", 3.0]],
                "first_seen": t0,
                "last_seen": t0,
                "stage": "potensial",
                "priority": "pantau",
                "priority_score": 0.0,
                "why": "",
                "suggested_response": "pantau saja",
                "status": "baru",
                "representative_post_id": ids[representative or external_ids[0]],
                "metrics": {},
                "created_at": t0,
                "updated_at": t0,
            },
        )
        monitor_store.assign_posts(
            conn,
            ws.id,
            [(issue_id, ids[e], t0 + timedelta(hours=i)) for i, e in enumerate(external_ids)],
        )
    refresh_issue(world.engine, ws, issue_id, AT)
    with world.engine.begin() as conn:  # fix the assessment the filters are tested on
        monitor_store.update_issue(
            conn, ws.id, issue_id, {"priority": priority, "stage": stage, "label": label}
        )
    return issue_id


@pytest.fixture
def issues(world) -> dict[str, int]:
    a_ids = [f"a{i}" for i in range(12)]
    made = {
        "calm": _issue(world, world.a, "Harga beras", a_ids[:4], priority="pantau", stage="mereda"),
        "urgent": _issue(
            world,
            world.a,
            "Beras oplosan",
            [*a_ids[4:12], "evil0"],
            priority="segera",
            stage="berkembang",
            representative="evil0",
        ),
        "b": _issue(
            world,
            world.b,
            "Banjir rahasia B",
            ["b0", "b1", "b2"],
            priority="segera",
            stage="memuncak",
        ),
    }
    for ws in (world.a, world.b):  # the `networks` stage stores the key actors' roles
        update_issue_networks(world.engine, ws)
    return made


def _token(world, email: str) -> dict[str, str]:
    with world.engine.connect() as conn:
        user = user_by_email(conn, email)
    _stored, secret = create_token(world.engine, user, "uji", actor="test")
    return {"Authorization": f"Bearer {secret}"}


def _rows(html: str) -> list[str]:
    return re.findall(r'<tr class="issue prio-[^"]*">\s*<td><a href="/w/dinas-a/isu/(\d+)"', html)


def test_list_most_urgent_first_with_filters(signed_in, world, issues) -> None:
    c = signed_in("baca@a.go.id")
    page = c.get("/w/dinas-a/isu")
    assert page.status_code == 200
    assert _rows(page.text) == [str(issues["urgent"]), str(issues["calm"])]
    assert "Beras oplosan" in page.text and "berkembang" in page.text and "segera" in page.text
    assert "Banjir rahasia B" not in page.text  # another workspace's issue
    assert 'aria-current="page">Isu</a>' in page.text  # the nav no longer says "segera"
    assert _rows(c.get("/w/dinas-a/isu?priority=pantau").text) == [str(issues["calm"])]
    assert _rows(c.get("/w/dinas-a/isu?stage=berkembang").text) == [str(issues["urgent"])]
    assert _rows(c.get("/w/dinas-a/isu?status=selesai").text) == []
    assert _rows(c.get("/w/dinas-a/isu?since=2026-11-16&until=2026-11-16").text) != []
    assert _rows(c.get("/w/dinas-a/isu?since=2026-12-01").text) == []
    topic = add_topic(world.engine, world.a, "Evil", '"gnp.exe"')
    assert _rows(c.get(f"/w/dinas-a/isu?topic={topic.id}").text) == [str(issues["urgent"])]
    bad = c.get("/w/dinas-a/isu?priority=kiamat")
    assert bad.status_code == 400 and "prioritas tidak dikenal" in bad.text
    english = c.get("/w/dinas-a/isu?lang=en").text
    assert "urgent" in english and "growing" in english and "most urgent first" in english


def test_issue_page_shows_timeline_mix_and_escapes_posts(signed_in, issues, h) -> None:
    page = signed_in("baca@a.go.id").get(f"/w/dinas-a/isu/{issues['urgent']}")
    assert page.status_code == 200
    html = page.text
    figure = re.search(
        r'<script type="application/json" id="fig-timeline">(.*?)</script>', html, re.S
    )
    spec = json.loads(figure.group(1))
    assert sum(spec["data"][0]["y"]) == 9
    assert '<script src="/vendor/plotly.min.js"' in html
    assert 'id="sentiment-mix"' in html and 'id="platform-mix"' in html
    representative = re.search(r'<ul class="posts" id="representative">(.*?)</ul>', html, re.S)
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in representative.group(1)
    assert "<script>alert" not in html and "\u202e" not in html
    assert 'id="top-posts"' in html and re.search(r'id="issue-response"><strong>\w', html)
    assert "<code>beras</code>" in html  # keys shown as words, not as "w:beras"
    actors = re.search(r'id="issue-actors">(.*?)id="issue-coordination"', html, re.S)
    # 9 posts by 9 accounts: the 3 who posted first, the others by reach, and the 3 news
    # accounts apart as media (not as fact-checkers)
    started = re.search(r'id="actors-originators">(.*?)</section>', actors.group(1), re.S)
    assert len(re.findall(r'href="/w/dinas-a/aktor/', started.group(1))) == 3
    media = re.search(r'id="actors-media">(.*?)</section>', actors.group(1), re.S)
    assert re.findall(r'href="/w/dinas-a/aktor/(\w+)/', media.group(1)) == ["news"] * 3
    assert 'id="actors-checkers"' not in html
    assert len(re.findall(r'href="/w/dinas-a/aktor/', actors.group(1))) == 9
    # viewers read only: no form, no CSRF-protected action for the workflow
    assert 'id="workflow-form"' not in html and "Tindak lanjut" in html


def test_workflow_by_analyst_is_saved_and_audited(signed_in, world, issues, h) -> None:
    c = signed_in("analis@a.go.id")
    url = f"/w/dinas-a/isu/{issues['urgent']}"
    token = h.csrf_of(c.get(url).text)
    form = {"csrf_token": token, "status": "ditangani", "owner": "Tim Humas", "notes": "<b>cek</b>"}
    r = c.post(url, data=form, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == url + "?saved=1"
    page = c.get(url + "?saved=1").text
    assert "Isu disimpan." in page and "Tim Humas" in page and "&lt;b&gt;cek&lt;/b&gt;" in page
    with world.engine.connect() as conn:
        entry = conn.execute(select(audit_log).where(audit_log.c.action == "issue.workflow")).one()
    assert entry.actor == "analis@a.go.id" and entry.workspace_id == world.a.id
    bad = c.post(url, data={**form, "status": "hilang"})
    assert bad.status_code == 400 and "status tidak dikenal" in bad.text


def test_an_analyst_renames_an_issue_on_its_page_and_by_the_api(
    signed_in, client, world, issues, h
) -> None:
    c = signed_in("analis@a.go.id")
    url = f"/w/dinas-a/isu/{issues['urgent']}"
    page = c.get(url).text
    assert 'id="issue-summary"' in page and 'id="issue-terms"' in page
    form = {"csrf_token": h.csrf_of(page), "status": "baru", "title": "<i>Beras</i> oplosan"}
    assert c.post(url, data=form, follow_redirects=False).status_code == 303
    page = c.get(url).text
    assert "&lt;i&gt;Beras&lt;/i&gt; oplosan" in page and "<i>Beras</i>" not in page
    listed = c.get("/w/dinas-a/isu").text
    assert "&lt;i&gt;Beras&lt;/i&gt; oplosan" in listed
    headers = _token(world, "analis@a.go.id")
    api = f"/api/v1/workspaces/dinas-a/issues/{issues['urgent']}"
    renamed = client.patch(api, json={"title": ""}, headers=headers).json()
    assert renamed["title"] is None and renamed["label"] != "<i>Beras</i> oplosan"
    assert renamed["summary"]["id"] and renamed["summary"]["en"]


def test_workflow_refused_for_viewer_and_without_csrf(signed_in, issues, h) -> None:
    url = f"/w/dinas-a/isu/{issues['urgent']}"
    viewer = signed_in("baca@a.go.id")
    token = h.csrf_of(viewer.get(url).text)  # the logout form's token
    assert viewer.post(url, data={"csrf_token": token, "status": "selesai"}).status_code == 403
    analyst = signed_in("analis@a.go.id")
    assert analyst.post(url, data={"status": "selesai"}).status_code == 403
    assert analyst.post(url, data={"csrf_token": "salah", "status": "selesai"}).status_code == 403
    assert '<option value="baru" selected>' in analyst.get(url).text  # nothing was changed


def test_other_workspaces_issues_are_not_found(signed_in, client, world, issues, h) -> None:
    b_admin = signed_in("admin@b.go.id")
    assert b_admin.get(f"/w/dinas-b/isu/{issues['urgent']}").status_code == 404
    assert b_admin.get("/w/dinas-a/isu").status_code == 404
    assert b_admin.get(f"/w/dinas-a/isu/{issues['urgent']}").status_code == 404
    token = h.csrf_of(b_admin.get("/w/dinas-b/isu").text)
    r = b_admin.post(
        f"/w/dinas-b/isu/{issues['urgent']}", data={"csrf_token": token, "status": "selesai"}
    )
    assert r.status_code == 404
    a_admin = signed_in("admin@a.go.id")
    assert a_admin.get(f"/w/dinas-a/isu/{issues['b']}").status_code == 404
    auth = _token(world, "admin@b.go.id")
    assert (
        client.get(
            f"/api/v1/workspaces/dinas-b/issues/{issues['urgent']}", headers=auth
        ).status_code
        == 404
    )
    assert client.get("/api/v1/workspaces/dinas-a/issues", headers=auth).status_code == 404
    patch = client.patch(
        f"/api/v1/workspaces/dinas-b/issues/{issues['urgent']}",
        headers=auth,
        json={"status": "selesai"},
    )
    assert patch.status_code == 404
    ids = [
        i["id"]
        for i in client.get("/api/v1/workspaces/dinas-b/issues", headers=auth).json()["issues"]
    ]
    assert ids == [issues["b"]]


def test_api_lists_pages_shows_and_patches(client, world, issues) -> None:
    viewer = _token(world, "baca@a.go.id")
    base = "/api/v1/workspaces/dinas-a/issues"
    first = client.get(base, params={"per_page": 1}, headers=viewer).json()
    assert first["total"] == 2 and [i["id"] for i in first["issues"]] == [issues["urgent"]]
    second = client.get(base, params={"per_page": 1, "page": 2}, headers=viewer).json()
    assert [i["id"] for i in second["issues"]] == [issues["calm"]]
    assert (
        client.get(base, params={"page": 3, "per_page": 1}, headers=viewer).json()["issues"] == []
    )
    assert client.get(base, params={"stage": "x"}, headers=viewer).status_code == 400
    assert client.get(base, params={"per_page": 1000}, headers=viewer).status_code == 422
    one = client.get(f"{base}/{issues['urgent']}", headers=viewer).json()
    assert one["posts"] == 9 and one["priority"] == "segera" and sum(one["series"].values()) == 9
    # no post reports followers or views: reach is null with the reason, never 0
    assert one["reach"] is None and list(one["unavailable"]) == ["reach"]
    assert one["unavailable"]["reach"].startswith("tidak dilaporkan")
    assert one["engagement"] == 0  # x and facebook report interactions: a measured 0
    assert one["representative_post"]["text"].startswith(
        "<script>"
    )  # JSON: escaping is the reader's
    assert "\u202e" not in one["representative_post"]["text"]
    assert (
        client.patch(
            f"{base}/{issues['urgent']}", headers=viewer, json={"status": "selesai"}
        ).status_code
        == 403
    )
    analyst = _token(world, "analis@a.go.id")
    done = client.patch(
        f"{base}/{issues['urgent']}", headers=analyst, json={"status": "selesai", "owner": "Ani"}
    )
    assert (
        done.status_code == 200
        and done.json()["status"] == "selesai"
        and done.json()["owner"] == "Ani"
    )
    assert client.patch(f"{base}/{issues['urgent']}", headers=analyst, json={}).status_code == 400
    assert client.get(base, params={"status": "selesai"}, headers=viewer).json()["total"] == 1
    assert client.get(f"{base}/999999", headers=viewer).status_code == 404
    assert (
        "/api/v1/workspaces/{slug}/issues/{issue_id}"
        in client.get("/api/v1/openapi.json").json()["paths"]
    )


def _slow(world, ws) -> tuple[dict, dict, int, dict]:
    from collections import Counter, defaultdict

    from pantau.locale import to_local
    from pantau.store.enrichment import sentiment_hourly

    stats = workspace_stats(world.engine, ws)
    with world.engine.connect() as conn:
        hourly = sentiment_hourly(conn, ws.id)
    days: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for hour, sentiment, n in hourly:
        days[to_local(hour, ws.timezone).date().isoformat()][sentiment] += n
    return stats.by_day, stats.by_platform, stats.posts, {d: dict(days[d]) for d in sorted(days)}


def test_overview_from_rollups_means_the_same_as_from_posts(world, signed_in) -> None:
    ws = world.a
    ids = sorted(_post_ids(world, ws).values())
    with world.engine.begin() as conn:
        conn.execute(
            post_enrichment.insert(),
            [
                {
                    "workspace_id": ws.id,
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
                for i, pid in enumerate(ids[:20])
            ],
        )
    expected = _slow(world, ws)
    assert overview(world.engine, ws).stats.top_authors  # no rollups yet: the posts path
    run_monitoring(world.engine, ws)
    with world.engine.connect() as conn:
        assert monitor_store.overview_counts(conn, ws.id)[1]
    fast = overview(world.engine, ws)
    assert fast.stats.top_authors == []  # the rollup path
    assert (
        fast.stats.by_day,
        fast.stats.by_platform,
        fast.stats.posts,
        fast.sentiment_by_day,
    ) == expected
    # posts stored after the last run are counted from the posts table
    late = datetime(2026, 11, 20, 3, 0)
    store_posts(
        world.engine, ws, [(f"late{i}", late + timedelta(hours=i), "u", "baru") for i in range(5)]
    )
    fast = overview(world.engine, ws)
    assert (
        fast.stats.by_day,
        fast.stats.by_platform,
        fast.stats.posts,
        fast.sentiment_by_day,
    ) == _slow(world, ws)
    assert fast.stats.last == workspace_stats(world.engine, ws).last
    page = signed_in("baca@a.go.id").get("/w/dinas-a").text
    assert 'id="fig-volume"' in page and 'id="fig-sentiment"' in page


def test_issue_timeline_writes_its_dates_in_the_page_language(signed_in, issues) -> None:
    c = signed_in("baca@a.go.id")

    def timeline(lang: str) -> dict:
        html = c.get(f"/w/dinas-a/isu/{issues['urgent']}?lang={lang}").text
        found = re.search(r'id="fig-timeline">(.*?)</script>', html, re.S)
        return json.loads(found.group(1))

    spec = timeline("id")
    axis = spec["layout"]["xaxis"]
    assert axis["tickmode"] == "array" and len(axis["tickvals"]) == len(axis["ticktext"])
    assert all(re.fullmatch(r"\d\d\.\d\d(<br>\d{1,2} \w{3})?", t) for t in axis["ticktext"])
    assert axis["ticktext"][0].endswith("<br>16 Nov")  # the day where it starts
    hover = spec["data"][0]["customdata"]
    assert hover and all(h.startswith("Sen, 16 Nov 2026 ") for h in hover)  # Monday
    assert "%{customdata}" in spec["data"][0]["hovertemplate"]
    english = timeline("en")["data"][0]["customdata"]
    assert all(h.startswith("Mon, 16 Nov 2026 ") for h in english)


def test_only_accounts_that_spread_the_hoax_without_debunking_it_are_marked(
    signed_in, world
) -> None:
    issue_id = _issue(
        world,
        world.a,
        "Hoaks beras",
        ["a0", "a1", "a3", "a6"],
        priority="segera",
        stage="potensial",
    )
    ids = _post_ids(world, world.a)
    # a0 (x, akun0) and a3 (x, akun3) spread the claim, a1 (facebook, akun1) debunks it,
    # a6 (x, akun1) carries no claim
    add_hoax(
        world.engine,
        world.a,
        {ids["a0"]: "menyebarkan", ids["a1"]: "membantah", ids["a3"]: "menyebarkan"},
    )
    update_issue_networks(world.engine, world.a)
    html = signed_in("baca@a.go.id").get(f"/w/dinas-a/isu/{issue_id}").text
    rows = re.findall(r"<tr>\s*<td data-label=\"Akun\">(.*?)</td>", html, re.S)
    marked = {re.search(r"@([^<]+)</bdi>", r).group(1) for r in rows if "menyebarkan hoaks" in r}
    debunking = [r for r in rows if "membantah hoaks" in r]
    assert marked == {"akun0", "akun3"}
    assert len(debunking) == 1 and "@akun1" in debunking[0] and "Facebook" in debunking[0]


def test_key_actors_of_page_and_api_are_the_stored_roles_read_without_posts(
    client, signed_in, world, issues, monkeypatch
) -> None:
    import pantau.store.monitor
    import pantau.store.network

    def no_scan(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("key actors read the issue's posts")

    for module in (pantau.store.monitor, pantau.store.network):  # per-post readers
        monkeypatch.setattr(module, "issue_accounts", no_scan, raising=False)
        monkeypatch.setattr(module, "issue_post_authors", no_scan, raising=False)
    api = client.get(
        f"/api/v1/workspaces/dinas-a/issues/{issues['urgent']}",
        headers=_token(world, "baca@a.go.id"),
    ).json()
    html = signed_in("baca@a.go.id").get(f"/w/dinas-a/isu/{issues['urgent']}").text
    shown = re.search(r'id="issue-actors">(.*?)id="issue-coordination"', html, re.S)
    on_page = re.findall(r'href="/w/dinas-a/aktor/([^/"]+)/([^"?]+)\?', shown.group(1))
    assert len(api["actors"]) == len(on_page) >= 8
    assert {(a["platform"], a["handle"]) for a in api["actors"]} == set(on_page)
    assert {a["role"] for a in api["actors"]} == set(re.findall(r'id="actors-(\w+)"', html))
    assert [a["posts"] for a in api["actors"]] == sorted(
        (a["posts"] for a in api["actors"]), reverse=True
    )


def test_key_actors_wait_for_the_issue_network(client, signed_in, world, issues) -> None:
    from pantau.store.schema import issue_networks

    with world.engine.begin() as conn:
        conn.execute(issue_networks.delete().where(issue_networks.c.issue_id == issues["urgent"]))
    api = client.get(
        f"/api/v1/workspaces/dinas-a/issues/{issues['urgent']}",
        headers=_token(world, "baca@a.go.id"),
    ).json()
    assert api["actors"] == []
    html = signed_in("baca@a.go.id").get(f"/w/dinas-a/isu/{issues['urgent']}").text
    assert "dihitung pada pemrosesan berikutnya" in html


def test_issue_topic_counts_are_kept_until_a_topic_or_the_issue_changes(world, issues) -> None:
    from pantau.monitor.issues import get_issue

    def fresh() -> dict[int, int]:
        with world.engine.connect() as conn:
            return monitor_store.issue_topics(conn, world.a.id, issues["urgent"])

    first = get_issue(world.engine, world.a, issues["urgent"])["topics"]
    assert get_issue(world.engine, world.a, issues["urgent"])["topics"] is first
    topic = add_topic(world.engine, world.a, "Evil", '"gnp.exe"')
    after = get_issue(world.engine, world.a, issues["urgent"])["topics"]
    assert after == fresh() and after.get(topic.id) and topic.id not in first
    assert "topics" not in get_issue(world.engine, world.a, issues["urgent"], topics=False)
