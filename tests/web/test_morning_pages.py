"""The analyst's morning pages: *Hari ini* on the overview with one-click workflow, and the
pages for what used to be CLI-only — Koordinasi, Klaim, Peringatan, Impor, agenda items and
narrative kits — with who may do what."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from tests.network._ring import add_issue, seed_ring
from tests.notify._servers import Recorder, http_server

from pantau.agenda.items import list_items
from pantau.monitor.issues import get_issue
from pantau.monitor.topics import list_topics
from pantau.network.campaigns import find_campaigns, stored_campaigns
from pantau.network.camps import update_issue_networks
from pantau.network.rollups import update_actor_rollups
from pantau.notify.setup import list_channels
from pantau.store.imports import list_runs
from pantau.users.accounts import audit_entries
from pantau.web import imports as import_pages


@pytest.fixture
def ring(world) -> dict:  # type: ignore[no-untyped-def]
    """A coordinated ring in workspace A, its issue, and the stored group."""
    posts = seed_ring(world.engine, world.a)
    issue_id = add_issue(world.engine, world.a, posts, "Tolak <b>KTD</b>")
    find_campaigns(world.engine, world.a)
    update_issue_networks(world.engine, world.a)  # the stages the pages read, as pantau run
    update_actor_rollups(world.engine, world.a)
    return {"issue": issue_id, "group": stored_campaigns(world.engine, world.a)[0]}


def _form(c, page: str, h, **fields: object):  # type: ignore[no-untyped-def]
    """The fields with the CSRF token of ``page``."""
    token = h.csrf_of(c.get(page).text)
    return {"csrf_token": token, **fields}


def test_overview_starts_with_today_and_says_the_data_is_old(signed_in, ring) -> None:
    html = signed_in("baca@a.go.id").get("/w/dinas-a").text
    assert 'id="stale-banner"' in html and "hari lalu" in html
    assert html.index('id="today"') < html.index('id="chart-volume"')
    actions = html[
        html.index('id="today-actions"') : html.index("</ol>", html.index('id="today-actions"'))
    ]
    assert "Tolak &lt;b&gt;KTD&lt;/b&gt;" in actions and "<b>KTD" not in actions
    assert f'href="/w/dinas-a/koordinasi/{ring["group"].key}"' in actions
    assert 'id="today-changes"' in html
    assert "/tindak" not in actions  # viewers get no workflow buttons
    english = signed_in("baca@a.go.id").get("/w/dinas-a?lang=en").text
    assert "Today" in english and "days ago" in english


def test_one_click_take_mark_and_done(signed_in, world, ring, h) -> None:
    c = signed_in("analis@a.go.id")
    url = f"/w/dinas-a/isu/{ring['issue']}/tindak"
    form = _form(c, "/w/dinas-a", h, action="ambil", back="/w/dinas-a")
    r = c.post(url, data=form, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/w/dinas-a"
    issue = get_issue(world.engine, world.a, ring["issue"])
    assert issue["status"] == "ditangani" and issue["owner"] == "analis"
    r = c.post(url, data={**form, "action": "selesai", "back": "https://elsewhere.example/"})
    assert r.status_code == 200  # followed to the issue page, not elsewhere
    assert get_issue(world.engine, world.a, ring["issue"])["status"] == "selesai"
    assert get_issue(world.engine, world.a, ring["issue"])["owner"] == "analis"  # kept
    entries = audit_entries(world.engine, world.a)
    assert any(e.action == "issue.workflow" and e.details["via"] == "web:ambil" for e in entries)
    assert c.post(url, data={**form, "action": "hapus"}).status_code == 400
    viewer = signed_in("baca@a.go.id")
    token = h.csrf_of(viewer.get("/w/dinas-a").text)
    assert viewer.post(url, data={"csrf_token": token, "action": "ambil"}).status_code == 403
    other = signed_in("admin@b.go.id")
    token = h.csrf_of(other.get("/w/dinas-b").text)
    assert other.post(url, data={"csrf_token": token, "action": "ambil"}).status_code == 404


def test_coordination_pages_issue_and_actor_flags(signed_in, ring) -> None:
    c = signed_in("baca@a.go.id")
    key = ring["group"].key
    listing = c.get("/w/dinas-a/koordinasi").text
    assert f'id="g-{key}"' in listing and "#TolakKTD" in listing and "Detail metode" in listing
    group = c.get(f"/w/dinas-a/koordinasi/{key}").text
    assert 'id="group-members"' in group and group.count('href="/w/dinas-a/aktor/x/ring') == 5
    assert 'id="group-evidence"' in group and "tolak kebijakan kartu tani" in group
    assert f'href="/w/dinas-a/isu/{ring["issue"]}"' in group
    issue = c.get(f"/w/dinas-a/isu/{ring['issue']}").text
    assert 'id="issue-coordination-banner"' in issue and f"/koordinasi/{key}" in issue
    assert 'class="flag" href="/w/dinas-a/koordinasi/' in issue  # ring members flagged
    actor = c.get("/w/dinas-a/aktor/x/ring0?days=0").text
    assert 'id="actor-coordination"' in actor and f"/koordinasi/{key}" in actor
    assert c.get("/w/dinas-a/koordinasi/0000000000000000").status_code == 404
    assert signed_in("admin@b.go.id").get(f"/w/dinas-b/koordinasi/{key}").status_code == 404


def test_claims_add_edit_import_and_delete(signed_in, world, h) -> None:
    c = signed_in("analis@a.go.id")
    form = _form(
        c,
        "/w/dinas-a/klaim",
        h,
        claim="Data petani dijual ke perusahaan asing",
        verdict="HOAKS",
        category="pemerintahan",
        clarification="Data petani aman dan tidak dijual.",
        source_url="https://cekfakta.example/petani",
    )
    r = c.post("/w/dinas-a/klaim", data=form, follow_redirects=False)
    assert r.status_code == 303
    listing = c.get(r.headers["location"]).text
    assert "Data petani dijual" in listing and "Klaim disimpan." in listing
    claim_id = int(listing.split('href="/w/dinas-a/klaim/')[1].split('"')[0])
    page = c.get(f"/w/dinas-a/klaim/{claim_id}").text
    assert 'id="claim-posts"' in page and 'id="claim-edit"' in page
    edit = {**form, "claim": "Data petani dijual ke pihak asing oleh dinas"}
    r = c.post(f"/w/dinas-a/klaim/{claim_id}", data=edit, follow_redirects=False)
    assert r.status_code == 303 and "pihak asing" in c.get(r.headers["location"]).text
    bad = c.post(f"/w/dinas-a/klaim/{claim_id}", data={**edit, "verdict": "MUNGKIN"})
    assert bad.status_code == 400 and "status tidak dikenal" in bad.text
    csv = "klaim,status\nVaksin berisi chip pelacak warga,hoaks\nterlalu pendek,hoaks\n"
    r = c.post(
        "/w/dinas-a/klaim/impor",
        data={"csrf_token": form["csrf_token"]},
        files={"file": ("klaim.csv", csv.encode(), "text/csv")},
    )
    assert r.status_code == 200 and 'id="claims-imported"' in r.text
    rejects = r.text.split('href="/w/dinas-a/klaim/penolakan/')[1].split('"')[0]
    download = c.get(f"/w/dinas-a/klaim/penolakan/{rejects}")
    assert download.status_code == 200 and "terlalu pendek" in download.text
    assert (
        signed_in("admin@b.go.id").get(f"/w/dinas-b/klaim/penolakan/{rejects}").status_code == 404
    )
    viewer = signed_in("baca@a.go.id")
    token = h.csrf_of(viewer.get("/w/dinas-a/klaim").text)
    assert viewer.post("/w/dinas-a/klaim", data={**form, "csrf_token": token}).status_code == 403
    assert 'id="claim-form"' not in viewer.get("/w/dinas-a/klaim").text
    r = c.post(f"/w/dinas-a/klaim/{claim_id}/hapus", data=form, follow_redirects=False)
    assert r.status_code == 303 and "Klaim dihapus." in c.get(r.headers["location"]).text
    assert c.get(f"/w/dinas-a/klaim/{claim_id}").status_code == 404


def test_alert_channel_rule_and_test_message(signed_in, world, h, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PANTAU_ALERT_INTRANET", "127.0.0.1")  # the server admin allows it
    admin = signed_in("admin@a.go.id")
    recorder = Recorder()
    with http_server(recorder) as base:
        secret_url = f"{base}/hook/rahasia-sekali-123"
        form = _form(
            admin,
            "/w/dinas-a/peringatan/kanal/baru?jenis=webhook",
            h,
            name="humas-hook",
            url=secret_url,
        )
        r = admin.post(
            "/w/dinas-a/peringatan/kanal/baru?jenis=webhook", data=form, follow_redirects=False
        )
        assert r.status_code == 303
        page = admin.get(r.headers["location"]).text
        assert "Kanal disimpan." in page and "humas-hook" in page
        assert "rahasia-sekali" not in page and "***" in page
        channel = list_channels(world.engine, world.a)[0]
        # editing without the secret keeps it
        r = admin.post(
            f"/w/dinas-a/peringatan/kanal/{channel.id}",
            data={**form, "name": "humas-webhook", "url": ""},
            follow_redirects=False,
        )
        assert r.status_code == 303
        analyst = signed_in("analis@a.go.id")
        rule = _form(
            analyst,
            "/w/dinas-a/peringatan/aturan/baru?jenis=hoax",
            h,
            channels="humas-webhook",
            p_min_posts="5",
            quiet="22:00-06:00",
            throttle="4",
        )
        r = analyst.post(
            "/w/dinas-a/peringatan/aturan/baru?jenis=hoax", data=rule, follow_redirects=False
        )
        assert r.status_code == 303
        page = analyst.get("/w/dinas-a/peringatan").text
        assert "hoaks yang dikenal beredar" in page and "22:00–06:00" in page
        test = analyst.post(f"/w/dinas-a/peringatan/kanal/{channel.id}/uji", data=rule)
        assert test.status_code == 200 and "Pesan uji terkirim" in test.text
        assert (
            len(recorder.requests) == 1
            and recorder.requests[0]["path"] == "/hook/rahasia-sekali-123"
        )
    refused = analyst.post(
        "/w/dinas-a/peringatan/aturan/baru?jenis=hoax", data={**rule, "channels": []}
    )
    assert refused.status_code == 400 and "sedikitnya satu kanal" in refused.text
    token = h.csrf_of(analyst.get("/w/dinas-a/peringatan").text)
    no = analyst.post(
        "/w/dinas-a/peringatan/kanal/baru?jenis=webhook",
        data={"csrf_token": token, "name": "x", "url": "http://127.0.0.1:9/"},
    )
    assert no.status_code == 403
    assert analyst.get(f"/w/dinas-a/peringatan/kanal/{channel.id}").status_code == 403
    actions = {e.action for e in audit_entries(world.engine, world.a)}
    assert {"alert_channel.create", "alert_channel.edit", "alert_rule.create"} <= actions


def test_upload_imports_in_the_background_with_history_and_rejects(
    signed_in, world, h, monkeypatch: pytest.MonkeyPatch
) -> None:
    c = signed_in("analis@a.go.id")
    token = h.csrf_of(c.get("/w/dinas-a/impor").text)
    lines = [
        json.dumps(
            {
                "platform": "x",
                "id": f"u{i}",
                "created_at": "2026-11-20T08:00:00+07:00",
                "text": f"pupuk langka lagi {i}",
                "author": f"petani{i}",
            }
        )
        for i in range(5)
    ]
    lines.append(json.dumps({"platform": "friendster", "id": "z", "text": "?"}))
    data = ("\n".join(lines) + "\n").encode()
    r = c.post(
        "/w/dinas-a/impor",
        data={"csrf_token": token},
        files={"file": ("unggah posting.jsonl", data, "application/x-ndjson")},
        follow_redirects=False,
    )
    assert r.status_code == 303
    job_url = r.headers["location"]
    assert 'id="import-job"' in c.get(job_url).text
    job = h.wait_job(c, job_url + "/status")
    assert job["state"] == "selesai", job
    assert job["summary"]["new"] == 5 and job["summary"]["rejected"] == 1
    run = list_runs(world.engine, world.a.id)[0]
    assert run.file_name.endswith("unggah_posting.jsonl") and run.rows_rejected == 1
    history = c.get("/w/dinas-a/impor").text
    assert 'id="import-history"' in history and "unduh alasan" in history
    rejects = c.get(f"/w/dinas-a/impor/riwayat/{run.id}/penolakan")
    assert rejects.status_code == 200 and "friendster" in rejects.text
    assert (
        signed_in("admin@b.go.id").get(f"/w/dinas-b/impor/riwayat/{run.id}/penolakan").status_code
        == 404
    )
    assert signed_in("admin@b.go.id").get(job_url.replace("dinas-a", "dinas-b")).status_code == 404
    # refused before any work: unknown format, too large, empty, viewers
    odd = c.post(
        "/w/dinas-a/impor",
        data={"csrf_token": token},
        files={"file": ("foto.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png")},
    )
    assert odd.status_code == 400 and "tidak dikenali" in odd.text
    assert (
        c.post(
            "/w/dinas-a/impor",
            data={"csrf_token": token},
            files={"file": ("kosong.csv", b"", "text/csv")},
        ).status_code
        == 400
    )
    monkeypatch.setattr(import_pages, "MAX_UPLOAD_BYTES", 100)
    big = c.post(
        "/w/dinas-a/impor",
        data={"csrf_token": token},
        files={"file": ("besar.jsonl", data * 20, "application/x-ndjson")},
    )
    assert big.status_code in (400, 413) and "MB" in big.text
    assert len(list_runs(world.engine, world.a.id)) == 1
    uploads = Path(world.settings.data_dir) / "uploads" / str(world.a.id)
    assert len(list(uploads.iterdir())) == 1  # refused files are not kept
    viewer = signed_in("baca@a.go.id")
    token = h.csrf_of(viewer.get("/w/dinas-a/impor").text)
    assert (
        viewer.post(
            "/w/dinas-a/impor",
            data={"csrf_token": token},
            files={"file": ("a.jsonl", data, "text/plain")},
        ).status_code
        == 403
    )


def test_agenda_items_are_edited_on_the_agenda_page(signed_in, world, h) -> None:
    c = signed_in("analis@a.go.id")
    form = _form(
        c,
        "/w/dinas-a/agenda/item/baru",
        h,
        title="Harga beras stabil",
        kind="program",
        priority="tinggi",
        starts_on="2026-11-16",
        ends_on="2026-11-30",
        query="harga AND beras",
        key_messages="Stok cukup\nHarga terkendali",
    )
    r = c.post("/w/dinas-a/agenda/item/baru", data=form, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].endswith("/agenda?ok=agenda")
    item = list_items(world.engine, world.a)[0]
    assert item.key_messages == ["Stok cukup", "Harga terkendali"]
    deadline = time.monotonic() + 30  # its topic is matched in the background
    while not any(
        t.name == "Agenda: Harga beras stabil" for t in list_topics(world.engine, world.a)
    ):
        assert time.monotonic() < deadline, "the agenda topic was not made"
        time.sleep(0.1)
    page = c.get("/w/dinas-a/agenda").text
    assert 'id="agenda-items"' in page and f'/agenda/item/{item.id}"' in page
    bad = c.post(f"/w/dinas-a/agenda/item/{item.id}", data={**form, "ends_on": "2026-11-01"})
    assert bad.status_code == 400 and "sebelum tanggal mulai" in bad.text
    r = c.post(
        f"/w/dinas-a/agenda/item/{item.id}",
        data={**form, "priority": "rendah"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and list_items(world.engine, world.a)[0].priority == "rendah"
    viewer = signed_in("baca@a.go.id")
    assert viewer.get("/w/dinas-a/agenda/item/baru").status_code == 403
    r = c.post(f"/w/dinas-a/agenda/item/{item.id}/hapus", data=form, follow_redirects=False)
    assert r.status_code == 303 and list_items(world.engine, world.a) == []


def test_narrative_kits_and_asked_accounts_are_edited_on_the_narasi_page(
    signed_in, world, h
) -> None:
    c = signed_in("analis@a.go.id")
    form = _form(
        c,
        "/w/dinas-a/narasi/baru",
        h,
        message="Stok pangan aman jelang Nataru",
        release_at="2026-11-18T10:00",
        hashtags="#StokAman",
        link="https://x.go.id/a",
        assets="",
        title="",
    )
    r = c.post("/w/dinas-a/narasi/baru", data=form, follow_redirects=False)
    assert r.status_code == 303
    edit_url = r.headers["location"].split("?")[0]
    page = c.get(edit_url).text
    assert 'value="2026-11-18T10:00"' in page and "#StokAman" in page  # workspace time
    add = {
        "csrf_token": form["csrf_token"],
        "platform": "x",
        "handle": "@HumasA",
        "institution": "Dinas A",
    }
    assert (
        c.post(edit_url.replace("/ubah", "/akun"), data=add, follow_redirects=False).status_code
        == 303
    )
    assert "@humasa" in c.get(edit_url).text
    r = c.post(
        edit_url,
        data={**form, "message": "Stok pangan aman sampai Tahun Baru"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    kit_page = c.get(edit_url.removesuffix("/ubah")).text
    assert "sampai Tahun Baru" in kit_page and 'id="kit-edit"' in kit_page
    bad = c.post(edit_url, data={**form, "release_at": "kemarin"})
    assert bad.status_code == 400 and "waktu rilis" in bad.text
    remove = {**add, "handle": "humasa", "remove": "1"}
    c.post(edit_url.replace("/ubah", "/akun"), data=remove)
    assert "@humasa" not in c.get(edit_url).text
    r = c.post(edit_url.replace("/ubah", "/hapus"), data=form, follow_redirects=False)
    assert r.status_code == 303 and "Kit narasi dihapus." in c.get(r.headers["location"]).text
